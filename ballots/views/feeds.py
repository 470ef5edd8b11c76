"""Feeds for tools and calendars: an Atom feed of ballot events (django.contrib.syndication)
and an iCalendar feed of upcoming deadlines (icalendar). Both for all bodies and per body,
with a fixed number of queries whatever the number of ballots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from icalendar import Calendar, Event

from governance import bylaws
from governance.models import Body

from ..models import Ballot
from ..selectors import BallotSummary, summarise, upcoming
from ..text import one_line

MAX_EVENTS = 100


@dataclass(frozen=True)
class BallotEvent:
    key: str  # proposed | voting_started | result | review_started | adopted
    when: dt.datetime
    summary: BallotSummary
    title: str
    description: str

    @property
    def ballot(self) -> Ballot:
        return self.summary.ballot


def _ratios(s: BallotSummary) -> str:
    parts = []
    for tally in (s.tally.issuers, s.tally.consumers):
        if tally.cast:
            parts.append(
                f"{tally.member_class.label.split()[-1]} {tally.yes} of {tally.cast} in favour "
                f"({bylaws.format_percent(tally.yes_ratio)})"
            )
    return ", ".join(parts)


def ballot_events(summary: BallotSummary) -> list[BallotEvent]:
    """The events a ballot's dates and result say have happened."""
    b = summary.ballot
    name = f"{b.number}: {b.title}"
    events = []
    if b.discussion_start:
        events.append(("proposed", b.discussion_start, f"{b.number} proposed", name))
    if b.voting_start:
        end = summary.dates.expected_voting_end
        closes = f"; voting closes {end:%d %B %Y %H:%M} UTC" if end else ""
        events.append(
            ("voting_started", b.voting_start, f"{b.number}: voting started", name + closes)
        )
    # THE outcome, as every page shows it; not before the result is out (closed, unannounced).
    outcome = summary.outcome if summary.phase is not bylaws.Phase.CLOSED else None
    if outcome and b.voting_end:
        ratios = _ratios(summary)
        events.append(
            (
                "result",
                summary.dates.results_announced or b.voting_end,
                f"{b.number} {outcome}" + (f": {ratios}" if ratios else ""),
                name,
            )
        )
    if b.review_start:
        end = summary.dates.expected_review_end
        until = f" until {end:%d %B %Y %H:%M} UTC" if end else ""
        events.append(
            ("review_started", b.review_start, f"{b.number}: IPR review started", name + until)
        )
    if summary.phase is bylaws.Phase.ADOPTED:
        when = b.effective or summary.dates.expected_review_end or b.voting_end
        if when:
            events.append(("adopted", when, f"{b.number} adopted", name))
    return [BallotEvent(k, when, summary, t, d) for k, when, t, d in events]


def _body_or_404(slug: str | None) -> Body | None:
    return get_object_or_404(Body, slug=slug) if slug else None


def _summaries(body: Body | None, *, unfinished: bool = False) -> list[BallotSummary]:
    ballots = Ballot.objects.unfinished() if unfinished else Ballot.objects.all()
    if body is not None:
        ballots = ballots.filter(body=body)
    return summarise(ballots.with_results())


class BallotEventsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, body: str | None = None):
        return _body_or_404(body)

    def title(self, body):
        return f"{body.name} ballots" if body else "CA/Browser Forum ballots"

    def subtitle(self, body):
        return "Ballots proposed, voting started, results, IPR reviews started, adopted."

    def link(self, body):
        return reverse("body-detail", args=[body.slug]) if body else reverse("ballot-list")

    def feed_url(self, body):
        if body:
            return reverse("feed-body-ballots", args=[body.slug])
        return reverse("feed-ballots")

    def items(self, body):
        now = timezone.now()
        events = [e for s in _summaries(body) for e in ballot_events(s) if e.when <= now]
        return sorted(events, key=lambda e: e.when, reverse=True)[:MAX_EVENTS]

    def item_title(self, item: BallotEvent):
        return one_line(item.title)

    def item_description(self, item: BallotEvent):
        # Atom's <summary type="html"> is HTML: the text is escaped here so that a reader shows
        # a title's "<script>" as text, and control characters (which XML cannot carry) go.
        return escape(one_line(item.description))

    def item_link(self, item: BallotEvent):
        return item.ballot.get_absolute_url()

    def item_guid(self, item: BallotEvent):
        return f"urn:cabf-tracker:ballot:{item.ballot.pk}:{item.key}"

    item_guid_is_permalink = False

    def item_updateddate(self, item: BallotEvent):
        return item.when

    def item_pubdate(self, item: BallotEvent):
        return item.when

    def item_categories(self, item: BallotEvent):
        return [item.ballot.body.short_name, item.key.replace("_", " ")]


def deadlines_calendar(request, body: str | None = None) -> HttpResponse:
    """Every upcoming deadline (not done, due later) as iCalendar events."""
    body_obj = _body_or_404(body)
    now = timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//CA/B Forum ballot tracker//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{body_obj.short_name if body_obj else 'CA/B Forum'} ballot deadlines")
    # A finished ballot has no deadline ahead (its stored state is kept by refresh_states).
    for summary in _summaries(body_obj, unfinished=True):
        if summary.phase.is_final:
            continue
        ballot = summary.ballot
        url = request.build_absolute_uri(
            reverse("ballot-detail", args=[ballot.body.slug, ballot.number])
        )
        for deadline in upcoming(summary.deadlines, now):
            event = Event()
            event.add("uid", f"{ballot.pk}-{deadline.key}@cabf-tracker")
            event.add("dtstamp", now)
            event.add("dtstart", deadline.due)
            event.add("dtend", deadline.due)
            event.add("summary", one_line(f"{ballot.number}: {deadline.label}"))
            event.add("description", one_line(f"{ballot.title}. Rule: {deadline.rule}. {url}"))
            event.add("url", url)
            event.add("categories", [ballot.body.short_name])
            cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response
