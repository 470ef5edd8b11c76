"""The result of a ballot (Bylaws 2.3(6)-(7)): a tally judged against the thresholds and the
quorum, with every step in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement

from .quorum import MeetingAttendance, QuorumResult, quorum
from .votes import CastVote, Tally, VotingRules, _plural, tally_counts, tally_votes

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


def confirmation_result(yes: int, no: int) -> tuple[str | None, str]:
    """A confirmation ballot for a single nominee (Bylaws 4.1(3)): it passes with a majority of
    the Voting Members who vote, regardless of class and of the number of votes. Abstentions
    are not votes for or against (read as in 2.3(6): "of the votes cast")."""
    if yes + no == 0:
        return None, "Election (Bylaws 4.1(3)): no Yes or No vote is listed, so it cannot be judged"
    passed = 2 * yes > yes + no
    return (
        "passed" if passed else "failed",
        f"Election (Bylaws 4.1(3)): {yes} Yes of {yes + no} Voting Members voting Yes or No, "
        f"regardless of class: {'a majority' if passed else 'no majority'}; the class thresholds "
        "of 2.3(6) do not apply",
    )


def outcome_holds(
    counts: dict[str, dict[str, int]],
    rules: VotingRules,
    previous_meetings: Sequence[MeetingAttendance],
    missing: int,
    *,
    override: int | None = None,
    stated_quorum: int | None = None,
) -> bool:
    """Whether ``missing`` votes that a post counts but does not list could change the outcome:
    True when every way of adding them (any class, any choice) gives the same outcome. More
    than four unlisted votes are not tried (the outcome is then not taken as settled)."""
    if missing > 4:
        return False
    bins = [(cls, choice) for cls in ("issuer", "consumer") for choice in ("yes", "no", "abstain")]
    seen = set()
    for extra in combinations_with_replacement(bins, missing):
        trial = {cls: dict(choices) for cls, choices in counts.items()}
        for cls, choice in extra:
            trial[cls][choice] = trial[cls].get(choice, 0) + 1
        result = judge(
            tally_counts(trial, rules),
            rules,
            previous_meetings,
            override=override,
            stated_quorum=stated_quorum,
        )
        seen.add(result.outcome)
        if len(seen) > 1:
            return False
    return True
