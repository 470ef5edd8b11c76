"""manage.py create_chair: a fresh site gets a chair from the command line."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from governance.models import Body, Officer
from governance.offices import chairs

pytestmark = pytest.mark.django_db


def test_create_chair_makes_a_user_who_chairs_the_body(monkeypatch):
    monkeypatch.setenv("CHAIR_PASSWORD", "s3cret-enough-pass")
    out = StringIO()
    call_command("create_chair", "stephen", "--body", "smcwg", stdout=out)
    today = timezone.localdate()
    assert out.getvalue().strip() == (
        f"Created user stephen: Chair of the S/MIME Certificate Working Group from {today}."
    )
    user = authenticate(username="stephen", password="s3cret-enough-pass")
    assert user is not None
    assert chairs(user, Body.objects.get(slug="smcwg"))
    assert not chairs(user, Body.objects.get(slug="scwg"))


def test_create_chair_again_adds_an_office_to_the_same_user(monkeypatch):
    monkeypatch.setenv("CHAIR_PASSWORD", "s3cret-enough-pass")
    call_command("create_chair", "stephen", "--body", "smcwg", stdout=StringIO())
    out = StringIO()
    call_command("create_chair", "stephen", "--body", "forum", "--role", "vice_chair", stdout=out)
    assert out.getvalue().startswith("Updated user stephen: Vice-Chair of the CA/Browser Forum")
    assert Officer.objects.filter(user__username="stephen").count() == 2


def test_create_chair_refuses_an_unknown_body(monkeypatch):
    monkeypatch.setenv("CHAIR_PASSWORD", "x")
    with pytest.raises(CommandError, match="No body “tls”; the bodies are: "):
        call_command("create_chair", "stephen", "--body", "tls")


def test_create_chair_without_a_password_source_refuses(monkeypatch):
    monkeypatch.delenv("CHAIR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="Set CHAIR_PASSWORD"):
        call_command("create_chair", "stephen", "--body", "smcwg")


def test_an_office_starting_later_gives_no_rights_yet(monkeypatch):
    monkeypatch.setenv("CHAIR_PASSWORD", "s3cret-enough-pass")
    call_command("create_chair", "stephen", "--body", "smcwg", stdout=StringIO())
    Officer.objects.update(start=timezone.localdate() + dt.timedelta(days=3))
    user = Officer.objects.get().user
    assert not chairs(user, Body.objects.get(slug="smcwg"))
