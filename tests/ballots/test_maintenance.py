"""Stored states follow the clock: the list's state filter matches what pages show."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ballots.actions import refresh_states
from ballots.models import Ballot
from tests.factories import BallotFactory

pytestmark = pytest.mark.django_db


def test_voting_that_has_ended_becomes_closed_and_discussion_becomes_voting():
    now = timezone.now()
    ended = BallotFactory(
        state="voting",
        discussion_start=now - dt.timedelta(days=20),
        voting_start=now - dt.timedelta(days=8),
        voting_end=now - dt.timedelta(days=1),
    )
    started = BallotFactory(
        state="discussion",
        discussion_start=now - dt.timedelta(days=9),
        voting_start=now - dt.timedelta(hours=1),
        voting_end=now + dt.timedelta(days=7),
    )
    assert refresh_states(now) == 2
    assert Ballot.objects.get(pk=ended.pk).state == "closed"
    assert Ballot.objects.get(pk=started.pk).state == "voting"
    assert refresh_states(now) == 0


def test_command_reports_how_many_changed():
    now = timezone.now()
    BallotFactory(
        state="discussion",
        discussion_start=now - dt.timedelta(days=100),
        voting_start=None,
        voting_end=None,
    )
    out = StringIO()
    call_command("refresh_states", stdout=out)
    assert out.getvalue().strip() == "1 ballot states updated"
    assert Ballot.objects.get().state == "expired"
