"""The chair's pages: every write URL needs a signed-in chair of that body; refusals come back
with the chair's message; CSRF stays on."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ballots import actions
from ballots.models import Ballot, Vote, VoteChange
from ballots.urls import chair_patterns
from ballots.views.panel import ACTIONS
from governance.models import Meeting
from tests.chairing import PASSWORD, SMC07_CONSUMERS, SMC07_ISSUERS, smc07_draft, smcwg_world

pytestmark = pytest.mark.django_db

UTC = dt.UTC
DISCUSSION = dt.datetime(2024, 5, 24, 12, 30, tzinfo=UTC)
VOTING = dt.datetime(2024, 6, 5, 12, 30, tzinfo=UTC)

# Every write URL, by name. A new URL in ballots/urls.py (chair_patterns) or a new step in
# ACTIONS fails test_every_write_url_is_listed_here until it is added, so none escapes the
# checks below.
STEPS = [
    "edit",
    "delete",
    "version",
    "endorse",
    "start-discussion",
    "start-voting",
    "vote",
    "quorum",
    "close-voting",
    "announce",
    "start-review",
    "exclusion-notice",
    "close-review",
    "withdraw",
    "expire",
]
PAGES = [
    "chair-home",
    "chair-tokens",
    "chair-ballot-new",
    "chair-meeting-new",
    "chair-ballot-action",
    "chair-ballot-votes",
]


@pytest.fixture
def world():
    return smcwg_world()


@pytest.fixture
def ballot(world):
    b = smc07_draft(world, at=DISCUSSION - dt.timedelta(days=1))
    actions.ballot_start_discussion(world.chair, b, at=DISCUSSION)
    return b


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def write_urls(ballot):
    urls = [
        reverse("chair-ballot-new", args=["smcwg"]),
        reverse("chair-meeting-new", args=["smcwg"]),
    ]
    urls += [reverse("chair-ballot-action", args=["smcwg", ballot.number, step]) for step in STEPS]
    urls.append(reverse("chair-ballot-votes", args=["smcwg", ballot.number]))
    return urls


def test_every_write_url_is_listed_here():
    assert sorted(ACTIONS) == sorted(STEPS)
    assert sorted(p.name for p in chair_patterns) == sorted(PAGES)


def test_an_anonymous_visitor_is_sent_to_sign_in_for_every_write_url(world, ballot):
    client = Client()
    for url in [*write_urls(ballot), reverse("chair-home"), reverse("chair-tokens")]:
        response = client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    assert Ballot.objects.get(pk=ballot.pk).state == "discussion"


def test_a_member_gets_403_with_a_message_for_every_write_url(world, ballot):
    client = signed_in(world.member)
    for url in write_urls(ballot):
        response = client.post(url, {})
        assert response.status_code == 403, url
        assert (
            "Only the Chair or Vice-Chair of the S/MIME Certificate Working Group can do this"
            in response.content.decode()
        ), url


def test_another_bodys_chair_gets_403_for_every_write_url(world, ballot):
    client = signed_in(world.other_chair)
    for url in write_urls(ballot):
        assert client.post(url, {}).status_code == 403, url
    assert not Vote.objects.exists()


def test_the_member_sees_no_chair_forms_and_the_chair_does(world, ballot):
    url = reverse("ballot-detail", args=["smcwg", "SMC07"])
    assert "Chair's steps" not in Client().get(url).content.decode()
    assert "Chair's steps" not in signed_in(world.member).get(url).content.decode()
    page = signed_in(world.chair).get(url).content.decode()
    assert "Chair's steps" in page
    assert 'id="step-start-voting"' in page and 'id="step-announce"' not in page


def test_a_write_needs_a_csrf_token(world, ballot):
    client = Client(enforce_csrf_checks=True)
    client.login(username=world.chair.username, password=PASSWORD)
    url = reverse("chair-ballot-action", args=["smcwg", "SMC07", "withdraw"])
    assert client.post(url, {"withdraw-reason": "x"}).status_code == 403
    assert Ballot.objects.get(pk=ballot.pk).state == "discussion"


def test_get_on_a_step_is_not_allowed(world, ballot):
    url = reverse("chair-ballot-action", args=["smcwg", "SMC07", "start-voting"])
    assert signed_in(world.chair).get(url).status_code == 405


def test_a_refused_step_shows_the_bylaws_message_and_changes_nothing(world, ballot):
    client = signed_in(world.chair)
    url = reverse("chair-ballot-action", args=["smcwg", "SMC07", "start-voting"])
    response = client.post(url, {"start-voting-at": "2024-06-05T12:30"})
    assert response.status_code == 400
    assert (
        "SMC07 has 0 endorsements from Voting Members other than the proposer&#x27;s; it needs "
        "two before voting can start (Bylaws 2.3(3))." in response.content.decode()
    )
    assert Ballot.objects.get(pk=ballot.pk).state == "discussion"


def test_a_chair_runs_steps_through_the_forms(world, ballot):
    client = signed_in(world.chair)

    def step(name, **data):
        url = reverse("chair-ballot-action", args=["smcwg", "SMC07", name])
        return client.post(url, {f"{name}-{k}": v for k, v in data.items()})

    for person, org in (("Stephen Davidson", "DigiCert"), ("Tom Zermeno", "SSL.com")):
        r = step("endorse", person_name=person, organization=world.org(org).pk)
        assert r.status_code == 302, r.content.decode()[:2000]
    r = step("start-voting", at="2024-06-05T12:30")
    assert r.status_code == 302
    assert r["Location"] == "/ballots/smcwg/SMC07/#chair"
    page = client.get(r["Location"]).content.decode()
    assert "Voting started 05 June 2024 12:30 UTC; it ends 12 June 2024 12:30 UTC." in page
    assert "Roster: 17 Voting Members as of 5 Jun 2024, 17 not voted yet" in page

    r = step(
        "vote",
        organization=world.org("HARICA").pk,
        choice="no",
        cast_at="2024-06-06T09:15",
        message_url="https://lists.cabforum.org/g/smcwg-public/message/1",
    )
    assert r.status_code == 302
    r = step("vote", organization=world.org("HARICA").pk, choice="yes", cast_at="2024-06-07T10:00")
    page = client.get("/ballots/smcwg/SMC07/").content.decode()
    assert "HARICA&#x27;s vote changed from No to Yes." in page
    assert "16 not voted yet" in page
    assert Vote.objects.get().choice == "yes"
    assert list(VoteChange.objects.values_list("choice", flat=True)) == ["no", "yes"]
    # The vote history is public.
    public = Client().get("/ballots/smcwg/SMC07/").content.decode()
    assert "No → Yes" in public and "by stephen" in public

    r = step(
        "vote", organization=world.org("WebTrust").pk, choice="yes", cast_at="2024-06-07T10:00"
    )
    assert r.status_code == 400
    assert "WebTrust is not a Voting Member" in r.content.decode()


def test_a_chair_creates_a_ballot_and_records_a_meeting(world):
    client = signed_in(world.chair)
    r = client.post(
        reverse("chair-ballot-new", args=["smcwg"]),
        {
            "number": "SMC09",
            "title": "Deprecate legacy profiles",
            "ballot_type": "final_maintenance_guideline",
            "proposer_name": "Stephen Davidson",
            "proposer_organization": world.org("DigiCert").pk,
            "motion": "MODIFY the S/MIME BR <script>alert(1)</script>",
        },
    )
    assert r.status_code == 302 and r["Location"] == "/ballots/smcwg/SMC09/"
    page = client.get(r["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    r = client.post(
        reverse("chair-ballot-new", args=["smcwg"]),
        {
            "number": "CSC-30",
            "title": "t",
            "ballot_type": "other",
            "proposer_name": "x",
            "proposer_organization": world.org("DigiCert").pk,
        },
    )
    assert r.status_code == 400
    assert "“CSC-30” is not a SMCWG ballot number" in r.content.decode()

    r = client.post(
        reverse("chair-meeting-new", args=["smcwg"]),
        {
            "date": "2024-06-19",
            "kind": "teleconference",
            "attendees": "Ben Wilson - (Mozilla), Clint Wilson - (Apple)\nTWCA",
        },
    )
    assert r.status_code == 400
    assert "Unknown organisation: “Apple”" in r.content.decode()
    r = client.post(
        reverse("chair-meeting-new", args=["smcwg"]),
        {
            "date": "2024-06-19",
            "kind": "teleconference",
            "attendees": "Ben Wilson - (Mozilla)\nTWCA",
        },
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get(date=dt.date(2024, 6, 19))
    assert sorted(meeting.attendance.values_list("organization__name", flat=True)) == [
        "Mozilla",
        "TWCA",
    ]


def test_the_chair_home_lists_the_bodies_chaired(world, ballot):
    page = signed_in(world.chair).get(reverse("chair-home")).content.decode()
    assert "S/MIME Certificate Working Group" in page and "SMC07" in page
    assert "Server Certificate" not in page


def test_the_chairs_ballot_page_queries_do_not_grow_with_votes(world, ballot):
    for person, org in (("A", "DigiCert"), ("B", "SSL.com")):
        actions.ballot_endorse(world.chair, ballot, person_name=person, organization=world.org(org))
    actions.ballot_start_voting(world.chair, ballot, at=VOTING)
    client = signed_in(world.chair)
    url = reverse("ballot-detail", args=["smcwg", "SMC07"])

    def queries_after(orgs):
        for org in orgs:
            actions.vote_record(
                world.chair,
                ballot,
                organization=world.org(org),
                choice="yes",
                cast_at=VOTING + dt.timedelta(hours=1),
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries_after(SMC07_ISSUERS[:2])
    many = queries_after(SMC07_ISSUERS[2:] + SMC07_CONSUMERS)
    assert few == many, (few, many)


def test_a_withdrawn_ballot_says_so_on_its_page(world, ballot):
    actions.ballot_withdraw(world.chair, ballot, reason="superseded", at=DISCUSSION)
    page = Client().get(reverse("ballot-detail", args=["smcwg", "SMC07"])).content.decode()
    assert "The ballot was <strong>withdrawn</strong> on 24 May 2024 12:30 UTC." in page
    assert "The published post says" not in page


def test_personal_tokens_are_for_officers_and_shown_once(world):
    member = signed_in(world.member)
    assert member.post(reverse("chair-tokens"), {"name": "scripts"}).status_code == 403
    chair = signed_in(world.chair)
    page = chair.post(reverse("chair-tokens"), {"name": "my scripts"}).content.decode()
    key = page.split("Your new token:</strong> <code>")[1].split("</code>")[0]
    assert key.startswith("cabf_") and "Copy it now" in page
    again = chair.get(reverse("chair-tokens")).content.decode()
    assert key not in again and "my scripts" in again and key[5:13] in again


def test_a_chair_records_17_votes_in_one_submit_and_the_results_post_is_smc07s(world):
    from ballots import writeups
    from tests.chairing import smc07_in_voting

    ballot = smc07_in_voting(world)
    client = signed_in(world.chair)
    url = reverse("chair-ballot-votes", args=["smcwg", "SMC07"])
    page = client.get(url).content.decode()
    assert page.count('name="choice-') == 17  # every Voting Member on the roster
    post = {"record": "1", f"at-{world.org(SMC07_ISSUERS[0]).pk}": "2024-06-05T13:00"}
    for name in SMC07_ISSUERS + SMC07_CONSUMERS:
        post[f"choice-{world.org(name).pk}"] = "yes"
    response = client.post(url, post)
    assert response.status_code == 302
    assert Vote.objects.filter(ballot=ballot).count() == 17
    # every time defaulted to the first row's
    assert set(Vote.objects.values_list("cast_at", flat=True)) == {
        dt.datetime(2024, 6, 5, 13, 0, tzinfo=UTC)
    }
    actions.ballot_close_voting(world.chair, ballot, at=VOTING + dt.timedelta(days=7))
    actions.ballot_announce_result(world.chair, ballot, at=VOTING + dt.timedelta(days=7, hours=1))
    post_md = writeups.write(Ballot.objects.get(pk=ballot.pk), "results").markdown
    assert "2 Consumers voting YES: Mozilla, rundQuadrat" in post_md
    assert "The quorum was 7 for this ballot. This requirement was MET." in post_md


def test_a_refused_row_comes_back_beside_its_row_and_the_others_are_recorded(world):
    from tests.chairing import smc07_in_voting

    ballot = smc07_in_voting(world)
    client = signed_in(world.chair)
    url = reverse("chair-ballot-votes", args=["smcwg", "SMC07"])
    harica, digicert = world.org("HARICA").pk, world.org("DigiCert").pk
    response = client.post(
        url,
        {
            "record": "1",
            f"choice-{harica}": "yes",
            f"at-{harica}": "2024-06-05T13:00",
            f"choice-{digicert}": "no",
            f"at-{digicert}": "2024-06-20T13:00",  # after voting closed
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not valid and is not counted (Bylaws 2.3(4))" in page
    assert list(
        Vote.objects.filter(ballot=ballot).values_list("organization__name", flat=True)
    ) == ["HARICA"]


def test_pasted_mails_fill_the_grid_with_their_doubts_and_record_nothing_until_confirmed(world):
    from tests.chairing import smc07_in_voting

    ballot = smc07_in_voting(world)
    client = signed_in(world.chair)
    url = reverse("chair-ballot-votes", args=["smcwg", "SMC07"])
    subject = "Re: [Smcwg-public] VOTING PERIOD: Ballot SMC07"

    def mail(who, when, body, n):
        return (
            f"From {who} at example.org  {when:%a %b %d %H:%M:%S %Y}\nFrom: {who} at example.org\n"
            f"Date: {when:%a, %d %b %Y %H:%M:%S +0000}\nSubject: {subject}\n"
            f"Message-ID: <m{n}@example.org>\n\n{body}\n\n"
        )

    mails = (
        mail("harica", VOTING + dt.timedelta(hours=1), "HARICA votes yes on SMC07.", 1)
        + mail("sectigo", VOTING + dt.timedelta(hours=2), "Sectigo votes No on SMC07", 2)
        + mail("sectigo", VOTING + dt.timedelta(hours=3), "Sectigo votes Yes on SMC07", 3)
        + mail("mozilla", VOTING + dt.timedelta(days=8), "Mozilla votes yes on SMC07.", 4)
    )
    page = client.post(url, {"mails": mails}).content.decode()
    assert "Doubtful: changes Sectigo&#x27;s vote from No to Yes (the last mail counts)" in page
    assert "Doubtful: sent after voting closed: a late vote is not counted (2.3(4))" in page
    assert 'value="mid:m1@example.org"' in page
    assert not Vote.objects.filter(ballot=ballot).exists()
    harica, sectigo = world.org("HARICA").pk, world.org("Sectigo").pk
    client.post(
        url,
        {
            "record": "1",
            f"choice-{harica}": "yes",
            f"at-{harica}": f"{VOTING + dt.timedelta(hours=1):%Y-%m-%dT%H:%M}",
            f"link-{harica}": "mid:m1@example.org",
            f"choice-{sectigo}": "yes",
            f"at-{sectigo}": f"{VOTING + dt.timedelta(hours=3):%Y-%m-%dT%H:%M}",
        },
    )
    votes = dict(Vote.objects.filter(ballot=ballot).values_list("organization__name", "choice"))
    assert votes == {"HARICA": "yes", "Sectigo": "yes"}


def test_the_chairs_desk_lists_what_is_due_overdue_first(world):
    from tests.chairing import smc07_in_voting

    smc07_in_voting(world)  # voting ended in 2024: the results are overdue by now
    recently = timezone.now() - dt.timedelta(days=1)
    actions.ballot_start_discussion(
        world.chair, smc07_draft(world, number="SMC09", at=recently), at=recently
    )
    page = signed_in(world.chair).get(reverse("chair-home")).content.decode()
    assert page.index("SMC07") < page.index("SMC09")  # overdue first
    assert (
        "Overdue:</strong> Results announced (three business days after voting closes), due "
        "17 Jun 2024 23:59 UTC (Bylaws 2.4(4))" in page
    )
    assert "Needs 2 more endorsements before voting (Bylaws 2.3(3))" in page


def test_a_chair_corrects_a_drafts_typos_and_the_history_keeps_what_it_said(world):
    draft = smc07_draft(world, at=DISCUSSION - dt.timedelta(days=1))
    client = signed_in(world.chair)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="step-edit"' in page and 'id="step-delete"' in page
    assert 'name="edit-title" value="Align Logging Requirement' in page  # prefilled
    response = client.post(
        reverse("chair-ballot-action", args=["smcwg", "SMC07", "edit"]),
        {
            "edit-number": "SMC7",
            "edit-title": "Align Logging Requirements and Key Escrow clarification",
            "edit-ballot_type": draft.ballot_type,
            "edit-purpose": draft.purpose,
            "edit-motion": "The corrected motion.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/ballots/smcwg/SMC7/#chair"
    page = client.get(response["Location"]).content.decode()
    assert "Draft corrected: id, title, motion." in page
    corrected = Ballot.objects.get(pk=draft.pk)
    assert (corrected.number, corrected.motion) == ("SMC7", "The corrected motion.")
    last, before = corrected.history.order_by("-history_id")[:2]
    assert last.history_change_reason == "draft edited: id, title, motion"
    assert last.history_user == world.chair
    assert before.title == "Align Logging Requirement and Key Escrow clarification"
    assert before.motion == draft.motion and draft.motion


def test_a_draft_cannot_be_corrected_once_posted_for_discussion(world, ballot):
    client = signed_in(world.chair)
    response = client.post(
        reverse("chair-ballot-action", args=["smcwg", "SMC07", "edit"]),
        {
            "edit-number": "SMC07",
            "edit-title": "Another title",
            "edit-ballot_type": "final_guideline",
        },
    )
    assert response.status_code == 400
    assert (
        "SMC07 is in discussion; editing it is possible only when it is a draft."
        in response.content.decode()
    )
    assert Ballot.objects.get(pk=ballot.pk).title != "Another title"


def test_a_chair_deletes_a_draft_and_the_history_records_it(world):
    draft = smc07_draft(world, at=DISCUSSION - dt.timedelta(days=1))
    client = signed_in(world.chair)
    url = reverse("chair-ballot-action", args=["smcwg", "SMC07", "delete"])
    refused = client.post(url, {})  # the confirmation is required
    assert refused.status_code == 400 and Ballot.objects.filter(pk=draft.pk).exists()
    response = client.post(url, {"delete-confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/bodies/smcwg/"
    assert not Ballot.objects.filter(pk=draft.pk).exists()
    assert "Draft SMC07 deleted." in client.get("/bodies/smcwg/").content.decode()
    gone = Ballot.history.filter(id=draft.pk).latest("history_id")
    assert (gone.history_type, gone.history_user, gone.number) == ("-", world.chair, "SMC07")


def test_a_ballot_in_discussion_cannot_be_deleted(world, ballot):
    response = signed_in(world.chair).post(
        reverse("chair-ballot-action", args=["smcwg", "SMC07", "delete"]),
        {"delete-confirm": "on"},
    )
    assert response.status_code == 400
    refusal = "SMC07 is in discussion; deleting it is possible only when it is a draft."
    assert refusal in response.content.decode()
    assert Ballot.objects.filter(pk=ballot.pk).exists()


@pytest.mark.parametrize(
    "kind, rule",
    [("final_maintenance_guideline", "Bylaws 2.4(4)"), ("other", "Bylaws 2.3(8)")],
)
def test_closing_voting_cites_the_results_rule_of_the_ballots_type(world, kind, rule):
    """A Draft Guideline Ballot's Initial Vote is announced under 2.4(4), any other ballot's
    result under 2.3(8): one citation, the same as the ballot's deadlines give."""
    from tests.chairing import smc07_in_voting

    ballot = smc07_in_voting(world)
    Ballot.objects.filter(pk=ballot.pk).update(ballot_type=kind)
    client = signed_in(world.chair)
    response = client.post(
        reverse("chair-ballot-action", args=["smcwg", "SMC07", "close-voting"]),
        {"close-voting-at": "2024-06-12T12:30"},
        follow=True,
    )
    page = response.content.decode()
    assert f"Voting closed. Announce the result within three business days ({rule})." in page
    assert "Results announced" in page and rule in page
