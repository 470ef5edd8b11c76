"""The record's honesty: an import meets a ballot a chair is running and changes nothing of it;
a ballot in voting shows the count so far, never a final-looking Failed badge; an outcome no
post announces is badged "computed"; an imported ballot that never went to a vote is not
failed by the clock."""

import datetime as dt
import shutil
from unittest import mock

import pytest

from ballots.models import Ballot, Discrepancy, Vote
from ballots.posts.importer import import_posts
from ballots.selectors import summary_of
from tests.chairing import (
    SMC07_ISSUERS,
    SMC07_VOTING,
    record_votes,
    smc07_in_voting,
    smcwg_world,
)
from tests.factories import BallotFactory

pytestmark = pytest.mark.django_db

VOTING = SMC07_VOTING


def test_an_import_never_overwrites_a_ballot_a_chair_runs(seeds_dir, tmp_path):
    world = smcwg_world()
    ballot = smc07_in_voting(world)
    record_votes(world, ballot, ["HARICA"], choice="no")
    before = Ballot.objects.get(pk=ballot.pk)
    post = tmp_path / "2024-06-12-ballot-smc07.md"
    shutil.copy(seeds_dir / "000_30f3868998a73e3b.txt", post)  # the SMC07 results post

    result = import_posts([post])

    assert result.count(status="error") == 0
    after = Ballot.objects.get(pk=ballot.pk)
    kept = ("state", "title", "voting_start", "voting_end", "published_outcome", "managed")
    assert [getattr(after, f) for f in kept] == [getattr(before, f) for f in kept]
    assert after.state == "voting"
    votes = list(Vote.objects.filter(ballot=ballot).values_list("organization__name", "choice"))
    assert votes == [("HARICA", "no")]  # the post's 17 votes were not imported
    conflict = Discrepancy.objects.get(ballot=ballot, kind="chair_run")
    assert conflict.source == "2024-06-12-ballot-smc07.md"
    assert "outcome passed (here: none announced)" in conflict.message
    assert "17 votes listed (not imported)" in conflict.message
    assert "The chair's record stands; the post was not merged." in conflict.message
    reasons = list(after.history.values_list("history_change_reason", flat=True))
    assert "import: post kept as a source; state, dates, title, votes left as recorded" in reasons


def test_a_ballot_in_voting_shows_the_count_so_far_never_failed(client):
    world = smcwg_world()
    ballot = smc07_in_voting(world)
    record_votes(world, ballot, SMC07_ISSUERS[:3])
    now = VOTING + dt.timedelta(days=2)
    summary = summary_of(ballot, now=now)
    assert summary.result.outcome == "failed"  # if it ended now: no Consumer Yes, no quorum
    assert summary.outcome is None  # but voting has not ended
    assert summary.so_far == (
        "needs 1 more Consumer Yes to pass; needs 4 more participants for quorum"
    )


def test_an_imported_ballot_never_voted_on_is_not_failed_by_the_clock():
    ballot = BallotFactory(
        state="discussion",
        voting_start=None,
        voting_end=None,
        discussion_start=dt.datetime(2016, 9, 15, tzinfo=dt.UTC),
        stated={"claims": {}},
    )
    summary = summary_of(ballot)
    assert (str(summary.phase), summary.outcome) == ("not_published", None)
    # The same ballot run here expires after 90 days (Bylaws 2.3(3)).
    Ballot.objects.filter(pk=ballot.pk).update(managed=True)
    assert str(summary_of(ballot).phase) == "expired"


def test_a_chair_s_redline_link_is_on_the_page_and_in_the_posts_written(client):
    from ballots import writeups

    world = smcwg_world()
    ballot = smc07_in_voting(world)
    url = "https://github.com/cabforum/smime/compare/abc...def"
    first = ballot.versions.get(number=1)
    first.url = url  # the redline given when the draft was created
    first.save()
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert f'<a href="{url}" rel="external noopener">redline</a>' in page
    assert f"- Version 1: <{url}>" in writeups.write(ballot, "voting").markdown


def test_the_results_deadline_is_cited_alike_on_the_page_and_in_the_calendar(client):
    world = smcwg_world()
    smc07_in_voting(world)  # a Final Maintenance Guideline: a Draft Guideline Ballot
    page = client.get("/ballots/smcwg/SMC07/").content.decode()
    assert "Bylaws 2.4(4): within 3 business days" in page
    assert "Bylaws 2.3(8)" not in page


def test_who_has_not_voted_is_public_during_voting_on_the_page_and_in_the_api(client):
    world = smcwg_world()
    ballot = smc07_in_voting(world)
    record_votes(world, ballot, SMC07_ISSUERS[:14])
    with mock.patch("django.utils.timezone.now", return_value=VOTING + dt.timedelta(days=2)):
        page = client.get(ballot.get_absolute_url()).content.decode()
        api = client.get(f"/api/v1/ballots/smcwg/{ballot.number}/").json()
    assert f"Certificate Issuers (1): {SMC07_ISSUERS[14]}." in page
    assert "Certificate Consumers (2): Mozilla, rundQuadrat." in page
    assert api["not_voted"] == {
        "issuer": [SMC07_ISSUERS[14]],
        "consumer": ["Mozilla", "rundQuadrat"],
    }


def test_an_outcome_no_post_announces_is_badged_as_computed_wherever_it_is_listed(
    client, corpus_dir
):
    """SC084's posts list its votes and no result sentence: the list and the front page show
    the outcome the votes give, marked "computed", beside the published ones, marked by their
    check ("verified", "cannot check")."""
    import_posts([corpus_dir])
    sc084 = Ballot.objects.get(number="SC084")
    assert (sc084.published_outcome, summary_of(sc084).outcome) == ("", "passed")
    computed = (
        '<span class="badge outcome-passed">Passed</span> <span class="badge verification" '
        'title="No result is announced in the posts on record: computed from the votes on '
        "record under the body's rules\">computed</span>"
    )
    listed = client.get("/ballots/?q=SC084").content.decode()
    assert computed in listed
    assert computed in client.get("/").content.decode()  # the latest decided
    verified = client.get("/ballots/?q=SMC08").content.decode()
    assert ">verified</span>" in verified and ">computed</span>" not in verified
