"""The chair's pages: the step URLs of a ballot, the chair's home, a new ballot, a new meeting.
Views parse input and call ``ballots.actions``; a refusal is shown on the page it came from with
the chair's message, never silently dropped."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance.models import ApiToken, Body
from governance.offices import offices_held, require_chair

from .. import actions
from ..actions import BylawViolation
from ..forms import BallotCreateForm, MeetingForm
from ..models import Ballot
from ..selectors import find_ballot
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
            message = step.run(request.user, ballot, form.cleaned_data)
        except BylawViolation as exc:
            error = str(exc)
        else:
            messages.success(request, message)
            return redirect(f"{ballot.get_absolute_url()}#chair")
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
    """The signed-in chair's bodies with the ballots and steps in progress."""
    offices = list(offices_held(request.user))
    bodies = [o.body for o in offices]
    ballots = (
        Ballot.objects.filter(body__in=bodies)
        .unfinished()
        .select_related("body")
        .order_by("body__order", "-id")
    )
    return render(
        request, "ballots/chair/home.html", {"offices": offices, "ballots": list(ballots)}
    )


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
