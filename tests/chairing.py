"""A small S/MIME Certificate Working Group as it stood for Ballot SMC07 (the seed post):
its Voting Members, three earlier meetings (quorum 7) and the users who act on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User

from governance.models import Member, Membership, Officer, Organization
from tests.factories import MeetingFactory, OrganizationFactory, attend, body, ensure_seeded
from tests.smc07 import SMC07_CONSUMERS, SMC07_ISSUERS

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    chair: User
    member: User
    other_chair: User
    issuers: list[Organization]
    consumers: list[Organization]
    non_voting: Organization  # an Associate Member of the SMCWG
    scwg_only: Organization  # a Voting Member of the Server Certificate WG only

    def org(self, name: str) -> Organization:
        return Organization.objects.get(name=name)


def _user(username: str) -> User:
    return User.objects.create_user(username, f"{username}@example.org", PASSWORD)


def smcwg_world(*, extra_issuers: int = 0) -> World:
    ensure_seeded()
    smcwg, scwg = body("smcwg"), body("scwg")
    since = dt.date(2020, 9, 1)
    issuers = [OrganizationFactory(name=n) for n in SMC07_ISSUERS]
    issuers += [OrganizationFactory(name=f"Quiet CA {i}") for i in range(extra_issuers)]
    consumers = [OrganizationFactory(name=n) for n in SMC07_CONSUMERS]
    for org in issuers:
        Membership.objects.create(organization=org, body=smcwg, member_class="issuer", start=since)
    for org in consumers:
        Membership.objects.create(
            organization=org, body=smcwg, member_class="consumer", start=since
        )
    non_voting = OrganizationFactory(name="WebTrust")
    Membership.objects.create(
        organization=non_voting, body=smcwg, member_class="associate", start=since
    )
    scwg_only = OrganizationFactory(name="Server-only CA")
    Membership.objects.create(organization=scwg_only, body=scwg, member_class="issuer", start=since)
    # Three meetings before voting started, 13 Voting Members at each: quorum is 7.
    present = issuers[:12] + consumers[:1]
    for day in (dt.date(2024, 4, 24), dt.date(2024, 5, 8), dt.date(2024, 5, 22)):
        attend(MeetingFactory(body=smcwg, date=day, title=f"SMCWG call {day}"), *present)
    chair = _user("stephen")
    Officer.objects.create(user=chair, body=smcwg, role="chair", start=dt.date(2020, 9, 1))
    Member.objects.create(user=chair, organization=Organization.objects.get(name="DigiCert"))
    member = _user("member")
    Member.objects.create(user=member, organization=Organization.objects.get(name="HARICA"))
    other_chair = _user("tls-chair")
    Officer.objects.create(user=other_chair, body=scwg, role="chair", start=dt.date(2020, 9, 1))
    return World(chair, member, other_chair, issuers, consumers, non_voting, scwg_only)


SMC07_TITLE = "Align Logging Requirement and Key Escrow clarification"


def smc07_draft(
    world: World,
    *,
    number: str = "SMC07",
    ballot_type: str = "final_maintenance_guideline",
    at: dt.datetime = dt.datetime(2024, 5, 20, 9, 0, tzinfo=dt.UTC),
):
    """Ballot SMC07 as a draft, proposed by Martijn Katerbarg (Sectigo), created by the chair."""
    from ballots import actions

    return actions.ballot_create(
        world.chair,
        body("smcwg"),
        number=number,
        title=SMC07_TITLE,
        ballot_type=ballot_type,
        proposer_name="Martijn Katerbarg",
        proposer_organization=world.org("Sectigo"),
        motion="MODIFY the S/MIME BR as in the redline.",
        at=at,
    )


SMC07_DISCUSSION = dt.datetime(2024, 5, 24, 12, 30, tzinfo=dt.UTC)
SMC07_VOTING = dt.datetime(2024, 6, 5, 12, 30, tzinfo=dt.UTC)


def smc07_in_voting(world: World):
    """SMC07 posted for discussion on 24 May 2024, endorsed by DigiCert and SSL.com, in voting
    from 5 June 2024 12:30 UTC."""
    from ballots import actions

    ballot = smc07_draft(world)
    actions.ballot_start_discussion(world.chair, ballot, at=SMC07_DISCUSSION)
    for name, org in (("Stephen Davidson", "DigiCert"), ("Tom Zermeno", "SSL.com")):
        actions.ballot_endorse(
            world.chair, ballot, person_name=name, organization=world.org(org), at=SMC07_DISCUSSION
        )
    return actions.ballot_start_voting(world.chair, ballot, at=SMC07_VOTING)


def record_votes(world: World, ballot, names, choice="yes", at=None):
    """The chair records the same vote from each organisation named (an hour into voting)."""
    from ballots import actions

    at = at or ballot.voting_start + dt.timedelta(hours=1)
    for name in names:
        actions.vote_record(
            world.chair, ballot, organization=world.org(name), choice=choice, cast_at=at
        )
