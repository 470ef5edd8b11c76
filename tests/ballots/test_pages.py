"""The public pages: what a member or the public reads, and that queries do not grow with data."""

import datetime as dt
import shutil

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ballots.posts.importer import import_posts
from governance.models import Meeting
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


@pytest.fixture
def smc07(seeds_dir, tmp_path):
    target = tmp_path / "2024-06-12-ballot-smc07.md"
    shutil.copy(seeds_dir / "000_30f3868998a73e3b.txt", target)
    import_posts([target])


def test_ballot_page_states_each_rule_in_words(client, smc07):
    page = client.get("/ballots/smcwg/SMC07/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Align Logging Requirement and Key Escrow clarification" in html
    assert (
        "Certificate Issuers: 15 of 15 votes cast in favour (100%), two-thirds or more "
        "required: met" in html
    )
    assert (
        "Certificate Consumers: 2 of 2 votes cast in favour (100%), more than half required: met"
        in html
    )
    assert "The published post states a quorum of 7." in html
    assert "Final Maintenance Guideline" in html
    assert 'role="img"' in html and "15 Yes, 0 No, 0 Abstain" in html  # the SVG tally
    assert "Asseco Data Systems SA (Certum)" in html
    assert "Martijn Katerbarg" in html and "Tom Zermeno" in html


def test_ballot_page_is_found_by_any_spelling_of_its_id(client, smc07):
    assert client.get("/ballots/smcwg/smc07/").status_code == 200
    assert client.get("/ballots/smcwg/SMC-7/").status_code == 200
    assert client.get("/ballots/scwg/SMC07/").status_code == 404


def test_motion_markdown_is_sanitised(client):
    ballot = BallotFactory(
        motion='**Bold** <script>alert("x")</script> [link](javascript:alert(1)) '
        '<img src=x onerror="alert(2)">'
    )
    html = client.get(reverse("ballot-detail", args=["smcwg", ballot.number])).content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:alert" not in html
    assert "onerror" not in html


def test_list_filters_by_body_and_searches_titles(client):
    BallotFactory(title="Sunset of SHA-1 in S/MIME")
    BallotFactory(body=body("scwg"), number="SC-090", number_key="SC-90", title="Wildcards")
    page = client.get("/ballots/", {"body": "scwg"}).content.decode()
    assert "SC-090" in page and "Sunset of SHA-1" not in page
    page = client.get("/ballots/", {"q": "sunset"}).content.decode()
    assert "Sunset of SHA-1 in S/MIME" in page and "Wildcards" not in page
    assert "1 ballot" in page


def test_a_year_filter_that_is_not_a_number_is_ignored(client):
    BallotFactory(title="Sunset of SHA-1 in S/MIME")
    # "¹" passes str.isdigit() but int() refuses it.
    for year in ("¹", "20x4"):
        response = client.get("/ballots/", {"year": year})
        assert response.status_code == 200
        assert "Sunset of SHA-1 in S/MIME" in response.content.decode()


def test_list_shows_outcome_with_its_ratios(client, smc07):
    page = client.get("/ballots/").content.decode()
    assert "Issuers 15/15 (100%) · Consumers 2/2 (100%)" in page
    assert "Passed" in page


def test_dashboard_shows_a_ballot_in_voting_with_what_it_still_needs(client):
    now = timezone.now()
    ballot = BallotFactory(
        title="Live one",
        state="voting",
        discussion_start=now - dt.timedelta(days=10),
        voting_start=now - dt.timedelta(days=2),
        voting_end=now + dt.timedelta(days=5),
    )
    VoteFactory(ballot=ballot, member_class="issuer", choice="yes")
    VoteFactory(ballot=ballot, member_class="consumer", choice="no")
    html = client.get("/").content.decode()
    assert "Live one" in html
    assert "Issuers 1/1 (100%) · Consumers 0/1 (0%)" in html
    assert "needs 2 more Consumer Yes votes to pass" in html  # 1 of 2 is not more than half


def test_dashboard_marks_results_not_announced_in_time_as_overdue(client):
    now = timezone.now()
    BallotFactory(
        number="SMC50",
        state="closed",
        discussion_start=now - dt.timedelta(days=40),
        voting_start=now - dt.timedelta(days=30),
        voting_end=now - dt.timedelta(days=23),
    )
    html = client.get("/").content.decode()
    assert "Overdue" in html
    assert "SMC50</a>: <strong>overdue</strong>: Results announced" in html


def test_dashboard_warns_of_a_ballot_about_to_expire(client):
    now = timezone.now()
    BallotFactory(
        number="SMC60",
        title="Stalled one",
        state="discussion",
        discussion_start=now - dt.timedelta(days=80),
        voting_start=None,
        voting_end=None,
    )
    html = client.get("/").content.decode()
    assert "About to expire" in html
    assert "SMC60</a> Stalled one: fails on" in html


def test_body_page_shows_rules_with_citation_and_members(client):
    MembershipFactory(organization=OrganizationFactory(name="HARICA"), body=body("scwg"))
    html = client.get("/bodies/scwg/").content.decode()
    assert "Quorum is half the average number of voting members" in html
    assert "Chosen: more than half" in html
    assert "HARICA" in html


def test_organisation_page_lists_its_voting_record(client, smc07):
    html = client.get("/organizations/mozilla/").content.decode()
    assert "SMC07" in html and "Certificate Consumer" in html and "Yes" in html


def test_member_only_minutes_are_hidden_from_the_public(client):
    MeetingFactory(date=dt.date(2024, 5, 2), title="Open call", minutes="Open words")
    MeetingFactory(
        date=dt.date(2024, 5, 2), title="Closed session", minutes="Secret words", member_only=True
    )
    public = client.get("/meetings/smcwg/2024-05-02/").content.decode()
    assert "Open words" in public and "Secret words" not in public
    assert "1 more set of minutes on this day is for members only" in public
    client.force_login(User.objects.create_user("member", password="x-long-password-1"))
    member = client.get("/meetings/smcwg/2024-05-02/").content.decode()
    assert "Secret words" in member


def test_meeting_page_groups_attendees_by_organisation(client):
    meeting = MeetingFactory(date=dt.date(2024, 5, 3), title="Teleconference")
    attend(meeting, OrganizationFactory(name="Sectigo"), OrganizationFactory(name="DigiCert"))
    html = client.get("/meetings/smcwg/2024-05-03/").content.decode()
    assert "Attendees by organisation (2)" in html
    assert html.index("DigiCert") < html.index("Sectigo")


def test_pages_have_landmarks_and_one_h1(client, smc07):
    for url in ["/", "/ballots/", "/ballots/smcwg/SMC07/", "/bodies/smcwg/"]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert '<main id="main"' in html and 'role="banner"' in html, url
        assert 'aria-label="Main"' in html, url


# --- queries must not grow with the number of ballots -------------------------------------------


def _make_ballots(n: int) -> None:
    now = timezone.now()
    orgs = [MembershipFactory().organization for _ in range(4)]
    for i in range(n):
        start = now - dt.timedelta(days=i % 60)
        ballot = BallotFactory(
            state=["discussion", "voting", "ipr_review", "passed"][i % 4],
            discussion_start=start - dt.timedelta(days=8),
            voting_start=start,
            voting_end=start + dt.timedelta(days=7),
        )
        for org in orgs[: 1 + i % 4]:
            VoteFactory(ballot=ballot, organization=org)
    for d in range(3):
        attend(MeetingFactory(date=(now - dt.timedelta(days=70 + d)).date()), *orgs)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/", "/ballots/", "/bodies/smcwg/"])
def test_page_queries_do_not_grow_with_the_number_of_ballots(client, url):
    _make_ballots(5)
    few = _queries(client, url)
    _make_ballots(195)
    assert _queries(client, url) == few


def test_ballot_page_queries_do_not_grow_with_votes_or_ballots(client):
    _make_ballots(5)
    from ballots.models import Ballot

    first = Ballot.objects.order_by("id").first()
    url = reverse("ballot-detail", args=["smcwg", first.number])
    few = _queries(client, url)
    _make_ballots(195)
    for _ in range(20):
        VoteFactory(ballot=first)
    assert _queries(client, url) == few
    assert Meeting.objects.count() == 6


def test_every_page_names_its_icon(client):
    page = client.get("/").content.decode()
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page


def test_imported_votes_show_the_date_of_their_post_not_of_the_import(client, smc07):
    page = client.get("/ballots/smcwg/SMC07/").content.decode()
    assert "from the post of 24 May 2024" in page  # the front matter's date
    assert "(imported from a post)" not in page


def test_body_page_lists_a_meeting_recorded_twice_once(client):
    """The minutes post and a face-to-face bundle's copy are one meeting: one row, which says
    so, and links to the day's page that shows both."""
    org = OrganizationFactory()
    post = MeetingFactory(date=dt.date(2024, 3, 7), title="Minutes")
    bundle = MeetingFactory(date=dt.date(2024, 3, 7), title="F2F bundle copy")
    attend(post, org)
    attend(bundle, org, OrganizationFactory())
    MeetingFactory(date=dt.date(2024, 3, 14))
    page = client.get("/bodies/smcwg/").content.decode()
    assert page.count('href="/meetings/smcwg/2024-03-07/"') == 1
    assert (
        '<a href="/meetings/smcwg/2024-03-07/">7 Mar 2024</a> Teleconference · 2 attendees · '
        "recorded 2 times (one meeting)</li>"
    ) in page
    assert (
        '<a href="/meetings/smcwg/2024-03-14/">14 Mar 2024</a> Teleconference · 0 attendees</li>'
        in page
    )
