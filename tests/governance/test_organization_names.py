"""One organisation, many names: the curated table applied before the importer creates anything,
and the admin's merge action for what the table did not foresee."""

import pytest
from django.contrib.auth.models import User

from ballots.models import Vote
from ballots.posts.importer import import_posts
from governance.models import Attendance, Membership, Organization, OrganizationAlias
from governance.organizations import OrganizationResolver, merge_organizations
from tests.factories import (
    BallotFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    VoteFactory,
    attend,
)

pytestmark = pytest.mark.django_db


def test_the_forum_s_renamed_and_misspelt_members_are_one_organisation_each(corpus_dir):
    import_posts([corpus_dir])
    for kept, gone in [
        ("Cisco", "Cisco Systems"),
        ("Entrust", "Entrust Datacard"),
        ("OISTE Foundation", "OISTE"),
        ("SECOM Trust Systems", "SECOM"),
        ("Telia Company", "Telia"),
        ("JPRS", "Japan Registry Services"),
        ("eMudhra", "eMudgra"),
        ("Sectigo", "Comodo CA"),
        ("SecureTrust", "Trustwave"),
    ]:
        org = Organization.objects.get(name=kept)
        assert not Organization.objects.filter(name=gone).exists(), gone
        assert gone in set(org.aliases.values_list("name", flat=True)), gone
        assert not org.needs_review
    # SC39v3 lists "eMudgra": its vote is eMudhra's.
    assert Vote.objects.filter(ballot__number="SC39v3", organization__name="eMudhra").exists()


def test_a_name_in_the_table_finds_the_organisation_of_any_of_its_names():
    entrust = OrganizationFactory(name="Entrust Datacard")
    names = OrganizationResolver()
    assert names.resolve("Entrust")[0] == entrust.pk
    assert names.resolve("Entrust, Inc.") == (entrust.pk, False)


def test_a_new_organisation_takes_the_table_s_name_with_every_other_as_an_alias():
    org_id, created = OrganizationResolver().resolve("Trustwave")
    org = Organization.objects.get(pk=org_id)
    assert (created, org.name, org.needs_review) == (True, "SecureTrust", False)
    assert {"Trustwave", "SecureTrust (former Trustwave)"} <= set(
        org.aliases.values_list("name", flat=True)
    )


def test_merging_moves_votes_memberships_and_attendance_and_keeps_the_old_name():
    keep = OrganizationFactory(name="Buypass")
    other = OrganizationFactory(name="Buypass Norway")
    MembershipFactory(organization=other)
    VoteFactory(organization=other, ballot=BallotFactory())
    attend(MeetingFactory(), other)
    moved = merge_organizations(keep, [other])
    assert not Organization.objects.filter(name="Buypass Norway").exists()
    assert Vote.objects.filter(organization=keep).count() == 1
    assert Membership.objects.filter(organization=keep).count() == 1
    assert Attendance.objects.filter(organization=keep).count() == 1
    assert moved["votes"] == 1 and moved["memberships"] == 1
    assert OrganizationAlias.objects.filter(organization=keep, name="Buypass Norway").exists()
    assert OrganizationResolver().find("Buypass Norway") == keep.pk


def test_two_organisations_that_voted_on_the_same_ballot_are_not_merged():
    ballot = BallotFactory()
    keep, other = OrganizationFactory(name="A CA"), OrganizationFactory(name="A CA Ltd")
    VoteFactory(organization=keep, ballot=ballot, choice="yes")
    VoteFactory(organization=other, ballot=ballot, choice="no")
    with pytest.raises(ValueError, match=f"both voted on {ballot.number}"):
        merge_organizations(keep, [other])
    assert Organization.objects.filter(name="A CA Ltd").exists()
    assert Vote.objects.filter(ballot=ballot).count() == 2


def test_the_admin_merge_action_keeps_the_reviewed_organisation(client):
    User.objects.create_superuser("admin", "a@example.org", "pw-for-the-admin-test")
    client.login(username="admin", password="pw-for-the-admin-test")
    keep = OrganizationFactory(name="Cisco")
    other = Organization.objects.create(name="Cisco Sys", slug="cisco-sys", needs_review=True)
    VoteFactory(organization=other)
    response = client.post(
        "/admin/governance/organization/",
        {"action": "merge", "_selected_action": [keep.pk, other.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Merged Cisco Sys into Cisco: moved 1 votes" in response.content.decode()
    assert list(Organization.objects.filter(name__startswith="Cisco")) == [keep]
