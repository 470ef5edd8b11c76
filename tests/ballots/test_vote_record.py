"""Recording votes: one per organisation, only from Voting Members, only while voting is open."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ballots.actions import BylawViolation, vote_record
from ballots.models import Vote, VoteChange, VoteSource
from tests.factories import BallotFactory, MembershipFactory, OrganizationFactory, body, chair_of

pytestmark = pytest.mark.django_db

DURING_VOTING = dt.datetime(2024, 6, 6, 9, 0, tzinfo=dt.UTC)


def record(ballot, organization, choice, *, cast_at):
    """The chair of the ballot's body records the mail (``vote_record`` is the one writer)."""
    return vote_record(
        chair_of(ballot.body.slug),
        ballot,
        organization=organization,
        choice=choice,
        cast_at=cast_at,
    )


def test_second_vote_from_same_organisation_is_refused_by_the_database():
    ballot = BallotFactory()
    org = OrganizationFactory(name="HARICA")
    Vote.objects.create(
        ballot=ballot, organization=org, member_class="issuer", choice="yes", source="imported"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            ballot=ballot, organization=org, member_class="issuer", choice="no", source="chair"
        )
    assert Vote.objects.filter(ballot=ballot, organization=org).get().choice == "yes"


def test_a_vote_in_a_non_voting_class_is_refused_by_the_database():
    ballot = BallotFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            ballot=ballot,
            organization=OrganizationFactory(),
            member_class="associate",
            choice="yes",
            source="chair",
        )


def test_vote_from_an_organisation_that_is_not_a_voting_member_is_refused():
    ballot = BallotFactory()
    outsider = OrganizationFactory(name="WebTrust")
    MembershipFactory(organization=outsider, member_class="associate")
    with pytest.raises(BylawViolation) as refused:
        record(ballot, outsider, "yes", cast_at=DURING_VOTING)
    assert str(refused.value) == (
        "WebTrust is not a Voting Member of the S/MIME Certificate Working Group on "
        "05 June 2024, so its vote cannot be accepted (Bylaws 2.3(1): only votes by Voting "
        "Members are accepted)."
    )
    assert not Vote.objects.exists()


def test_vote_from_another_bodys_member_is_refused():
    ballot = BallotFactory()
    scwg_only = OrganizationFactory(name="Server-only CA")
    MembershipFactory(organization=scwg_only, body=body("scwg"))
    with pytest.raises(BylawViolation, match="not a Voting Member of the S/MIME"):
        record(ballot, scwg_only, "yes", cast_at=DURING_VOTING)


def test_membership_that_ended_before_voting_started_does_not_vote():
    ballot = BallotFactory()
    former = OrganizationFactory(name="Former CA")
    MembershipFactory(organization=former, end=dt.date(2024, 6, 4))
    with pytest.raises(BylawViolation, match="Former CA is not a Voting Member"):
        record(ballot, former, "no", cast_at=DURING_VOTING)


def test_vote_after_the_period_closed_is_refused():
    ballot = BallotFactory()
    member = MembershipFactory(organization=OrganizationFactory(name="Sectigo")).organization
    late = dt.datetime(2024, 6, 12, 12, 30, tzinfo=dt.UTC)  # exactly at the end: too late
    with pytest.raises(BylawViolation) as refused:
        record(ballot, member, "yes", cast_at=late)
    assert "closed at 12 June 2024 12:30 UTC" in str(refused.value)
    assert "(Bylaws 2.3(4))" in str(refused.value)


def test_vote_before_voting_opened_is_refused():
    ballot = BallotFactory()
    member = MembershipFactory().organization
    with pytest.raises(BylawViolation, match=r"before voting on .* opened"):
        record(ballot, member, "yes", cast_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))


def test_a_vote_must_be_yes_no_or_abstain():
    ballot = BallotFactory()
    member = MembershipFactory().organization
    with pytest.raises(BylawViolation, match="is not a vote: a vote is Yes, No or Abstain"):
        record(ballot, member, "maybe", cast_at=DURING_VOTING)


def test_the_same_vote_again_is_refused_with_the_rule():
    ballot = BallotFactory()
    member = MembershipFactory(organization=OrganizationFactory(name="DigiCert")).organization
    record(ballot, member, "yes", cast_at=DURING_VOTING)
    with pytest.raises(BylawViolation) as refused:
        record(ballot, member, "yes", cast_at=DURING_VOTING + dt.timedelta(hours=1))
    assert str(refused.value) == (
        f"DigiCert has already voted Yes on {ballot.number}; a second vote from the same "
        "organisation is accepted only as a change (Bylaws 2.3(2))."
    )


def test_a_changed_vote_replaces_the_current_one_and_keeps_the_history():
    ballot = BallotFactory()
    member = MembershipFactory(organization=OrganizationFactory(name="Entrust")).organization
    record(ballot, member, "yes", cast_at=DURING_VOTING)
    changed = record(ballot, member, "abstain", cast_at=DURING_VOTING + dt.timedelta(hours=1))
    assert changed.changed_from == "yes"
    assert list(Vote.objects.filter(ballot=ballot).values_list("choice", flat=True)) == ["abstain"]
    history = list(
        VoteChange.objects.filter(ballot=ballot).values_list("previous_choice", "choice")
    )
    assert history == [("", "yes"), ("yes", "abstain")]


def test_vote_is_recorded_in_the_class_of_the_membership():
    ballot = BallotFactory()
    browser = MembershipFactory(
        organization=OrganizationFactory(name="Mozilla"), member_class="consumer"
    ).organization
    recorded = record(ballot, browser, "yes", cast_at=DURING_VOTING)
    assert recorded.vote.member_class == "consumer"
    assert recorded.vote.source == VoteSource.CHAIR
