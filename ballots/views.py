"""Read-only ballot pages: the dashboard, the list and a ballot. Views parse input and call the
shared reads; they compute nothing themselves."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch, Q
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from governance.models import Body

from . import rules, writeups
from .chair_views import chair_context
from .charts import tally_chart
from .markdown import render_markdown
from .models import Ballot, BallotState, BallotType, Outcome, Vote, VoteChange
from .reads import FINAL_STATES, find_ballot, summarise, upcoming, with_tallies

PAGE_SIZE = 25
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
    active = with_tallies(Ballot.objects.filter(~settled | recent))
    summaries = summarise(active, now=now)
    groups = {"discussion": [], "voting": [], "ipr_review": [], "decided": []}
    for s in summaries:
        if s.phase is rules.Phase.DISCUSSION:
            groups["discussion"].append(s)
        elif s.phase in (rules.Phase.VOTING, rules.Phase.CLOSED):
            groups["voting"].append(s)
        elif s.phase is rules.Phase.IPR_REVIEW:
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
            if s.phase not in _FINAL_PHASES
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
            if s.phase is rules.Phase.DISCUSSION
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


_FINAL_PHASES = {
    rules.Phase.FAILED,
    rules.Phase.WITHDRAWN,
    rules.Phase.EXPIRED,
    rules.Phase.ADOPTED,
    rules.Phase.RESCINDED,
}


def _earliest_start(summary):
    d = summary.dates
    return rules.earliest_voting_start(d.discussion_start, d.last_version_at, d.zone)


def ballot_list(request):
    bodies = list(Body.objects.all())
    ballots = Ballot.objects.all()
    params = request.GET
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
        ballots = ballots.filter(published_outcome=outcome)
    year = params.get("year", "")
    if year.isdecimal():
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
    by_id = {b.id: b for b in with_tallies(Ballot.objects.filter(id__in=ids))}
    rows = [by_id[i] for i in ids]
    span = Ballot.objects.aggregate(
        first=Min(Coalesce("voting_start", "discussion_start")),
        last=Max(Coalesce("voting_start", "discussion_start")),
    )
    years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
    query_string = params.copy()
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


def render_ballot(request, body: str, number: str, *, status=200, bound=None, error=""):
    """The ballot page; a chair's refused step comes back here with its form and message."""
    ballot = _ballot(body, number)
    summary = summarise(with_tallies(Ballot.objects.filter(pk=ballot.pk)))[0]
    result = summary.result
    votes = {"issuer": [], "consumer": []}
    for vote in ballot.votes.all():
        votes[vote.member_class].append(vote)
    return render(
        request,
        "ballots/detail.html",
        {
            "ballot": ballot,
            "result": result,
            "computation": summary.computation,
            "rule_note": summary.computation.rule_set_note,
            "rule_set": summary.rule_set,
            "summary": summary,
            "timeline": _timeline(ballot, summary),
            "votes_by_class": [
                ("Certificate Issuers", votes["issuer"]),
                ("Certificate Consumers", votes["consumer"]),
            ],
            "charts": [
                tally_chart(result.tally.issuers),
                tally_chart(result.tally.consumers),
            ],
            "motion_html": render_markdown(ballot.motion),
            "purpose_html": render_markdown(ballot.purpose),
            "now": timezone.now(),
            "vote_changes": ballot.vote_changes.all(),
            "history": list(ballot.history.select_related("history_user").order_by("history_date")),
            "chair_error": error,
            "writeups": [
                (k, writeups.KINDS[k])
                for k in writeups.available(ballot)
                if not ballot.stated  # imported ballots have the Forum's own posts
            ],
            **chair_context(request, ballot, bound),
        },
        status=status,
    )


def _ballot(body: str, number: str) -> Ballot:
    queryset = Ballot.objects.select_related("body", "proposer__organization").prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("organization")),
        "endorsements__person__organization",
        "versions",
        "exclusion_notices__organization",
        Prefetch(
            "vote_changes",
            queryset=VoteChange.objects.select_related("organization", "recorded_by"),
        ),
        "discrepancies",
        "sources",
    )
    return find_ballot(queryset, body, number)


def _timeline(ballot: Ballot, summary) -> list[dict]:
    """Each phase with its actual date and, where the rules give one, its computed date."""
    by_key = {d.key: d for d in summary.deadlines}
    now = timezone.now()

    def due(key):
        deadline = by_key.get(key)
        return deadline.due if deadline else None

    def late(key):
        deadline = by_key.get(key)
        return bool(deadline and deadline.is_overdue(now))

    rows = [
        ("Discussion started", ballot.discussion_start, None, False, "Bylaws 2.3(3)"),
        (
            "Voting may start",
            None,
            due("earliest_voting_start"),
            False,
            "Bylaws 2.3(3): 7 days after the last version",
        ),
        ("Voting started", ballot.voting_start, None, False, ""),
        (
            "Voting ends",
            ballot.voting_end,
            due("voting_end"),
            False,
            "Bylaws 2.3(4): exactly 7 days",
        ),
        (
            "Results announced",
            ballot.results_announced
            or (
                "in the published post (time not stated)"
                if summary.dates.results_announced
                else None
            ),
            due("results_due"),
            late("results_due"),
            "Bylaws 2.3(8): within 3 business days",
        ),
        (
            "IPR review starts",
            ballot.review_start,
            due("review_start_due"),
            late("review_start_due"),
            "Bylaws 2.4(5): within 3 business days of the result",
        ),
        (
            "IPR review ends",
            ballot.review_end,
            due("review_end"),
            False,
            "IPR Policy 4.1: 30 or 60 days",
        ),
        ("Effective", ballot.effective, None, False, ""),
        (
            "Expires unless voting starts",
            None,
            due("expiry") if not ballot.voting_start else None,
            False,
            "Bylaws 2.3(3): 90 days after the last version",
        ),
    ]
    return [
        {"label": label, "actual": actual, "computed": computed, "overdue": overdue, "rule": rule}
        for label, actual, computed, overdue, rule in rows
        if actual or computed
    ]
