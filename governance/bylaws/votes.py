"""Votes and the approval thresholds (Bylaws 2.3(1)-(6)): member classes, choices, a body's
voting rules as plain values, and the tally per class with its reasons in words.

Every comparison is made with integers or ``fractions.Fraction``: 2 Yes of 3 cast is exactly
two-thirds, never a float that happens to round the right way."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

# ---------------------------------------------------------------------------------------------
# Votes and thresholds (Bylaws 2.3(1)-(6))
# ---------------------------------------------------------------------------------------------


class MemberClass(StrEnum):
    """The classes of membership (Bylaws 2.1, 3.1-3.3). Only Certificate Issuers and Certificate
    Consumers vote (``VOTING_CLASSES``, 2.3(6)); the others take part without voting."""

    ISSUER = "issuer"
    CONSUMER = "consumer"
    ASSOCIATE = "associate"
    INTERESTED_PARTY = "interested_party"
    PROBATIONARY = "probationary"

    @property
    def singular(self) -> str:
        """The class's name in the Forum's words: "Certificate Issuer"."""
        return _CLASS_NAMES[self][0]

    @property
    def label(self) -> str:
        """The class's name in the Forum's words, plural: "Certificate Issuers"."""
        return _CLASS_NAMES[self][1]

    @property
    def short(self) -> str:
        """The short form the posts use: "Issuer", "Consumer"."""
        return _CLASS_NAMES[self][2]

    @property
    def votes(self) -> bool:
        return self in VOTING_CLASSES


_CLASS_NAMES = {
    MemberClass.ISSUER: ("Certificate Issuer", "Certificate Issuers", "Issuer"),
    MemberClass.CONSUMER: ("Certificate Consumer", "Certificate Consumers", "Consumer"),
    MemberClass.ASSOCIATE: ("Associate Member", "Associate Members", "Associate"),
    MemberClass.INTERESTED_PARTY: ("Interested Party", "Interested Parties", "Interested Party"),
    MemberClass.PROBATIONARY: ("Probationary Member", "Probationary Members", "Probationary"),
}
VOTING_CLASSES = (MemberClass.ISSUER, MemberClass.CONSUMER)
CLASS_LABELS = {cls: cls.label for cls in VOTING_CLASSES}


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
        if self.member_class not in VOTING_CLASSES:
            raise ValueError(f"{self.member_class.singular}s do not vote (Bylaws 2.3(6))")
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
    counts = {cls: {choice: 0 for choice in Choice} for cls in VOTING_CLASSES}
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
