"""The record at a glance: the front page's plots of outcomes per year and body and of turnout
against quorum, the latest decided ballots and meetings when nothing is live, and an
organisation's votes per year. Each plot's numbers are the list's and the result's own, every
mark links to what is behind it, and a table gives the same numbers in words."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from ballots.glance import outcomes_by_year, turnout, votes_by_year
from ballots.models import Ballot, Vote
from ballots.posts.importer import import_posts
from ballots.selectors import summary_of
from governance.models import Organization
from tests.factories import BallotFactory, VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(corpus_dir):
    import_posts([corpus_dir])


def _count_listed(client, query: str) -> int:
    page = client.get(f"/ballots/{query}").content.decode()
    return int(re.search(r'<p class="count" role="status">(\d+) ballot', page).group(1))


def test_each_bar_of_outcomes_links_to_the_ballots_it_counts(client, record):
    """Every segment's link opens the list filtered to exactly the ballots it counts: one
    definition of the outcome for the plot and the list."""
    page = client.get("/").content.decode()
    segments = re.findall(
        r'<a href="/ballots/\?body=([\w-]+)&amp;year=(\d+)(?:&amp;outcome=(\w+))?" '
        r'aria-label="[^"]*?: (\d+) ([\w ]+)">',
        page,
    )
    assert len(segments) > 20
    for slug, year, outcome, count, words in segments:
        query = f"?body={slug}&year={year}" + (f"&outcome={outcome}" if outcome else "")
        if outcome:
            assert _count_listed(client, query) == int(count), (slug, year, outcome)
            assert words == outcome
        else:
            assert words == "no result"
            decided = sum(
                _count_listed(client, f"{query}&outcome={o}")
                for o in ("passed", "failed", "withdrawn")
            )
            assert _count_listed(client, query) - decided == int(count), (slug, year)


def test_the_outcomes_plot_counts_every_dated_ballot_and_says_how_many_are_not(client, record):
    outcomes = outcomes_by_year()
    plotted = sum(sum(c.values()) for e in outcomes.bodies for c in e.counts.values())
    assert plotted + outcomes.undated == Ballot.objects.count()
    undated = Ballot.objects.filter(voting_start=None, discussion_start=None).count()
    assert outcomes.undated == undated > 0
    page = client.get("/").content.decode()
    assert f"{undated} ballots with no date on record are not plotted." in page


def test_the_outcomes_table_gives_the_plots_numbers_in_words(client, record):
    page = client.get("/").content.decode()
    scwg_2024 = next(e for e in outcomes_by_year().bodies if e.body.slug == "scwg").counts[2024]
    row = (
        '<tr><th scope="row">SCWG</th><td><a href="/ballots/?body=scwg&amp;year=2024">2024</a>'
        f"</td><td>{scwg_2024['passed']}</td><td>{scwg_2024['failed']}</td>"
        f"<td>{scwg_2024['withdrawn']}</td><td>{scwg_2024['none']}</td></tr>"
    )
    assert row in page
    assert scwg_2024["passed"] == _count_listed(client, "?body=scwg&year=2024&outcome=passed")


def test_each_turnout_dot_is_its_ballots_stored_result_and_links_to_it(client, record):
    points = turnout()
    assert len(points) > 80
    page = client.get("/").content.decode()
    for point in points:
        ballot = point.ballot
        result = summary_of(ballot, fresh=True).result
        assert (point.participants, point.quorum) == (
            result.tally.participants,
            result.quorum.required,
        )
        quorum = "quorum not known" if point.quorum is None else f"quorum {point.quorum}"
        took_part = f"{point.participants} Voting Members took part"
        words = f"{ballot.number} ({point.day:%d %b %Y}): {took_part}, {quorum}"
        assert f'<a href="{ballot.get_absolute_url()}" aria-label="{words}' in page
    # SMC08's post lists 16 Issuers and 3 Consumers voting Yes and states a quorum of 8.
    smc08 = next(p for p in points if p.ballot.number == "SMC08")
    assert (smc08.participants, smc08.quorum, smc08.met) == (19, 8, True)
    assert (
        '<tr><td><a href="/ballots/smcwg/SMC08/">SMC08</a></td><td>22 Jul 2024</td>'
        "<td>19</td><td>8</td><td>yes</td></tr>"
    ) in page


def test_the_plots_are_accessible_svg_with_a_name(client, record):
    page = client.get("/").content.decode()
    assert page.count('<svg class="glance outcomes"') == 5  # Forum, SCWG, SMCWG, CSCWG, NetSec
    assert '<svg class="glance turnout"' in page
    for svg in re.findall(r"<svg class=\"glance[^>]*>", page):
        assert 'aria-label="' in svg
    assert "<script" not in page


def test_the_front_page_shows_the_latest_decided_when_nothing_is_live(client, record):
    page = client.get("/").content.decode()
    assert "No ballot is in discussion, in voting or in IPR review" in page
    assert "Latest decided" in page and "Latest meetings" in page
    assert '<a href="/ballots/scwg/SC084/">SC084</a>' in page  # the last one decided
    assert '<a href="/meetings/scwg/2024-12-19/">19 Dec 2024</a> · SCWG' in page


def test_a_recent_decision_replaces_the_latest_decided(client):
    now = timezone.now()
    BallotFactory(
        number="SMC90",
        voting_start=now - dt.timedelta(days=10),
        voting_end=now - dt.timedelta(days=3),
        published_outcome="passed",
        outcome="passed",
        state="passed",
        stated={"outcome": "passed"},
    )
    page = client.get("/").content.decode()
    assert "Decided in the last 90 days" in page
    assert "Latest decided" not in page


def test_an_organisations_votes_per_year_link_to_that_years_rows(client, record):
    mozilla = Organization.objects.get(slug="mozilla")
    by_year = votes_by_year(mozilla)
    assert (
        sum(sum(c.values()) for c in by_year.values())
        == Vote.objects.filter(organization=mozilla)
        .exclude(ballot__voting_start=None, ballot__discussion_start=None)
        .count()
    )
    page = client.get("/organizations/mozilla/").content.decode()
    assert by_year[2024]["yes"] > 0
    assert f'<a href="#votes-2024" aria-label="2024: {by_year[2024]["yes"]} Yes">' in page
    assert page.count('id="votes-2024"') == 1
    assert '<svg class="glance votes"' in page


def test_an_organisation_with_no_votes_has_no_plot(client):
    vote = VoteFactory()
    org = vote.organization
    vote.delete()
    page = client.get(f"/organizations/{org.slug}/").content.decode()
    assert "No votes recorded." in page and "<svg" not in page
