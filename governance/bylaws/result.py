"""The result of a ballot (Bylaws 2.3(6)-(7)): a tally judged against the thresholds and the
quorum, with every step in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .quorum import MeetingAttendance, QuorumResult, quorum
from .votes import CastVote, Tally, VotingRules, _plural, tally_votes

# ---------------------------------------------------------------------------------------------
# The result of a ballot (Bylaws 2.3(6)-(7))
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotResult:
    tally: Tally
    quorum: QuorumResult
    outcome: str | None  # "passed" | "failed" | None (quorum unknown, thresholds met)
    explanation: tuple[str, ...]


def ballot_result(
    votes: Iterable[CastVote],
    rules: VotingRules,
    previous_meetings: Sequence[MeetingAttendance],
    *,
    override: int | None = None,
    stated_quorum: int | None = None,
) -> BallotResult:
    """The tally, the quorum and the outcome, with every step in words.

    A ballot that misses a threshold fails whatever the quorum; one that meets them passes only
    when the result is valid, that is when quorum is met (Bylaws 2.3(7)).
    """
    return judge(
        tally_votes(votes, rules),
        rules,
        previous_meetings,
        override=override,
        stated_quorum=stated_quorum,
    )


def judge(
    tally: Tally,
    rules: VotingRules,
    previous_meetings: Sequence[MeetingAttendance],
    *,
    override: int | None = None,
    stated_quorum: int | None = None,
) -> BallotResult:
    """Judge a tally: quorum and outcome, with every step in words (see ``ballot_result``)."""
    q = quorum(
        rules, previous_meetings, tally.participants, override=override, stated=stated_quorum
    )
    if not tally.approved:
        outcome: str | None = "failed"
    elif q.met is None:
        outcome = None
    else:
        outcome = "passed" if q.met else "failed"

    needs = list(tally.needs)
    if q.shortfall:
        needs.append(f"quorum needs {_plural(q.shortfall, 'more participant')}")
    if outcome == "passed":
        verdict = "Result: passed"
    elif outcome == "failed":
        verdict = "Result: failed"
    else:
        verdict = "Result: undetermined until quorum is known (the thresholds are met)"
    return BallotResult(
        tally=tally,
        quorum=q,
        outcome=outcome,
        explanation=(*tally.reasons, q.explanation, *needs, verdict),
    )
