"""The public ballot pages: the dashboard, the list and a ballot. Views parse input and call the
selectors (``summarise`` for every result); the ballot page itself is ``panel.render_ballot``."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from governance import bylaws
from governance.models import Body

from .. import charts, glance
from ..models import FINAL_STATES, Ballot, BallotState, BallotType, Outcome
from ..selectors import ballot_search, page_of, summarise, upcoming
from .panel import render_ballot

PAGE_SIZE = 25
EXPIRY_WARNING = dt.timedelta(days=14)


def dashboard(request):
    now = timezone.now()
    recent = Q(voting_end__gte=now - dt.timedelta(days=90))
    # Passed ballots older than that were decided long ago (reviews start within days).
    settled = Q(state__in=FINAL_STATES) | Q(state=BallotState.PASSED)
    active = Ballot.objects.filter(~settled | recent).with_results()
    summaries = summarise(active, now=now)
    groups = {"discussion": [], "voting": [], "ipr_review": [], "decided": []}
    for s in summaries:
        if s.phase is bylaws.Phase.DISCUSSION:
            groups["discussion"].append(s)
        elif s.phase in (bylaws.Phase.VOTING, bylaws.Phase.CLOSED):
            groups["voting"].append(s)
        elif s.phase is bylaws.Phase.IPR_REVIEW:
            groups["ipr_review"].append(s)
        elif s.key_date and s.key_date >= now - dt.timedelta(days=90):
            groups["decided"].append(s)
    groups["discussion"].sort(key=lambda s: _earliest_start(s) or now)
    groups["voting"].sort(key=lambda s: s.ballot.voting_end or now)
    groups["ipr_review"].sort(key=lambda s: s.dates.expected_review_end or now)
    groups["decided"].sort(key=lambda s: s.key_date, reverse=True)
    next_deadlines = sorted(
        (
            (d, s)
            for s in summaries
            if s.phase not in bylaws.FINAL_PHASES
            for d in upcoming(s.deadlines, now)
        ),
        key=lambda pair: pair[0].due,
    )[:12]
    overdue = [(d, s) for s in summaries for d in s.overdue]
    # Bylaws 2.3(3): a ballot not put to a vote fails 90 days after its last version.
    expiring = sorted(
        (
            (d, s)
            for s in summaries
            if s.phase is bylaws.Phase.DISCUSSION
            for d in upcoming(s.deadlines, now)
            if d.key == "expiry" and d.due <= now + EXPIRY_WARNING
        ),
        key=lambda pair: pair[0].due,
    )
    return render(
        request,
        "ballots/dashboard.html",
        {
            **_record_at_a_glance(members=request.user.is_authenticated),
            # When nothing was decided lately, the latest decided ballots still show.
            "latest_decided": [] if groups["decided"] else glance.latest_decided(),
            "groups": groups,
            "upcoming": next_deadlines,
            "overdue": overdue,
            "expiring": expiring,
            "now": now,
            "bodies": Body.objects.all(),
        },
    )


def _record_at_a_glance(*, members: bool) -> dict:
    """The front page's plots: outcomes per year for each body, and turnout against quorum."""
    outcomes = glance.outcomes_by_year()
    largest = max(
        (e.total(y) for e in outcomes.bodies for y in outcomes.years),
        default=0,
    )
    list_url = reverse("ballot-list")
    turnout = glance.turnout()
    return {
        "outcomes": outcomes,
        "outcome_charts": [
            (e, charts.outcomes_chart(e, outcomes.years, largest, list_url))
            for e in outcomes.bodies
        ],
        "turnout": turnout,
        "turnout_chart": charts.turnout_chart(turnout),
        "turnout_unknown": sum(1 for t in turnout if t.quorum is None),
        "latest_meetings": glance.latest_meetings(members=members),
    }


def _earliest_start(summary):
    d = summary.dates
    return bylaws.earliest_voting_start(d.discussion_start, d.last_version_at, d.zone)


def ballot_list(request):
    bodies = list(Body.objects.all())
    ordered, filters = ballot_search(request.GET)
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    # Count the votes of this page's ballots only, not of every ballot matching the filters.
    rows = page_of(page.object_list)
    span = Ballot.objects.aggregate(
        first=Min(Coalesce("voting_start", "discussion_start")),
        last=Max(Coalesce("voting_start", "discussion_start")),
    )
    years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "ballots/list.html",
        {
            "page": page,
            "summaries": summarise(rows),
            "bodies": bodies,
            "states": BallotState.choices,
            "types": BallotType.choices,
            "outcomes": Outcome.choices,
            "years": years,
            "filters": filters,
            "query_string": query_string.urlencode(),
        },
    )


def ballot_detail(request, body: str, number: str):
    return render_ballot(request, body, number)
