"""The minutes parser on real posts of the Forum's website, one per layout and per body.

The expected numbers were counted by reading each post (and cross-checked with a plain split of
its attendance line), not by running the parser.
"""

import datetime as dt
from pathlib import Path

import frontmatter

from ballots.posts.data import ParsedAttendee, ParsedMinutes
from ballots.posts.minutes import NO_ATTENDEE_LIST, minutes_from_text, parse_minutes


def load(corpus_dir: Path, rel: str) -> ParsedMinutes:
    text = (corpus_dir / rel).read_text(encoding="utf-8")
    meta, content = frontmatter.parse(text)
    return parse_minutes(rel, meta, content)


def orgs(m: ParsedMinutes) -> set[str]:
    return {a.organization for a in m.attendees if a.organization}


def pairs(m: ParsedMinutes) -> set[tuple[str, str | None]]:
    return {(a.name, a.organization) for a in m.attendees}


def messages(m: ParsedMinutes) -> list[str]:
    return [w.message for w in m.warnings]


def test_scwg_bullet_list_posted_weeks_later(corpus_dir):
    """'- Name – (Org)' bullets; the title gives the meeting (2023-12-7), not the post date."""
    m = load(
        corpus_dir,
        "posts/2024/2024-01-18-minutes-of-the-2023-12-07-server-certificate-working-group.md",
    )
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2023, 12, 7), "teleconference")
    assert m.post_date == dt.datetime(2024, 1, 18, tzinfo=dt.UTC)
    assert len(m.attendees) == 39
    assert len(orgs(m)) == 26
    assert {
        ("Aaron Gable", "Let’s Encrypt"),
        ("Tobias Josefowitz", "Opera Software AS"),
        ("Yoshihiko Matsuo", "Japan Registry Services"),
        ("Paul van Brouwershaven", "Entrust"),
    } <= pairs(m)
    assert not any(a.name.startswith(("28 September", "TrustAsia")) for a in m.attendees)
    assert m.warnings == []


def test_scwg_bullets_without_parentheses(corpus_dir):
    """'- Name – Org' and '- Name- Org' bullets; the list stops at ' ## Minutes:'."""
    m = load(corpus_dir, "posts/2024/2024-01-18-minutes-of-the-server-certificate-working-group.md")
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2024, 1, 18), "teleconference")
    assert len(m.attendees) == 64
    assert len(orgs(m)) == 36  # "GlobalSign" and "Globalsign" are kept as written
    assert {
        ("Doug Beattie", "Globalsign"),
        ("Cade Cairns", "Google Trust Services"),
        ("Karina Sirota Goodley", "Microsoft"),
        ("Jasmine", "SHECA"),
    } <= pairs(m)


def test_scwg_with_a_lost_parenthesis_and_comma(corpus_dir):
    """'Lynn Jeun - (VisaMarco Schambach - (IdenTrust)': both people are kept, with a warning."""
    m = load(corpus_dir, "posts/2024/2024-03-28-minutes-of-the-server-certificate-working-group.md")
    assert (m.body, m.date) == ("scwg", dt.date(2024, 3, 28))
    assert {("Lynn Jeun", "Visa"), ("Marco Schambach", "IdenTrust")} <= pairs(m)
    assert any("unclosed parenthesis" in w for w in messages(m))


def test_smcwg_dash_parenthesis_run(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-06-19-minutes-smcwg.md")
    assert (m.body, m.date, m.kind) == ("smcwg", dt.date(2024, 6, 19), "teleconference")
    assert len(m.attendees) == 15
    assert len(orgs(m)) == 10
    assert {
        ("Ashish Dhiman", "GlobalSign"),
        ("Pedro Fuentes", "OISTE Foundation"),
        ("Wendy Brown", "US Federal PKI Management Authority"),
    } <= pairs(m)
    assert m.warnings == []


def test_smcwg_2023_en_dash_and_commas_inside_parentheses(corpus_dir):
    m = load(corpus_dir, "posts/2023/2023-03-01-5828.md")
    assert (m.body, m.date, m.kind) == ("smcwg", dt.date(2023, 3, 1), "teleconference")
    assert len(m.attendees) == 64
    assert len(orgs(m)) == 28
    assert {
        ("Bruce Wei", "TrustAsia Technologies, Inc."),
        ("Dave Chin", "CPA Canada/WebTrust"),
        ("RIch Smith", "DigiCert"),
    } <= pairs(m)
    # the numbered agenda after the list is not read as attendees
    assert not any("Antitrust" in a.name for a in m.attendees)


def test_smcwg_at_a_face_to_face(corpus_dir):
    """A plain SMCWG post whose opening lines say 'Bergamo F2F #62'."""
    m = load(corpus_dir, "posts/2024/2024-05-30-minutes-smcwg-bergamo.md")
    assert (m.body, m.date, m.kind) == ("smcwg", dt.date(2024, 5, 30), "face_to_face")
    assert ("Josselin Allemandou", "Certigna (DHIMYOTIS)") in pairs(m)
    assert ("Kateryna Aleksieieva", "Asseco Data Systems SA (Certum)") in pairs(m)


def test_cscwg_comma_before_the_organisation(corpus_dir):
    """'Dean Coclin, (DigiCert)' and a one-word name 'Puneet (EncryptionConsulting.com)'."""
    m = load(
        corpus_dir, "posts/2024/2024-07-25-minutes-of-the-code-signing-certificate-working-group.md"
    )
    assert (m.body, m.date, m.kind) == ("cscwg", dt.date(2024, 7, 25), "teleconference")
    assert len(m.attendees) == 12
    assert len(orgs(m)) == 10
    assert {
        ("Dean Coclin", "DigiCert"),
        ("Puneet", "EncryptionConsulting.com"),
        ("Richard Kisley", "IBM"),
    } <= pairs(m)


def test_cscwg_semicolon_run(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-11-14-minutes-cscwg.md")
    assert (m.body, m.date) == ("cscwg", dt.date(2024, 11, 14))
    assert len(m.attendees) == 13
    assert orgs(m) == {
        "GlobalSign",
        "Globalsign",
        "IdenTrust",
        "DigiCert",
        "Sectigo",
        "SSL.com",
        "TrustAsia",
        "Intel",
    }
    assert {("Nome-Huang", "TrustAsia"), ("Roberto Quiñones", "Intel")} <= pairs(m)


def test_cscwg_nested_parentheses_and_a_title_date(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-12-12-minutes-cscwg.md")
    assert (m.body, m.date) == ("cscwg", dt.date(2024, 12, 14))  # as the post states it
    assert len(m.attendees) == 16
    assert len(orgs(m)) == 12
    assert ("Kateryna Aleksieieva", "Asseco Data Systems SA (Certum)") in pairs(m)


def test_cscwg_names_only(corpus_dir):
    m = load(
        corpus_dir, "posts/2024/2024-01-25-minutes-of-the-code-signing-certificate-working-group.md"
    )
    assert (m.body, m.date) == ("cscwg", dt.date(2024, 1, 25))
    assert len(m.attendees) == 19
    assert all(a.organization is None for a in m.attendees)
    assert ParsedAttendee("Trevoli Ponds-White", None) in m.attendees
    assert any("without their organisations" in w for w in messages(m))


def test_cscwg_unspaced_hyphens_and_roles(corpus_dir):
    """'Corey Bonnell-Digicert', 'Ben Dewberry -Keyfactor', 'Richard Kisley (Guest)'."""
    m = load(
        corpus_dir, "posts/2024/2024-05-16-minutes-of-the-code-signing-certificate-working-group.md"
    )
    assert len(m.attendees) == 12
    assert len(orgs(m)) == 10
    assert {
        ("Corey Bonnell", "Digicert"),
        ("Ben Dewberry", "Keyfactor"),
        ("Atsushi INABA", "GlobalSign"),
        ("Richard Kisley", None),
    } <= pairs(m)
    text = " ".join(messages(m))
    assert "hyphen taken as the separator" in text
    assert "'Guest'" in text


def test_cscwg_remark_and_missing_separator(corpus_dir):
    """'Dean Coclin-DigiCert (checked in to start meeting call)', 'Ian McMillan Microsoft'."""
    m = load(
        corpus_dir, "posts/2024/2024-07-11-minutes-of-the-code-signing-certificate-working-group.md"
    )
    assert len(m.attendees) == 12
    assert len(orgs(m)) == 8
    assert {
        ("Dean Coclin", "DigiCert"),
        ("Corey Bonnell", "DigiCert"),
        ("Ian McMillan Microsoft", None),
        ("Wangmo Tenzing", None),
    } <= pairs(m)
    assert "no organisation given for attendee 'Ian McMillan Microsoft'" in messages(m)


def test_cscwg_unclosed_parenthesis(corpus_dir):
    """'AtsushiI Inaba (GlobalSign, Brian Winters (IdenTrust), ...' and '( BDO )'."""
    m = load(
        corpus_dir, "posts/2024/2024-09-22-minutes-of-the-code-signing-certificate-working-group.md"
    )
    assert len(m.attendees) == 14
    assert len(orgs(m)) == 10
    assert {
        ("AtsushiI Inaba", "GlobalSign"),
        ("Brian Winters", "IdenTrust"),
        ("Tim Crawford", "BDO"),
        ("Nate Santiago", "Microsoft"),
    } <= pairs(m)
    assert any("unclosed parenthesis" in w for w in messages(m))


def test_cscwg_without_attendee_list(corpus_dir):
    m = load(
        corpus_dir, "posts/2024/2024-10-10-minutes-of-the-code-signing-certificate-working-group.md"
    )
    assert (m.body, m.date) == ("cscwg", dt.date(2024, 10, 10))
    assert m.attendees == []
    assert messages(m) == [NO_ATTENDEE_LIST]


def test_forum_bullets_stop_at_the_end_of_the_section(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-05-23-minutes-forum.md")
    assert (m.body, m.date, m.kind) == ("forum", dt.date(2024, 5, 23), "teleconference")
    assert len(m.attendees) == 31
    assert len(orgs(m)) == 20
    assert ("Abdul Hakeem Putra", "MSC Trustgate Sdn Bhd") in pairs(m)
    assert ("Wendy Brown", "US Federal PKI Management Authority") in pairs(m)
    assert not any("WG" in a.name or "Subcommittee" in a.name for a in m.attendees)


def test_forum_bold_roll_call_heading(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-02-15-minutes-forum.md")
    assert (m.body, m.date) == ("forum", dt.date(2024, 2, 15))
    assert len(m.attendees) == 59
    assert len(orgs(m)) == 31


def test_forum_roll_call_via_webex(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-11-07-minutes-forum.md")
    assert (m.body, m.date) == ("forum", dt.date(2024, 11, 7))
    assert len(m.attendees) == 52
    assert len(orgs(m)) == 33
    assert ("Nazril Ghani", "posdigicert") in pairs(m)


def test_forum_2019(corpus_dir):
    m = load(
        corpus_dir,
        "posts/2019/2019-04-04-2019-04-04-minutes-for-ca-browser-forum-teleconference.md",
    )
    assert (m.body, m.date, m.kind) == ("forum", dt.date(2019, 4, 4), "teleconference")
    assert m.title == "2019-04-04 Minutes for CA/Browser Forum Teleconference"
    assert len(m.attendees) == 30
    assert len(orgs(m)) == 19
    assert {
        ("India Donald", "US Federal PKI Management Authority"),
        ("Wendy Brown", "US Federal PKI Management Authority"),
        ("Scott Rea", "Dark Matter"),
    } <= pairs(m)
    assert m.warnings == []


def test_forum_2022_numbered_roll_call(corpus_dir):
    """'1. Roll Call' with the names on an indented line; '1. Read Antitrust ...' ends it."""
    m = load(
        corpus_dir,
        "posts/2022/2022-07-07-2022-07-07-minutes-of-the-ca-browser-forum-teleconference.md",
    )
    assert (m.body, m.date, m.kind) == ("forum", dt.date(2022, 7, 7), "teleconference")
    assert len(m.attendees) == 45
    assert len(orgs(m)) == 28
    assert {("Devon O’Brien", "Google"), ("Vijay Kumar", "eMuhdra")} <= pairs(m)
    assert not any("Antitrust" in a.name for a in m.attendees)


def test_scwg_2022_mentions_a_subcommittee_but_is_a_teleconference(corpus_dir):
    m = load(
        corpus_dir,
        "posts/2022/2022-07-07-2022-07-07-minutes-of-the-server-certificate-working-group.md",
    )
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2022, 7, 7), "teleconference")
    assert len(m.attendees) == 45


def test_forum_mentions_subcommittees_but_is_a_teleconference(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-05-09-minutes-forum.md")
    assert m.kind == "teleconference"


def test_f2f_bundle_two_days_merged(corpus_dir):
    """The Forum's F2F minutes list attendance for each day; the same people are counted once."""
    m = load(corpus_dir, "posts/2024/2024-02-f2f61-new-delhi/minutes-forum.md")
    assert (m.body, m.date, m.kind) == ("forum", dt.date(2024, 2, 26), "face_to_face")
    assert len(m.attendees) == 79
    assert len(orgs(m)) == 39
    assert ("Aashish Banati", "Office of CCA, MEITY, Govt of India") in pairs(m)
    assert m.warnings == []


def test_f2f_bundle_in_the_room_and_on_webex(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-05-f2f62-bergamo/cscwg/index.md")
    assert (m.body, m.date, m.kind) == ("cscwg", dt.date(2024, 5, 29), "face_to_face")
    assert len(m.attendees) == 69
    assert len(orgs(m)) == 38
    assert {
        ("Paul van Brouwershaven", "Entrust"),
        ("Scott Rea", "eMuhdra"),  # its ")" is missing at the end of the line
        ("Vinay", "OATI"),
        ("Ashish Dhiman", None),
        ("Nome Huang", "Trust Asia"),
    } <= pairs(m)
    assert any("unclosed parenthesis" in w for w in messages(m))
    assert "no organisation given for attendee 'Aggie Wang'" in messages(m)


def test_f2f_bundle_aggregated_attendance_with_a_duplicate(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-10-f2f63-seattle/forum/index.md")
    assert (m.body, m.date, m.kind) == ("forum", dt.date(2024, 10, 8), "face_to_face")
    assert len(m.attendees) == 117
    assert len(orgs(m)) == 48
    assert ("Mike Shaver", "Mike Shaver (Private Person)") in pairs(m)
    assert "Andrea Holland is listed twice" in messages(m)


def test_f2f_bundle_with_a_placeholder_attendance(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-10-f2f63-seattle/scwg/index.md")
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2024, 10, 9), "face_to_face")
    assert m.attendees == []
    assert len(m.warnings) == 1
    assert m.warnings[0].message.startswith(NO_ATTENDEE_LIST)


def test_subcommittee_at_a_face_to_face(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-02-f2f61-new-delhi/minutes-scwg-validation-sc.md")
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2024, 2, 28), "subcommittee")
    assert m.post_date == dt.datetime(2024, 4, 5, tzinfo=dt.UTC)
    assert len(m.attendees) == 61
    assert len(orgs(m)) == 32
    assert {
        ("Vijayakumar Manjunatha", "eMudhra"),  # "Vijayakumar (Vijay) Manjunatha - (eMudhra)"
        ("Kateryna Aleksieieva", "Asseco Data Systems SA (Certum)"),
    } <= pairs(m)


def test_subcommittee_from_the_file_name_of_the_old_copy(corpus_dir):
    m = load(
        corpus_dir, "posts/2024/2024-02-27-minutes-of-the-F2F-meeting-in-Delhi-ValidationSC.md"
    )
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2024, 2, 28), "subcommittee")


def test_scwg_face_to_face_is_not_a_subcommittee(corpus_dir):
    m = load(corpus_dir, "posts/2024/2024-02-f2f61-new-delhi/minutes-scwg.md")
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2024, 2, 27), "face_to_face")
    assert len(m.attendees) == 61


def test_post_without_front_matter(corpus_dir):
    rel = "posts/2024/2024-01-04-minutes-of-the-server-certificate-WG.md"
    m = minutes_from_text(rel, (corpus_dir / rel).read_text(encoding="utf-8"))
    assert (m.body, m.date, m.kind) == ("scwg", dt.date(2024, 1, 4), "teleconference")
    assert m.post_date is None
    assert len(m.attendees) == 48
    assert len(orgs(m)) == 28
    assert ("Aaron Gable", "Let's Encrypt") in pairs(m)
    assert not any(a.name.startswith("TLS") for a in m.attendees)
    assert any("no title" in w for w in messages(m))
    assert m.warnings[0].line is None
    assert m.text.startswith("Roll Call")


def test_post_without_front_matter_through_parse_minutes(corpus_dir):
    """What a dispatcher gets from python-frontmatter for that file: no metadata at all."""
    m = load(corpus_dir, "posts/2024/2024-01-04-minutes-of-the-server-certificate-WG.md")
    assert (m.body, m.date) == ("scwg", dt.date(2024, 1, 4))
    assert len(m.attendees) == 48


def test_text_keeps_the_markdown_and_normalises_line_ends(corpus_dir):
    rel = "posts/2024/2024-06-19-minutes-smcwg.md"
    raw = (corpus_dir / rel).read_text(encoding="utf-8")
    m = minutes_from_text(rel, raw)
    assert "\r" not in m.text
    assert m.text.startswith("## Minutes of SMCWG")
    assert "## 1. Roll Call" in m.text


def test_warning_lines_are_file_lines(corpus_dir):
    rel = "posts/2024/2024-07-11-minutes-of-the-code-signing-certificate-working-group.md"
    raw = (corpus_dir / rel).read_text(encoding="utf-8")
    m = minutes_from_text(rel, raw)
    lines = raw.replace("\r\n", "\n").split("\n")
    for w in m.warnings:
        assert w.line is not None
        assert lines[w.line - 1].startswith("Atsushi INABA")
