"""Phases and deadlines: Bylaws 2.3(3), (4), (8); 2.4(4), (5), (8), (9); IPR Policy 4.1."""

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from governance.bylaws import (
    BallotDates,
    BallotType,
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

UTC = dt.UTC
NEW_YORK = "America/New_York"
SECOND = dt.timedelta(seconds=1)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def assert_utc(value: dt.datetime, expected: dt.datetime) -> None:
    assert value == expected
    assert value.tzinfo is UTC


# --- calendar days -----------------------------------------------------------------------------


def test_voting_lasts_seven_calendar_days_across_the_us_dst_change():
    # 12:00 EST is 17:00 UTC; a week later clocks have gone forward, and 12:00 EDT is 16:00 UTC.
    start = dt.datetime(2024, 3, 7, 12, tzinfo=ZoneInfo(NEW_YORK))
    assert start == utc(2024, 3, 7, 17)
    assert_utc(voting_end_for(start, NEW_YORK), utc(2024, 3, 14, 16))
    # The same instant, for a ballot that states its times in UTC: 168 hours.
    assert_utc(voting_end_for(utc(2024, 3, 7, 17)), utc(2024, 3, 14, 17))


def test_voting_across_the_autumn_change():
    start = dt.datetime(2024, 10, 31, 12, tzinfo=ZoneInfo(NEW_YORK))  # EDT, 16:00 UTC
    assert_utc(voting_end_for(start, NEW_YORK), utc(2024, 11, 7, 17))  # EST


def test_zone_of_the_given_datetime_does_not_matter():
    berlin = dt.datetime(2024, 3, 7, 18, tzinfo=ZoneInfo("Europe/Berlin"))  # 17:00 UTC
    assert_utc(voting_end_for(berlin, NEW_YORK), utc(2024, 3, 14, 16))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (utc(2024, 1, 28, 17), utc(2024, 2, 4, 17)),
        (utc(2024, 2, 26, 17), utc(2024, 3, 4, 17)),  # leap year: 29 February in between
        (utc(2023, 2, 25, 17), utc(2023, 3, 4, 17)),
        (utc(2024, 4, 30, 0), utc(2024, 5, 7, 0)),
        (utc(2024, 12, 28, 23, 59, 59), utc(2025, 1, 4, 23, 59, 59)),
    ],
)
def test_voting_end_across_month_and_year_ends(start, end):
    assert_utc(voting_end_for(start), end)


def test_earliest_voting_start_is_seven_days_after_the_later_of_discussion_and_version():
    discussion, version = utc(2024, 3, 1, 10), utc(2024, 3, 5, 15, 30)
    assert_utc(earliest_voting_start(discussion, version), utc(2024, 3, 12, 15, 30))
    assert_utc(earliest_voting_start(version, discussion), utc(2024, 3, 12, 15, 30))
    assert_utc(earliest_voting_start(discussion, None), utc(2024, 3, 8, 10))
    assert_utc(earliest_voting_start(None, version), utc(2024, 3, 12, 15, 30))
    assert earliest_voting_start(None, None) is None
    # 3 March 09:00 EST + 7 days = 10 March 09:00 EDT (the change is at 02:00 that day).
    local = dt.datetime(2024, 3, 3, 9, tzinfo=ZoneInfo(NEW_YORK))
    assert_utc(earliest_voting_start(local, None, NEW_YORK), utc(2024, 3, 10, 13))


def test_expiry_ninety_days_after_the_last_version():
    assert_utc(expiry_for(utc(2024, 1, 10, 12)), utc(2024, 4, 9, 12))
    assert_utc(expiry_for(utc(2023, 1, 10, 12)), utc(2023, 4, 10, 12))  # no 29 February
    local = dt.datetime(2024, 1, 15, 12, tzinfo=ZoneInfo(NEW_YORK))  # 17:00 UTC
    assert_utc(expiry_for(local, NEW_YORK), utc(2024, 4, 14, 16))


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        voting_end_for(dt.datetime(2024, 3, 7, 12))
    with pytest.raises(ValueError, match="aware"):
        BallotDates(voting_start=dt.datetime(2024, 3, 7, 12))
    with pytest.raises(ValueError, match="aware"):
        phase_at(BallotDates(), dt.datetime(2024, 3, 7, 12))


# --- business days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (dt.date(2024, 3, 14), 3, dt.date(2024, 3, 19)),  # Thursday -> Tuesday
        (dt.date(2024, 3, 15), 3, dt.date(2024, 3, 20)),  # Friday -> Wednesday
        (dt.date(2024, 3, 16), 3, dt.date(2024, 3, 20)),  # Saturday -> Wednesday
        (dt.date(2024, 3, 17), 3, dt.date(2024, 3, 20)),  # Sunday -> Wednesday
        (dt.date(2024, 3, 11), 3, dt.date(2024, 3, 14)),  # Monday -> Thursday
        (dt.date(2024, 3, 15), 5, dt.date(2024, 3, 22)),
        (dt.date(2024, 3, 16), 0, dt.date(2024, 3, 16)),
        (dt.date(2024, 12, 31), 3, dt.date(2025, 1, 3)),  # no holidays: 1 January counts
        (dt.date(2024, 2, 28), 3, dt.date(2024, 3, 4)),  # Wednesday, 29 February is Thursday
    ],
)
def test_add_business_days(day, n, expected):
    assert add_business_days(day, n) == expected


def test_add_business_days_refuses_negative_and_datetimes():
    with pytest.raises(ValueError):
        add_business_days(dt.date(2024, 3, 14), -1)
    with pytest.raises(TypeError):
        add_business_days(utc(2024, 3, 14), 3)


@pytest.mark.parametrize(
    ("voting_end", "due"),
    [
        (utc(2024, 3, 14, 17), utc(2024, 3, 19, 23, 59, 59)),  # Thursday -> end of Tuesday
        (utc(2024, 3, 15, 17), utc(2024, 3, 20, 23, 59, 59)),  # Friday -> end of Wednesday
        (utc(2024, 3, 16, 17), utc(2024, 3, 20, 23, 59, 59)),  # Saturday -> end of Wednesday
        (utc(2024, 5, 30, 17), utc(2024, 6, 4, 23, 59, 59)),  # across a month end
    ],
)
def test_results_due_three_business_days_after_voting_closes(voting_end, due):
    assert_utc(results_due(voting_end), due)


def test_results_due_counts_days_in_the_ballots_zone():
    # Saturday 02:00 UTC is still Friday 22:00 in New York: due at the end of Wednesday there.
    closes = utc(2024, 3, 16, 2)
    assert_utc(results_due(closes, NEW_YORK), utc(2024, 3, 21, 3, 59, 59))
    assert_utc(results_due(closes), utc(2024, 3, 20, 23, 59, 59))
    # Voting that closes on Thursday 14 March 12:00 EDT: due Tuesday 23:59:59 EDT.
    assert_utc(results_due(utc(2024, 3, 14, 16), NEW_YORK), utc(2024, 3, 20, 3, 59, 59))


def test_review_start_due_three_business_days_after_the_announcement():
    assert_utc(review_start_due(utc(2024, 3, 20, 12)), utc(2024, 3, 25, 23, 59, 59))
    assert_utc(review_start_due(utc(2024, 3, 22, 12)), utc(2024, 3, 27, 23, 59, 59))


def test_review_period_thirty_or_sixty_days():
    start = utc(2024, 3, 21, 12)
    assert_utc(review_end_for(start, BallotType.FINAL_GUIDELINE), utc(2024, 5, 20, 12))
    assert_utc(review_end_for(start, "final_maintenance_guideline"), utc(2024, 4, 20, 12))
    assert review_end_for(start, BallotType.OTHER) is None
    assert review_end_for(start, None) is None
    # Across the DST change: the same wall-clock time, an hour less in UTC.
    local = dt.datetime(2024, 2, 20, 12, tzinfo=ZoneInfo(NEW_YORK))
    assert_utc(review_end_for(local, "final_maintenance_guideline", NEW_YORK), utc(2024, 3, 21, 16))


# --- phases ------------------------------------------------------------------------------------

GUIDELINE = BallotDates(
    discussion_start=utc(2024, 3, 1, 10),
    last_version_at=utc(2024, 3, 5, 10),
    voting_start=utc(2024, 3, 12, 17),
    voting_end=utc(2024, 3, 19, 17),
    results_announced=utc(2024, 3, 20, 12),
    review_start=utc(2024, 3, 21, 12),
    ballot_type="final_guideline",
    outcome="passed",
    exclusion_notice_filed=False,
)
REVIEW_END = utc(2024, 5, 20, 12)  # sixty days after the review started


@pytest.mark.parametrize(
    ("instant", "phase"),
    [
        (utc(2024, 3, 1, 10) - SECOND, Phase.DRAFT),
        (utc(2024, 3, 1, 10), Phase.DISCUSSION),
        (utc(2024, 3, 12, 17) - SECOND, Phase.DISCUSSION),
        (utc(2024, 3, 12, 17), Phase.VOTING),
        (utc(2024, 3, 19, 17) - dt.timedelta(microseconds=1), Phase.VOTING),
        (utc(2024, 3, 19, 17), Phase.CLOSED),  # the instant voting ends is no longer voting
        (utc(2024, 3, 20, 12) - SECOND, Phase.CLOSED),
        (utc(2024, 3, 20, 12), Phase.PASSED),
        (utc(2024, 3, 21, 12), Phase.IPR_REVIEW),
        (REVIEW_END - SECOND, Phase.IPR_REVIEW),
        (REVIEW_END, Phase.ADOPTED),
        (utc(2030, 1, 1), Phase.ADOPTED),
    ],
)
def test_phases_of_a_draft_guideline_ballot(instant, phase):
    assert phase_at(GUIDELINE, instant) is phase


def test_exclusion_notice_rescinds_at_the_end_of_the_review():
    rescinded = replace(GUIDELINE, exclusion_notice_filed=True)
    assert phase_at(rescinded, REVIEW_END - SECOND) is Phase.IPR_REVIEW
    assert phase_at(rescinded, REVIEW_END) is Phase.RESCINDED


def test_stated_review_end_is_used():
    stated = replace(GUIDELINE, review_end=utc(2024, 5, 21, 0))
    assert phase_at(stated, REVIEW_END) is Phase.IPR_REVIEW
    assert phase_at(stated, utc(2024, 5, 21, 0)) is Phase.ADOPTED


def test_effective_date_marks_adoption_when_the_review_dates_are_unknown():
    dates = replace(GUIDELINE, review_start=None, effective=utc(2024, 6, 1))
    assert phase_at(dates, utc(2024, 5, 31)) is Phase.PASSED
    assert phase_at(dates, utc(2024, 6, 1)) is Phase.ADOPTED


def test_other_ballots_stay_passed():
    other = replace(GUIDELINE, ballot_type="other", review_start=None)
    assert phase_at(other, utc(2024, 3, 20, 12)) is Phase.PASSED
    assert phase_at(other, utc(2030, 1, 1)) is Phase.PASSED


def test_failed_and_unannounced():
    failed = replace(GUIDELINE, outcome="failed", review_start=None)
    assert phase_at(failed, utc(2024, 3, 20, 12) - SECOND) is Phase.CLOSED
    assert phase_at(failed, utc(2024, 3, 20, 12)) is Phase.FAILED
    unknown = replace(GUIDELINE, outcome=None, results_announced=None, review_start=None)
    assert phase_at(unknown, utc(2030, 1, 1)) is Phase.CLOSED
    # An outcome with no announcement date applies from the close of voting.
    quiet = replace(GUIDELINE, results_announced=None, review_start=None)
    assert phase_at(quiet, utc(2024, 3, 19, 17)) is Phase.PASSED


def test_voting_end_defaults_to_seven_days():
    dates = BallotDates(voting_start=utc(2024, 3, 12, 17))
    assert phase_at(dates, utc(2024, 3, 19, 17) - SECOND) is Phase.VOTING
    assert phase_at(dates, utc(2024, 3, 19, 17)) is Phase.CLOSED


def test_withdrawn_during_voting():
    withdrawn = replace(GUIDELINE, withdrawn_at=utc(2024, 3, 14, 9), outcome="withdrawn")
    assert phase_at(withdrawn, utc(2024, 3, 14, 9) - SECOND) is Phase.VOTING
    assert phase_at(withdrawn, utc(2024, 3, 14, 9)) is Phase.WITHDRAWN
    assert phase_at(withdrawn, utc(2030, 1, 1)) is Phase.WITHDRAWN
    undated = replace(GUIDELINE, outcome="withdrawn", results_announced=None, review_start=None)
    assert phase_at(undated, utc(2024, 3, 12, 17)) is Phase.WITHDRAWN
    assert phase_at(undated, utc(2024, 3, 12, 17) - SECOND) is Phase.DISCUSSION


def test_expired_ninety_days_after_the_last_version_without_voting():
    dates = BallotDates(discussion_start=utc(2024, 1, 2, 12), last_version_at=utc(2024, 1, 10, 12))
    assert phase_at(dates, utc(2024, 4, 9, 12) - SECOND) is Phase.DISCUSSION
    assert phase_at(dates, utc(2024, 4, 9, 12)) is Phase.EXPIRED
    # With no version date, from the start of discussion.
    no_version = BallotDates(discussion_start=utc(2024, 1, 2, 12))
    assert phase_at(no_version, utc(2024, 4, 1, 12) - SECOND) is Phase.DISCUSSION
    assert phase_at(no_version, utc(2024, 4, 1, 12)) is Phase.EXPIRED
    # Voting that started in time means it never expired.
    voted = replace(dates, voting_start=utc(2024, 4, 9, 11))
    assert phase_at(voted, utc(2024, 4, 9, 12)) is Phase.VOTING


def test_nothing_known_is_a_draft():
    assert phase_at(BallotDates(), utc(2024, 1, 1)) is Phase.DRAFT
    assert Phase.IPR_REVIEW == "ipr_review"


# --- deadlines ---------------------------------------------------------------------------------


def test_every_deadline_of_a_draft_guideline_ballot():
    got = {d.key: (d.due, d.done_at, d.rule) for d in deadlines(GUIDELINE)}
    assert got == {
        "earliest_voting_start": (utc(2024, 3, 12, 10), utc(2024, 3, 12, 17), "Bylaws 2.3(3)"),
        "voting_end": (utc(2024, 3, 19, 17), utc(2024, 3, 19, 17), "Bylaws 2.3(4)"),
        "results_due": (
            utc(2024, 3, 22, 23, 59, 59),  # voting closed on Tuesday
            utc(2024, 3, 20, 12),
            "Bylaws 2.4(4)",
        ),
        "review_start_due": (
            utc(2024, 3, 25, 23, 59, 59),  # announced Wednesday: Thursday, Friday, Monday
            utc(2024, 3, 21, 12),
            "Bylaws 2.4(5)",
        ),
        "review_end": (REVIEW_END, REVIEW_END, "IPR Policy 4.1; Bylaws 2.4(5)"),
        "expiry": (utc(2024, 6, 3, 10), utc(2024, 3, 12, 17), "Bylaws 2.3(3)"),
    }
    assert [d.key for d in deadlines(GUIDELINE)] == [
        "earliest_voting_start",
        "voting_end",
        "results_due",
        "review_start_due",
        "review_end",
        "expiry",
    ]
    assert overdue(GUIDELINE, utc(2030, 1, 1)) == ()


def test_only_what_the_dates_allow():
    assert deadlines(BallotDates()) == ()
    discussion = BallotDates(discussion_start=utc(2024, 3, 1, 10))
    assert [d.key for d in deadlines(discussion)] == ["earliest_voting_start", "expiry"]
    other = replace(GUIDELINE, ballot_type="other", review_start=None)
    keys = [d.key for d in deadlines(other)]
    assert "review_start_due" not in keys and "review_end" not in keys
    assert {d.key: d.rule for d in deadlines(other)}["results_due"] == "Bylaws 2.3(8)"


def test_overdue_results():
    # Voting closes on Thursday.
    voting = BallotDates(voting_start=utc(2024, 3, 7, 17), voting_end=utc(2024, 3, 14, 17))
    due = utc(2024, 3, 19, 23, 59, 59)
    assert overdue(voting, due) == ()
    (late,) = overdue(voting, due + SECOND)
    assert (late.key, late.due, late.done_at) == ("results_due", due, None)
    assert late.rule == "Bylaws 2.3(8)"
    announced_late = replace(voting, results_announced=due + dt.timedelta(days=1))
    assert [d.key for d in overdue(announced_late, due + SECOND)] == ["results_due"]
    assert overdue(announced_late, due + dt.timedelta(days=2)) == ()


def test_overdue_review_start():
    waiting = replace(GUIDELINE, review_start=None)
    due = utc(2024, 3, 25, 23, 59, 59)
    assert overdue(waiting, due) == ()
    (late,) = overdue(waiting, due + SECOND)
    assert (late.key, late.due, late.done_at) == ("review_start_due", due, None)
    assert phase_at(waiting, due + SECOND) is Phase.PASSED


def test_no_review_start_due_for_a_failed_guideline_ballot():
    failed = replace(GUIDELINE, outcome="failed", review_start=None)
    assert "review_start_due" not in [d.key for d in deadlines(failed)]
    assert overdue(failed, utc(2030, 1, 1)) == ()


def test_expiry_is_overdue_only_as_expired():
    dates = BallotDates(discussion_start=utc(2024, 1, 2, 12), last_version_at=utc(2024, 1, 10, 12))
    assert overdue(dates, utc(2024, 4, 9, 12)) == ()
    (expired,) = overdue(dates, utc(2024, 4, 9, 12) + SECOND)
    assert (expired.key, expired.due) == ("expiry", utc(2024, 4, 9, 12))
    withdrawn = replace(dates, withdrawn_at=utc(2024, 2, 1), outcome="withdrawn")
    assert phase_at(withdrawn, utc(2024, 5, 1)) is Phase.WITHDRAWN
    assert overdue(withdrawn, utc(2024, 5, 1)) == ()


def test_withdrawn_ballot_owes_no_results():
    withdrawn = BallotDates(
        voting_start=utc(2024, 3, 7, 17),
        voting_end=utc(2024, 3, 14, 17),
        withdrawn_at=utc(2024, 3, 9, 17),
        outcome="withdrawn",
    )
    assert [d.key for d in deadlines(withdrawn)] == ["voting_end"]
    assert deadlines(withdrawn)[0].done_at == utc(2024, 3, 9, 17)
    assert overdue(withdrawn, utc(2024, 6, 1)) == ()


def test_deadlines_in_the_ballots_zone():
    dates = BallotDates(
        voting_start=dt.datetime(2024, 3, 7, 12, tzinfo=ZoneInfo(NEW_YORK)), zone=NEW_YORK
    )
    got = {d.key: d.due for d in deadlines(dates)}
    assert got == {
        "voting_end": utc(2024, 3, 14, 16),
        "results_due": utc(2024, 3, 20, 3, 59, 59),  # Tuesday 23:59:59 EDT
    }
    assert all(d.due.tzinfo is UTC for d in deadlines(dates))
