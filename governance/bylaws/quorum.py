"""Quorum (Bylaws 2.3(7) and the charters): the required number of participants from the
average attendance of the previous meetings, a stated figure, an override or a transitional
rule, with the reasoning in words."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .votes import VotingRules, _decimal, _exact, _plural, describe_fraction

# ---------------------------------------------------------------------------------------------
# Quorum (Bylaws 2.3(7) and the charters)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingAttendance:
    """A meeting that counts for quorum, and how many distinct Voting Member organisations came."""

    date: dt.date
    voting_members: int
    label: str = ""
    # Minutes for members only: how many attended is public (quorum is), when and what is not.
    private: bool = False

    def __post_init__(self) -> None:
        if self.voting_members < 0:
            raise ValueError("voting_members cannot be negative")

    def describe(self) -> str:
        if self.private:
            return f"a members-only meeting: {self.voting_members}"
        name = f" ({self.label})" if self.label else ""
        return f"{self.date.isoformat()}{name}: {self.voting_members}"


@dataclass(frozen=True)
class QuorumResult:
    required: int | None
    participants: int
    met: bool | None
    average: Fraction | None
    meetings: tuple[MeetingAttendance, ...]
    source: str  # "attendance" | "override" | "stated" | "transitional" | "unknown"
    explanation: str
    shortfall: int  # participants still needed (0 when met or unknown)


def _rounded_average(average: Fraction, rounding: str) -> Fraction:
    if rounding == "exact":
        return average
    if rounding == "floor":
        return Fraction(math.floor(average))
    if rounding == "ceil":
        return Fraction(math.ceil(average))
    if rounding == "half_up":
        return Fraction(math.floor(average + Fraction(1, 2)))
    raise ValueError(f"unknown average_rounding {rounding!r}")


def quorum_required(average: Fraction, rules: VotingRules) -> int:
    """The fewest participants that satisfy the body's quorum rule for this average attendance.

    "More than half" (Bylaws 2.3(7), CSCWG, DGWG) is strict: floor(f*avg) + 1, so an average of
    14 needs 8 and an average of 40/3 needs 7. "Half" (SCWG) is not: ceil(f*avg), so 13 needs 7.
    """
    average = _exact(average, "average")
    if average < 0:
        raise ValueError("average attendance cannot be negative")
    target = rules.quorum_fraction * _rounded_average(average, rules.average_rounding)
    return math.floor(target) + 1 if rules.quorum_strict else math.ceil(target)


def describe_quorum_rule(rules: VotingRules) -> str:
    """The quorum rule in words: "more than half of the average attendance", "half of ..."."""
    f = rules.quorum_fraction
    of = "the average attendance" if f == 1 else f"{describe_fraction(f)} of the average attendance"
    return f"more than {of}" if rules.quorum_strict else of


def _format_fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator} ({_decimal(value)})"


def _verdict(required: int, participants: int) -> str:
    met = participants >= required
    return f"{_plural(participants, 'Voting Member')} took part: " + ("met" if met else "not met")


def quorum(
    rules: VotingRules,
    previous_meetings: Sequence[MeetingAttendance],
    participants: int,
    *,
    override: int | None = None,
    stated: int | None = None,
) -> QuorumResult:
    """Whether ``participants`` Voting Members meet quorum (Bylaws 2.3(7) and the charters).

    ``previous_meetings`` are the body's qualifying meetings before voting started (subcommittee
    meetings already excluded); the most recent ``rules.meetings_counted`` of them are used.
    Sources, first applicable wins: the chair's override, the attendance records, the figure the
    post stated, the charter's transitional quorum, the SMCWG's no-adoption rule, unknown.
    """
    if participants < 0:
        raise ValueError("participants cannot be negative")
    recent = tuple(sorted(previous_meetings, key=lambda m: m.date)[-rules.meetings_counted :])
    enough = len(recent) >= rules.meetings_counted
    average = Fraction(sum(m.voting_members for m in recent), len(recent)) if enough else None
    meetings_text = "; ".join(m.describe() for m in recent)

    def result(required: int | None, source: str, explanation: str) -> QuorumResult:
        met = None if required is None else participants >= required
        return QuorumResult(
            required=required,
            participants=participants,
            met=met,
            average=average,
            meetings=recent,
            source=source,
            explanation=explanation,
            shortfall=max(0, required - participants) if required is not None else 0,
        )

    if override is not None:
        return result(
            override,
            "override",
            f"Quorum: {override}, the figure the chair set; " + _verdict(override, participants),
        )

    rule_words = describe_quorum_rule(rules)
    if enough:
        required = quorum_required(average, rules)
        rounded = _rounded_average(average, rules.average_rounding)
        rounding = (
            f", taken as {_format_fraction(rounded)} ({rules.average_rounding.replace('_', ' ')})"
            if rounded != average
            else ""
        )
        return result(
            required,
            "attendance",
            f"Quorum: {rule_words} at the previous {_plural(len(recent), 'meeting')} "
            f"({meetings_text}; average {_format_fraction(average)}{rounding}) is {required}; "
            + _verdict(required, participants),
        )

    if not recent:
        have = "no qualifying meeting was recorded before voting started"
    else:
        was = "was" if len(recent) == 1 else "were"
        have = (
            f"only {_plural(len(recent), 'qualifying meeting')} {was} recorded before voting "
            f"started ({meetings_text})"
        )
    if stated is not None:
        return result(
            stated,
            "stated",
            f"Quorum: {stated}, the figure the published post states; "
            + _verdict(stated, participants),
        )
    if rules.transitional_quorum is not None:
        # NetSec and DGWG charters: "if three meetings have not yet occurred, then quorum is ten".
        t = rules.transitional_quorum
        return result(
            t,
            "transitional",
            f"Quorum: {t} until {rules.meetings_counted} meetings have occurred (the charter's "
            f"transitional quorum; {have}); " + _verdict(t, participants),
        )
    if rules.adoption_requires_meetings:
        # SMCWG charter 5.1: "No Ballots shall be adopted until at least (3) meetings have
        # occurred and quorum determined." Derived from the attendance record, so "attendance".
        return QuorumResult(
            required=None,
            participants=participants,
            met=False,
            average=None,
            meetings=recent,
            source="attendance",
            explanation=(
                f"Quorum: not met: no ballot may be adopted until at least "
                f"{rules.meetings_counted} meetings have occurred and quorum is determined "
                f"(SMCWG charter 5.1), and {have}"
            ),
            shortfall=0,
        )
    return result(
        None,
        "unknown",
        f"Quorum: unknown: {rule_words} at the previous {rules.meetings_counted} meetings is "
        f"needed, but {have}, and no quorum was stated",
    )
