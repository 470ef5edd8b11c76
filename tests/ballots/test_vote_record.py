"""Recording votes: one per organisation, only from Voting Members, only while voting is open."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ballots.models import Vote, VoteChange, VoteSource
from ballots.services import BylawViolation, vote_record
from tests.factories import BallotFactory, MembershipFactory, OrganizationFactory, body

pytestmark = pytest.mark.django_db

DURING_VOTING = dt.datetime(2024, 6, 6, 9, 0, tzinfo=dt.UTC)


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
        vote_record(ballot, outsider, "yes", cast_at=DURING_VOTING)
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
        vote_record(ballot, scwg_only, "yes", cast_at=DURING_VOTING)


def test_membership_that_ended_before_voting_started_does_not_vote():
    ballot = BallotFactory()
    former = OrganizationFactory(name="Former CA")
    MembershipFactory(organization=former, end=dt.date(2024, 6, 4))
    with pytest.raises(BylawViolation, match="Former CA is not a Voting Member"):
        vote_record(ballot, former, "no", cast_at=DURING_VOTING)


def test_vote_after_the_period_closed_is_refused():
    ballot = BallotFactory()
    member = MembershipFactory(organization=OrganizationFactory(name="Sectigo")).organization
    late = dt.datetime(2024, 6, 12, 12, 30, tzinfo=dt.UTC)  # exactly at the end: too late
    with pytest.raises(BylawViolation) as refused:
        vote_record(ballot, member, "yes", cast_at=late)
    assert "closed at 12 June 2024 12:30 UTC" in str(refused.value)
    assert "(Bylaws 2.3(4))" in str(refused.value)


def test_vote_before_voting_opened_is_refused():
    ballot = BallotFactory()
    member = MembershipFactory().organization
    with pytest.raises(BylawViolation, match=r"before voting on .* opened"):
        vote_record(ballot, member, "yes", cast_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))


def test_a_vote_must_be_yes_no_or_abstain():
    ballot = BallotFactory()
    member = MembershipFactory().organization
    with pytest.raises(BylawViolation, match="is not a vote: a vote is Yes, No or Abstain"):
        vote_record(ballot, member, "maybe", cast_at=DURING_VOTING)


def test_second_vote_that_is_not_a_change_is_refused_with_the_rule():
    ballot = BallotFactory()
    member = MembershipFactory(organization=OrganizationFactory(name="DigiCert")).organization
    vote_record(ballot, member, "yes", cast_at=DURING_VOTING)
    with pytest.raises(BylawViolation) as refused:
        vote_record(ballot, member, "no", cast_at=DURING_VOTING, allow_change=False)
    assert str(refused.value) == (
        f"DigiCert has already voted Yes on {ballot.number}: only one vote per Voting Member "
        "organisation is accepted (Bylaws 2.3(2))."
    )


def test_a_changed_vote_replaces_the_current_one_and_keeps_the_history():
    ballot = BallotFactory()
    member = MembershipFactory(organization=OrganizationFactory(name="Entrust")).organization
    vote_record(ballot, member, "yes", cast_at=DURING_VOTING)
    changed = vote_record(ballot, member, "abstain", cast_at=DURING_VOTING + dt.timedelta(hours=1))
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
    recorded = vote_record(ballot, browser, "yes", cast_at=DURING_VOTING)
    assert recorded.vote.member_class == "consumer"
    assert recorded.vote.source == VoteSource.CHAIR
