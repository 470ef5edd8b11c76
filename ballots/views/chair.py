"""The chair's pages: the step URLs of a ballot, the chair's home, a new ballot, a new meeting.
Views parse input and call ``ballots.actions``; a refusal is shown on the page it came from with
the chair's message, never silently dropped."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance.models import ApiToken, Body, Organization
from governance.offices import offices_held, require_chair
from governance.organizations import OrganizationResolver

from .. import actions
from ..actions import BylawViolation
from ..forms import BallotCreateForm, MeetingForm
from ..mailvotes import propose, read_archive
from ..models import Ballot
from ..roster import roster
from ..selectors import find_ballot, summarise
from ..text import one_line
from .panel import ACTIONS, render_ballot


def _get_ballot(body: str, number: str) -> Ballot:
    return find_ballot(
        Ballot.objects.select_related("body", "proposer__organization"), body, number
    )


@login_required
@require_POST
def ballot_action(request, body: str, number: str, action: str):
    step = ACTIONS.get(action)
    if step is None:
        raise Http404("No such step")
    ballot = _get_ballot(body, number)
    require_chair(request.user, ballot.body)
    form = step.form(request.POST, prefix=action)
    error = ""
    if form.is_valid():
        try:
            done = step.run(request.user, ballot, form.cleaned_data)
        except BylawViolation as exc:
            error = str(exc)
        else:
            # A step that renames or deletes the ballot says where to go next.
            message, url = done if isinstance(done, tuple) else (done, None)
            messages.success(request, message)
            return redirect(url or f"{ballot.get_absolute_url()}#chair")
    else:
        error = "Check the form: " + "; ".join(
            f"{form.fields[f].label or f}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        )
    return render_ballot(
        request, ballot.body.slug, ballot.number, status=400, bound=(action, form), error=error
    )


@login_required
def chair_home(request):
    """The chair's desk: for each ballot in progress in the chair's bodies, what is due next and
    by when (endorsements missing, earliest voting start, voting end, results due, review start
    due, review end), what is overdue first."""
    offices = list(offices_held(request.user))
    now = timezone.now()
    ballots = (
        Ballot.objects.filter(body__in=[o.body for o in offices])
        .unfinished()
        .with_results()
        .prefetch_related("endorsements")
    )
    desk = []
    for summary in summarise(ballots, now=now):
        ballot = summary.ballot
        due = [(d, d.is_overdue(now)) for d in summary.deadlines if d.done_at is None]
        overdue = [d for d, late in due if late]
        ahead = sorted((d for d, late in due if not late and d.due >= now), key=lambda d: d.due)
        missing = 0
        if ballot.state in ("draft", "discussion"):
            missing = max(0, 2 - len(actions.endorsing_organizations(ballot)))
        desk.append(
            {
                "summary": summary,
                "overdue": overdue,
                "next": ahead[0] if ahead else None,
                "endorsements_missing": missing,
            }
        )
    # What is overdue first (the longest overdue first), then what is due soonest.
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    desk.sort(
        key=lambda row: (
            not row["overdue"],
            min((d.due for d in row["overdue"]), default=far),
            row["next"].due if row["next"] else far,
        )
    )
    return render(request, "ballots/chair/home.html", {"offices": offices, "desk": desk})


def _chair_body(request, slug: str) -> Body:
    body = get_object_or_404(Body, slug=slug)
    require_chair(request.user, body)
    return body


@login_required
def ballot_new(request, body: str):
    body = _chair_body(request, body)
    form = BallotCreateForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            ballot = actions.ballot_create(request.user, body, **form.cleaned_data)
        except BylawViolation as exc:
            error = str(exc)
        else:
            messages.success(request, f"{ballot.number} created as a draft.")
            return redirect("ballot-detail", ballot.body.slug, ballot.number)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ballots/chair/ballot_form.html",
        {"body": body, "form": form, "error": error},
        status=status,
    )


@login_required
def meeting_new(request, body: str):
    body = _chair_body(request, body)
    form = MeetingForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.meeting_record(request.user, body, **form.cleaned_data)
        except BylawViolation as exc:
            error = str(exc)
        else:
            messages.success(
                request, f"Meeting of {meeting.date:%d %B %Y} recorded with its attendance."
            )
            return redirect("meeting-day", body.slug, meeting.date.isoformat())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ballots/chair/meeting_form.html",
        {"body": body, "form": form, "error": error},
        status=status,
    )


@login_required
def tokens(request):
    """The signed-in chair's personal API tokens: make one (its key is shown once) or revoke
    one. A token acts as its owner, with the owner's offices and nothing more."""
    require_any_office(request.user)
    key = ""
    if request.method == "POST":
        if "revoke" in request.POST:
            ApiToken.objects.filter(
                user=request.user, pk=request.POST.get("revoke", "0")[:20] or 0
            ).update(revoked_at=timezone.now())
            messages.success(request, "Token revoked.")
            return redirect("chair-tokens")
        name = one_line(request.POST.get("name", ""))[:100]
        if not name:
            messages.error(request, "Say what the token is for.")
        else:
            _, key = ApiToken.issue(kind=ApiToken.Kind.PERSONAL, name=name, user=request.user)
    return render(
        request,
        "ballots/chair/tokens.html",
        {"tokens": ApiToken.objects.filter(user=request.user), "key": key},
    )


def require_any_office(user) -> None:
    if not offices_held(user).exists():
        raise PermissionDenied("Personal API tokens are for the Chairs and Vice-Chairs of a body.")


@login_required
def ballot_votes(request, body: str, number: str):
    """The chair's desk for the votes: every Voting Member as of voting start in one grid, with
    its current vote, recorded in one submit (each changed row through ``actions.vote_record``;
    a refused row comes back with its message beside it, the others are recorded). Pasting the
    list's mails (or an archive month) fills the grid with what they say, and their doubts;
    nothing is recorded until the chair submits the grid."""
    ballot = _get_ballot(body, number)
    require_chair(request.user, ballot.body)
    if ballot.state not in actions.VOTE_STATES:
        raise Http404("Votes are recorded while the ballot is in voting, until the result.")
    rows = roster(ballot)
    filled, errors, recorded = {}, {}, []
    if request.method == "POST" and "mails" in request.POST:
        filled = _from_mails(ballot, request.POST.get("mails", "")[:2_000_000])
    elif request.method == "POST":
        previous_at = None
        for row in rows:
            org_id = row.organization.pk
            choice = request.POST.get(f"choice-{org_id}", "")
            at = _utc(request.POST.get(f"at-{org_id}", "")) or previous_at
            link = one_line(request.POST.get(f"link-{org_id}", ""))[:500]
            previous_at = at or previous_at
            if not choice or (row.vote and row.vote.choice == choice):
                continue
            try:
                actions.vote_record(
                    request.user,
                    ballot,
                    organization=row.organization,
                    choice=choice,
                    cast_at=at,
                    message_url=link,
                )
                recorded.append(row.organization.name)
            except (BylawViolation, TypeError, ValueError) as exc:
                errors[org_id] = (
                    str(exc) if isinstance(exc, BylawViolation) else ("Give the time of the mail.")
                )
                filled[org_id] = {"choice": choice, "at": request.POST.get(f"at-{org_id}", "")}
        if recorded and not errors:
            messages.success(request, f"{len(recorded)} votes recorded: {', '.join(recorded)}.")
            return redirect("chair-ballot-votes", ballot.body.slug, ballot.number)
        rows = roster(ballot)
    return render(
        request,
        "ballots/chair/votes.html",
        {
            "ballot": ballot,
            "rows": [_grid_row(row, filled, errors) for row in rows],
            "recorded": recorded,
            "errors": errors,
            "unmatched": filled.get(None, []),
        },
        status=400 if errors else 200,
    )


def _grid_row(row, filled: dict, errors: dict) -> dict:
    fill = filled.get(row.organization.pk, {})
    return {
        "row": row,
        "chosen": fill.get("choice") or (row.vote.choice if row.vote else ""),
        "at": fill.get("at", ""),
        "link": fill.get("link", ""),
        "doubts": fill.get("doubts", []),
        "error": errors.get(row.organization.pk),
    }


def _utc(text: str):
    try:
        value = dt.datetime.fromisoformat(text.strip()[:25]) if text.strip().isascii() else None
    except ValueError:
        return None
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _from_mails(ballot, text: str) -> dict:
    """The grid's values from pasted mails: per organisation, the choice, time and link of its
    last mail, with every doubt; mails that match no row of the roster are listed apart."""
    names = OrganizationResolver()
    orgs = dict(Organization.objects.values_list("id", "name"))
    proposals = propose(
        ballot,
        read_archive(text),
        lambda written: (i, orgs[i]) if (i := names.find(written)) else None,
    )
    filled: dict = {None: []}
    for p in proposals:
        if p.organization_id is None:
            filled[None].append(p)
            continue
        filled[p.organization_id] = {
            "choice": p.choice,
            "at": f"{p.mail.sent_at:%Y-%m-%dT%H:%M}" if p.mail.sent_at else "",
            "link": f"mid:{p.mail.message_id}" if p.mail.message_id else "",
            "doubts": p.doubts,
        }
    return filled
