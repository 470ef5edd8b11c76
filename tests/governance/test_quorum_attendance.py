"""Quorum from attendance: the last three meetings before voting, Voting Members only."""

import datetime as dt

import pytest

from ballots.selectors import summary_of
from governance.selectors import QuorumAsk, quorum_meetings
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


def used(before=VOTING_START, count=3, slug="smcwg"):
    ask = QuorumAsk("ballot", body(slug).pk, before, count)
    return quorum_meetings([ask])["ballot"]


def test_counts_voting_members_of_the_body_on_each_meeting_date(meetings):
    used_meetings = used().meetings
    # First: 6 CAs + the Browser + Former CA (still a member on 1 May); not the Auditor.
    # Second: 4 CAs; Former CA had left on 10 May; TLS-only CA is not an SMCWG member.
    # The subcommittee, the meeting before the three, and the one on voting day are left out.
    assert [(m.label, m.voting_members) for m in used_meetings] == [
        ("First", 8),
        ("Second", 4),
        ("Third", 3),
    ]


def test_a_meeting_recorded_twice_counts_once_with_everyone_either_record_lists(meetings):
    copy = MeetingFactory(date=dt.date(2024, 5, 29), title="Third (F2F bundle copy)")
    attend(copy, *meetings[2:5])
    # Third lists CA 0-2, the copy CA 2-4: one meeting with 5 Voting Members, not two meetings.
    assert [(m.date.day, m.voting_members) for m in used().meetings] == [(1, 8), (15, 4), (29, 5)]


def test_a_meeting_that_lists_no_attendees_is_left_out_of_the_average_with_a_note(meetings):
    MeetingFactory(date=dt.date(2024, 6, 1), title="Minutes without a list")
    result = used()
    assert [m.label for m in result.meetings] == ["First", "Second", "Third"]
    assert result.notes == (
        "the meeting of 01 June 2024 lists no attendees (attendance unknown) and is left out "
        "of the average",
    )


def test_attendance_much_older_than_the_ballot_says_so(meetings):
    result = used(before=dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    assert result.meetings[0].date == dt.date(2024, 5, 15)
    assert result.notes == (
        "the attendance used goes back to 15 May 2024, more than six months before voting "
        "started: later meetings are not on record",
    )


def test_a_rule_set_counting_two_meetings_takes_the_last_two(meetings):
    assert [m.label for m in used(count=2).meetings] == ["Second", "Third"]


def test_quorum_from_attendance_is_more_than_half_the_average(meetings):
    ballot = BallotFactory(voting_start=VOTING_START, stated_quorum=None)
    for org in meetings[:4]:
        VoteFactory(ballot=ballot, organization=org, member_class="issuer", choice="yes")
    VoteFactory(ballot=ballot, member_class="consumer", choice="yes")
    quorum = summary_of(ballot).computation.result.quorum
    # Average (8 + 4 + 3) / 3 = 5; more than half of 5 is 3.
    assert (quorum.source, quorum.average, quorum.required) == ("attendance", 5, 3)
    assert quorum.met is True and quorum.participants == 5


def test_a_published_quorum_figure_is_used_and_attendance_shown_beside_it(meetings):
    ballot = BallotFactory(voting_start=VOTING_START, stated_quorum=7, stated={"claims": {}})
    VoteFactory(ballot=ballot, member_class="issuer", choice="yes")
    computation = summary_of(ballot).computation
    assert (computation.result.quorum.source, computation.result.quorum.required) == ("stated", 7)
    assert computation.attendance_quorum.required == 3
