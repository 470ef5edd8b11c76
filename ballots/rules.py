"""The Forum's ballot rules as pure functions: counting, thresholds, quorum, phases, deadlines.

Plain values in, frozen dataclasses out: no ORM, no request, no Django. Every threshold and quorum
comparison uses integers or ``fractions.Fraction`` so that a boundary (2 of 3 is exactly
two-thirds) is decided exactly, never by a float that happens to round the right way.

The rules themselves are data (``VotingRules``, one per body and period, Bylaws 2.3(6)-(7) and the
charters); the functions here only apply them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from zoneinfo import ZoneInfo

__all__ = [
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
    "deadlines",
    "describe_fraction",
    "describe_quorum_rule",
    "describe_threshold",
    "earliest_voting_start",
    "expiry_for",
    "format_percent",
    "overdue",
    "phase_at",
    "quorum",
    "quorum_required",
    "results_due",
    "review_end_for",
    "review_start_due",
    "tally_votes",
    "threshold_met",
    "voting_end_for",
]

UTC = dt.UTC


# ---------------------------------------------------------------------------------------------
# Votes and thresholds (Bylaws 2.3(1)-(6))
# ---------------------------------------------------------------------------------------------


class MemberClass(StrEnum):
    """The two categories of Voting Member (Bylaws 2.3(6))."""

    ISSUER = "issuer"
    CONSUMER = "consumer"

    @property
    def label(self) -> str:
        """The category's name in the Forum's words, plural: "Certificate Issuers"."""
        return CLASS_LABELS[self]

    @property
    def short(self) -> str:
        """The short form the posts use: "Issuer", "Consumer"."""
        return "Issuer" if self is MemberClass.ISSUER else "Consumer"


CLASS_LABELS = {
    MemberClass.ISSUER: "Certificate Issuers",
    MemberClass.CONSUMER: "Certificate Consumers",
}


class Choice(StrEnum):
    """A vote (Bylaws 2.3(5)). Votes that are not a clear yes or no are recorded as abstentions."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


AVERAGE_ROUNDINGS = ("exact", "floor", "ceil", "half_up")


def _exact(value: object, name: str) -> Fraction:
    # Floats are refused outright: 0.6666... is not two-thirds, and a boundary vote would be
    # decided by binary rounding instead of the rule.
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise TypeError(f"{name} must be an int or a Fraction, not {type(value).__name__}")
    return Fraction(value)


@dataclass(frozen=True)
class VotingRules:
    """One body's rule set, as plain values (Bylaws 2.3(6)-(7) and the charters)."""

    issuer_threshold: Fraction = Fraction(2, 3)
    issuer_threshold_inclusive: bool = True  # Yes/(Yes+No) >= 2/3: "two-thirds or more"
    consumer_threshold: Fraction = Fraction(1, 2)
    consumer_threshold_inclusive: bool = False  # Yes/(Yes+No) > 1/2: "more than half"
    require_yes_in_each_class: bool = True
    quorum_fraction: Fraction = Fraction(1, 2)  # of the average attendance
    quorum_strict: bool = True  # participants must be > fraction*average; False: >=
    average_rounding: str = "exact"  # "exact" | "floor" | "ceil" | "half_up"
    meetings_counted: int = 3
    transitional_quorum: int | None = None  # NetSec/DGWG: 10 until three meetings have occurred
    adoption_requires_meetings: bool = False  # SMCWG 5.1: none adopted before three meetings

    def __post_init__(self) -> None:
        for name in ("issuer_threshold", "consumer_threshold", "quorum_fraction"):
            value = _exact(getattr(self, name), name)
            if value < 0 or (name != "quorum_fraction" and value > 1):
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
            object.__setattr__(self, name, value)
        if self.average_rounding not in AVERAGE_ROUNDINGS:
            raise ValueError(
                f"average_rounding must be one of {', '.join(AVERAGE_ROUNDINGS)}, "
                f"not {self.average_rounding!r}"
            )
        if self.meetings_counted < 1:
            raise ValueError("meetings_counted must be at least 1")
        if self.transitional_quorum is not None and self.transitional_quorum < 0:
            raise ValueError("transitional_quorum cannot be negative")

    def threshold_for(self, member_class: MemberClass) -> tuple[Fraction, bool]:
        if member_class is MemberClass.ISSUER:
            return self.issuer_threshold, self.issuer_threshold_inclusive
        return self.consumer_threshold, self.consumer_threshold_inclusive


@dataclass(frozen=True)
class CastVote:
    """One Voting Member organisation's vote (one per organisation, Bylaws 2.3(2))."""

    organization: str
    member_class: MemberClass
    choice: Choice

    def __post_init__(self) -> None:
        # Accept the stored strings ("issuer", "yes") as well as the enums.
        object.__setattr__(self, "member_class", MemberClass(self.member_class))
        object.__setattr__(self, "choice", Choice(self.choice))


def threshold_met(yes: int, no: int, threshold: Fraction, inclusive: bool) -> bool:
    """Whether Yes/(Yes+No) reaches ``threshold`` (Bylaws 2.3(6)); never met when nothing is cast.

    Cross-multiplied so that no division or float is involved: 2 Yes of 3 cast meets two-thirds.
    """
    if yes < 0 or no < 0:
        raise ValueError("vote counts cannot be negative")
    threshold = _exact(threshold, "threshold")
    cast = yes + no
    if cast == 0:
        # "of the votes cast": with none cast there is no majority to find (Bylaws 2.3(6)).
        return False
    lhs = yes * threshold.denominator
    rhs = threshold.numerator * cast
    return lhs >= rhs if inclusive else lhs > rhs


def _fewest_yes(no: int, threshold: Fraction, inclusive: bool) -> int | None:
    """The fewest Yes votes that, against ``no`` No votes, meet the threshold; None if none can."""
    p, q = threshold.numerator, threshold.denominator
    # yes/(yes+no) >= p/q  <=>  yes*(q-p) >= p*no  (and > for a strict threshold).
    if q - p <= 0:
        # Threshold of 1 (or more): only unanimity, and only an inclusive one, can meet it.
        if p == q and inclusive and no == 0:
            return 1
        return None
    bound = Fraction(p * no, q - p)
    least = math.ceil(bound) if inclusive else math.floor(bound) + 1
    # At least one vote must be cast for any threshold to be met.
    return max(least, 1 if no == 0 else 0)


def describe_fraction(value: Fraction) -> str:
    """A fraction in words where the Forum has words for it: "half", "two-thirds"."""
    return FRACTION_WORDS.get(value, f"{value.numerator}/{value.denominator}")


FRACTION_WORDS = {
    Fraction(0): "none",
    Fraction(1, 2): "half",
    Fraction(1, 3): "one-third",
    Fraction(2, 3): "two-thirds",
    Fraction(1, 4): "one-quarter",
    Fraction(3, 4): "three-quarters",
    Fraction(3, 5): "three-fifths",
    Fraction(1): "all",
}


def describe_threshold(threshold: Fraction, inclusive: bool) -> str:
    """The charters' wording of a threshold: "two-thirds or more", "more than half"."""
    words = describe_fraction(threshold)
    if threshold == 1:
        return "all" if inclusive else "more than all"
    return f"{words} or more" if inclusive else f"more than {words}"


def _decimal(value: Fraction) -> str:
    """``value`` to two decimals, half up, without trailing zeros: "13.33", "66.5", "100"."""
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    whole, part = divmod(hundredths, 100)
    return str(whole) if part == 0 else f"{whole}.{part:02d}".rstrip("0")


def format_percent(ratio: Fraction) -> str:
    """A ratio as the posts write it: "100%", "50%", "66.67%" (half up to two decimals).

    Display only: every decision uses the exact ratio, never this text.
    """
    return _decimal(ratio * 100) + "%"


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


@dataclass(frozen=True)
class ClassTally:
    """The votes of one class of Voting Members and the threshold that class must meet."""

    member_class: MemberClass
    yes: int
    no: int
    abstain: int
    threshold: Fraction
    inclusive: bool

    @property
    def label(self) -> str:
        return self.member_class.label

    @property
    def cast(self) -> int:
        """Votes cast for the threshold: Yes and No only (Bylaws 2.3(5))."""
        return self.yes + self.no

    @property
    def participants(self) -> int:
        """Everyone who voted, abstentions included (they count for quorum, Bylaws 2.3(7))."""
        return self.yes + self.no + self.abstain

    @property
    def yes_ratio(self) -> Fraction | None:
        return Fraction(self.yes, self.cast) if self.cast else None

    @property
    def threshold_met(self) -> bool:
        return threshold_met(self.yes, self.no, self.threshold, self.inclusive)

    @property
    def has_yes(self) -> bool:
        return self.yes > 0

    @property
    def yes_needed(self) -> int | None:
        """The fewest extra Yes votes, all else equal, that meet the threshold (0 if met).

        None only when no number of Yes votes can (a threshold of all, with a No cast).
        """
        least = _fewest_yes(self.no, self.threshold, self.inclusive)
        return None if least is None else max(0, least - self.yes)

    @property
    def requirement(self) -> str:
        return describe_threshold(self.threshold, self.inclusive)

    def reason(self) -> str:
        """The threshold rule for this class, in words, with the figures."""
        verdict = "met" if self.threshold_met else "not met"
        abstained = f", {_plural(self.abstain, 'abstention')} not counted" if self.abstain else ""
        if self.cast == 0:
            figures = "no Yes or No votes cast" + abstained
        else:
            figures = (
                f"{self.yes} of {_plural(self.cast, 'vote')} cast in favour "
                f"({format_percent(self.yes_ratio)}){abstained}"
            )
        return f"{self.label}: {figures}, {self.requirement} required: {verdict}"


@dataclass(frozen=True)
class Tally:
    issuers: ClassTally
    consumers: ClassTally
    participants: int  # every Yes, No and Abstain in both classes (Bylaws 2.3(7))
    thresholds_met: bool
    one_yes_each_class: bool
    approved: bool  # thresholds and the one-Yes rule; quorum is judged separately
    reasons: tuple[str, ...]
    needs: tuple[str, ...]

    def for_class(self, member_class: MemberClass) -> ClassTally:
        return self.issuers if MemberClass(member_class) is MemberClass.ISSUER else self.consumers


def tally_votes(votes: Iterable[CastVote], rules: VotingRules) -> Tally:
    """Count the votes against the rules' thresholds (Bylaws 2.3(5)-(6)).

    Raises ValueError naming the organisation if one organisation voted twice: only one vote per
    Voting Member organisation is accepted (Bylaws 2.3(2)), and which one counts is for the chair.
    """
    counts = {cls: {choice: 0 for choice in Choice} for cls in MemberClass}
    seen: dict[str, CastVote] = {}
    for vote in votes:
        key = " ".join(vote.organization.split()).casefold()
        if key in seen:
            first = seen[key]
            raise ValueError(
                f"{vote.organization} appears twice (voted {first.choice} as "
                f"{first.member_class.short} and {vote.choice} as {vote.member_class.short}); "
                f"only one vote per Voting Member organisation is accepted (Bylaws 2.3(2))"
            )
        seen[key] = vote
        counts[vote.member_class][vote.choice] += 1
    return tally_counts(counts, rules)


def tally_counts(counts: Mapping[str, Mapping[str, int]], rules: VotingRules) -> Tally:
    """The tally from the number of Yes, No and Abstain votes in each class, e.g.
    ``{"issuer": {"yes": 15, "no": 0, "abstain": 0}, "consumer": {...}}`` (Bylaws 2.3(5)-(6))."""

    def class_tally(cls: MemberClass) -> ClassTally:
        threshold, inclusive = rules.threshold_for(cls)
        c = counts.get(cls) or counts.get(cls.value) or {}
        yes, no, abstain = (int(c.get(choice, 0)) for choice in Choice)
        if min(yes, no, abstain) < 0:
            raise ValueError(f"{cls.label}: a vote count cannot be negative")
        return ClassTally(cls, yes, no, abstain, threshold, inclusive)

    issuers, consumers = class_tally(MemberClass.ISSUER), class_tally(MemberClass.CONSUMER)
    classes = (issuers, consumers)
    thresholds = all(t.threshold_met for t in classes)
    one_yes = all(t.has_yes for t in classes)
    # Bylaws 2.3(6): "At least one (1) Voting Member in each category must vote in favor".
    approved = thresholds and (one_yes or not rules.require_yes_in_each_class)

    reasons = [t.reason() for t in classes]
    if rules.require_yes_in_each_class:
        missing = [t.member_class.short for t in classes if not t.has_yes]
        reasons.append(
            "At least one Yes in each class: "
            + ("met" if not missing else f"not met (no {' or '.join(missing)} Yes)")
        )
    needs: list[str] = []
    if not approved:
        for t in classes:
            more = t.yes_needed
            if more is None:
                needs.append(f"no number of {t.member_class.short} Yes votes can pass it")
            elif more:
                needs.append(
                    f"needs {more} more {t.member_class.short} "
                    f"{'Yes' if more == 1 else 'Yes votes'} to pass"
                )
            elif rules.require_yes_in_each_class and not t.has_yes:
                # Only reachable with a threshold of "none or more": the count alone is met.
                needs.append(f"needs a {t.member_class.short} Yes to pass")
    return Tally(
        issuers=issuers,
        consumers=consumers,
        participants=issuers.participants + consumers.participants,
        thresholds_met=thresholds,
        one_yes_each_class=one_yes,
        approved=approved,
        reasons=tuple(reasons),
        needs=tuple(needs),
    )


# ---------------------------------------------------------------------------------------------
# Quorum (Bylaws 2.3(7) and the charters)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingAttendance:
    """A meeting that counts for quorum, and how many distinct Voting Member organisations came."""

    date: dt.date
    voting_members: int
    label: str = ""

    def __post_init__(self) -> None:
        if self.voting_members < 0:
            raise ValueError("voting_members cannot be negative")

    def describe(self) -> str:
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


# ---------------------------------------------------------------------------------------------
# Phases and deadlines (Bylaws 2.3(3),(4),(8); 2.4(4),(5),(8),(9); IPR Policy 4.1)
# ---------------------------------------------------------------------------------------------


class Phase(StrEnum):
    DRAFT = "draft"
    DISCUSSION = "discussion"
    VOTING = "voting"
    CLOSED = "closed"  # voting ended, result not yet announced
    PASSED = "passed"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    IPR_REVIEW = "ipr_review"
    ADOPTED = "adopted"
    RESCINDED = "rescinded"


class BallotType(StrEnum):
    FINAL_GUIDELINE = "final_guideline"
    FINAL_MAINTENANCE_GUIDELINE = "final_maintenance_guideline"
    OTHER = "other"


# IPR Policy 4.1: sixty days for a Final Guideline, thirty for a Final Maintenance Guideline.
REVIEW_DAYS = {BallotType.FINAL_GUIDELINE: 60, BallotType.FINAL_MAINTENANCE_GUIDELINE: 30}


def _ballot_type(value: object) -> BallotType | None:
    if value is None or value == "":
        return None
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return BallotType(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class BallotDates:
    """What is known of a ballot's timeline: aware datetimes (any zone) or None."""

    discussion_start: dt.datetime | None = None
    last_version_at: dt.datetime | None = None
    voting_start: dt.datetime | None = None
    voting_end: dt.datetime | None = None
    results_announced: dt.datetime | None = None
    review_start: dt.datetime | None = None
    review_end: dt.datetime | None = None
    effective: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    ballot_type: str | None = None
    zone: str = "UTC"  # the IANA zone the ballot states its times in
    outcome: str | None = None  # "passed" | "failed" | "withdrawn" once known
    exclusion_notice_filed: bool | None = None

    def __post_init__(self) -> None:
        for name in (
            "discussion_start",
            "last_version_at",
            "voting_start",
            "voting_end",
            "results_announced",
            "review_start",
            "review_end",
            "effective",
            "withdrawn_at",
        ):
            _aware(getattr(self, name), name)
        ZoneInfo(self.zone)  # fail early on a zone that does not exist

    @property
    def type(self) -> BallotType | None:
        return _ballot_type(self.ballot_type)

    @property
    def is_draft_guideline_ballot(self) -> bool | None:
        """True for a Final (Maintenance) Guideline ballot (Bylaws 2.4), None when unknown."""
        kind = self.type
        if kind is not None:
            return kind in REVIEW_DAYS
        # No type recorded, but an IPR review is: only Draft Guideline Ballots have one.
        if self.review_start is not None or self.review_end is not None:
            return True
        return None

    @property
    def result(self) -> str | None:
        return self.outcome.strip().lower() if self.outcome else None

    @property
    def expected_voting_end(self) -> dt.datetime | None:
        """The stated end of voting, or seven days from its start (Bylaws 2.3(4))."""
        if self.voting_end is not None:
            return self.voting_end
        if self.voting_start is not None:
            return voting_end_for(self.voting_start, self.zone)
        return None

    @property
    def expected_review_end(self) -> dt.datetime | None:
        if self.review_end is not None:
            return self.review_end
        if self.review_start is not None:
            return review_end_for(self.review_start, self.ballot_type, self.zone)
        return None


def _aware(value: dt.datetime | None, name: str = "datetime") -> dt.datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be an aware datetime, not naive {value.isoformat()}")
    return value


def _add_calendar_days(instant: dt.datetime, days: int, zone: str) -> dt.datetime:
    """``days`` calendar days later on the wall clock of ``zone``, returned in UTC.

    Calendar days, not 24-hour periods (Bylaws 2.3(3)-(4)): across a change to summer time,
    noon stays noon. A wall time that falls in the skipped hour is read with the offset in force
    before the change (zoneinfo's fold=0).
    """
    _aware(instant)
    tz = ZoneInfo(zone)
    local = instant.astimezone(tz).replace(tzinfo=None) + dt.timedelta(days=days)
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def earliest_voting_start(
    discussion_start: dt.datetime | None,
    last_version_at: dt.datetime | None,
    zone: str = "UTC",
) -> dt.datetime | None:
    """Seven calendar days after the later of discussion start and the last version (2.3(3))."""
    known = [d for d in (_aware(discussion_start), _aware(last_version_at)) if d is not None]
    if not known:
        return None
    return _add_calendar_days(max(known), 7, zone)


def voting_end_for(voting_start: dt.datetime, zone: str = "UTC") -> dt.datetime:
    """Voting lasts exactly seven calendar days (Bylaws 2.3(4))."""
    return _add_calendar_days(voting_start, 7, zone)


def expiry_for(last_version_at: dt.datetime, zone: str = "UTC") -> dt.datetime:
    """The ballot fails once ninety calendar days pass since its last version without voting
    (Bylaws 2.3(3))."""
    return _add_calendar_days(last_version_at, 90, zone)


def add_business_days(day: dt.date, n: int) -> dt.date:
    """``n`` business days (Monday to Friday) after ``day``, which is not counted itself.

    No holidays: the Forum's members are in many countries and the Bylaws name none.
    """
    if n < 0:
        raise ValueError("n cannot be negative")
    if isinstance(day, dt.datetime):
        raise TypeError("add_business_days takes a date, not a datetime")
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _end_of_business_day(instant: dt.datetime, n: int, zone: str) -> dt.datetime:
    tz = ZoneInfo(zone)
    day = add_business_days(_aware(instant).astimezone(tz).date(), n)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz).astimezone(UTC)


def results_due(voting_end: dt.datetime, zone: str = "UTC") -> dt.datetime:
    """The end of the third business day after the day voting closed, in the ballot's zone
    (Bylaws 2.3(8), 2.4(4): "within three (3) business days of the close of the voting period")."""
    return _end_of_business_day(voting_end, 3, zone)


def review_start_due(results_announced: dt.datetime, zone: str = "UTC") -> dt.datetime:
    """The end of the third business day after the results were announced (Bylaws 2.4(5))."""
    return _end_of_business_day(results_announced, 3, zone)


def review_end_for(
    review_start: dt.datetime, ballot_type: str | None, zone: str = "UTC"
) -> dt.datetime | None:
    """Thirty days for a Final Maintenance Guideline, sixty for a Final Guideline (IPR Policy
    4.1); None for a ballot that has no IPR Review Period."""
    days = REVIEW_DAYS.get(_ballot_type(ballot_type))
    if days is None:
        return None
    return _add_calendar_days(review_start, days, zone)


def _reached(moment: dt.datetime | None, instant: dt.datetime) -> bool:
    return moment is not None and moment <= instant


def phase_at(dates: BallotDates, instant: dt.datetime) -> Phase:
    """Where the ballot stands at ``instant``, from its dates and outcome.

    Each period is half-open: the instant voting ends is no longer voting (Bylaws 2.3(4)).
    """
    _aware(instant, "instant")
    outcome = dates.result

    def withdrawn_by_now() -> bool:
        if dates.withdrawn_at is not None:
            return dates.withdrawn_at <= instant
        # Withdrawn at an unrecorded time: from the start of voting, when withdrawal is allowed
        # (Bylaws 2.3(4)), or from whatever is known to have happened first.
        if outcome == "withdrawn":
            start = dates.voting_start or dates.discussion_start or dates.last_version_at
            return start is None or start <= instant
        return False

    if not _reached(dates.voting_start, instant):
        if withdrawn_by_now():
            return Phase.WITHDRAWN
        started = [d for d in (dates.discussion_start, dates.last_version_at) if d is not None]
        if not started or min(started) > instant:
            return Phase.DRAFT
        # Bylaws 2.3(3): fails automatically 90 days after the last version if voting has not
        # started. A version posted after ``instant`` shows it had not expired by then.
        base = dates.last_version_at or dates.discussion_start
        return Phase.EXPIRED if instant >= expiry_for(base, dates.zone) else Phase.DISCUSSION

    if withdrawn_by_now():
        return Phase.WITHDRAWN
    if instant < dates.expected_voting_end:
        return Phase.VOTING
    if outcome is None or (
        dates.results_announced is not None and instant < dates.results_announced
    ):
        return Phase.CLOSED
    if outcome == "failed":
        return Phase.FAILED
    if outcome != "passed":
        return Phase.CLOSED
    if not dates.is_draft_guideline_ballot:
        # Other ballots (charters, bylaws, elections) take effect when they pass.
        return Phase.PASSED

    # Draft Guideline Ballot (Bylaws 2.4(5)-(9)).
    review_end = dates.expected_review_end
    if _reached(review_end, instant) or (review_end is None and _reached(dates.effective, instant)):
        # 2.4(8): no Exclusion Notice, adopted at the end of the review; 2.4(9): one rescinds.
        return Phase.RESCINDED if dates.exclusion_notice_filed else Phase.ADOPTED
    if _reached(dates.review_start, instant):
        return Phase.IPR_REVIEW
    return Phase.PASSED


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: dt.datetime
    done_at: dt.datetime | None
    rule: str  # the citation, e.g. "Bylaws 2.3(8)"

    def is_overdue(self, now: dt.datetime) -> bool:
        """Past due and not done by ``now``."""
        return now > self.due and (self.done_at is None or self.done_at > now)


def deadlines(dates: BallotDates) -> tuple[Deadline, ...]:
    """Every deadline computable from the dates given, earliest first."""
    zone = dates.zone
    out: list[Deadline] = []
    earliest = earliest_voting_start(dates.discussion_start, dates.last_version_at, zone)
    if earliest is not None:
        out.append(
            Deadline(
                "earliest_voting_start",
                "Voting may start (seven days after the last version)",
                earliest,
                dates.voting_start,
                "Bylaws 2.3(3)",
            )
        )
    base = dates.last_version_at or dates.discussion_start
    if base is not None:
        expiry = expiry_for(base, zone)
        # Starting the vote (or withdrawing) before the ninety days are up averts expiry.
        averted = [
            d for d in (dates.voting_start, dates.withdrawn_at) if d is not None and d < expiry
        ]
        out.append(
            Deadline(
                "expiry",
                "Fails if voting has not started (ninety days after the last version)",
                expiry,
                min(averted) if averted else None,
                "Bylaws 2.3(3)",
            )
        )
    voting_end = dates.expected_voting_end
    withdrawn_in_voting = (
        dates.withdrawn_at is not None
        and voting_end is not None
        and dates.withdrawn_at < voting_end
    ) or dates.result == "withdrawn"
    if voting_end is not None:
        out.append(
            Deadline(
                "voting_end",
                "Voting closes (seven days after it started)",
                voting_end,
                # The vote closes by itself; a withdrawal closes it early.
                dates.withdrawn_at if withdrawn_in_voting and dates.withdrawn_at else voting_end,
                "Bylaws 2.3(4)",
            )
        )
        if not withdrawn_in_voting:
            out.append(
                Deadline(
                    "results_due",
                    "Results announced (three business days after voting closes)",
                    results_due(voting_end, zone),
                    dates.results_announced,
                    "Bylaws 2.4(4)" if dates.is_draft_guideline_ballot else "Bylaws 2.3(8)",
                )
            )
    if (
        dates.is_draft_guideline_ballot
        and dates.results_announced is not None
        and (dates.result == "passed" or dates.review_start is not None)
    ):
        out.append(
            Deadline(
                "review_start_due",
                "IPR Review Period starts (three business days after the results)",
                review_start_due(dates.results_announced, zone),
                dates.review_start,
                "Bylaws 2.4(5)",
            )
        )
    review_end = dates.expected_review_end
    if review_end is not None:
        out.append(
            Deadline(
                "review_end",
                "IPR Review Period ends (30 or 60 days after it started)",
                review_end,
                review_end,  # the review closes by itself at the end of its period
                "IPR Policy 4.1; Bylaws 2.4(5)",
            )
        )
    return tuple(sorted(out, key=lambda d: d.due))


def overdue(dates: BallotDates, now: dt.datetime) -> tuple[Deadline, ...]:
    """The deadlines past due and not done at ``now``: late results, a late IPR review start.

    The ninety-day limit is not an obligation anyone misses: passing it makes the ballot EXPIRED
    (Bylaws 2.3(3)), so it is listed only when the ballot has expired.
    """
    _aware(now, "now")
    expired = phase_at(dates, now) is Phase.EXPIRED
    return tuple(
        d
        for d in deadlines(dates)
        if d.key != "earliest_voting_start" and (d.key != "expiry" or expired) and d.is_overdue(now)
    )
