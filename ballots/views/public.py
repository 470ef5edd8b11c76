"""The public ballot pages: the dashboard, the list and a ballot. Views parse input and call the
selectors (``summarise`` for every result); the ballot page itself is ``panel.render_ballot``."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from governance import bylaws
from governance.models import Body

from ..models import FINAL_STATES, Ballot, BallotState, BallotType, Outcome
from ..selectors import summarise, upcoming
from ..text import one_line
from .panel import render_ballot

PAGE_SIZE = 25
# The years the Forum has had ballots in, with room on either side.
FIRST_YEAR, LAST_YEAR = 1990, 2100
EXPIRY_WARNING = dt.timedelta(days=14)
SORTS = {
    "date": ("-voting_start", "-discussion_start", "-id"),
    "-date": ("voting_start", "discussion_start", "id"),
    "id": ("body__order", "number_key"),
    "-id": ("-body__order", "-number_key"),
}


def dashboard(request):
    now = timezone.now()
    recent = Q(voting_end__gte=now - dt.timedelta(days=90))
    # Passed ballots older than that were decided long ago (reviews start within days).
    settled = Q(state__in=FINAL_STATES) | Q(state=BallotState.PASSED)
    active = Ballot.objects.filter(~settled | recent).with_tallies()
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
            "groups": groups,
            "upcoming": next_deadlines,
            "overdue": overdue,
            "expiring": expiring,
            "now": now,
            "bodies": Body.objects.all(),
        },
    )


def _earliest_start(summary):
    d = summary.dates
    return bylaws.earliest_voting_start(d.discussion_start, d.last_version_at, d.zone)


def ballot_list(request):
    bodies = list(Body.objects.all())
    ballots = Ballot.objects.all()
    params = {k: one_line(v)[:200] for k, v in request.GET.items()}
    body = params.get("body", "")
    if body:
        ballots = ballots.filter(body__slug=body)
    state = params.get("state", "")
    if state in BallotState.values:
        ballots = ballots.filter(state=state)
    kind = params.get("type", "")
    if kind in BallotType.values:
        ballots = ballots.filter(ballot_type=kind)
    outcome = params.get("outcome", "")
    if outcome in Outcome.values:
        ballots = ballots.filter(outcome=outcome)  # THE outcome, as the badge shows it
    year = params.get("year", "")
    # A year the Forum could have had ballots in; anything else ("0", "10000", "¹", "١٠٠٠٠")
    # is not a year and the filter is ignored, as for any unknown value.
    if year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR:
        y = int(year)
        ballots = ballots.filter(
            Q(voting_start__year=y) | Q(voting_start__isnull=True, discussion_start__year=y)
        )
    query = params.get("q", "").strip()
    if query:
        ballots = ballots.filter(
            Q(number__icontains=query)
            | Q(number_key__icontains=query.replace(" ", ""))
            | Q(title__icontains=query)
            | Q(motion__icontains=query)
        )
    sort = params.get("sort", "date")
    ordered = ballots.order_by(*SORTS.get(sort, SORTS["date"])).values_list("id", flat=True)
    page = Paginator(ordered, PAGE_SIZE).get_page(params.get("page"))
    # Count the votes of this page's ballots only, not of every ballot matching the filters.
    ids = list(page.object_list)
    by_id = {b.id: b for b in Ballot.objects.filter(id__in=ids).with_tallies()}
    rows = [by_id[i] for i in ids]
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
            "filters": {
                "body": body,
                "state": state,
                "type": kind,
                "outcome": outcome,
                "year": year,
                "q": query,
                "sort": sort,
            },
            "query_string": query_string.urlencode(),
        },
    )


def ballot_detail(request, body: str, number: str):
    return render_ballot(request, body, number)
