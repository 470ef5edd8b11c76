"""Date and time expressions ballot posts use, converted to aware UTC."""

import datetime as dt

import pytest

from ballots.posts.dates import DateNotes, find_dates, parse_date, to_utc, with_time

UTC = dt.UTC


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "value", "zone"),
    [
        ("2024-05-24 12:30:00 UTC", at(2024, 5, 24, 12, 30), "UTC"),
        ("2359 UTC on July 12, 2024", at(2024, 7, 12, 23, 59), "UTC"),
        ("6 May 2024 at 10:00 UTC", at(2024, 5, 6, 10), "UTC"),
        ("31-July, 2020 17:00 UTC", at(2020, 7, 31, 17), "UTC"),
        ("11-March 2021 21:30 UTC", at(2021, 3, 11, 21, 30), "UTC"),
        ("Monday, 13 August 2018 at 0900 UTC", at(2018, 8, 13, 9), "UTC"),
        ("21:00 UTC on 19 April 2013", at(2013, 4, 19, 21), "UTC"),
        ("2200 UTC on 1 July 2016", at(2016, 7, 1, 22), "UTC"),
        ("2020-02-02 1700 UTC", at(2020, 2, 2, 17), "UTC"),
        ("July 15, 2024 at 16:00:00 UTC", at(2024, 7, 15, 16), "UTC"),
        ("2 october 2024 at 13:30 UTC", at(2024, 10, 2, 13, 30), "UTC"),
        ("2024 Sept 27, 19:30 UTC", at(2024, 9, 27, 19, 30), "UTC"),
        ("2024: Oct 4, 19:30 UTC", at(2024, 10, 4, 19, 30), "UTC"),
        ("October 31rd, 2024 15:30 UTC", at(2024, 10, 31, 15, 30), "UTC"),
        ("Nov 4th, 2024 19:45 UTC", at(2024, 11, 4, 19, 45), "UTC"),
        ("2024-April-09 16:00 UTC", at(2024, 4, 9, 16), "UTC"),
        ("Wednesday January 3, 2024 18:00 UTC", at(2024, 1, 3, 18), "UTC"),
        ("2024-06-01 09:00 GMT", at(2024, 6, 1, 9), "UTC"),
        # US Eastern, 12-hour clocks; EST written in summer still means New York time
        ("2018-07-11 10:30am EST", at(2018, 7, 11, 14, 30), "America/New_York"),
        ("2018-10-10 3:50pm Eastern", at(2018, 10, 10, 19, 50), "America/New_York"),
        ("2020-10-14 at 11:00 am Eastern Time", at(2020, 10, 14, 15), "America/New_York"),
        ("2021-03-18, 17:30 Eastern Time (US)", at(2021, 3, 18, 21, 30), "America/New_York"),
        ("2022 08-18 at 1400 Eastern Time", at(2022, 8, 18, 18), "America/New_York"),
        ("17 January 2024 at 09:00 ET", at(2024, 1, 17, 14), "America/New_York"),
        ("2024-01-10 5:00 pm EDT", at(2024, 1, 10, 22), "America/New_York"),
        ("2024-01-10 10:00 PST", at(2024, 1, 10, 18), "America/Los_Angeles"),
        ("2024-07-10 10:00 PT", at(2024, 7, 10, 17), "America/Los_Angeles"),
        ("2024-07-01 10:00 CEST", at(2024, 7, 1, 8), "Europe/Berlin"),
        ("2024-01-15 10:00 CET", at(2024, 1, 15, 9), "Europe/Berlin"),
        ("2024-01-10 10:00 UTC+2", at(2024, 1, 10, 8), "Etc/GMT-2"),
        ("2024-01-10 noon UTC", at(2024, 1, 10, 12), "UTC"),
    ],
)
def test_formats(text, value, zone):
    found = parse_date(text)
    assert found is not None, text
    assert found.value == value
    assert found.value.tzinfo is not None and found.value.utcoffset() == dt.timedelta(0)
    assert found.zone == zone
    assert found.date_only is False


def test_eastern_time_across_the_dst_change():
    # 2024-03-10 US clocks went forward: 5 pm is 22:00 UTC before, 21:00 UTC after
    before = parse_date("2024-03-05 5:00 pm Eastern")
    after = parse_date("2024-03-12 5:00 pm Eastern")
    assert before.value == at(2024, 3, 5, 22)
    assert after.value == at(2024, 3, 12, 21)
    assert after.value - before.value == dt.timedelta(days=7, hours=-1)
    autumn = parse_date("November 4, 2024 at 11:00 am ET")  # after clocks went back
    assert autumn.value == at(2024, 11, 4, 16)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("12.07.2024", dt.date(2024, 7, 12)),
        ("12/07/2024 17:00 UTC", dt.date(2024, 7, 12)),
        ("03-04-2021", dt.date(2021, 4, 3)),
    ],
)
def test_day_first_numerals(text, day):
    assert parse_date(text).value.date() == day


def test_weekday_prose_gives_a_date_only_value():
    found = parse_date("Thursday, 18 January 2024")
    assert found.value == at(2024, 1, 18)
    assert found.date_only is True
    assert found.text == "18 January 2024"


def test_a_wrong_weekday_is_noted():
    notes = DateNotes()
    parse_date("Monday, 14 January 2024", notes=notes)
    assert any("weekday" in n for n in notes.notes)


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("not before 2024-06-05 12:30:00 UTC", "not before"),
        ("Not before 2018-10-17 3:50pm Eastern", "not before"),
        ("no earlier than 2024-06-05 12:30 UTC", "no earlier than"),
        ("on or after 2024-06-19 06:30:00 UTC", "on or after"),
        ("After March 8, 2019 17:00 UTC", "after"),
        ("2024-06-05 12:30 UTC at the earliest", "at the earliest"),
        ("2024-06-05 12:30 UTC", None),
    ],
)
def test_hedges(text, hedge):
    assert parse_date(text).hedge == hedge


def test_text_as_written_and_line():
    found = parse_date("End time: 2359 UTC on July 12, 2024.", line=42)
    assert found.text == "2359 UTC on July 12, 2024"
    assert found.line == 42


def test_time_without_zone_is_assumed_utc_with_a_note():
    notes = DateNotes()
    found = parse_date("2024-05-24 12:30", notes=notes)
    assert found.value == at(2024, 5, 24, 12, 30)
    assert any("no time zone" in n for n in notes.notes)


def test_several_dates_each_with_its_own_time():
    text = "Voting begins at 2100 UTC 30 September 2019 and runs through 2100 UTC 7 October 2019"
    assert [d.value for d in find_dates(text)] == [at(2019, 9, 30, 21), at(2019, 10, 7, 21)]
    ranges = find_dates("July 12, 2017 to July 19, 2017")
    assert [d.value.date() for d in ranges] == [dt.date(2017, 7, 12), dt.date(2017, 7, 19)]
    assert all(d.date_only for d in ranges)


@pytest.mark.parametrize("text", ["TBD", "", "5:00 pm Eastern", "2024-02-30", "version 2.0.5"])
def test_no_date(text):
    assert parse_date(text) is None


def test_impossible_dates_are_noted():
    notes = DateNotes()
    assert parse_date("2024-02-30 10:00 UTC", notes=notes) is None
    assert notes.notes


def test_with_time_completes_a_date_from_a_table_header():
    day = parse_date("2024-02-02")
    done = with_time(day, "22:30 UTC")
    assert done.value == at(2024, 2, 2, 22, 30)
    assert not done.date_only
    assert with_time(parse_date("2024-02-02 10:00 UTC"), "22:30 UTC").value.hour == 10


def test_front_matter_values_to_utc():
    assert to_utc(dt.datetime(2024, 5, 24)) == at(2024, 5, 24)
    assert to_utc(dt.date(2024, 2, 1)) == at(2024, 2, 1)
    east = dt.timezone(dt.timedelta(hours=-5))
    assert to_utc(dt.datetime(2024, 1, 1, 10, tzinfo=east)) == at(2024, 1, 1, 15)
