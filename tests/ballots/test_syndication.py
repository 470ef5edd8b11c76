"""Feeds parse back to what a subscriber relies on, per body, with constant queries."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from tests.factories import BallotFactory, VoteFactory, body

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def ballots():
    now = timezone.now().replace(microsecond=0)
    voting = BallotFactory(
        number="SMC20",
        number_key="SMC-20",
        title="Live ballot",
        state="voting",
        discussion_start=now - dt.timedelta(days=9),
        voting_start=now - dt.timedelta(days=1),
        voting_end=now + dt.timedelta(days=6),
    )
    decided = BallotFactory(
        body=body("scwg"),
        number="SC-090",
        number_key="SC-90",
        title="Decided ballot",
        published_outcome="passed",
        stated={"claims": {}},
        discussion_start=now - dt.timedelta(days=40),
        voting_start=now - dt.timedelta(days=30),
        voting_end=now - dt.timedelta(days=23),
    )
    for _ in range(3):
        VoteFactory(ballot=decided, member_class="issuer", choice="yes")
    VoteFactory(ballot=decided, member_class="consumer", choice="yes")
    return voting, decided


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": e.find(f"{ATOM}title").text,
            "link": e.find(f"{ATOM}link").get("href"),
            "id": e.find(f"{ATOM}id").text,
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def calendar_events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_atom_feed_lists_ballot_events_with_links(client, ballots):
    entries = atom_entries(client, "/feeds/ballots.atom")
    titles = [e["title"] for e in entries]
    assert "SC-090 passed: Issuers 3 of 3 in favour (100%), Consumers 1 of 1 in favour (100%)" in (
        titles
    )
    assert "SMC20: voting started" in titles
    assert "SMC20 proposed" in titles
    live = next(e for e in entries if e["title"] == "SMC20: voting started")
    assert live["link"].endswith("/ballots/smcwg/SMC20/")
    assert len({e["id"] for e in entries}) == len(entries)


def test_body_feed_holds_only_that_bodys_ballots(client, ballots):
    titles = [e["title"] for e in atom_entries(client, "/feeds/scwg/ballots.atom")]
    assert titles and all(t.startswith("SC-090") for t in titles)
    assert client.get("/feeds/nope/ballots.atom").status_code == 404
    assert client.get("/feeds/nope/deadlines.ics").status_code == 404


def test_calendar_has_the_exact_voting_end_and_no_past_deadlines(client, ballots):
    voting, _ = ballots
    events = calendar_events(client, "/feeds/deadlines.ics")
    by_uid = {str(e["uid"]): e for e in events}
    closes = by_uid[f"{voting.pk}-voting_end@cabf-tracker"]
    assert closes.decoded("dtstart") == voting.voting_end
    assert str(closes["summary"]) == "SMC20: Voting closes (seven days after it started)"
    assert "Bylaws 2.3(4)" in str(closes["description"])
    now = timezone.now()
    assert all(e.decoded("dtstart") >= now for e in events)
    again = calendar_events(client, "/feeds/deadlines.ics")
    assert {str(e["uid"]) for e in again} == set(by_uid)
    assert calendar_events(client, "/feeds/scwg/deadlines.ics") == []


def test_feed_links_are_on_the_pages(client, ballots):
    html = client.get("/").content.decode()
    assert 'href="/feeds/ballots.atom"' in html and 'href="/feeds/deadlines.ics"' in html
    body_page = client.get("/bodies/smcwg/").content.decode()
    assert 'href="/feeds/smcwg/ballots.atom"' in body_page
    assert 'href="/feeds/smcwg/deadlines.ics"' in body_page


@pytest.mark.parametrize("url", ["/feeds/ballots.atom", "/feeds/deadlines.ics"])
def test_feed_queries_do_not_grow_with_ballots(client, url):
    now = timezone.now()

    def make(n):
        for i in range(n):
            b = BallotFactory(
                discussion_start=now - dt.timedelta(days=9 + i % 5),
                voting_start=now - dt.timedelta(days=1),
                voting_end=now + dt.timedelta(days=6),
            )
            VoteFactory(ballot=b)

    make(3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(30)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_review_started_and_adopted_events_for_a_guideline_ballot(client):
    now = timezone.now().replace(microsecond=0)
    BallotFactory(
        number="SMC30",
        number_key="SMC-30",
        ballot_type="final_maintenance_guideline",
        published_outcome="passed",
        stated={"claims": {}},
        exclusion_notice_filed=False,
        discussion_start=now - dt.timedelta(days=60),
        voting_start=now - dt.timedelta(days=50),
        voting_end=now - dt.timedelta(days=43),
        review_start=now - dt.timedelta(days=40),
        review_end=now - dt.timedelta(days=10),
    )
    titles = [e["title"] for e in atom_entries(client, "/feeds/ballots.atom")]
    assert "SMC30: IPR review started" in titles
    assert "SMC30 adopted" in titles
    # Newest first: adoption (review end) comes before the review's start.
    assert titles.index("SMC30 adopted") < titles.index("SMC30: IPR review started")
