"""The chair's steps, each checked against the Bylaws before it writes (ballots.chair)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ballots import actions
from ballots.actions import BylawViolation
from ballots.models import Ballot, Vote, VoteChange
from ballots.roster import roster
from ballots.selectors import summary_of
from governance.models import Meeting, Membership, Officer
from tests.chairing import SMC07_CONSUMERS, SMC07_ISSUERS, smc07_draft, smcwg_world
from tests.factories import body

pytestmark = pytest.mark.django_db

UTC = dt.UTC
CREATED = dt.datetime(2024, 5, 20, 9, 0, tzinfo=UTC)
DISCUSSION = dt.datetime(2024, 5, 24, 12, 30, tzinfo=UTC)
VOTING = dt.datetime(2024, 6, 5, 12, 30, tzinfo=UTC)
VOTING_ENDS = dt.datetime(2024, 6, 12, 12, 30, tzinfo=UTC)


@pytest.fixture
def world():
    return smcwg_world()


def draft(world, number="SMC07", ballot_type="final_maintenance_guideline"):
    return smc07_draft(world, number=number, ballot_type=ballot_type, at=CREATED)


def in_discussion(world, **kwargs):
    ballot = draft(world, **kwargs)
    actions.ballot_start_discussion(world.chair, ballot, at=DISCUSSION)
    for name, org in (("Stephen Davidson", "DigiCert"), ("Tom Zermeno", "SSL.com")):
        actions.ballot_endorse(
            world.chair, ballot, person_name=name, organization=world.org(org), at=DISCUSSION
        )
    return Ballot.objects.get(pk=ballot.pk)


def in_voting(world, **kwargs):
    ballot = in_discussion(world, **kwargs)
    return actions.ballot_start_voting(world.chair, ballot, at=VOTING)


def vote(world, ballot, org, choice="yes", at=VOTING + dt.timedelta(hours=2), url=""):
    return actions.vote_record(
        world.chair,
        ballot,
        organization=world.org(org),
        choice=choice,
        cast_at=at,
        message_url=url,
    )


# --- Roles -----------------------------------------------------------------------------------


def test_a_member_without_an_office_cannot_create_a_ballot(world):
    with pytest.raises(PermissionDenied) as refused:
        actions.ballot_create(
            world.member,
            body("smcwg"),
            number="SMC09",
            title="t",
            ballot_type="other",
            proposer_name="x",
            proposer_organization=world.org("HARICA"),
        )
    assert str(refused.value) == (
        "Only the Chair or Vice-Chair of the S/MIME Certificate Working Group can do this; your "
        "account “member” holds no office in it."
    )
    assert not Ballot.objects.exists()


def test_a_chair_acts_only_in_the_body_they_chair(world):
    ballot = draft(world)
    with pytest.raises(PermissionDenied, match="S/MIME Certificate Working Group"):
        actions.ballot_start_discussion(world.other_chair, ballot, at=DISCUSSION)
    assert Ballot.objects.get(pk=ballot.pk).state == "draft"


def test_an_office_that_has_ended_gives_no_rights(world):
    Officer.objects.filter(user=world.chair).update(end=dt.date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        draft(world)


def test_a_step_cannot_be_recorded_in_the_future(world):
    ballot = draft(world)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(BylawViolation, match="is in the future"):
        actions.ballot_start_discussion(world.chair, ballot, at=tomorrow)


# --- Creating, versions and endorsements ------------------------------------------------------


def test_a_new_ballot_is_a_draft_with_its_first_version_unposted(world):
    ballot = draft(world)
    assert (ballot.state, ballot.number_key, ballot.proposer.organization.name) == (
        "draft",
        "SMC-7",
        "Sectigo",
    )
    assert list(ballot.versions.values_list("number", "posted_at")) == [(1, None)]


def test_a_ballot_number_must_be_the_bodys_own(world):
    with pytest.raises(BylawViolation) as refused:
        draft(world, number="SC-80")
    assert str(refused.value) == (
        "“SC-80” is not a SMCWG ballot number; SMCWG ballots are numbered like SMCNN."
    )


def test_a_ballot_number_is_used_once(world):
    draft(world)
    with pytest.raises(BylawViolation, match="SMCWG already has a ballot SMC-07"):
        draft(world, number="SMC-07")


def test_the_proposer_must_be_from_a_voting_member(world):
    with pytest.raises(BylawViolation, match="WebTrust is not a Voting Member"):
        actions.ballot_create(
            world.chair,
            body("smcwg"),
            number="SMC09",
            title="t",
            ballot_type="other",
            proposer_name="An Auditor",
            proposer_organization=world.non_voting,
        )


def test_an_endorsement_from_the_proposers_organisation_is_refused(world):
    ballot = draft(world)
    with pytest.raises(BylawViolation) as refused:
        actions.ballot_endorse(
            world.chair, ballot, person_name="Someone", organization=world.org("Sectigo")
        )
    assert str(refused.value) == (
        "Sectigo is the proposer's organisation; a ballot needs endorsements from two other "
        "Voting Members (Bylaws 2.3(3))."
    )
    assert not ballot.endorsements.exists()


def test_an_endorsement_from_a_non_voting_member_is_refused(world):
    ballot = draft(world)
    with pytest.raises(BylawViolation, match=r"WebTrust is not a Voting Member .* endorse"):
        actions.ballot_endorse(
            world.chair, ballot, person_name="An Auditor", organization=world.non_voting
        )


def test_two_endorsements_from_one_organisation_count_once_and_the_second_is_refused(world):
    ballot = draft(world)
    actions.ballot_endorse(world.chair, ballot, person_name="A", organization=world.org("HARICA"))
    with pytest.raises(BylawViolation, match="HARICA has already endorsed SMC07"):
        actions.ballot_endorse(
            world.chair, ballot, person_name="B", organization=world.org("HARICA")
        )


# --- Discussion and the start of voting --------------------------------------------------------


def test_voting_cannot_start_before_seven_days_after_the_last_version(world):
    ballot = in_discussion(world)
    with pytest.raises(BylawViolation) as refused:
        actions.ballot_start_voting(world.chair, ballot, at=DISCUSSION + dt.timedelta(days=6))
    assert str(refused.value) == (
        "Voting on SMC07 cannot start before 31 May 2024 12:30 UTC: seven days must pass after "
        "the ballot's last version was posted (at 24 May 2024 12:30 UTC) before voting begins "
        "(Bylaws 2.3(3))."
    )
    assert Ballot.objects.get(pk=ballot.pk).state == "discussion"


def test_a_new_version_restarts_the_seven_days(world):
    ballot = in_discussion(world)
    actions.ballot_post_version(
        world.chair, ballot, note="typo", at=dt.datetime(2024, 5, 30, 8, 0, tzinfo=UTC)
    )
    with pytest.raises(BylawViolation, match="cannot start before 06 June 2024 08:00 UTC"):
        actions.ballot_start_voting(world.chair, ballot, at=VOTING)
    started = actions.ballot_start_voting(
        world.chair, ballot, at=dt.datetime(2024, 6, 6, 8, 0, tzinfo=UTC)
    )
    assert started.voting_end == dt.datetime(2024, 6, 13, 8, 0, tzinfo=UTC)


def test_voting_needs_two_endorsements(world):
    ballot = draft(world)
    actions.ballot_start_discussion(world.chair, ballot, at=DISCUSSION)
    actions.ballot_endorse(world.chair, ballot, person_name="A", organization=world.org("HARICA"))
    with pytest.raises(BylawViolation) as refused:
        actions.ballot_start_voting(world.chair, ballot, at=VOTING)
    assert str(refused.value) == (
        "SMC07 has 1 endorsement from Voting Members other than the proposer's; it needs two "
        "before voting can start (Bylaws 2.3(3))."
    )


def test_voting_ends_exactly_seven_days_after_it_starts(world):
    ballot = in_voting(world)
    assert (ballot.state, ballot.voting_start, ballot.voting_end) == (
        "voting",
        VOTING,
        VOTING_ENDS,
    )
    assert ballot.discussion_end == VOTING


def test_voting_ends_seven_calendar_days_later_on_the_ballots_wall_clock(world):
    ballot = in_discussion(world)
    Ballot.objects.filter(pk=ballot.pk).update(time_zone="America/New_York")
    # 2 March 2024 12:00 in New York is 17:00 UTC; summer time starts on 10 March.
    start = dt.datetime(2024, 3, 5, 17, 0, tzinfo=UTC)
    Ballot.objects.filter(pk=ballot.pk).update(discussion_start=start - dt.timedelta(days=8))
    ballot.versions.update(posted_at=start - dt.timedelta(days=8))
    started = actions.ballot_start_voting(world.chair, ballot, at=start)
    assert started.voting_end == dt.datetime(2024, 3, 12, 16, 0, tzinfo=UTC)


def test_a_ballot_whose_ninety_days_ran_out_cannot_start_voting_but_expires(world):
    ballot = in_discussion(world)
    late = DISCUSSION + dt.timedelta(days=91)
    with pytest.raises(BylawViolation, match="expired on 22 August 2024 12:30 UTC"):
        actions.ballot_start_voting(world.chair, ballot, at=late)
    with pytest.raises(BylawViolation, match="does not expire until 22 August 2024 12:30 UTC"):
        actions.ballot_expire(world.chair, ballot, at=DISCUSSION + dt.timedelta(days=89))
    assert actions.ballot_expire(world.chair, ballot, at=late).state == "expired"


# --- Votes -----------------------------------------------------------------------------------


def test_a_vote_from_a_non_voting_member_is_refused(world):
    ballot = in_voting(world)
    with pytest.raises(BylawViolation) as refused:
        actions.vote_record(
            world.chair,
            ballot,
            organization=world.non_voting,
            choice="yes",
            cast_at=VOTING + dt.timedelta(hours=1),
        )
    assert str(refused.value) == (
        "WebTrust is not a Voting Member of the S/MIME Certificate Working Group on 05 June "
        "2024, so its vote cannot be accepted (Bylaws 2.3(1): only votes by Voting Members are "
        "accepted)."
    )
    assert not Vote.objects.exists() and not VoteChange.objects.exists()


def test_a_vote_from_another_bodys_member_is_refused(world):
    ballot = in_voting(world)
    with pytest.raises(BylawViolation, match="Server-only CA is not a Voting Member of the S/MIME"):
        actions.vote_record(
            world.chair,
            ballot,
            organization=world.scwg_only,
            choice="yes",
            cast_at=VOTING + dt.timedelta(hours=1),
        )


def test_a_vote_cast_after_the_period_ended_is_refused(world):
    ballot = in_voting(world)
    with pytest.raises(BylawViolation) as refused:
        vote(world, ballot, "HARICA", at=VOTING_ENDS + dt.timedelta(minutes=1))
    assert str(refused.value) == (
        "Voting on SMC07 closed at 12 June 2024 12:30 UTC; a vote cast at 12 June 2024 12:31 UTC "
        "is not valid and is not counted (Bylaws 2.3(4))."
    )


def test_a_vote_cast_in_time_may_be_recorded_after_voting_closed(world):
    ballot = in_voting(world)
    actions.ballot_close_voting(world.chair, ballot, at=VOTING_ENDS)
    vote(world, ballot, "HARICA", at=VOTING_ENDS - dt.timedelta(minutes=1))
    assert Vote.objects.get().choice == "yes"


def test_the_same_vote_twice_is_not_a_change_and_is_refused(world):
    ballot = in_voting(world)
    vote(world, ballot, "HARICA")
    with pytest.raises(BylawViolation) as refused:
        vote(world, ballot, "HARICA", at=VOTING + dt.timedelta(hours=5))
    assert str(refused.value) == (
        "HARICA has already voted Yes on SMC07; a second vote from the same organisation is "
        "accepted only as a change (Bylaws 2.3(2))."
    )
    assert VoteChange.objects.count() == 1


def test_a_changed_vote_counts_and_every_change_is_kept(world):
    ballot = in_voting(world)
    vote(world, ballot, "HARICA", "yes", url="https://lists.cabforum.org/m/1")
    changed = vote(world, ballot, "HARICA", "no", at=VOTING + dt.timedelta(days=1))
    assert changed.changed_from == "yes"
    assert list(Vote.objects.values_list("choice", flat=True)) == ["no"]
    history = list(
        VoteChange.objects.values_list("previous_choice", "choice", "recorded_by__username")
    )
    assert history == [("", "yes", "stephen"), ("yes", "no", "stephen")]


def test_an_older_mail_does_not_replace_a_later_vote(world):
    ballot = in_voting(world)
    vote(world, ballot, "HARICA", "no", at=VOTING + dt.timedelta(days=2))
    with pytest.raises(BylawViolation, match="the last vote counts"):
        vote(world, ballot, "HARICA", "yes", at=VOTING + dt.timedelta(days=1))


def test_votes_are_not_recorded_before_voting_starts(world):
    ballot = in_discussion(world)
    with pytest.raises(BylawViolation, match="SMC07 is discussion: votes are recorded"):
        vote(world, ballot, "HARICA", at=DISCUSSION + dt.timedelta(days=1))


def test_the_roster_lists_voting_members_as_of_voting_start_with_who_has_not_voted(world):
    ballot = in_voting(world)
    vote(world, ballot, "HARICA")
    rows = roster(ballot)
    assert [r.organization.name for r in rows] == sorted(SMC07_ISSUERS, key=str.lower) + sorted(
        SMC07_CONSUMERS, key=str.lower
    )
    assert [r.organization.name for r in rows if r.vote] == ["HARICA"]


# --- Result, review and adoption -------------------------------------------------------------


def test_voting_cannot_be_closed_early(world):
    ballot = in_voting(world)
    with pytest.raises(BylawViolation) as refused:
        actions.ballot_close_voting(world.chair, ballot, at=VOTING_ENDS - dt.timedelta(hours=1))
    assert str(refused.value) == (
        "Voting on SMC07 runs until 12 June 2024 12:30 UTC; it cannot be closed earlier "
        "(Bylaws 2.3(4): the voting period lasts exactly seven days)."
    )


def run_smc07_vote(world):
    ballot = in_voting(world)
    for org in SMC07_ISSUERS + SMC07_CONSUMERS:
        vote(world, ballot, org)
    actions.ballot_close_voting(world.chair, ballot, at=VOTING_ENDS)
    return actions.ballot_announce_result(
        world.chair, ballot, at=VOTING_ENDS + dt.timedelta(minutes=30)
    )


def test_smc07_passes_with_quorum_seven_from_attendance(world):
    ballot = run_smc07_vote(world)
    result = summary_of(ballot).computation.result
    assert (ballot.state, ballot.published_outcome) == ("passed", "passed")
    assert (result.tally.issuers.yes, result.tally.consumers.yes) == (15, 2)
    assert (result.quorum.required, result.quorum.met) == (7, True)
    assert ballot.results_announced == VOTING_ENDS + dt.timedelta(minutes=30)


def test_the_result_cannot_be_announced_while_quorum_is_unknown(world):
    # The Forum (unlike the SMCWG, whose charter fails a ballot before three meetings) has no
    # quorum until meetings are recorded or the chair sets one.
    forum = body("forum")
    Officer.objects.create(user=world.chair, body=forum, role="chair", start=dt.date(2020, 1, 1))
    for name, cls in (("HARICA", "issuer"), ("Mozilla", "consumer")):
        Membership.objects.create(
            organization=world.org(name), body=forum, member_class=cls, start=dt.date(2020, 1, 1)
        )
    ballot = actions.ballot_create(
        world.chair,
        forum,
        number="FORUM-30",
        title="Bylaws update",
        ballot_type="other",
        proposer_name="Dimitris Zacharopoulos",
        proposer_organization=world.org("HARICA"),
        at=CREATED,
    )
    actions.ballot_start_discussion(world.chair, ballot, at=DISCUSSION)
    for org in ("DigiCert", "Mozilla"):
        Membership.objects.get_or_create(
            organization=world.org(org), body=forum, defaults={"member_class": "issuer"}
        )
        actions.ballot_endorse(world.chair, ballot, person_name="E", organization=world.org(org))
    actions.ballot_start_voting(world.chair, ballot, at=VOTING)
    vote(world, ballot, "HARICA")
    vote(world, ballot, "Mozilla")
    with pytest.raises(BylawViolation) as refused:
        actions.ballot_announce_result(world.chair, ballot, at=VOTING_ENDS)
    assert "cannot be announced yet" in str(refused.value)
    assert str(refused.value).endswith(
        "Record the attendance of the previous meetings, or set the quorum with a reason."
    )
    with pytest.raises(BylawViolation, match="Say why"):
        actions.quorum_override_set(world.chair, ballot, quorum=2, reason="")
    actions.quorum_override_set(world.chair, ballot, quorum=2, reason="no calls held in May")
    announced = actions.ballot_announce_result(world.chair, ballot, at=VOTING_ENDS)
    assert announced.state == "passed"
    with pytest.raises(BylawViolation, match="can no longer be changed"):
        actions.quorum_override_set(world.chair, ballot, quorum=9, reason="late")


def test_a_ballot_short_of_quorum_fails(world):
    ballot = in_voting(world)
    for org in ("HARICA", "DigiCert", "Mozilla"):
        vote(world, ballot, org)
    announced = actions.ballot_announce_result(world.chair, ballot, at=VOTING_ENDS)
    assert announced.state == "failed"


def test_the_review_lasts_thirty_days_for_a_final_maintenance_guideline(world):
    ballot = run_smc07_vote(world)
    start = dt.datetime(2024, 6, 12, 23, 59, tzinfo=UTC)
    reviewed = actions.ballot_start_review(world.chair, ballot, at=start)
    assert (reviewed.state, reviewed.review_end) == (
        "ipr_review",
        dt.datetime(2024, 7, 12, 23, 59, tzinfo=UTC),
    )


def test_the_review_lasts_sixty_days_for_a_final_guideline(world):
    ballot = run_smc07_vote(world)
    Ballot.objects.filter(pk=ballot.pk).update(ballot_type="final_guideline")
    reviewed = actions.ballot_start_review(
        world.chair, ballot, at=VOTING_ENDS + dt.timedelta(days=1)
    )
    assert reviewed.review_end == VOTING_ENDS + dt.timedelta(days=61)


def test_only_a_draft_guideline_ballot_has_an_ipr_review(world):
    ballot = run_smc07_vote(world)
    Ballot.objects.filter(pk=ballot.pk).update(ballot_type="other")
    with pytest.raises(BylawViolation, match="not a Draft Guideline Ballot"):
        actions.ballot_start_review(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(days=1))


def test_a_failed_ballot_has_no_review(world):
    ballot = in_voting(world)
    vote(world, ballot, "HARICA", "no")
    actions.ballot_announce_result(world.chair, ballot, at=VOTING_ENDS)
    with pytest.raises(BylawViolation, match="SMC07 is failed; starting the IPR review"):
        actions.ballot_start_review(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(days=1))


def test_the_review_adopts_the_ballot_when_no_notice_was_filed(world):
    ballot = run_smc07_vote(world)
    actions.ballot_start_review(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(hours=1))
    with pytest.raises(BylawViolation, match="cannot be closed earlier"):
        actions.ballot_close_review(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(days=29))
    adopted = actions.ballot_close_review(
        world.chair, ballot, at=VOTING_ENDS + dt.timedelta(days=31)
    )
    assert (adopted.state, adopted.exclusion_notice_filed) == ("adopted", False)


def test_an_exclusion_notice_rescinds_the_ballot_with_a_patent_advisory_group(world):
    ballot = run_smc07_vote(world)
    actions.ballot_start_review(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(hours=1))
    with pytest.raises(BylawViolation, match="outside it"):
        actions.exclusion_notice_record(
            world.chair, ballot, organization=world.org("TWCA"), filed_at=VOTING_ENDS
        )
    actions.exclusion_notice_record(
        world.chair,
        ballot,
        organization=world.org("TWCA"),
        filed_at=VOTING_ENDS + dt.timedelta(days=3),
        summary="claims on section 8.3",
    )
    closing = VOTING_ENDS + dt.timedelta(days=31)
    with pytest.raises(BylawViolation, match="1 Exclusion Notice was filed"):
        actions.ballot_close_review(world.chair, ballot, at=closing)
    rescinded = actions.ballot_close_review(
        world.chair, ballot, at=closing, patent_advisory_group="PAG on SMC07, announced 13 July"
    )
    assert rescinded.state == "rescinded"
    assert ballot.exclusion_notices.get().patent_advisory_group == "PAG on SMC07, announced 13 July"


def test_withdrawing_is_refused_after_the_vote_is_over(world):
    ballot = in_voting(world)
    with pytest.raises(BylawViolation, match="cannot be withdrawn after its vote is over"):
        actions.ballot_withdraw(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(minutes=1))
    withdrawn = actions.ballot_withdraw(world.chair, ballot, reason="redline wrong", at=VOTING)
    assert (withdrawn.state, withdrawn.published_outcome) == ("withdrawn", "withdrawn")


def test_every_step_leaves_a_history_row_with_who_and_what(world):
    ballot = run_smc07_vote(world)
    rows = list(
        ballot.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "history_user__username", "state"
        )
    )
    assert rows == [
        ("ballot created", "stephen", "draft"),
        ("discussion started", "stephen", "discussion"),
        ("endorsed by Stephen Davidson (DigiCert)", "stephen", "discussion"),
        ("endorsed by Tom Zermeno (SSL.com)", "stephen", "discussion"),
        ("voting started", "stephen", "voting"),
        ("voting closed", "stephen", "closed"),
        ("result announced: passed", "stephen", "passed"),
    ]


# --- Meetings --------------------------------------------------------------------------------


def test_a_recorded_meeting_sets_the_quorum_of_the_next_ballot(world):
    Meeting.objects.all().delete()
    attendees = "\n".join(
        f"Person {i} - ({name})" for i, name in enumerate([*SMC07_ISSUERS[:9], "WebTrust"])
    )
    for day in (dt.date(2024, 5, 1), dt.date(2024, 5, 15), dt.date(2024, 5, 29)):
        actions.meeting_record(
            world.chair, body("smcwg"), date=day, kind="teleconference", attendees=attendees
        )
    ballot = in_voting(world)
    # Nine Voting Members at each meeting (the Associate Member does not count): more than
    # half of 9 is 5.
    assert summary_of(ballot).computation.result.quorum.required == 5


def test_a_meeting_with_an_unknown_organisation_is_refused_and_nothing_is_written(world):
    before = Meeting.objects.count()
    with pytest.raises(BylawViolation) as refused:
        actions.meeting_record(
            world.chair,
            body("smcwg"),
            date=dt.date(2024, 5, 1),
            kind="teleconference",
            attendees="Ann Example - (Nowhere Trust)\nBen Wilson - (Mozilla)",
        )
    assert str(refused.value).startswith("Unknown organisation: “Nowhere Trust”.")
    assert Meeting.objects.count() == before


def test_another_bodys_chair_cannot_record_a_meeting(world):
    with pytest.raises(PermissionDenied):
        actions.meeting_record(
            world.other_chair,
            body("smcwg"),
            date=dt.date(2024, 5, 1),
            kind="teleconference",
            attendees="Ben Wilson - (Mozilla)",
        )


def test_the_review_can_be_closed_after_refresh_states_moved_the_ballot_on(world):
    """At the end of the Review Period the stored state follows the clock (refresh_states);
    the chair's closing is still recorded afterwards, once."""
    from ballots.actions import refresh_states

    ballot = run_smc07_vote(world)
    actions.ballot_start_review(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(hours=1))
    refresh_states(now=VOTING_ENDS + dt.timedelta(days=40))
    assert Ballot.objects.get(pk=ballot.pk).state == "adopted"
    closed = actions.ballot_close_review(
        world.chair, ballot, at=VOTING_ENDS + dt.timedelta(days=31)
    )
    assert (closed.state, closed.exclusion_notice_filed) == ("adopted", False)
    with pytest.raises(BylawViolation, match="has already been closed"):
        actions.ballot_close_review(world.chair, ballot, at=VOTING_ENDS + dt.timedelta(days=32))
