"""The posts the product writes for a chair, and the importer reading them back."""

import datetime as dt

import pytest
from django.test import Client

from ballots import actions, writeups
from ballots.models import Ballot, Discrepancy
from ballots.posts.importer import import_posts
from ballots.selectors import ballot_counts, summary_of
from tests.ballots.test_chair import VOTING_ENDS, in_voting, run_smc07_vote, vote
from tests.chairing import SMC07_CONSUMERS, SMC07_ISSUERS, smcwg_world

pytestmark = pytest.mark.django_db

REVIEW = dt.datetime(2024, 6, 12, 23, 59, tzinfo=dt.UTC)


@pytest.fixture
def world():
    return smcwg_world()


@pytest.fixture
def smc07(world):
    ballot = run_smc07_vote(world)
    return actions.ballot_start_review(world.chair, ballot, at=REVIEW)


def test_the_results_post_has_the_seeds_numbers_for_smc07(smc07):
    post = writeups.results_post(smc07).markdown
    issuers = ", ".join(sorted(SMC07_ISSUERS, key=str.lower))
    expected = f"""**Certificate Issuers**
15 votes total, with no abstentions:
* 15 Issuers voting YES: {issuers}
* 0 Issuers voting NO
* 0 Issuers ABSTAIN

100% of voting Certificate Issuers voted in favor

**Certificate Consumers**
2 votes total, with no abstentions:
* 2 Consumers voting YES: Mozilla, rundQuadrat
* 0 Consumers voting NO
* 0 Consumers ABSTAIN

100% of voting Certificate Consumers voted in favor
"""
    assert expected in post
    assert (
        "The voting period for “Ballot SMC07: Align Logging Requirement and Key Escrow "
        "clarification” has completed, and the ballot has passed." in post
    )
    assert (
        "This requirement was MET for Certificate Issuers and MET for Certificate Consumers."
        in post
    )
    assert "The quorum was 7 for this ballot. This requirement was MET." in post
    assert (
        "This ballot now enters the 30-day IP Rights Review Period to permit members to review "
        "the ballot for relevant IP rights issues. The IP Rights Review Period ends at 2359 UTC "
        "on July 12, 2024." in post
    )


def test_a_failed_ballot_says_which_requirement_was_not_met(world):
    ballot = in_voting(world)
    for org, choice in (("HARICA", "yes"), ("DigiCert", "no"), ("TWCA", "abstain")):
        vote(world, ballot, org, choice)
    vote(world, ballot, "Mozilla")
    post = writeups.results_post(ballot).markdown
    assert "3 votes total, including 1 abstention:" in post
    assert "* 1 Issuers voting NO: DigiCert" in post
    assert "50% of voting Certificate Issuers voted in favor" in post
    assert "This requirement was NOT MET for Certificate Issuers and MET for Certificate" in post
    assert "has completed, and the ballot has failed." in post
    assert "IP Rights Review Period" not in post


def test_the_ipr_notice_and_the_adoption_notice(world, smc07):
    notice = writeups.ipr_review_notice(smc07).markdown
    assert "This 30-day Review Period is for the Final Maintenance Guideline" in notice
    assert "Start of Review Period: June 12, 2024" in notice
    assert "End of Review Period: 2359 UTC on July 12, 2024" in notice
    adopted = actions.ballot_close_review(
        world.chair, smc07, at=dt.datetime(2024, 7, 15, 9, 0, tzinfo=dt.UTC)
    )
    assert writeups.adoption_notice(adopted).markdown.endswith(
        "The Intellectual Property Review (IPR) period for Ballot SMC07 (Align Logging "
        "Requirement and Key Escrow clarification) has completed. No IPR Exclusion Notices were "
        "filed, and the ballot is adopted as of July 15, 2024.\n"
    )
    assert writeups.available(adopted) == ["voting", "results", "ipr-review", "adoption"]


def test_the_results_post_reads_back_to_the_same_result(smc07, tmp_path):
    """Round trip: the post, imported into a tracker that has never seen the ballot, gives
    the same counts, names, quorum and outcome, and no discrepancy."""
    before = summary_of(smc07).computation.result
    names = sorted(smc07.votes.values_list("organization__name", "member_class", "choice"))
    for kind in ("voting", "results"):
        post = writeups.write(smc07, kind)
        (tmp_path / post.filename).write_text(post.markdown, encoding="utf-8")
    Ballot.objects.filter(pk=smc07.pk).delete()

    result = import_posts([tmp_path])
    assert result.count(status="error") == 0, [r.message for r in result.reports]
    imported = Ballot.objects.get(number_key="SMC-7")
    after = summary_of(imported).computation.result
    assert ballot_counts(imported) == {
        "issuer": {"yes": 15, "no": 0, "abstain": 0},
        "consumer": {"yes": 2, "no": 0, "abstain": 0},
    }
    assert (
        sorted(imported.votes.values_list("organization__name", "member_class", "choice")) == names
    )
    assert (after.quorum.required, after.outcome) == (before.quorum.required, "passed")
    assert imported.stated_quorum == 7
    assert (imported.voting_start, imported.voting_end) == (smc07.voting_start, VOTING_ENDS)
    assert imported.review_end == dt.datetime(2024, 7, 12, 23, 59, tzinfo=dt.UTC)
    assert list(Discrepancy.objects.filter(ballot=imported)) == []


def test_a_failed_result_reads_back_as_failed(world, tmp_path):
    ballot = in_voting(world)
    for org in SMC07_ISSUERS[:8]:
        vote(world, ballot, org, "no")
    vote(world, ballot, SMC07_CONSUMERS[0], "yes")
    actions.ballot_announce_result(world.chair, ballot, at=VOTING_ENDS)
    post = writeups.results_post(ballot)
    (tmp_path / post.filename).write_text(post.markdown, encoding="utf-8")
    counts = ballot_counts(ballot)
    Ballot.objects.filter(pk=ballot.pk).delete()
    assert import_posts([tmp_path]).count(status="error") == 0
    imported = Ballot.objects.get(number_key="SMC-7")
    assert ballot_counts(imported) == counts
    assert summary_of(imported).computation.result.outcome == "failed"
    assert imported.published_outcome == "failed"
    assert not Discrepancy.objects.filter(ballot=imported).exists()


def test_the_posts_are_shown_and_downloadable(smc07):
    client = Client()
    index = client.get("/ballots/smcwg/SMC07/announcements/")
    assert index.status_code == 200 and "Results post" in index.content.decode()
    page = client.get("/ballots/smcwg/SMC07/announcements/results/")
    assert page.status_code == 200
    assert "The quorum was 7 for this ballot." in page.content.decode()
    download = client.get("/ballots/smcwg/SMC07/announcements/results/?download=1")
    assert download["Content-Type"] == "text/markdown; charset=utf-8"
    assert download["Content-Disposition"] == (
        'attachment; filename="2024-06-12-results-ballot-smc07.md"'
    )
    assert download.content.decode().startswith("---\ntitle: 'Ballot SMC07:")
    assert client.get("/ballots/smcwg/SMC07/announcements/adoption/").status_code == 404
    assert client.get("/ballots/smcwg/SMC07/announcements/nonsense/").status_code == 404
