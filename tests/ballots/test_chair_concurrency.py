"""Two chairs recording the same organisation's vote at the same moment (PostgreSQL: SQLite
serialises every write, so the race cannot happen there)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from ballots import actions
from ballots.actions import BylawViolation
from ballots.models import Vote, VoteChange
from governance.models import Officer
from tests.chairing import smc07_draft, smcwg_world
from tests.factories import body

UTC = dt.UTC
DISCUSSION = dt.datetime(2024, 5, 24, 12, 30, tzinfo=UTC)
VOTING = dt.datetime(2024, 6, 5, 12, 30, tzinfo=UTC)
CAST = dt.datetime(2024, 6, 6, 9, 0, tzinfo=UTC)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (make test-postgres)"
    ),
]


def ballot_in_voting(world):
    ballot = smc07_draft(world, at=DISCUSSION)
    actions.ballot_start_discussion(world.chair, ballot, at=DISCUSSION)
    for org in ("DigiCert", "SSL.com"):
        actions.ballot_endorse(world.chair, ballot, person_name="E", organization=world.org(org))
    return actions.ballot_start_voting(world.chair, ballot, at=VOTING)


def race(world, ballot, choices):
    """Each of two chairs records HARICA's vote in its own thread and connection, released
    together by a barrier. Returns what each got back."""
    vice = world.other_chair
    Officer.objects.create(
        user=vice, body=body("smcwg"), role="vice_chair", start=dt.date(2020, 1, 1)
    )
    barrier = threading.Barrier(2)
    outcomes = {}

    def record(user, choice):
        try:
            barrier.wait(timeout=10)
            actions.vote_record(
                user, ballot, organization=world.org("HARICA"), choice=choice, cast_at=CAST
            )
            outcomes[user.username] = "recorded"
        except BylawViolation as exc:
            outcomes[user.username] = str(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(user, choice))
        for user, choice in zip((world.chair, vice), choices, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_two_chairs_recording_different_votes_leave_one_vote_and_a_history_entry_each():
    world = smcwg_world()
    ballot = ballot_in_voting(world)
    outcomes = race(world, ballot, ("yes", "no"))
    assert sorted(outcomes.values()) == ["recorded", "recorded"]
    assert Vote.objects.filter(ballot=ballot).count() == 1
    changes = list(VoteChange.objects.filter(ballot=ballot).order_by("id"))
    assert len(changes) == 2
    assert sorted(c.recorded_by.username for c in changes) == ["stephen", "tls-chair"]
    # The one recorded second is a change from the first, and it is the vote that counts.
    assert changes[1].previous_choice == changes[0].choice
    assert Vote.objects.get(ballot=ballot).choice == changes[1].choice


def test_two_chairs_recording_the_same_vote_leave_one_vote_and_one_entry():
    world = smcwg_world()
    ballot = ballot_in_voting(world)
    outcomes = race(world, ballot, ("yes", "yes"))
    assert sorted(outcomes.values())[0] == (
        "HARICA has already voted Yes on SMC07; a second vote from the same organisation is "
        "accepted only as a change (Bylaws 2.3(2))."
    )
    assert "recorded" in outcomes.values()
    assert Vote.objects.filter(ballot=ballot).count() == 1
    assert VoteChange.objects.filter(ballot=ballot).count() == 1
