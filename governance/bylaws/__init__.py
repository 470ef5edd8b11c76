"""The Bylaws and the charters as arithmetic: pure Python, no Django, nothing of the project.

Plain values in, frozen dataclasses out, so the same functions serve the pages, the chair's
steps, the importer's checks and the written announcements, and are tested exhaustively:

- ``votes``: member classes, choices, a body's voting rules, the tally and thresholds (2.3(1)-(6))
- ``quorum``: the quorum from attendance, a stated figure, an override (2.3(7), the charters)
- ``result``: a tally judged against both (2.3(6)-(7)); elections (4.1(3))
- ``calendar``: phases, deadlines and what is overdue (2.3(3),(4),(8); 2.4; IPR Policy 4.1)

The rules themselves are data (``VotingRules``, one per body and period); these only apply them.
"""

from .calendar import (
    FINAL_PHASES,
    REVIEW_DAYS,
    BallotDates,
    BallotType,
    Deadline,
    Phase,
    add_business_days,
    deadlines,
    earliest_voting_start,
    expiry_for,
    overdue,
    phase_at,
    results_due,
    review_end_for,
    review_start_due,
    voting_end_for,
)
from .quorum import (
    MeetingAttendance,
    QuorumResult,
    describe_quorum_rule,
    quorum,
    quorum_required,
)
from .result import BallotResult, ballot_result, confirmation_result, judge, outcome_holds
from .votes import (
    AVERAGE_ROUNDINGS,
    CLASS_LABELS,
    VOTING_CLASSES,
    CastVote,
    Choice,
    ClassTally,
    MemberClass,
    Tally,
    VotingRules,
    describe_fraction,
    describe_threshold,
    format_percent,
    tally_counts,
    tally_votes,
    threshold_met,
)

__all__ = [
    "AVERAGE_ROUNDINGS",
    "CLASS_LABELS",
    "FINAL_PHASES",
    "REVIEW_DAYS",
    "VOTING_CLASSES",
    "BallotDates",
    "BallotResult",
    "BallotType",
    "CastVote",
    "Choice",
    "ClassTally",
    "Deadline",
    "MeetingAttendance",
    "MemberClass",
    "Phase",
    "QuorumResult",
    "Tally",
    "VotingRules",
    "add_business_days",
    "ballot_result",
    "confirmation_result",
    "deadlines",
    "describe_fraction",
    "describe_quorum_rule",
    "describe_threshold",
    "earliest_voting_start",
    "expiry_for",
    "format_percent",
    "judge",
    "outcome_holds",
    "overdue",
    "phase_at",
    "quorum",
    "quorum_required",
    "results_due",
    "review_end_for",
    "review_start_due",
    "tally_counts",
    "tally_votes",
    "threshold_met",
    "voting_end_for",
]
