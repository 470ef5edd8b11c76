"""Quorum from attendance: the last three meetings before voting, Voting Members only."""

import datetime as dt

import pytest

from ballots.reads import quorum_attendance
from ballots.services import ballot_result
from governance.services import quorum_meetings
from tests.factories import (
    BallotFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    VoteFactory,
    attend,
    body,
)

pytestmark = pytest.mark.django_db
VOTING_START = dt.datetime(2024, 6, 5, 12, 30, tzinfo=dt.UTC)


@pytest.fixture
def meetings():
    issuers = [
        MembershipFactory(organization=OrganizationFactory(name=f"CA {i}")) for i in range(8)
    ]
    consumer = MembershipFactory(
        organization=OrganizationFactory(name="Browser"), member_class="consumer"
    )
    associate = MembershipFactory(
        organization=OrganizationFactory(name="Auditor"), member_class="associate"
    )
    former = MembershipFactory(
        organization=OrganizationFactory(name="Former CA"), end=dt.date(2024, 5, 10)
    )
    elsewhere = MembershipFactory(
        organization=OrganizationFactory(name="TLS-only CA"), body=body("scwg")
    )
    orgs = [m.organization for m in issuers]
    old = MeetingFactory(date=dt.date(2024, 4, 1), title="Too old")
    attend(old, *orgs)
    first = MeetingFactory(date=dt.date(2024, 5, 1), title="First")
    attend(first, *orgs[:6], consumer.organization, associate.organization, former.organization)
    sub = MeetingFactory(date=dt.date(2024, 5, 8), title="Subcommittee", kind="subcommittee")
    attend(sub, *orgs)
    second = MeetingFactory(date=dt.date(2024, 5, 15), title="Second")
    attend(second, *orgs[:4], former.organization, elsewhere.organization)
    third = MeetingFactory(date=dt.date(2024, 5, 29), title="Third", kind="face_to_face")
    attend(third, *orgs[:3])
    after = MeetingFactory(date=dt.date(2024, 6, 5), title="Same day as voting")
    attend(after, *orgs)
    return orgs


def test_counts_voting_members_of_the_body_on_each_meeting_date(meetings):
    used = quorum_meetings(body("smcwg"), VOTING_START)
    # First: 6 CAs + the Browser + Former CA (still a member on 1 May); not the Auditor.
    # Second: 4 CAs; Former CA had left on 10 May; TLS-only CA is not an SMCWG member.
    # The subcommittee, the meeting before the three, and the one on voting day are left out.
    assert [(m.label, m.voting_members) for m in used] == [
        ("First", 8),
        ("Second", 4),
        ("Third", 3),
    ]


def test_pages_count_the_same_as_the_services(meetings):
    ballot = BallotFactory(voting_start=VOTING_START)
    assert quorum_attendance([ballot])[ballot.id] == quorum_meetings(body("smcwg"), VOTING_START)


def test_quorum_from_attendance_is_more_than_half_the_average(meetings):
    ballot = BallotFactory(voting_start=VOTING_START, stated_quorum=None)
    for org in meetings[:4]:
        VoteFactory(ballot=ballot, organization=org, member_class="issuer", choice="yes")
    VoteFactory(ballot=ballot, member_class="consumer", choice="yes")
    quorum = ballot_result(ballot).result.quorum
    # Average (8 + 4 + 3) / 3 = 5; more than half of 5 is 3.
    assert (quorum.source, quorum.average, quorum.required) == ("attendance", 5, 3)
    assert quorum.met is True and quorum.participants == 5


def test_a_published_quorum_figure_is_used_and_attendance_shown_beside_it(meetings):
    ballot = BallotFactory(voting_start=VOTING_START, stated_quorum=7, stated={"claims": {}})
    VoteFactory(ballot=ballot, member_class="issuer", choice="yes")
    computation = ballot_result(ballot)
    assert (computation.result.quorum.source, computation.result.quorum.required) == ("stated", 7)
    assert computation.attendance_quorum.required == 3
