"""Ballot posts: the seed, every real corpus post, and one test per layout the Forum has used."""

import datetime as dt
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from ballots.posts.data import ParsedBallot, ParsedPerson, PostError
from ballots.posts.parse import parse_file, parse_post
from tests.smc07 import SMC07_CONSUMERS, SMC07_ISSUERS

UTC = dt.UTC
SEED = "000_30f3868998a73e3b.txt"


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


def one(corpus_dir: Path, rel: str) -> ParsedBallot:
    post = parse_file(corpus_dir / rel, corpus_dir)
    assert post.kind == "ballot", post.reason
    assert len(post.ballots) == 1
    return post.ballots[0]


def names(ballot: ParsedBallot, cls, choice) -> list[str]:
    return [v.organization for v in ballot.votes if v.member_class == cls and v.choice == choice]


def messages(ballot: ParsedBallot) -> str:
    return "\n".join(w.message for w in ballot.warnings)


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed(seeds_dir) -> ParsedBallot:
    post = parse_file(seeds_dir / SEED, seeds_dir)
    assert post.kind == "ballot"
    assert post.path == SEED
    assert len(post.ballots) == 1
    return post.ballots[0]


def test_seed_identity(seed):
    assert seed.ballot_id == "SMC07"
    assert seed.number_key == "SMC-7"
    assert seed.body == "smcwg"
    assert seed.title == "Align Logging Requirement and Key Escrow clarification"
    assert seed.ballot_type == "final_maintenance_guideline"
    assert seed.author == "Stephen Davidson"
    assert seed.tags == ["S/MIME", "Ballot"]
    assert seed.post_date == at(2024, 5, 24)


def test_seed_people(seed):
    assert seed.proposer == ParsedPerson("Martijn Katerbarg", "Sectigo")
    assert seed.endorsers == [
        ParsedPerson("Stephen Davidson", "DigiCert"),
        ParsedPerson("Tom Zermeno", "SSL.com"),
    ]


def test_seed_votes(seed):
    assert names(seed, "issuer", "yes") == SMC07_ISSUERS  # in the seed's order
    assert names(seed, "consumer", "yes") == SMC07_CONSUMERS
    assert len(seed.votes) == 17


def test_seed_lines_point_into_the_file(seeds_dir, seed):
    lines = (seeds_dir / SEED).read_text(encoding="utf-8").split("\n")
    yes_line = next(i for i, t in enumerate(lines, 1) if "15 Issuers voting YES" in t)
    assert {v.line for v in seed.votes if v.member_class == "issuer"} == {yes_line}
    assert "2359 UTC on July 12, 2024" in lines[seed.review_end.line - 1]
    assert "Start time: 2024-05-24" in lines[seed.discussion_start.line - 1]


def test_seed_stated_result(seed):
    s = seed.stated
    assert (s.issuer_yes, s.issuer_no, s.issuer_abstain, s.issuer_total) == (15, 0, 0, 15)
    assert (s.consumer_yes, s.consumer_no, s.consumer_abstain, s.consumer_total) == (2, 0, 0, 2)
    assert s.quorum == 7
    assert s.outcome == "passed"
    assert s.claims == {
        "issuer_threshold": True,
        "consumer_threshold": True,
        "one_yes_each_class": True,
        "quorum": True,
    }


def test_seed_dates(seed):
    assert seed.review_start.value == at(2024, 6, 12)
    assert seed.review_start.date_only
    assert seed.review_end.value == at(2024, 7, 12, 23, 59)
    assert seed.review_end.text == "2359 UTC on July 12, 2024"
    assert seed.discussion_start.value == at(2024, 5, 24, 12, 30)
    assert seed.discussion_end.value == at(2024, 6, 5, 12, 30)
    assert seed.discussion_end.hedge == "not before"
    assert seed.voting_start is None and seed.voting_end is None
    # "adopted as of July 15, 2024" is about SMC06, not this ballot
    assert seed.effective is None


def test_seed_exclusion_notice_sentence_is_about_smc06(seed):
    assert seed.exclusion_notice_filed is None


def test_seed_motion_and_purpose(seed):
    assert seed.motion.startswith("This ballot modifies the “Baseline Requirements")
    assert seed.motion.endswith("640c8787d8f31db8d36269d0a10b424af6b077fc")
    assert "Motion" not in seed.motion
    assert seed.purpose.startswith("This ballot aims to clarify what data")
    assert seed.purpose.endswith("maximum key escrow duration periods.")
    assert "proposed by" not in seed.purpose


# --------------------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    out = {}
    for file in sorted(corpus_dir.rglob("*.md")):
        post = parse_file(file, corpus_dir)
        out[post.path] = post
    return out


def test_every_corpus_file_parses(corpus_dir, corpus):
    assert len(corpus) == len(list(corpus_dir.rglob("*.md"))) == 276
    kinds = Counter(p.kind for p in corpus.values())
    # the 2024 minutes file without front matter is read as minutes, with a warning
    assert kinds == {"ballot": 161, "minutes": 100, "skipped": 15}
    ballots_2024 = [p for path, p in corpus.items() if p.kind == "ballot" and "/2024/" in path]
    assert len(ballots_2024) == 32
    for post in corpus.values():
        for b in post.ballots:
            assert b.path == post.path
            assert b.body in {"forum", "scwg", "smcwg", "cscwg", "netsec"}
            assert b.number_key


def test_skip_reasons(corpus):
    skipped = {p: post.reason for p, post in corpus.items() if post.kind == "skipped"}
    no_front = corpus["posts/2024/2024-01-04-minutes-of-the-server-certificate-WG.md"]
    assert no_front.kind == "minutes"
    assert "no front matter" in no_front.warnings[0].message
    for name in ("ballot.md", "minutes.md", "post.md"):
        assert "archetype" in skipped[f"archetypes/{name}"]
    assert "page" in skipped["about/membership/members.md"]
    assert "page" in skipped["working-groups/netsec/_index.md"]
    assert "page" in skipped["ballots.md"]  # the ballots list page (layout: ballots)


def test_every_ballot_has_an_id_title_and_sane_dates(corpus):
    for post in corpus.values():
        for b in post.ballots:
            for name in ("discussion", "voting", "review"):
                start, end = getattr(b, f"{name}_start"), getattr(b, f"{name}_end")
                for value in (start, end):
                    assert value is None or value.value.tzinfo is not None
            assert b.ballot_id and b.number_key


# Posts whose stated counts disagree with the organisations they list. Each was read by hand:
# the post itself says two different things, so the storer records a discrepancy.
GENUINE_DISAGREEMENTS = {
    # "22 votes total, with no abstentions" then "23 Yes votes:" with 23 names
    (
        "posts/2021/2021-02-10-ballot-sc39v3-definition-of-critical-vulnerability.md",
        "issuer",
        "total",
    ): (
        22,
        23,
    ),
    # "23 votes total including abstentions" but 11 Yes + 1 No names (12)
    ("posts/2024/2024-01-13-ballot-forum-20v2-cswg-charter.md", "issuer", "total"): (23, 12),
    # "19 votes total" but "16 Issuers voting YES:" with 16 names
    (
        "posts/2024/2024-07-15-smcwg-ballot-SMC08-Deprecate-Legacy-Generation-Profiles-and-Minor-Updates.md",
        "issuer",
        "total",
    ): (19, 16),
    # "4 votes total" and "3 Consumers voting YES: Apple, Google, Mozilla, Opera" (4 names)
    ("posts/2024/2024-08-05-ballot-sc67/index.md", "consumer", "yes"): (3, 4),
    # "17 votes total", revised "to include yes vote from Trustwave": 18 listed
    ("posts/2017/2017-10-23-ballot-207-asn-1-jurisdiction-ev-guidelines.md", "issuer", "total"): (
        17,
        18,
    ),
    # "14 votes total" with 13 Yes, 1 No and 2 Abstain listed
    ("posts/2017/2017-10-26-ballot-208-dnqualifiers.md", "issuer", "total"): (14, 16),
    # "23 votes total" and "23 Yes votes:" followed by 32 names
    ("posts/2018/2018-09-14-ballot-sc6-revocation-timeline-extension.md", "issuer", "yes"): (
        23,
        32,
    ),
    ("posts/2018/2018-09-14-ballot-sc6-revocation-timeline-extension.md", "issuer", "total"): (
        23,
        32,
    ),
    # "10 Yes votes:" with 9 names
    (
        "posts/2018/2018-10-09-ballot-forum-7-update-etsi-requirements-in-scwg-charter.md",
        "issuer",
        "yes",
    ): (10, 9),
    # "29 votes total including abstentions", then "24 votes total", 24 names listed
    ("posts/2019/2019-11-12-ballot-sc24-fall-cleanup-v2.md", "issuer", "total"): (29, 24),
}


def _mismatches(post) -> dict:
    found = {}
    for b in post.ballots:
        for cls in ("issuer", "consumer"):
            listed = {c: len(names(b, cls, c)) for c in ("yes", "no", "abstain")}
            if not any(listed.values()):
                continue  # counts stated in prose only, nobody listed
            for choice in ("yes", "no", "abstain"):
                stated = getattr(b.stated, f"{cls}_{choice}")
                if stated is not None and stated != listed[choice]:
                    found[(post.path, cls, choice)] = (stated, listed[choice])
            total = getattr(b.stated, f"{cls}_total")
            if total is not None and total != sum(listed.values()):
                found[(post.path, cls, "total")] = (total, sum(listed.values()))
    return found


def test_listed_organisations_match_stated_counts(corpus):
    found = {}
    stating = 0
    for post in corpus.values():
        if any(b.stated.issuer_yes is not None for b in post.ballots):
            stating += 1
        found.update(_mismatches(post))
    assert stating >= 30
    assert found == GENUINE_DISAGREEMENTS


def test_genuine_disagreements_are_warned_about(corpus):
    for path, _cls, _choice in GENUINE_DISAGREEMENTS:
        (ballot,) = corpus[path].ballots
        assert "stated" in messages(ballot)


# --------------------------------------------------------------------------- layouts


def test_old_wordpress_prose_with_names(corpus_dir):
    b = one(corpus_dir, "posts/2015/2015-07-10-ballot-149-membership-criteria-clarification.md")
    assert (b.ballot_id, b.body, b.number_key) == ("Ballot 149", "forum", "149")
    assert b.title == "Membership Criteria Clarification"
    assert names(b, "issuer", "yes")[:2] == ["Buypass", "Chungwa Telecom"]
    assert names(b, "issuer", "yes")[-2:] == ["Visa", "WoSign"]
    assert len(names(b, "issuer", "yes")) == 17
    assert names(b, "consumer", "yes") == ["Google", "Opera", "Mozilla"]
    assert names(b, "issuer", "abstain") == ["Actalis", "ANF", "OATI"]
    s = b.stated
    assert (s.issuer_yes, s.issuer_abstain, s.consumer_yes) == (17, 3, 3)
    assert (s.issuer_no, s.consumer_no) == (0, 0)  # "There were 0 NO votes."
    assert s.quorum == 7  # "at least seven members must participate"
    assert s.outcome == "passed"
    assert b.proposer == ParsedPerson("Kirk Hall", "Trend Micro")
    assert [p.name for p in b.endorsers] == ["Jody Cloutier", "Wayne Thayer", "Dean Coclin"]
    # before 2018 "the review period" was the discussion period
    assert b.discussion_start.value == at(2015, 6, 26, 18)
    assert b.discussion_end.value == at(2015, 7, 3, 18)
    assert b.voting_start.value == at(2015, 7, 3, 18)
    assert b.voting_end.value == at(2015, 7, 10, 18)
    assert b.review_start is None
    assert b.motion.startswith("**Ballot 149: Revisions")
    assert "'Motion Ends' without 'Motion Begins'" in messages(b)


def test_old_prose_counts_only(corpus_dir):
    b = one(corpus_dir, "posts/2016/2016-03-31-ballot-164.md")
    s = b.stated
    assert (s.issuer_yes, s.issuer_no, s.issuer_abstain) == (19, 0, 0)
    assert (s.consumer_yes, s.consumer_no, s.consumer_abstain) == (3, 0, 0)
    assert s.quorum == 10  # "Quorum is currently ten (10) members"
    assert b.votes == []
    assert b.proposer == ParsedPerson("Jacob Hoffman-Andrews", "Let’s Encrypt")
    assert b.purpose.startswith("As demonstrated in")
    assert b.discussion_end.value == at(2016, 7, 1, 22)
    b166 = one(corpus_dir, "posts/2016/2016-04-04-ballot-166.md")
    assert (b166.stated.issuer_yes, b166.stated.issuer_no) == (18, 0)  # "zero NO votes"


def test_old_post_with_procedure_inside_the_motion(corpus_dir):
    b = one(corpus_dir, "posts/2013/2013-05-03-ballot-99-add-dsa-keys.md")
    assert b.stated.outcome == "passed"  # "(Passed)"
    assert b.voting_end.value == at(2013, 5, 3, 21)
    assert "inside the motion" in messages(b)


def test_failed_ballot_with_percentages(corpus_dir):
    b = one(corpus_dir, "posts/2017/2017-07-26-ballot-202-underscore-wildcard-characters.md")
    s = b.stated
    assert s.outcome == "failed"
    assert (s.issuer_yes, s.issuer_no, s.issuer_abstain, s.issuer_total) == (12, 7, 0, 19)
    assert s.issuer_yes_percent == Fraction(63)
    assert s.consumer_yes_percent == Fraction(100)
    assert (s.quorum, s.participants) == (11, 22)
    assert s.claims["issuer_threshold"] is False
    assert s.claims["consumer_threshold"] is True
    assert names(b, "issuer", "no") == [
        "Buypass",
        "CFCA",
        "DocuSign France",
        "Entrust",
        "GDCA",
        "GlobalSign",
        "SHECA",
    ]
    assert b.ballot_type == "final_maintenance_guideline"
    # date-only table cells completed by "Start time (22:00 UTC)"
    assert b.discussion_start.value == at(2017, 7, 12, 22)
    assert b.voting_end.value == at(2017, 7, 26, 22)


def test_failed_ballot_with_browsers_abstaining(corpus_dir):
    b = one(
        corpus_dir, "posts/2018/2018-07-27-ballot-sc2-validating-certificates-via-caa-contact.md"
    )
    assert b.stated.outcome == "failed"
    assert names(b, "consumer", "abstain") == ["Apple", "Comodo Group Inc.", "Mozilla", "360"]
    assert b.stated.quorum == 12 and b.stated.participants == 33
    assert b.stated.claims["quorum"] is True  # "Quorum met: Yes"
    assert b.stated.claims["consumer_threshold"] is False
    # "10:30am EST" in July is New York time
    assert b.discussion_start.value == at(2018, 7, 11, 14, 30)
    assert b.discussion_start.zone == "America/New_York"


def test_failed_ballot_nobody_in_favour(corpus_dir):
    b = one(corpus_dir, "posts/2021/2021-04-08-ballot-sc43-clarify-acceptable-status-codes.md")
    assert b.stated.outcome == "failed"
    assert names(b, "issuer", "no")[4] == "Let’s Encrypt / ISRG"
    assert (b.stated.issuer_yes, b.stated.issuer_no, b.stated.consumer_no) == (0, 8, 1)
    assert b.stated.claims == {
        "issuer_threshold": False,
        "consumer_threshold": False,
        "one_yes_each_class": False,
        "quorum": False,
    }
    assert [v.number for v in b.versions] == [2]  # "The voting on SC43v2"
    assert b.discussion_start.value == at(2021, 3, 11, 21, 30)  # "11-March 2021 21:30 UTC"


def test_failed_code_signing_ballot_with_empty_consumer_row(corpus_dir):
    b = one(corpus_dir, "posts/2024/2024-05-29-ballot-csc-24.md")
    assert b.stated.outcome == "failed"
    assert len(names(b, "issuer", "yes")) == 6
    assert names(b, "consumer", "yes") == []


def test_withdrawn_ballot(corpus_dir):
    b = one(
        corpus_dir,
        "posts/2018/2018-09-24-ballot-sc11-update-etsi-requirements-in-the-scwg-charter.md",
    )
    assert b.stated.outcome == "withdrawn"
    assert (b.ballot_id, b.body) == ("SC11", "scwg")
    assert b.votes == [] and b.motion == ""


def test_never_voted_ballots(corpus_dir):
    sc4 = one(
        corpus_dir,
        "posts/2018/2018-11-06-ballot-sc4-caa-contact-property-and-associated-e-mail-validation-method.md",
    )
    assert sc4.stated.outcome == "failed"  # as the post says (21 days without a vote)
    assert sc4.votes == []
    assert sc4.voting_start is None and sc4.voting_end is None  # "TBD"
    assert sc4.discussion_end.hedge == "not before"
    assert sc4.discussion_start.value == at(2018, 10, 10, 19, 50)
    sc38 = one(corpus_dir, "posts/2020/2020-12-16-ballot-sc38-alignment-of-record-archival.md")
    assert sc38.stated.outcome == "failed"
    assert sc38.body == "scwg"  # tagged Network Security too; the id decides
    assert sc38.proposer == ParsedPerson("Neil Dunbar", "TrustCor Systems")
    assert sc38.ballot_type == "final_maintenance_guideline"


def test_voting_results_bullet_layout(corpus_dir):
    b = one(corpus_dir, "posts/2024/2024-06-07-ballot-sc73/index.md")
    assert (b.ballot_id, b.number_key, b.title) == ("SC-73", "SC-73", "Compromised and weak keys")
    assert len(names(b, "issuer", "yes")) == 23
    assert "Let's Encrypt / ISRG" in names(b, "issuer", "yes")
    assert names(b, "consumer", "yes") == ["Mozilla"]
    assert b.stated.quorum == 14
    assert b.review_start.value == at(2024, 5, 6, 10)
    assert b.review_end.value == at(2024, 6, 6, 10)
    assert b.voting_end.value == at(2024, 5, 3)
    assert b.proposer == ParsedPerson("Wayne Thayer", "Fastly")
    assert b.ballot_type == "final_maintenance_guideline"


def test_bullet_layout_with_a_count_before_names(corpus_dir):
    b = one(corpus_dir, "posts/2024/2024-11-14-ballot-sc80/index.md")
    assert [v.number for v in b.versions] == [3]
    assert "MOIS (Ministry of Interior and Safety) of the republic of Korea" in names(
        b, "issuer", "yes"
    )
    assert names(b, "issuer", "abstain") == ["Japan Registry Services"]
    assert (b.stated.issuer_yes, b.stated.issuer_abstain, b.stated.issuer_total) == (23, 1, 24)
    assert b.proposer.name == "Ryan Dickson"
    assert "also proposed by Chris Clements" in messages(b)


def test_procedure_table_with_times_in_the_header(corpus_dir):
    b = one(
        corpus_dir, "posts/2024/2024-04-19-ballot-sc65-convert-EVGs-into-RFC3647-format/index.md"
    )
    assert (b.ballot_id, b.number_key, [v.number for v in b.versions]) == ("SC065v2", "SC-65", [2])
    assert b.discussion_start.value == at(2024, 2, 20, 17)
    assert b.discussion_end.value == at(2024, 3, 4, 15)
    assert b.voting_start.value == at(2024, 3, 4, 15, 30)
    sc70 = one(
        corpus_dir,
        "posts/2024/2024-02-23-ballot-sc-70-Clarify-the-use-of-DTPs-for-Domain-Control-Validation/index.md",
    )
    assert sc70.voting_start.hedge == "expected"
    # the table gives a voting period before the discussion period: the post disagrees with itself
    assert "is after voting start" in messages(sc70)


def test_tab_separated_procedure(corpus_dir):
    b = one(
        corpus_dir,
        "posts/2024/2024-02-01-ballot-sc-008-allow-vatel-and-vatxi-for-organizationidentifier/index.md",
    )
    assert b.number_key == "SC-68"  # the title decides, not the folder name
    assert b.discussion_start.value == at(2024, 1, 16, 8)
    assert b.voting_end.value == at(2024, 1, 30, 8)
    assert names(b, "issuer", "yes")[-2:] == ["Telia Company", "Viking Cloud"]


def test_well_formed_vote_table(corpus_dir):
    b = one(
        corpus_dir,
        "posts/2024/2024-03-26-ballot-csc-23-marking-the-ev-code-signing-guidelines-superceded.md",
    )
    assert names(b, "issuer", "yes")[:2] == ["Actalis", "Asseco (Certum)"]
    assert len(names(b, "issuer", "yes")) == 9
    assert names(b, "consumer", "yes") == ["Microsoft"]
    assert b.effective.value == at(2024, 3, 26)


def test_mangled_vote_tables_with_names_run_together(corpus_dir):
    b = one(
        corpus_dir,
        "posts/2021/2021-10-04-ballot-csc-11-update-to-log-data-retention-requirements.md",
    )
    assert names(b, "issuer", "yes") == [
        "Certum (Asseco)",
        "DigiCert",
        "eMudhra",
        "Entrust",
        "GlobalSign",
        "HARICA",
        "Sectigo",
        "SecureTrust",
    ]
    assert names(b, "consumer", "yes") == ["Microsoft"]
    assert [v.line for v in b.votes] == [32] * 8 + [35]  # the lines the names are on
    assert b.exclusion_notice_filed is False
    assert b.effective.value == at(2021, 11, 3)
    assert b.stated.outcome == "passed"
    csc14 = one(
        corpus_dir,
        "posts/2022/2022-05-26-ballot-csc-14-convert-code-signing-baseline-requirements-to-rfc-3647-framework.md",
    )
    assert names(csc14, "issuer", "abstain") == ["Sectigo"]
    assert len(names(csc14, "issuer", "yes")) == 9
    # label and value in separate cells on separate lines
    assert csc14.review_start.value == at(2022, 5, 26, 18)
    assert csc14.review_end.value == at(2022, 6, 25, 18)


def test_combined_post_announcing_two_ballots(corpus_dir):
    post = parse_file(
        corpus_dir / "posts/2024/2024-01-18-ballots-csc-21-and-csc-22/index.md", corpus_dir
    )
    assert [b.ballot_id for b in post.ballots] == ["CSC-21", "CSC-22"]
    csc21, csc22 = post.ballots
    assert names(csc21, "issuer", "abstain") == ["Sectigo"]
    assert "Sectigo" not in names(csc21, "issuer", "yes")
    assert "Sectigo" in names(csc22, "issuer", "yes")
    assert names(csc22, "issuer", "abstain") == []
    for b in post.ballots:
        assert b.body == "cscwg"
        assert names(b, "consumer", "yes") == ["Microsoft"]
        assert b.review_start.value == at(2024, 1, 17, 14)  # shared review notice
        assert b.exclusion_notice_filed is False
        assert b.proposer == ParsedPerson("Bruce Morton", "Entrust")
    assert "Remove requirements for signing request" in csc21.purpose
    assert "High Risk Certificate Request" in csc22.purpose
    # "End of Review Period: 18 February" but "The IPR review period ended on February 28"
    assert "review end stated as" in messages(csc21)


def test_combined_post_with_titles_in_the_text(corpus_dir):
    post = parse_file(
        corpus_dir / "posts/2024/2024-07-01-ballots-csc-25-and-csc-26/index.md", corpus_dir
    )
    csc25, csc26 = post.ballots
    assert csc25.title == "Import EV Guidelines into the Code Signing Baseline Requirements"
    assert csc26.title == "Timestamping Private Key Protection Ballot"
    assert len(names(csc25, "issuer", "yes")) == 6
    assert len(names(csc26, "issuer", "yes")) == 8
    for b in (csc25, csc26):
        assert b.effective.value == at(2024, 8, 1)
        assert b.exclusion_notice_filed is False
        assert b.stated.outcome == "passed"


def test_network_security_posts_list_consumers_first(corpus_dir):
    b = one(corpus_dir, "posts/2024/2024-04-09_NSWG_Ballot-NS-003-Restructure-the-NCSSRs.md")
    assert (b.ballot_id, b.body, b.number_key) == ("NS-003", "netsec", "NS-3")
    assert names(b, "consumer", "yes") == ["Apple", "Google", "Microsoft", "Mozilla"]
    assert len(names(b, "issuer", "yes")) == 18
    s = b.stated
    assert (s.consumer_total, s.issuer_total, s.quorum, s.participants) == (4, 18, 8, 22)
    assert s.outcome == "passed"
    # "2024-April-09 16:00 UTC", also in the front matter
    assert b.discussion_start.value == at(2024, 4, 9, 16)
    assert b.post_date == at(2024, 4, 9, 16)
    assert b.proposer == ParsedPerson("Clint Wilson", "Apple")
    ns5 = one(corpus_dir, "posts/2024/2024-11-11-NSWG-Ballot-NS-005/Ballot-NS-005.md")
    assert ns5.stated.outcome == "passed"  # the sentence also names NS-003 in the title
    assert ns5.discussion_start.value == at(2024, 9, 27, 19, 30)  # "2024 Sept 27, 19:30 UTC"
    assert ns5.voting_start.value == at(2024, 10, 4, 19, 30)  # "2024: Oct 4, 19:30 UTC"
    assert ns5.proposer == ParsedPerson("Daniel Jeffery", "Fastly/Certainly")
    assert "Relation to Ballot NS-003" in ns5.purpose
    ns4 = one(corpus_dir, "posts/2024/2024-12-16-NSWG-Ballot-NS-004/Ballot-NS-004.md")
    assert ns4.discussion_end.value == at(2024, 10, 31, 15, 30)  # "October 31rd, 2024"


def test_forum_ballots(corpus_dir):
    f1 = one(
        corpus_dir,
        "posts/2018/2018-08-27-ballot-forum-1-establish-forum-infrastructure-working-group.md",
    )
    assert (f1.ballot_id, f1.body, f1.number_key) == ("Forum-1", "forum", "FORUM-1")
    assert f1.ballot_type == "other"  # "not a Ballot for a Draft Guideline"
    assert f1.effective.value == at(2018, 8, 27)
    assert f1.discussion_start.value == at(2018, 8, 13, 9)
    f10 = one(
        corpus_dir,
        "posts/2019/2019-10-08-ballot-forum-10-re-charter-forum-infrastructure-working-group.md",
    )
    assert f10.voting_start.value == at(2019, 9, 30, 21)
    assert f10.voting_end.value == at(2019, 10, 7, 21)
    assert "Sectigo (former Comodo CA)" in names(f10, "issuer", "yes")
    f16 = one(
        corpus_dir,
        "posts/2020/2020-11-01-ballot-forum-16-election-of-ca-browser-forum-vice-chair.md",
    )
    assert f16.ballot_type == "other"  # special ballot
    assert len(names(f16, "issuer", "yes")) == 24
    assert (f16.stated.issuer_no, f16.stated.consumer_abstain) == (0, 0)  # "None"
    assert f16.proposer == ParsedPerson("Dimitris Zacharopoulos", "HARICA")
    assert f16.discussion_start.value == at(2020, 10, 14, 15)  # mangled procedure table
    f20 = one(corpus_dir, "posts/2024/2024-01-13-ballot-forum-20v2-cswg-charter.md")
    assert (f20.ballot_id, f20.body, f20.number_key) == ("FORUM 20v2", "forum", "FORUM-20")
    assert [v.number for v in f20.versions] == [2]
    assert names(f20, "issuer", "no") == ["DigiCert"]
    assert f20.stated.issuer_yes_percent == Fraction(92)


def test_charter_claims_for_both_classes(corpus_dir):
    b = one(corpus_dir, "posts/2019/2019-03-16-ballot-sc16-other-subject-attributes.md")
    assert b.discussion_end.hedge == "after"
    assert "SecureTrust (former Trustwave)" in names(b, "issuer", "yes")
    assert b.stated.claims["one_yes_each_class"] is True


def test_accumulated_post_about_another_ballot_first(corpus_dir):
    b = one(
        corpus_dir,
        "posts/2024/2024-07-15-smcwg-ballot-SMC08-Deprecate-Legacy-Generation-Profiles-and-Minor-Updates.md",
    )
    assert b.exclusion_notice_filed is False
    assert b.effective.value == at(2024, 8, 29)
    assert b.review_end.value == at(2024, 8, 28, 23, 59)


# --------------------------------------------------------------------------- synthetic layouts


def post(body: str, title="Ballot SC-99: Test ballot", tags="[Ballot, Server Certificates]"):
    text = f"---\ntitle: '{title}'\ntags: {tags}\ndate: 2024-06-01\n---\n{body}"
    result = parse_post("synthetic.md", text)
    assert result.kind == "ballot", result.reason
    return result.ballots[0]


def test_counts_after_the_word_and_zero_padded():
    b = post(
        "### Certificate Issuers\n\n"
        "- Yes votes (03): Alpha, Beta, Gamma\n- No votes: 01 - Delta\n- Abstain: none\n\n"
        "### Certificate Consumers\n\n- Yes: two (Mozilla, Google)\n"
    )
    assert names(b, "issuer", "yes") == ["Alpha", "Beta", "Gamma"]
    assert names(b, "issuer", "no") == ["Delta"]
    assert (b.stated.issuer_yes, b.stated.issuer_no, b.stated.issuer_abstain) == (3, 1, 0)
    assert b.stated.consumer_yes == 2
    assert names(b, "consumer", "yes") == ["Mozilla", "Google"]


def test_names_with_commas_inside_and_after():
    b = post(
        "**Certificate Issuers**\n\n"
        "* 4 Issuers voting YES: Chunghwa Telecom Co., Ltd., Asseco Data Systems SA (Certum, "
        "Poland), Foo, Inc. and Let's Encrypt / ISRG\n"
    )
    assert names(b, "issuer", "yes") == [
        "Chunghwa Telecom Co., Ltd.",
        "Asseco Data Systems SA (Certum, Poland)",
        "Foo, Inc.",
        "Let's Encrypt / ISRG",
    ]
    assert "stated" not in messages(b)


def test_one_list_for_both_classes_and_prose_counts():
    b = post("The ballot passed with 6 Yes votes, 2 No votes.\n\nYes votes: A, B, C, D, E, F\n")
    assert {v.member_class for v in b.votes} == {None}
    assert b.stated.outcome == "passed"
    assert "6 yes votes stated without saying which class" in messages(b)


def test_transposed_table_and_per_class_prose():
    b = post(
        "|  | Certificate Issuers | Certificate Consumers |\n|---|---|---|\n"
        "| Yes | A, B | Google |\n| No | C | |\n| Abstain | 0 | Mozilla |\n\n"
        "From the CAs, we received 2 YES votes, 1 NO vote and 0 Abstentions.\n"
    )
    assert names(b, "issuer", "yes") == ["A", "B"]
    assert names(b, "consumer", "abstain") == ["Mozilla"]
    assert (b.stated.issuer_yes, b.stated.issuer_no, b.stated.issuer_abstain) == (2, 1, 0)


def test_met_claim_is_recorded_even_when_the_numbers_disagree():
    b = post(
        "**Certificate Issuers**\n\n- 1 Yes votes: A\n- 5 No votes: B, C, D, E, F\n\n"
        "Bylaw 2.3(f) requires a yes vote by two-thirds of Certificate Issuer votes and "
        "50%-plus-one of Certificate Consumer votes. This requirement was MET for Certificate "
        "Issuers and NOT met for Certificate Consumers.\n\nThe ballot has passed.\n"
    )
    assert b.stated.claims == {"issuer_threshold": True, "consumer_threshold": False}
    assert b.stated.outcome == "passed"
    assert (b.stated.issuer_yes, b.stated.issuer_no) == (1, 5)


def test_exclusion_notice_filed_and_conditionals():
    b = post(
        "If Exclusion Notice(s) are filed, this ballot approval is rescinded.\n\n"
        "If the ballot passes, it takes effect at once.\n\n"
        "An Exclusion Notice was filed by Foo Corp, and the ballot was withdrawn.\n"
    )
    assert b.exclusion_notice_filed is True
    assert b.stated.outcome == "withdrawn"


def test_labelled_people_and_motion_marker_variants():
    b = post(
        "Proposer: Jane Doe (Acme)\n\nEndorsers:\n\n- John Roe (Foo)\n- Ann Lee of Bar Corp\n\n"
        "**— MOTION BEGINS —**\n\nChange the text.\n\n**— MOTION ENDS —**\n"
    )
    assert b.proposer == ParsedPerson("Jane Doe", "Acme")
    assert b.endorsers == [ParsedPerson("John Roe", "Foo"), ParsedPerson("Ann Lee", "Bar Corp")]
    assert b.motion == "Change the text."


def test_people_of_an_organisation_and_several_endorsers():
    b = post(
        "The following motion has been proposed by Ben Wilson of DigiCert and\n"
        "endorsed by Peter Bowen of Amazon, Ryan Sleevi of Google, and Dean Coclin of Symantec to\n"
        "introduce new Final Maintenance Guidelines.\n"
    )
    assert b.proposer == ParsedPerson("Ben Wilson", "DigiCert")
    assert [p.organization for p in b.endorsers] == ["Amazon", "Google", "Symantec"]
    assert b.ballot_type == "final_maintenance_guideline"


def test_final_guideline_and_dst_crossing_procedure():
    b = post(
        "This ballot proposes a Final Guideline.\n\nDiscussion (7+ days)\n\n"
        "- Start time: 2024-03-05 5:00 pm Eastern\n- End time: 2024-03-12 5:00 pm Eastern\n\n"
        "Vote for approval (7 days)\n\n- Start: 12.03.2024 21:00 UTC\n- End: TBD\n"
    )
    assert b.ballot_type == "final_guideline"
    assert b.discussion_start.value == at(2024, 3, 5, 22)
    assert b.discussion_end.value == at(2024, 3, 12, 21)
    assert b.voting_start.value == at(2024, 3, 12, 21)
    assert b.voting_end is None


def test_versions_stated_in_the_text():
    b = post("This is v3 of this ballot.\n", title="Ballot SC-063 v4: Something")
    assert [v.number for v in b.versions] == [3, 4]
    assert (b.ballot_id, b.number_key) == ("SC-063 v4", "SC-63")


def test_body_from_tags_when_the_title_has_a_plain_number():
    b = post("Text.", title="Ballot 190: Old ballot")
    assert (b.body, b.number_key) == ("forum", "190")


def test_crlf_bom_and_folded_title():
    text = (
        "\ufeff---\r\ntitle: 'Ballot SMC07: Align Logging Requirement\r\n  and Key Escrow'\r\n"
        "tags:\r\n- S/MIME\r\n- Ballot\r\n---\r\n\r\nThe ballot has passed.\r\n"
    )
    result = parse_post("crlf.md", text)
    (b,) = result.ballots
    assert b.title == "Align Logging Requirement and Key Escrow"
    assert b.stated.outcome == "passed"


def test_bad_yaml_names_the_line():
    with pytest.raises(PostError) as err:
        parse_post("bad.md", "---\ntitle: x\ntags: [Ballot\nauthor: y\n---\nbody\n")
    assert err.value.problem.path == "bad.md"
    assert err.value.problem.line in (3, 4)
    assert "YAML" in err.value.problem.message


def test_unclosed_or_odd_front_matter():
    with pytest.raises(PostError) as err:
        parse_post("open.md", "---\ntitle: Ballot SC-1\n\nno end")
    assert err.value.problem.line == 1
    with pytest.raises(PostError):
        parse_post("list.md", "---\n- a\n- b\n---\nbody")
    assert parse_post("none.md", "just text").kind == "skipped"
    assert parse_post("empty.md", "").reason == "no front matter"


def test_classification():
    minutes = parse_post("m.md", "---\ntitle: 2024-01-03 Minutes of the SMCWG\n---\nbody")
    assert minutes.kind == "minutes"
    tagged = parse_post(
        "m2.md", "---\ntitle: 2024-02-01 Meeting notes\ntags: [Minutes, Forum]\n---\nbody"
    )
    assert tagged.kind == "minutes"
    news = parse_post("n.md", "---\ntitle: New ballot process explained\n---\nSee Ballot SC-73.")
    assert (news.kind, news.reason) == ("skipped", "mentions ballots but is not a ballot post")
    mention = parse_post("s.md", "---\ntitle: SC-73 is now effective\n---\nbody")
    assert mention.kind == "skipped"
    page = parse_post("p.md", "---\ntitle: Members\ntype: page\n---\nBallot SC-1")
    assert page.kind == "skipped" and "page" in page.reason
    tagged_no_id = parse_post("t.md", "---\ntitle: Results\ntags: [Ballot]\n---\nNothing here.")
    assert tagged_no_id.reason == "tagged Ballot but names no ballot id"
    from_body = parse_post("b.md", "---\ntitle: Results\ntags: [Ballot]\n---\nBallot SC-12 passed.")
    assert from_body.kind == "ballot" and from_body.ballots[0].number_key == "SC-12"
    template = parse_post("a.md", '---\ntitle: "{{ .Name }}"\ndate: {{ .Date }}\n---\nx')
    assert "archetype" in template.reason


def test_parse_file_relative_posix_path(tmp_path):
    folder = tmp_path / "posts" / "2024" / "bundle"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("---\ntitle: 'Ballot SC-1: X'\ntags: [Ballot]\n---\n")
    result = parse_file(folder / "index.md", tmp_path)
    assert result.path == "posts/2024/bundle/index.md"
    assert result.ballots[0].path == "posts/2024/bundle/index.md"
    (folder / "latin1.md").write_bytes(b"---\ntitle: x\n---\ncaf\xe9\n")
    with pytest.raises(PostError) as err:
        parse_file(folder / "latin1.md", tmp_path)
    assert err.value.problem.line == 4


def test_sections_about_another_ballot_are_left_out():
    b = post(
        "## IPR Review of Ballot SMC08: Old things\n\n"
        "Start of Review Period: July 29, 2024\nEnd of Review Period: 2359 UTC on August 28, 2024\n"
        "\nThe ballot has failed.\n\n## Results of Ballot SMC09: New things\n\n"
        "The voting period for Ballot SMC09 has completed, and the ballot has passed.\n\n"
        "**Certificate Issuers**\n* 2 Issuers voting YES: A, B\n\n"
        "## Ballot SMC09: New things\n\nDiscussion (at least 7 days)\n\n"
        "* Start time: July 15, 2024 at 16:00:00 UTC\n",
        title="Ballot SMC09: New things",
        tags="[S/MIME, Ballot]",
    )
    assert (b.body, b.number_key) == ("smcwg", "SMC-9")
    assert b.review_start is None and b.review_end is None
    assert b.stated.outcome == "passed"
    assert names(b, "issuer", "yes") == ["A", "B"]
    assert b.discussion_start.value == at(2024, 7, 15, 16)


def test_html_vote_table():
    b = post(
        "<p>Voting on Ballot 180 has closed. The ballot passes.</p>\n<table>\n"
        "<tr><th></th><th>Yes</th><th>No</th><th>Abstain</th></tr>\n"
        "<tr><td>CAs</td><td>Entrust<br>GlobalSign<br/>AT&amp;T</td><td></td>"
        "<td>Symantec</td></tr>\n<tr><td>Browsers</td><td>Mozilla</td><td></td><td></td></tr>\n"
        "</table>\n",
        title="Ballot 180: HTML era",
        tags="[Ballot, Forum]",
    )
    assert names(b, "issuer", "yes") == ["Entrust", "GlobalSign", "AT&T"]
    assert names(b, "issuer", "abstain") == ["Symantec"]
    assert names(b, "consumer", "yes") == ["Mozilla"]
    assert b.stated.outcome == "passed"


def test_one_line_per_choice_with_names_per_class():
    b = post(
        "Yes: 3 CAs (Entrust, GlobalSign, Symantec) and 2 browsers (Google, Mozilla)\n\n"
        "No: 1 CA (Foo)\n\nResults: 3 CAs voted yes, 2 browsers voted yes.\n"
    )
    assert names(b, "issuer", "yes") == ["Entrust", "GlobalSign", "Symantec"]
    assert names(b, "consumer", "yes") == ["Google", "Mozilla"]
    assert names(b, "issuer", "no") == ["Foo"]
    assert (b.stated.issuer_yes, b.stated.consumer_yes, b.stated.issuer_no) == (3, 2, 1)
    assert "stated as" not in messages(b)
