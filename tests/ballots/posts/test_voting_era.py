"""The layouts of the Forum's 2013-2018 posts, each read from a real post of the corpus."""

import datetime as dt
import shutil

import pytest

from ballots.export import export_ballots
from ballots.models import Ballot, Vote
from ballots.posts.importer import import_posts
from ballots.posts.parse import parse_file

pytestmark = pytest.mark.django_db

B109 = "posts/2013/2013-10-28-ssl-performanceballot-109.md"
B110 = "posts/2014/2014-02-06-ballot-110-motion-to-adopt-version-1-1-of-the-bylaws.md"
B117 = "posts/2014/2014-03-24-ballot-117-ev-code-signing-guidelines-corrections.md"
B117_NOTICE = (
    "posts/2014/2014-07-07-notice-ipr-review-period-amendment-ev-code-signing-guidelines-"
    "ballot-117.md"
)
B131 = "posts/2014/2014-09-12-ballot-131-update-verified-method-communication.md"
B136 = "posts/2014/2014-10-15-ballot-136-chair-election.md"
B180 = (
    "posts/2017/2017-01-07-ballot-180-readopting-brs-evgl-ev-code-signing-ncssr-guidelines-"
    "amendments.md"
)
B183 = "posts/2017/2017-01-31-ballot-183-amending-bylaws-clarify-ballot-approval-process.md"


def ballot(corpus_dir, rel):
    (parsed,) = parse_file(corpus_dir / rel, corpus_dir).ballots
    return parsed


def counts(record):
    return {cls: list(record["tally"][cls].values()) for cls in ("issuers", "consumers")}


def imported(corpus_dir, tmp_path, *rels):
    for rel in rels:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_dir / rel, target)
    result = import_posts([tmp_path])
    assert result.count(status="error") == 0
    return {b["ballot_id"]: b for b in export_ballots()}


def test_voters_of_both_classes_in_one_sentence_get_their_class_from_the_browsers_table(
    corpus_dir, tmp_path
):
    # "Seventeen voted in favor – Buypass, Comodo, ..., TURKTRUST, Google, Microsoft, Opera,
    # and Mozilla. There were no abstentions and none opposed."
    parsed = ballot(corpus_dir, B109)
    assert len(parsed.votes) == 17 and {v.member_class for v in parsed.votes} == {None}
    record = imported(corpus_dir, tmp_path, B109)["Ballot 109"]
    assert counts(record) == {"issuers": [13, 0, 0], "consumers": [4, 0, 0]}
    assert record["votes"]["consumers"]["yes"] == ["Google", "Microsoft", "Mozilla", "Opera"]
    assert record["verification"]["status"] == "verified"
    assert Vote.objects.filter(ballot__number="Ballot 109", class_inferred=True).count() == 17


def test_yea_nay_and_abstain_labels(corpus_dir, tmp_path):
    record = imported(corpus_dir, tmp_path, B117)["Ballot 117"]
    assert counts(record) == {"issuers": [15, 2, 1], "consumers": [2, 1, 0]}
    assert record["votes"]["consumers"]["no"] == ["Google"]


def test_prose_lists_voting_in_favor_were_and_abstained(corpus_dir, tmp_path):
    data = imported(corpus_dir, tmp_path, B131, B136)
    assert counts(data["Ballot 131"]) == {"issuers": [19, 0, 0], "consumers": [1, 0, 0]}
    assert counts(data["Ballot 136"]) == {"issuers": [19, 0, 3], "consumers": [4, 0, 0]}


def test_quoted_choices_with_names_in_parentheses(corpus_dir):
    # 'With 6 “yes” votes from CAs (Digicert, ...) and 2 “no” votes from Browsers (Mozilla and
    # Google), Ballot 110 made quorum but did not pass.'
    parsed = ballot(corpus_dir, B110)
    assert (parsed.stated.outcome, parsed.stated.issuer_yes, parsed.stated.consumer_no) == (
        "failed",
        6,
        2,
    )
    assert sorted(v.organization for v in parsed.votes if v.member_class == "consumer") == [
        "Google",
        "Mozilla",
    ]


def test_a_class_line_with_a_dash_and_votes_named_as_not_counted(corpus_dir, tmp_path):
    # "CAs – 18 yes, 0 no, 3 abstain (plus one yes vote on the Management list, which will not
    # be counted)" / "Browsers – 5 yes, 0 no, 0 abstain" / "1 yes on Management list (not
    # counted in vote total) – CNNIC"
    parsed = ballot(corpus_dir, B180)
    stated = parsed.stated
    assert (stated.issuer_yes, stated.issuer_no, stated.issuer_abstain) == (18, 0, 3)
    assert (stated.consumer_yes, stated.consumer_no, stated.consumer_abstain) == (5, 0, 0)
    assert "1 yes on Management list (not counted in vote total) – CNNIC" in stated.not_counted
    record = imported(corpus_dir, tmp_path, B180)["Ballot 180"]
    assert record["verification"]["status"] == "verified"


def test_the_ballot_s_own_quorum_figure_beats_the_standing_one(corpus_dir):
    # "The quorum figure was 8 votes total" and, later, "Quorum is currently ten (10) Members".
    assert ballot(corpus_dir, B183).stated.quorum == 8


def test_a_time_written_before_the_weekday_and_date_is_kept(corpus_dir):
    # "... will close at 2200 UTC on Monday, October 28, 2013"
    parsed = ballot(corpus_dir, B109)
    assert parsed.voting_end.value == dt.datetime(2013, 10, 28, 22, 0, tzinfo=dt.UTC)
    assert not parsed.voting_end.date_only


def test_an_election_is_recognised_and_judged_by_bylaw_4_1_3(corpus_dir, tmp_path):
    record = imported(corpus_dir, tmp_path, B136)["Ballot 136"]
    assert (record["ballot_type"], record["outcome"]) == ("election", "passed")
    assert "Election (Bylaws 4.1(3))" in record["verification"]["words"]


def test_a_review_notice_does_not_retitle_its_ballot_and_the_title_drops_a_glued_outcome(
    corpus_dir, tmp_path
):
    imported(corpus_dir, tmp_path, B117, B117_NOTICE)
    assert Ballot.objects.get(number_key="117").title == "EV Code Signing Guidelines Corrections"


def test_a_post_whose_ballot_id_belongs_to_another_body_is_reported_not_merged(tmp_path):
    post = tmp_path / "2024-06-01-ballot-sc-99.md"
    post.write_text(
        "---\ntitle: 'Ballot SC-99: Something'\ndate: 2024-06-01\ntags: [S/MIME, Ballot]\n---\n\n"
        "Ballot SC-99 passed.\n",
        encoding="utf-8",
    )
    result = import_posts([post])
    (report,) = result.reports
    assert report.errors == [
        "2024-06-01-ballot-sc-99.md: could not be stored: ValueError: SC-99: the ballot's body "
        "could not be determined (ballot SC-99 belongs to scwg but the tags say smcwg: not "
        "merged into either body's ballot)"
    ]
    assert not Ballot.objects.exists()


def test_sources_link_to_the_forum_s_public_address(corpus_dir, tmp_path, client):
    smc07 = "posts/2024/2024-05-24-ballot-smc07-Logging-Requirement-and-Key Escrow-clarification.md"
    sc73 = "posts/2024/2024-06-07-ballot-sc73/index.md"
    data = imported(corpus_dir, tmp_path, smc07, sc73, B131)
    # No alias: the permalink the site builds from the date and the title (it is the address
    # other posts of the corpus link to).
    assert data["SMC07"]["source_urls"] == [
        "https://cabforum.org/2024/05/24/ballot-smc07-align-logging-requirement-and-key-escrow-"
        "clarification/"
    ]
    # An alias in the front matter is an address the site serves (a redirect).
    assert data["SC-73"]["source_urls"] == [
        "https://cabforum.org/2024/06/07/ballot-sc-73-Compromised-and-weak-keys"
    ]
    assert data["Ballot 131"]["source_urls"] == [
        "https://cabforum.org/2014-09-12-ballot-131-update-verified-method-communication/"
    ]
    page = client.get("/ballots/scwg/SC-73/").content.decode()
    assert 'href="https://cabforum.org/2024/06/07/ballot-sc-73-Compromised-and-weak-keys"' in page
    assert "content/posts/2024/2024-06-07-ballot-sc73/index.md" in page


def _post(tmp_path, name, body, title="Ballot SC-191: A ballot"):
    path = tmp_path / name
    path.write_text(
        f"---\ndate: 2019-05-02\ntags:\n- Ballot\n- Server Certificates\ntitle: '{title}'\n---\n\n"
        + body,
        encoding="utf-8",
    )
    (parsed,) = parse_file(path, tmp_path).ballots
    return parsed


def test_results_pasted_in_a_code_block(tmp_path):
    b = _post(
        tmp_path,
        "code.md",
        "The voting on Ballot SC-191 has ended and the ballot has passed. The results:\n\n"
        "```\nCertificate Issuers: 3 votes total, with no abstentions\n"
        "  3 Yes votes: Buypass, DigiCert, HARICA\n  0 No votes\n"
        "Certificate Consumers: 1 votes total\n  1 Yes votes: Mozilla\n```\n",
    )
    assert [(v.organization, v.member_class) for v in b.votes] == [
        ("Buypass", "issuer"),
        ("DigiCert", "issuer"),
        ("HARICA", "issuer"),
        ("Mozilla", "consumer"),
    ]


def test_a_class_heading_glued_to_the_previous_line_and_counts_zero_padded_or_in_words(
    tmp_path,
):
    b = _post(
        tmp_path,
        "glued.md",
        "Ballot SC-191 has passed. The voting results are below.**Certificate Issuers**\n\n"
        "03 Yes votes: Buypass, DigiCert, HARICA\n\n**Certificate Consumers**\n\n"
        "Two Yes votes: Google, Mozilla\n",
    )
    assert (b.stated.issuer_yes, b.stated.consumer_yes) == (3, 2)
    assert {v.organization: v.member_class for v in b.votes} == {
        "Buypass": "issuer",
        "DigiCert": "issuer",
        "HARICA": "issuer",
        "Google": "consumer",
        "Mozilla": "consumer",
    }


def test_struck_through_counts_are_reported_and_the_names_trusted(tmp_path):
    b = _post(
        tmp_path,
        "strike.md",
        "Ballot SC-191 has passed.\n\n**Certificate Issuers** ~~22~~ 3 votes total, with no "
        "abstentions:\n\n- **~~21~~ 3 Issuers voting YES**: DigiCert, Entrust, GlobalSign\n",
    )
    assert (b.stated.issuer_yes, b.stated.issuer_total) == (3, 3)
    assert [v.organization for v in b.votes] == ["DigiCert", "Entrust", "GlobalSign"]
    assert [w.message for w in b.warnings] == [
        "struck-through text ignored: ~~22~~",
        "struck-through text ignored: ~~21~~",
    ]
