"""Quorum: Bylaws 2.3(7) and each charter's wording of it."""

import datetime as dt
from fractions import Fraction

import pytest

from governance.bylaws import (
    CastVote,
    Choice,
    MeetingAttendance,
    MemberClass,
    VotingRules,
    ballot_result,
    describe_quorum_rule,
    quorum,
    quorum_required,
)

# The rule sets, as the charters word them (or as the Forum interprets them).
MORE_THAN_HALF = VotingRules()  # Bylaws 2.3(7), CSCWG, DGWG, SMCWG as interpreted
SCWG_HALF = VotingRules(quorum_strict=False)  # "Quorum is half the average"
WHOLE_AVERAGE = VotingRules(quorum_fraction=Fraction(1), quorum_strict=False)  # SMCWG literally
NETSEC = VotingRules(transitional_quorum=10)  # NetSec and DGWG: 10 until three meetings
SMCWG = VotingRules(adoption_requires_meetings=True)  # SMCWG 5.1: none adopted before three


def meetings(*attendance: int, start=dt.date(2024, 3, 5)) -> list[MeetingAttendance]:
    """Weekly meetings with these attendances, oldest first."""
    return [MeetingAttendance(start + dt.timedelta(weeks=i), n) for i, n in enumerate(attendance)]


AVERAGE_40_3 = meetings(14, 13, 13)  # 13.33...
AVERAGE_14 = meetings(14, 15, 13)


@pytest.mark.parametrize(
    ("average", "rules", "required"),
    [
        (Fraction(40, 3), MORE_THAN_HALF, 7),  # more than 6.67
        (Fraction(14), MORE_THAN_HALF, 8),  # more than 7: exactly half is not enough
        (Fraction(13), MORE_THAN_HALF, 7),  # more than 6.5
        (Fraction(13), SCWG_HALF, 7),  # half of 13 is 6.5: 7 people
        (Fraction(14), SCWG_HALF, 7),  # half of 14 is 7, and 7 is half
        (Fraction(40, 3), SCWG_HALF, 7),
        (Fraction(40, 3), WHOLE_AVERAGE, 14),
        (Fraction(14), WHOLE_AVERAGE, 14),
        (Fraction(0), MORE_THAN_HALF, 1),
        (Fraction(0), SCWG_HALF, 0),
    ],
)
def test_quorum_required(average, rules, required):
    assert quorum_required(average, rules) == required


@pytest.mark.parametrize(
    ("rounding", "average", "required"),
    [
        ("exact", Fraction(41, 3), 7),  # more than 6.83
        ("floor", Fraction(41, 3), 7),  # 13 -> more than 6.5
        ("ceil", Fraction(40, 3), 8),  # 14 -> more than 7
        ("half_up", Fraction(41, 3), 8),  # 13.67 -> 14 -> more than 7
        ("half_up", Fraction(27, 2), 8),  # 13.5 -> 14
        ("half_up", Fraction(40, 3), 7),  # 13.33 -> 13
    ],
)
def test_average_rounding_before_the_fraction(rounding, average, required):
    assert quorum_required(average, VotingRules(average_rounding=rounding)) == required


@pytest.mark.parametrize(
    ("name", "rules", "attendance", "required"),
    [
        ("Forum / CSCWG / DGWG / SMCWG as interpreted", MORE_THAN_HALF, AVERAGE_40_3, 7),
        ("Forum / CSCWG / DGWG / SMCWG as interpreted", MORE_THAN_HALF, AVERAGE_14, 8),
        ("SCWG", SCWG_HALF, AVERAGE_40_3, 7),
        ("SCWG", SCWG_HALF, AVERAGE_14, 7),
        ("whole average", WHOLE_AVERAGE, AVERAGE_40_3, 14),
        ("whole average", WHOLE_AVERAGE, AVERAGE_14, 14),
        ("NetSec after three meetings", NETSEC, AVERAGE_14, 8),
        ("SMCWG after three meetings", SMCWG, AVERAGE_40_3, 7),
    ],
)
def test_quorum_exactly_met_and_one_short(name, rules, attendance, required):
    at = quorum(rules, attendance, required)
    assert (at.required, at.met, at.shortfall, at.source) == (required, True, 0, "attendance")
    short = quorum(rules, attendance, required - 1)
    assert (short.required, short.met, short.shortfall) == (required, False, 1)


def test_fractional_average_under_more_than_half():
    result = quorum(MORE_THAN_HALF, AVERAGE_40_3, 7)
    assert result.average == Fraction(40, 3)
    assert result.required == 7
    assert result.met is True
    assert result.explanation == (
        "Quorum: more than half of the average attendance at the previous 3 meetings "
        "(2024-03-05: 14; 2024-03-12: 13; 2024-03-19: 13; average 40/3 (13.33)) is 7; "
        "7 Voting Members took part: met"
    )


def test_explanation_names_the_meetings_and_the_rounding():
    named = [
        MeetingAttendance(dt.date(2024, 3, 5), 14, "SCWG teleconference"),
        *meetings(13, 13, start=dt.date(2024, 3, 12)),
    ]
    result = quorum(VotingRules(average_rounding="floor"), named, 6)
    assert result.explanation == (
        "Quorum: more than half of the average attendance at the previous 3 meetings "
        "(2024-03-05 (SCWG teleconference): 14; 2024-03-12: 13; 2024-03-19: 13; "
        "average 40/3 (13.33), taken as 13 (floor)) is 7; 6 Voting Members took part: not met"
    )


def test_quorum_rule_in_words():
    assert describe_quorum_rule(MORE_THAN_HALF) == "more than half of the average attendance"
    assert describe_quorum_rule(SCWG_HALF) == "half of the average attendance"
    assert describe_quorum_rule(WHOLE_AVERAGE) == "the average attendance"


def test_only_the_three_most_recent_meetings_count():
    history = [
        MeetingAttendance(dt.date(2024, 4, 2), 10, "latest"),
        MeetingAttendance(dt.date(2024, 1, 9), 40, "old"),
        MeetingAttendance(dt.date(2024, 3, 19), 12),
        MeetingAttendance(dt.date(2024, 2, 6), 40, "old"),
        MeetingAttendance(dt.date(2024, 3, 26), 11),
    ]
    result = quorum(MORE_THAN_HALF, history, 6)
    assert [m.date for m in result.meetings] == [
        dt.date(2024, 3, 19),
        dt.date(2024, 3, 26),
        dt.date(2024, 4, 2),
    ]
    assert result.average == 11
    assert result.required == 6  # more than 5.5; with the old meetings it would be 12
    assert result.met is True


def test_meetings_counted_comes_from_the_rules():
    two = VotingRules(meetings_counted=2)
    result = quorum(two, meetings(30, 10, 12), 6)
    assert result.average == 11
    assert result.required == 6


def test_transitional_quorum_until_three_meetings():
    for history in ([], meetings(30), meetings(30, 2)):
        at = quorum(NETSEC, history, 10)
        assert (at.required, at.met, at.source, at.shortfall) == (10, True, "transitional", 0)
        short = quorum(NETSEC, history, 9)
        assert (short.required, short.met, short.shortfall) == (10, False, 1)
    assert quorum(NETSEC, meetings(30, 2), 10).explanation == (
        "Quorum: 10 until 3 meetings have occurred (the charter's transitional quorum; only 2 "
        "qualifying meetings were recorded before voting started (2024-03-05: 30; "
        "2024-03-12: 2)); 10 Voting Members took part: met"
    )
    # From the third meeting on, the attendance rule applies instead.
    assert quorum(NETSEC, meetings(4, 4, 4), 3).required == 3


def test_smcwg_adopts_nothing_before_three_meetings():
    result = quorum(SMCWG, meetings(20, 20), 40)
    assert result.met is False
    assert result.required is None
    assert result.shortfall == 0
    assert result.source == "attendance"
    assert "(SMCWG charter 5.1)" in result.explanation
    unanimous = [CastVote(f"CA {i}", MemberClass.ISSUER, Choice.YES) for i in range(15)]
    unanimous.append(CastVote("Browser", MemberClass.CONSUMER, Choice.YES))
    assert ballot_result(unanimous, SMCWG, meetings(20, 20)).outcome == "failed"
    assert ballot_result(unanimous, SMCWG, meetings(20, 20, 20)).outcome == "passed"


def test_override_comes_first():
    for rules in (MORE_THAN_HALF, NETSEC, SMCWG):
        for history in ([], AVERAGE_14):
            result = quorum(rules, history, 5, override=5, stated=9)
            assert (result.required, result.met, result.source) == (5, True, "override")
    with_records = quorum(MORE_THAN_HALF, AVERAGE_14, 5, override=5)
    assert with_records.average == 14  # shown alongside, not used


def test_attendance_comes_before_the_stated_figure():
    result = quorum(MORE_THAN_HALF, AVERAGE_14, 7, stated=7)
    assert (result.required, result.met, result.source) == (8, False, "attendance")


def test_stated_figure_when_the_records_are_short():
    for rules in (MORE_THAN_HALF, NETSEC, SMCWG):
        result = quorum(rules, meetings(14, 14), 7, stated=7)
        assert (result.required, result.met, result.source) == (7, True, "stated")
        assert result.average is None
    assert quorum(MORE_THAN_HALF, [], 6, stated=7).explanation == (
        "Quorum: 7, the figure the published post states; 6 Voting Members took part: not met"
    )


def test_unknown_without_records_or_figures():
    result = quorum(MORE_THAN_HALF, meetings(14, 14), 20)
    assert (result.required, result.met, result.source, result.shortfall) == (
        None,
        None,
        "unknown",
        0,
    )
    assert result.explanation == (
        "Quorum: unknown: more than half of the average attendance at the previous 3 meetings "
        "is needed, but only 2 qualifying meetings were recorded before voting started "
        "(2024-03-05: 14; 2024-03-12: 14), and no quorum was stated"
    )


def test_negative_figures_are_refused():
    with pytest.raises(ValueError):
        MeetingAttendance(dt.date(2024, 1, 1), -1)
    with pytest.raises(ValueError):
        quorum(MORE_THAN_HALF, [], -1)
    with pytest.raises(ValueError):
        quorum_required(Fraction(-1), MORE_THAN_HALF)
