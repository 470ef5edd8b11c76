"""Ballot ids: every spelling the Forum has used, normalised to one number key."""

import pytest

from ballots.posts.ids import (
    body_from_tags,
    find_ids,
    parse_id,
    strip_title,
    title_ids,
)


@pytest.mark.parametrize(
    ("text", "written", "body", "key", "version"),
    [
        ("SMC07", "SMC07", "smcwg", "SMC-7", None),
        ("SMC-001", "SMC-001", "smcwg", "SMC-1", None),
        ("SMC5", "SMC5", "smcwg", "SMC-5", None),
        ("SC-073", "SC-073", "scwg", "SC-73", None),
        ("SC083v3", "SC083v3", "scwg", "SC-83", 3),
        ("SC-063 v4", "SC-063 v4", "scwg", "SC-63", 4),
        ("SC-062 V2", "SC-062 V2", "scwg", "SC-62", 2),
        ("SC-76v2", "SC-76v2", "scwg", "SC-76", 2),
        ("SC2", "SC2", "scwg", "SC-2", None),
        ("CSC-21", "CSC-21", "cscwg", "CSC-21", None),
        ("CSC-8 v3", "CSC-8 v3", "cscwg", "CSC-8", 3),
        ("CSC25", "CSC25", "cscwg", "CSC-25", None),
        ("CSC 25", "CSC 25", "cscwg", "CSC-25", None),
        ("CSCWG-17", "CSCWG-17", "cscwg", "CSC-17", None),
        ("CSCWG 21 (version 3.6)", "CSCWG 21", "cscwg", "CSC-21", None),
        ("NS-003", "NS-003", "netsec", "NS-3", None),
        ("Forum-20", "Forum-20", "forum", "FORUM-20", None),
        ("FORUM-8", "FORUM-8", "forum", "FORUM-8", None),
        ("FORUM-020 v.2", "FORUM-020 v.2", "forum", "FORUM-20", 2),
        ("FORUM 20v2", "FORUM 20v2", "forum", "FORUM-20", 2),
        ("Forum 16", "Forum 16", "forum", "FORUM-16", None),
        ("Ballot 190", "Ballot 190", "forum", "190", None),
        ("Ballot SC39v3: Definition", "SC39v3", "scwg", "SC-39", 3),
        ("DGWG-2", "DGWG-2", "dgwg", "DG-2", None),
    ],
)
def test_every_spelling_normalises(text, written, body, key, version):
    found = parse_id(text)
    assert found is not None
    assert (found.written, found.body, found.number_key, found.version) == (
        written,
        body,
        key,
        version,
    )


@pytest.mark.parametrize(
    "text",
    [
        "the Forum 2024 meeting",
        "Bylaw 2.3(6)",
        "CA/Browser Forum 2.3",
        "DESC-1",
        "Ballot 2.3",
        "version 1.0.5",
        "ASC-12",
    ],
)
def test_things_that_are_not_ids(text):
    assert find_ids(text) == []


def test_plain_numbers_need_the_word_ballot():
    assert parse_id("Ballot 164 – Certificate Serial Number Entropy").number_key == "164"
    assert parse_id("section 164") is None


def test_find_ids_in_order_with_spans():
    text = "Ballot SMC06 was adopted; Ballot SMC07 starts."
    ids = find_ids(text)
    assert [i.number_key for i in ids] == ["SMC-6", "SMC-7"]
    assert text[ids[1].start : ids[1].end] == "SMC07"


def test_title_ids_one_or_several():
    assert [i.number_key for i in title_ids("Ballots CSC-21 and CSC-22")] == ["CSC-21", "CSC-22"]
    assert [i.number_key for i in title_ids("Ballots CSC-25, CSC-26 & CSC-27")] == [
        "CSC-25",
        "CSC-26",
        "CSC-27",
    ]
    # an id mentioned inside the title is not another ballot of this post
    title = 'Ballot NS-005 "Clarifications to sections 1, 2 and a definition prior to NS-003"'
    assert [i.number_key for i in title_ids(title)] == ["NS-5"]
    assert title_ids("All CA/Browser Forum Ballots") == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ballot SMC07: Align Logging Requirement", "Align Logging Requirement"),
        ("Ballot 99 – Add DSA Keys", "Add DSA Keys"),
        ("Ballot SC62v2-Certificate profiles update", "Certificate profiles update"),
        ("Ballot FORUM 20v2 – Amend Charter", "Amend Charter"),
        ('Ballot NS-004: "Updating Section 4"', "Updating Section 4"),
        ("Special Ballot Forum-16 – Election of Vice Chair", "Election of Vice Chair"),
        ("Ballots CSC-21", ""),
    ],
)
def test_strip_title(title, expected):
    assert strip_title(title, title_ids(title)) == expected


def test_tags_name_the_body():
    assert body_from_tags(["Ballot", "Server Certificates"]) == "scwg"
    assert body_from_tags(["S/MIME", "Ballot"]) == "smcwg"
    assert body_from_tags(["Code Signing"]) == "cscwg"
    assert body_from_tags(["Network Security"]) == "netsec"
    assert body_from_tags(["Forum", "Code Signing"]) == "forum"
    assert body_from_tags(["Ballot"]) is None
