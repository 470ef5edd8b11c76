"""factory_boy factories for the models tests build on."""

import datetime as dt

import factory
from django.utils.text import slugify

from ballots.models import Ballot, Vote, VoteSource
from governance.models import Attendance, Body, Meeting, Membership, Organization


def ensure_seeded() -> None:
    """A transactional test's flush empties every table, the data migration's rows too."""
    import importlib

    from django.apps import apps

    if not Body.objects.exists():
        migration = importlib.import_module("governance.migrations.0002_seed_bodies_and_rule_sets")
        migration.seed(apps, None)


def body(slug: str) -> Body:
    """The seeded body (the data migration loads every body)."""
    return Body.objects.get(slug=slug)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    body = factory.LazyFunction(lambda: body("smcwg"))
    member_class = "issuer"
    start = dt.date(2020, 1, 1)
    end = None


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    body = factory.LazyFunction(lambda: body("smcwg"))
    number = factory.Sequence(lambda n: f"SMC{n + 100:02d}")
    number_key = factory.LazyAttribute(lambda b: b.number.upper())
    title = factory.Sequence(lambda n: f"A ballot {n}")
    ballot_type = "final_maintenance_guideline"
    state = "voting"
    discussion_start = dt.datetime(2024, 5, 24, 12, 30, tzinfo=dt.UTC)
    voting_start = dt.datetime(2024, 6, 5, 12, 30, tzinfo=dt.UTC)
    voting_end = dt.datetime(2024, 6, 12, 12, 30, tzinfo=dt.UTC)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    ballot = factory.SubFactory(BallotFactory)
    organization = factory.SubFactory(OrganizationFactory)
    member_class = "issuer"
    choice = "yes"
    source = VoteSource.IMPORTED


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.LazyFunction(lambda: body("smcwg"))
    date = dt.date(2024, 5, 1)
    kind = "teleconference"
    title = factory.Sequence(lambda n: f"Meeting {n}")


def attend(meeting: Meeting, *organizations: Organization) -> None:
    for org in organizations:
        Attendance.objects.create(meeting=meeting, organization=org, name_as_written=org.name)


def chair_of(slug: str = "smcwg", username: str = "chair"):
    """A user who is Chair of the body ``slug`` since 2020 (the office every write checks)."""
    from django.contrib.auth.models import User

    from governance.models import Officer

    user, _ = User.objects.get_or_create(username=username)
    Officer.objects.get_or_create(
        user=user, body=body(slug), role="chair", defaults={"start": dt.date(2020, 1, 1)}
    )
    return user
