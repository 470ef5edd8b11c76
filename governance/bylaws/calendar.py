"""Phases and deadlines (Bylaws 2.3(3),(4),(8); 2.4(4),(5),(8),(9); IPR Policy 4.1): what phase
a ballot is in at an instant, every deadline computable from its dates, and what is overdue.
Calendar days are counted on the wall clock of the ballot's zone; business days are Mon-Fri."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

# ---------------------------------------------------------------------------------------------
# Phases and deadlines (Bylaws 2.3(3),(4),(8); 2.4(4),(5),(8),(9); IPR Policy 4.1)
# ---------------------------------------------------------------------------------------------


class Phase(StrEnum):
    """Where a ballot is in its life (Bylaws 2.3-2.4). The stored state of a ballot uses these
    same values (``ballots.models.BallotState``)."""

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
    # An imported ballot whose record ends before a result: the posts state none, and the clock's
    # rules (the 90-day expiry, the end of voting) decide only for ballots run in the product.
    NOT_PUBLISHED = "not_published"

    @property
    def label(self) -> str:
        return _PHASE_LABELS[self]

    @property
    def is_final(self) -> bool:
        return self in FINAL_PHASES


_PHASE_LABELS = {
    Phase.DRAFT: "Draft",
    Phase.DISCUSSION: "Discussion",
    Phase.VOTING: "Voting",
    Phase.CLOSED: "Voting closed, result not announced",
    Phase.PASSED: "Passed",
    Phase.FAILED: "Failed",
    Phase.WITHDRAWN: "Withdrawn",
    Phase.EXPIRED: "Expired",
    Phase.IPR_REVIEW: "IPR review",
    Phase.ADOPTED: "Adopted",
    Phase.RESCINDED: "Rescinded",
    Phase.NOT_PUBLISHED: "Result not published",
}
# Nothing more happens to a ballot in these phases. (PASSED is not final: a Draft Guideline
# Ballot goes on to its IPR review, Bylaws 2.4.)
FINAL_PHASES = frozenset(
    {
        Phase.FAILED,
        Phase.WITHDRAWN,
        Phase.EXPIRED,
        Phase.ADOPTED,
        Phase.RESCINDED,
        Phase.NOT_PUBLISHED,
    }
)


class BallotType(StrEnum):
    """What a ballot proposes. The first two make it a Draft Guideline Ballot (Bylaws 2.4)."""

    FINAL_GUIDELINE = "final_guideline"
    FINAL_MAINTENANCE_GUIDELINE = "final_maintenance_guideline"
    ELECTION = "election"  # of officers: judged by Bylaws 4.1(3), never by the 2.3(6) thresholds
    OTHER = "other"

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]


_TYPE_LABELS = {
    BallotType.FINAL_GUIDELINE: "Final Guideline",
    BallotType.FINAL_MAINTENANCE_GUIDELINE: "Final Maintenance Guideline",
    BallotType.ELECTION: "Election of officers (Bylaws 4.1(3))",
    BallotType.OTHER: "Other (charter, bylaws, membership...)",
}


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
    # False for a ballot known only from published posts: the clock (the 90-day expiry, the end
    # of voting) then never decides an outcome; what the posts do not say stays unknown.
    clock_decides: bool = True

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
    return local.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)


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
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz).astimezone(dt.UTC)


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
        if dates.voting_start is None and outcome in ("passed", "failed"):
            # A published result whose voting dates are not on record: it was voted on.
            return _after_result(dates, instant, outcome)
        started = [d for d in (dates.discussion_start, dates.last_version_at) if d is not None]
        if not started and not dates.clock_decides:
            # Known only from posts that give no date and no result (a reserved number, a
            # placeholder, a ballot that lacked endorsers): nothing is known of its fate.
            return Phase.NOT_PUBLISHED
        if not started or min(started) > instant:
            return Phase.DRAFT
        # Bylaws 2.3(3): fails automatically 90 days after the last version if voting has not
        # started. A version posted after ``instant`` shows it had not expired by then.
        base = dates.last_version_at or dates.discussion_start
        if instant < expiry_for(base, dates.zone):
            return Phase.DISCUSSION
        return Phase.EXPIRED if dates.clock_decides else Phase.NOT_PUBLISHED

    if withdrawn_by_now():
        return Phase.WITHDRAWN
    if instant < dates.expected_voting_end:
        return Phase.VOTING
    if outcome is None and not dates.clock_decides:
        return Phase.NOT_PUBLISHED
    if outcome is None or (
        dates.results_announced is not None and instant < dates.results_announced
    ):
        return Phase.CLOSED
    if outcome not in ("passed", "failed"):
        return Phase.CLOSED
    return _after_result(dates, instant, outcome)


def _after_result(dates: BallotDates, instant: dt.datetime, outcome: str) -> Phase:
    """Where a ballot stands once its result is known (Bylaws 2.4(5)-(9))."""
    if outcome == "failed":
        return Phase.FAILED
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
