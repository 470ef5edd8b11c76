"""The minutes grammar on small posts written in each layout the Forum has used over the years
(including those the corpus does not hold: tables, "Name, Org", "Present:", ...)."""

import datetime as dt

import pytest

from ballots.posts.data import ParsedAttendee, PostError
from ballots.posts.minutes import (
    NO_ATTENDEE_LIST,
    looks_like_minutes,
    minutes_from_text,
    parse_minutes,
)

META = {"title": "2024-03-07 Minutes of the Server Certificate Working Group", "tags": ["Minutes"]}


def parse(content: str, **meta):
    return parse_minutes("posts/2024/x.md", {**META, **meta}, content)


def people(m) -> list[tuple[str, str | None]]:
    return [(a.name, a.organization) for a in m.attendees]


def messages(m) -> list[str]:
    return [w.message for w in m.warnings]


# ---------------------------------------------------------------- attendee layouts


def test_markdown_table():
    m = parse(
        "## Attendance\n\n"
        "| Name | Organization |\n|------|--------------|\n"
        "| Ben Wilson | Mozilla |\n| Li-Chun Chen | Chunghwa Telecom Co., Ltd. |\n"
        "| Tim Hollebeek | |\n\n## Agenda\n- Ben Wilson (Mozilla) read the agenda\n"
    )
    assert people(m) == [
        ("Ben Wilson", "Mozilla"),
        ("Li-Chun Chen", "Chunghwa Telecom Co., Ltd."),
        ("Tim Hollebeek", None),
    ]


def test_table_with_an_attendee_header_anywhere():
    m = parse("Some text.\n\n| Organisation | Attendee |\n|---|---|\n| Apple | Clint Wilson |\n")
    assert people(m) == [("Clint Wilson", "Apple")]


def test_name_comma_org_one_per_line():
    m = parse("Attendees:\nBen Wilson, Mozilla\nTim Hollebeek, DigiCert\n\n1. Antitrust\n")
    assert people(m) == [("Ben Wilson", "Mozilla"), ("Tim Hollebeek", "DigiCert")]


def test_name_comma_org_bullets_and_mixed_separators():
    m = parse(
        "## Present\n\n* Ben Wilson, Mozilla\n* Tim Hollebeek - DigiCert\n"
        "* Li-Chun Chen – Chunghwa Telecom Co., Ltd.\n"
        "* Kateryna Aleksieieva (Asseco Data Systems SA (Certum))\n\n## 1. Antitrust\nRead.\n"
    )
    assert people(m) == [
        ("Ben Wilson", "Mozilla"),
        ("Tim Hollebeek", "DigiCert"),
        ("Li-Chun Chen", "Chunghwa Telecom Co., Ltd."),
        ("Kateryna Aleksieieva", "Asseco Data Systems SA (Certum)"),
    ]


def test_comma_run_with_commas_inside_organisations():
    m = parse(
        "**Attendees:** Russ Housley (Vigil Security, LLC), Bruce Wei – (TrustAsia Technologies, "
        "Inc.), Li-Chun Chen – Chunghwa Telecom Co., Ltd., Wayne Thayer (Mozilla).\n\n"
        "**1. Roll Call**\n"
    )
    assert people(m) == [
        ("Russ Housley", "Vigil Security, LLC"),
        ("Bruce Wei", "TrustAsia Technologies, Inc."),
        ("Li-Chun Chen", "Chunghwa Telecom Co., Ltd."),
        ("Wayne Thayer", "Mozilla"),
    ]


def test_semicolon_run_with_and_without_organisations():
    m = parse(
        "**Roll Call:**  Clint Wilson; Jozef Nigut – Disig; Jillian Karner – Let’s Encrypt / ISRG;"
        " Cecelia Kam (GlobalSign); Corey Bonnell (Trustwave),Curt Spann (Apple); Pedro Fuentes – "
        "OISTE.\n\n**Minutes of Last Meeting**: approved.\n"
    )
    assert people(m) == [
        ("Clint Wilson", None),
        ("Jozef Nigut", "Disig"),
        ("Jillian Karner", "Let’s Encrypt / ISRG"),
        ("Cecelia Kam", "GlobalSign"),
        ("Corey Bonnell", "Trustwave"),
        ("Curt Spann", "Apple"),
        ("Pedro Fuentes", "OISTE"),
    ]
    assert "no organisation given for attendee 'Clint Wilson'" in messages(m)


def test_semicolon_run_of_name_comma_org():
    m = parse("Attendees: Ben Wilson, Mozilla; Tim Hollebeek, DigiCert; Dean Coclin, DigiCert\n")
    assert people(m) == [
        ("Ben Wilson", "Mozilla"),
        ("Tim Hollebeek", "DigiCert"),
        ("Dean Coclin", "DigiCert"),
    ]


def test_present_line_ending_with_a_sentence():
    m = parse(
        "1.  Present: Ben Wilson, Eddy Nigg, Phill Hallam-Baker, and Geoff Keating.  Quorum "
        "equals 7.\n\n2. Agenda review\n\nThe agenda was reviewed.\n"
    )
    assert people(m) == [
        ("Ben Wilson", None),
        ("Eddy Nigg", None),
        ("Phill Hallam-Baker", None),
        ("Geoff Keating", None),
    ]
    assert any("without their organisations" in w for w in messages(m))


def test_names_only_bullets():
    m = parse("## Attendees:\n\n- Antti Backman\n- Ben Wilson\n- Brittany Randall\n\n## Minutes\n")
    assert people(m) == [("Antti Backman", None), ("Ben Wilson", None), ("Brittany Randall", None)]


def test_runs_under_location_labels():
    m = parse(
        "## Attendees\n\n### In the room\n\nBruce Morton (Entrust), Dean Coclin (DigiCert)\n\n"
        "### On WebEx\n\nTobias Josefowitz (Opera), Ashish Dhiman, Vinay (OATI)\n\n"
        "Remote: Nick France (Sectigo)\n\n## Minutes\n\nText.\n"
    )
    assert people(m) == [
        ("Bruce Morton", "Entrust"),
        ("Dean Coclin", "DigiCert"),
        ("Tobias Josefowitz", "Opera"),
        ("Ashish Dhiman", None),
        ("Vinay", "OATI"),
        ("Nick France", "Sectigo"),
    ]


def test_run_wrapped_over_lines():
    m = parse(
        "## Attendance\nBen Wilson (Mozilla), Clint Wilson (Apple),\nDean Coclin (DigiCert)\n"
    )
    assert len(m.attendees) == 3


def test_remarks_and_roles_are_not_organisations():
    m = parse(
        "Attendees: Dean Coclin (DigiCert) (chair), Ian McMillan (remote), Jeff Ward (Guest), "
        "Arnold Essing (Telekom Security, invited guest), Ben Wilson - Mozilla (joined late)\n"
    )
    assert people(m) == [
        ("Dean Coclin", "DigiCert"),
        ("Ian McMillan", None),
        ("Jeff Ward", None),
        ("Arnold Essing", "Telekom Security"),
        ("Ben Wilson", "Mozilla"),
    ]
    assert any("'Guest'" in w for w in messages(m))


def test_absent_and_regrets_sections_are_not_attendance():
    m = parse(
        "## Attendees\nBen Wilson (Mozilla), Clint Wilson (Apple)\n\n## Regrets\n"
        "Tim Hollebeek (DigiCert)\n\nAbsent: Dean Coclin (DigiCert)\n"
    )
    assert [a.name for a in m.attendees] == ["Ben Wilson", "Clint Wilson"]


def test_list_stops_before_the_agenda():
    m = parse(
        "## Attendance\n\n- Ben Wilson (Mozilla)\n- Clint Wilson (Apple)\nMinute-taker: Corey\n"
        "- Read Antitrust Statement - Dean\n\nTLS Topic - Delegated 3rd Party Definition\n"
    )
    assert [a.name for a in m.attendees] == ["Ben Wilson", "Clint Wilson"]


def test_prose_in_a_roll_call_section_is_not_a_list():
    m = parse(
        "## Attendance\nBen Wilson (Mozilla), Clint Wilson (Apple)\n\n## Roll Call\n\n"
        "Dustin Hollenback - Microsoft drove the meeting in absence of Inigo and Kiran.\n\n"
        "Inigo completed Roll Call (attendees listed above).\n\nRyan Dickson is taking minutes.\n"
    )
    assert [a.name for a in m.attendees] == ["Ben Wilson", "Clint Wilson"]
    assert m.warnings == []


def test_duplicates_are_merged():
    m = parse(
        "## Attendance\nBen Wilson (Mozilla), Ben Wilson (Mozilla), Tim Hollebeek\n\n"
        "## Roll Call\nTim Hollebeek (DigiCert), Clint Wilson (Apple), Clint Wilson (Google)\n"
    )
    assert people(m) == [
        ("Ben Wilson", "Mozilla"),
        ("Tim Hollebeek", "DigiCert"),
        ("Clint Wilson", "Apple"),
    ]
    text = " ".join(messages(m))
    assert "Ben Wilson is listed twice" in text
    assert "two organisations" in text


def test_attendance_count_only_gives_a_warning_not_names():
    m = parse("## Attendees\nRoll call taken; 23 attendees.\n\n## Agenda\nItems.\n")
    assert m.attendees == []
    assert len(m.warnings) == 1
    assert m.warnings[0].message.startswith(NO_ATTENDEE_LIST)
    assert "23 attendees" in m.warnings[0].message


def test_attendance_kept_elsewhere():
    m = parse("Attendance: see the attendance list on the wiki.\n\n1. Stuff\n2. Things\n")
    assert m.attendees == []
    assert m.warnings[0].message.startswith(NO_ATTENDEE_LIST)


def test_empty_attendance_heading_at_the_end():
    m = parse("_Note: the meeting took place during Face-to-Face 51._\n\nAttendees")
    assert m.attendees == []
    assert m.warnings[0].message == f"{NO_ATTENDEE_LIST} (the attendance section is empty)"


# ---------------------------------------------------------------- body, date, kind


@pytest.mark.parametrize(
    ("title", "tags", "body"),
    [
        ("2024-03-07 Minutes of the Server Certificate Working Group", [], "scwg"),
        ("2024-03-06 Minutes of the S/MIME Certificate Working Group", [], "smcwg"),
        ("Minutes of the F2F 63 Meeting in Seattle - SMCWG, October 10, 2024", [], "smcwg"),
        ("2024-03-07 Minutes of the Code Signing Certificate Working Group", [], "cscwg"),
        ("2022-08-30 Minutes of the Network Security Working Group", [], "netsec"),
        ("2025-01-08 Minutes of the Definitions and Glossary Working Group", [], "dgwg"),
        ("2024-03-07 Minutes of the CA/Browser Forum Teleconference", [], "forum"),
        ("Minutes for CA/Browser Forum Teleconference 2019-04-04", [], "forum"),
        ("2024-03-07 Minutes", ["Minutes", "Server Certificates"], "scwg"),
        ("2024-03-07 Minutes", ["Minutes", "S/MIME"], "smcwg"),
        ("2024-03-07 Minutes", ["Minutes", "Code Signing"], "cscwg"),
        ("2024-03-07 Minutes", ["Minutes", "Network Security"], "netsec"),
        ("2024-03-07 Minutes", ["Forum", "Minutes", "Face-to-Face"], "forum"),
        ("2024-03-07 Minutes of the NetSec Subcommittee", ["Server Certificates"], "scwg"),
    ],
)
def test_body(title, tags, body):
    m = parse_minutes(
        "posts/x.md", {"title": title, "tags": tags}, "Attendees: Ben Wilson (Mozilla)"
    )
    assert m.body == body


def test_body_from_the_opening_lines_when_title_and_tags_say_nothing():
    m = parse_minutes(
        "posts/2018/2018-01-11-2018-01-11-minutes.md",
        {"title": "2018-01-11 Minutes", "tags": ["Minutes"], "date": dt.datetime(2018, 1, 11)},
        "**Minutes for CA/Browser Forum Teleconference – January 11, 2018**\n\n"
        "Attendees: Ben Wilson (DigiCert)\n",
    )
    assert (m.body, m.date) == ("forum", dt.date(2018, 1, 11))


def test_unknown_body_is_the_forum_with_a_warning():
    m = parse_minutes("posts/x.md", {"title": "2016-05-05 Minutes", "tags": ["Minutes"]}, "Text")
    assert m.body == "forum"
    assert "assuming the Forum" in " ".join(messages(m))


def test_title_and_tags_disagreeing_is_a_warning():
    m = parse_minutes(
        "posts/x.md",
        {"title": "2024-03-07 Minutes of the SCWG", "tags": ["S/MIME"]},
        "Attendees: Ben Wilson (Mozilla)",
    )
    assert m.body == "scwg"
    assert any("tags say smcwg" in w for w in messages(m))


@pytest.mark.parametrize(
    ("title", "post_date", "date"),
    [
        ("2023-12-7 Minutes of the Server Certificate Working Group", "2024-01-18", "2023-12-07"),
        (
            "Minutes of the F2F 61 Meeting in New Delhi, India, February 26-27, 2024",
            None,
            "2024-02-26",
        ),
        (
            "Minutes of the F2F 49 Meeting in Bratislava, Slovakia, 19-20 February 2020",
            None,
            "2020-02-19",
        ),
        ("Minutes of the F2F 64 Meeting in Tokyo - SCWG, March 26, 27, 2025", None, "2025-03-26"),
        (
            "Minutes of Server Certificate Working Group Teleconference 23 August 2018",
            None,
            "2018-08-23",
        ),
        ("11-12-2020 Minutes of the CA/Browser Forum teleconference", "2020-12-10", "2020-11-12"),
        ("08-19-2020 Minutes of the S/MIME Certificate Working Group", "2020-09-08", "2020-08-19"),
        ("2018-nov-01 Minutes of CA/Browser Forum", None, "2018-11-01"),
        (
            "2024-01-18 Minutes of the 2023-12-07 Server Certificate Working Group",
            "2024-01-18",
            "2023-12-07",
        ),
    ],
)
def test_meeting_date_from_the_title(title, post_date, date):
    meta = {"title": title, "tags": ["Minutes"]}
    if post_date:
        meta["date"] = dt.date.fromisoformat(post_date)
    m = parse_minutes("posts/x.md", meta, "Attendees: Ben Wilson (Mozilla)")
    assert m.date == dt.date.fromisoformat(date)


def test_meeting_date_from_a_date_line():
    m = parse_minutes(
        "posts/2025/2025-06-10-minutes-forum-f2f.md",
        {"title": "Minutes of the Forum Toronto F2F", "tags": ["Forum"], "date": "2025-06-12"},
        "**Meeting Title:** CA/Browser Forum Toronto F2F  \n**Date:** 10 June 2025  \n",
    )
    assert (m.date, m.kind) == (dt.date(2025, 6, 10), "face_to_face")


def test_meeting_date_from_an_opening_line():
    m = parse_minutes(
        "posts/x.md",
        {"title": "Minutes of SMCWG", "tags": ["S/MIME"], "date": "2024-01-10"},
        "## Minutes of SMCWG\n\nJanuary 3, 2024\n\n## Attendees\n\nBen Wilson - (Mozilla)\n\n"
        "## Approval of the minutes of December 20, 2023\n",
    )
    assert m.date == dt.date(2024, 1, 3)
    assert m.warnings == []


def test_meeting_date_from_the_second_date_of_the_file_name():
    m = parse_minutes(
        "posts/2020/2020-01-13-2019-12-12-minutes-of-the-server-certificate-working-group.md",
        {"title": "Minutes of the Server Certificate Working Group", "date": "2020-01-13"},
        "Attendees: Ben Wilson (Mozilla)",
    )
    assert m.date == dt.date(2019, 12, 12)


def test_meeting_date_falls_back_to_the_post_date_with_a_warning():
    m = parse_minutes(
        "posts/x.md", {"title": "Minutes of the SCWG", "date": "2024-03-07 17:00:00"}, "Text"
    )
    assert m.date == dt.date(2024, 3, 7)
    assert m.post_date == dt.datetime(2024, 3, 7, 17, tzinfo=dt.UTC)
    assert "the meeting date is not stated; using the post's date" in messages(m)


def test_title_date_after_the_post_date_is_a_warning():
    m = parse_minutes(
        "posts/x.md",
        {"title": "2024-12-14 Minutes of the CSCWG", "date": "2024-12-12"},
        "Attendees: Ben Wilson (Mozilla)",
    )
    assert m.date == dt.date(2024, 12, 14)
    assert any("after the post's date" in w for w in messages(m))


def test_no_date_anywhere_is_a_post_error():
    with pytest.raises(PostError) as err:
        parse_minutes("posts/x.md", {"title": "Minutes of the SCWG"}, "Attendees: A B (C)")
    assert err.value.problem.path == "posts/x.md"
    assert "no meeting date" in err.value.problem.message


@pytest.mark.parametrize(
    ("title", "tags", "path", "first_lines", "kind"),
    [
        (
            "2024-02-28 Minutes of F2F meeting in Delhi - Validation SC",
            [],
            "x.md",
            "",
            "subcommittee",
        ),
        ("2021-03-04 Minutes of the Validation Subcommittee", [], "x.md", "", "subcommittee"),
        ("2020-05-07 Minutes of the NetSec Subcommittee", [], "x.md", "", "subcommittee"),
        (
            "2020-05-07 Minutes of the Forum Infrastructure Sub-committee",
            [],
            "x.md",
            "",
            "subcommittee",
        ),
        ("2024-02-28 Minutes", [], "2024-02-f2f61/ValidationSC.md", "", "subcommittee"),
        ("2021-03-04 Minutes", [], "x.md", "# Validation Subcommittee Meeting\n", "subcommittee"),
        (
            "2022-07-07 SCWG Minutes: Validation Subcommittee update",
            [],
            "x.md",
            "",
            "teleconference",
        ),
        (
            "2024-05-09 Minutes of the SCWG",
            [],
            "x.md",
            "## Validation Subcommittee update\n",
            "teleconference",
        ),
        ("2024-03-07 Minutes", ["Face-to-Face"], "x.md", "", "face_to_face"),
        (
            "2024-05-29 Minutes of the F2F 62 Meeting in Bergamo - SCWG",
            [],
            "x.md",
            "",
            "face_to_face",
        ),
        (
            "2024-05-29 Minutes of the CSCWG",
            [],
            "2024-05-f2f62-bergamo/cscwg/index.md",
            "",
            "face_to_face",
        ),
        (
            "2024-05-30 Minutes of SMCWG",
            [],
            "x.md",
            "May 30, 2024\nBergamo F2F #62\n",
            "face_to_face",
        ),
        (
            "2024-10-10 Minutes of the CSCWG",
            [],
            "x.md",
            "### Progress since last F2F:\n",
            "teleconference",
        ),
        ("2024-03-07 Minutes of the SCWG", [], "x.md", "", "teleconference"),
    ],
)
def test_kind(title, tags, path, first_lines, kind):
    m = parse_minutes(
        path, {"title": title, "tags": tags}, first_lines + "\nAttendees: Ben Wilson (Mozilla)\n"
    )
    assert m.kind == kind


# ---------------------------------------------------------------- whole files


def test_minutes_from_text_with_crlf_front_matter():
    text = (
        "---\r\ntitle: 2024-03-07 Minutes of the Server Certificate Working Group\r\n"
        "date: 2024-03-08 00:00:00\r\ntags:\r\n- Minutes\r\n- Server Certificates\r\n---\r\n\r\n"
        "## Attendance\r\n\r\nBen Wilson - (Mozilla), Corey Bonnell -DigiCert, Ian McMillan\r\n"
    )
    m = minutes_from_text("posts/x.md", text)
    assert (m.body, m.date, m.title) == (
        "scwg",
        dt.date(2024, 3, 7),
        "2024-03-07 Minutes of the Server Certificate Working Group",
    )
    assert m.attendees[:2] == [
        ParsedAttendee("Ben Wilson", "Mozilla"),
        ParsedAttendee("Corey Bonnell", "DigiCert"),
    ]
    assert m.warnings[0].line == 11  # the file line of the attendee list


def test_minutes_from_text_without_front_matter_uses_a_heading_title():
    m = minutes_from_text(
        "posts/misc/notes.md",
        "\n\n# Minutes of the Code Signing Certificate Working Group, 2021-09-09\n\n"
        "## Attendees\nAtsushi Inaba, Ben Wilson\n",
    )
    assert (m.body, m.date) == ("cscwg", dt.date(2021, 9, 9))
    assert m.title == "Minutes of the Code Signing Certificate Working Group, 2021-09-09"
    assert m.warnings[-1].line == 6


def test_broken_front_matter_is_a_post_error_with_its_line():
    with pytest.raises(PostError) as err:
        minutes_from_text("posts/x.md", "---\ntitle: [unclosed\ndate: 2024-01-01\n---\nText\n")
    assert err.value.problem.line is not None
    with pytest.raises(PostError):
        minutes_from_text("posts/x.md", "---\ntitle: Minutes\n")
    with pytest.raises(PostError):
        minutes_from_text("posts/x.md", "---\n- a list\n---\nText\n")


def test_bad_arguments_are_post_errors():
    with pytest.raises(PostError):
        parse_minutes("x.md", ["not", "a", "dict"], "text")  # type: ignore[arg-type]
    with pytest.raises(PostError):
        parse_minutes("x.md", {}, None)  # type: ignore[arg-type]
    with pytest.raises(PostError):
        minutes_from_text("x.md", b"bytes")  # type: ignore[arg-type]


def test_odd_front_matter_values_do_not_crash():
    m = parse_minutes(
        "posts/x.md",
        {"title": dt.date(2019, 4, 4), "tags": "Minutes, Forum", "date": "not a date"},
        "Attendees: Ben Wilson (Mozilla)",
    )
    assert (m.body, m.date) == ("forum", dt.date(2019, 4, 4))
    assert any("is not a date" in w for w in messages(m))


@pytest.mark.parametrize(
    ("meta", "content", "path", "expected"),
    [
        ({"title": "2024-01-04 Minutes of the SCWG", "tags": ["Minutes"]}, "", None, True),
        ({"title": "Minutes of the F2F", "tags": ["Forum"]}, "", None, True),
        ({"title": "Ballot SC-073", "tags": ["Ballot", "Server Certificates"]}, "", None, False),
        ({}, "# Minutes of the Forum\n\nText", None, True),
        ({}, "Roll Call\n\nA B (X), C D (Y), E F (Z)\n", None, True),
        ({}, "Roll Call\n\nA B (X)\n", "posts/2024/2024-01-04-minutes-of-the-scwg.md", True),
        ({}, "Some page.\n", "posts/about.md", False),
        ({}, "**Voting Results**\n\nAttendees: A B (X), C D (Y), E F (Z)\n", None, False),
    ],
)
def test_looks_like_minutes(meta, content, path, expected):
    assert looks_like_minutes(meta, content, path) is expected


def test_and_before_the_last_name():
    m = parse("Attendees: Ben Wilson (Mozilla), Tim Hollebeek (DigiCert) and Clint Wilson (Apple).")
    assert people(m) == [
        ("Ben Wilson", "Mozilla"),
        ("Tim Hollebeek", "DigiCert"),
        ("Clint Wilson", "Apple"),
    ]
    m = parse("**Attendance:** Clint Wilson, Ben Wilson, Wendy Brown, and Rebecca Kelley\n")
    assert [a.name for a in m.attendees] == [
        "Clint Wilson",
        "Ben Wilson",
        "Wendy Brown",
        "Rebecca Kelley",
    ]


def test_labels_and_notes_inside_an_inline_run():
    m = parse(
        "Attendees: Alex Wight (Cisco), Nick Pope (Thales/ETSI), Phillipe Bouchet. On the phone: "
        "JC Jones (Mozilla), Li-Chun Chen (Chungwa Telecom)\n\n## Browser News\n"
    )
    assert [a.name for a in m.attendees] == [
        "Alex Wight",
        "Nick Pope",
        "Phillipe Bouchet",
        "JC Jones",
        "Li-Chun Chen",
    ]
    m = parse(
        "**Attendees:** NOTE: The following list is of attendees that were there during at least "
        "one of the three days: Peter Bowen, Li-Chun Chen, Patrick Donahue (guest speaker).\n"
    )
    assert people(m) == [("Peter Bowen", None), ("Li-Chun Chen", None), ("Patrick Donahue", None)]


def test_odd_parentheses():
    m = parse(
        "### Attendees\n\nArnold Essing (Telekom Security – guest), Dustin Ward (), Chris Czajczyc "
        "(Deloitte (WebTrust)), Vijayakumar (Vijay) Manjunatha (eMudhra), Tim Crawford ( BDO )\n"
    )
    assert people(m) == [
        ("Arnold Essing", "Telekom Security"),
        ("Dustin Ward", None),
        ("Chris Czajczyc", "Deloitte (WebTrust)"),
        ("Vijayakumar Manjunatha", "eMudhra"),
        ("Tim Crawford", "BDO"),
    ]


def test_name_org_lines_followed_by_prose():
    prose = "\n".join(f"Line {i} of the discussion, which went on." for i in range(12))
    m = parse(f"Attendees:\nBen Wilson, Mozilla\nTim Hollebeek, DigiCert\n\n{prose}\n")
    assert people(m) == [("Ben Wilson", "Mozilla"), ("Tim Hollebeek", "DigiCert")]


def test_nested_list_under_a_numbered_roll_call():
    m = parse(
        "1. Roll Call\n   - Ben Wilson (Mozilla)\n   * Clint Wilson (Apple)\n"
        "2. Antitrust statement\n   - Read by Dean Coclin (DigiCert)\n"
    )
    assert people(m) == [("Ben Wilson", "Mozilla"), ("Clint Wilson", "Apple")]


def test_face_to_face_plenary_without_a_body_is_the_forum():
    m = parse_minutes(
        "posts/2021/x.md",
        {"title": "Minutes of the F2F 53 Meeting, Virtual, 16-17 June 2021", "tags": ["Minutes"]},
        "## Wednesday, 16 June 2021 – Plenary Meeting (Day 1)\n\n### Attendees\n\nA B (C)\n",
    )
    assert (m.body, m.date, m.kind) == ("forum", dt.date(2021, 6, 16), "face_to_face")
    assert m.warnings == []
