"""One ballot, one answer: the ballot page, the chair's results post, the Atom feed and
``export_ballots`` all take a ballot's result from the same pipeline (``selectors.summarise``),
so they agree in the two cases where two pipelines once disagreed: a body with no rule set,
and a rule set that counts other than three meetings for quorum."""

import datetime as dt

import pytest

from ballots import actions, writeups
from ballots.export import export_ballots
from governance.models import RuleSet
from tests.chairing import (
    SMC07_CONSUMERS,
    SMC07_ISSUERS,
    record_votes,
    smc07_in_voting,
    smcwg_world,
)
from tests.factories import MeetingFactory, attend, body

pytestmark = pytest.mark.django_db

VOTING_ENDS = dt.datetime(2024, 6, 12, 12, 30, tzinfo=dt.UTC)


def run_vote(world):
    ballot = smc07_in_voting(world)
    # 6 Issuers and both Consumers vote: 8 took part.
    record_votes(world, ballot, [*SMC07_ISSUERS[:6], *SMC07_CONSUMERS])
    actions.ballot_close_voting(world.chair, ballot, at=VOTING_ENDS)
    return actions.ballot_announce_result(
        world.chair, ballot, at=VOTING_ENDS + dt.timedelta(hours=1)
    )


def every_surface(client, ballot):
    """(page, results post, feed, export) as each shows the quorum and the outcome."""
    page = client.get(ballot.get_absolute_url())
    result = page.context["result"]
    post = writeups.write(ballot, "results").markdown
    feed = client.get("/feeds/smcwg/ballots.atom").content.decode()
    record = next(b for b in export_ballots() if b["ballot_id"] == ballot.number)
    return page, result, post, feed, record


def test_a_rule_set_counting_two_meetings_is_applied_by_every_surface(client):
    world = smcwg_world()
    # The world's three meetings had 13 Voting Members each; a fourth, just before voting, had 1.
    attend(MeetingFactory(body=body("smcwg"), date=dt.date(2024, 5, 29)), world.issuers[0])
    RuleSet.objects.filter(body__slug="smcwg").update(meetings_counted=2)
    ballot = run_vote(world)
    page, result, post, feed, record = every_surface(client, ballot)
    # The last two meetings: (13 + 1) / 2 = 7; more than half of 7 is 4 (three meetings: 5).
    assert result.quorum.required == 4
    assert "previous 2 meetings" in result.quorum.explanation
    assert "The quorum was 4 for this ballot. This requirement was MET." in post
    assert record["quorum"]["required"] == 4
    assert (ballot.published_outcome, record["computed_outcome"]) == ("passed", "passed")
    assert "SMC07 passed" in feed
    assert "Quorum" in page.content.decode() and "4" in page.content.decode()


def test_a_body_with_no_rule_set_is_judged_by_the_bylaws_on_every_surface(client):
    world = smcwg_world()
    RuleSet.objects.filter(body__slug="smcwg").delete()
    ballot = run_vote(world)
    page, result, post, feed, record = every_surface(client, ballot)
    # Bylaws 2.3(7): more than half of the average 13 is 7; 8 took part.
    assert (result.quorum.required, result.quorum.met) == (7, True)
    assert "The quorum was 7 for this ballot. This requirement was MET." in post
    assert record["quorum"]["required"] == 7 and record["computed_outcome"] == "passed"
    assert "SMC07 passed" in feed
    note = (
        "no rule set is recorded for the S/MIME Certificate Working Group; the Bylaws' own rules "
        "apply"
    )
    assert note in page.context["rule_note"]
    assert note in page.content.decode().replace("&#x27;", "'")
    body_page = client.get("/bodies/smcwg/").content.decode().replace("&#x27;", "'")
    assert "No rule set is recorded for the S/MIME Certificate Working Group" in body_page
