"""The chair's pages and forms. Views parse input and call ``ballots.chair``; a refusal is shown
on the page it came from with the chair's message, never silently dropped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from governance.models import Body

from . import chair
from .chair_forms import (
    AtForm,
    BallotCreateForm,
    CloseReviewForm,
    EndorseForm,
    ExclusionNoticeForm,
    MeetingForm,
    QuorumForm,
    VersionForm,
    VoteForm,
    WithdrawForm,
)
from .models import Ballot, BallotState
from .reads import find_ballot
from .services import BylawViolation

S = BallotState


@dataclass(frozen=True)
class Action:
    label: str
    form: type
    states: frozenset[str]
    run: Callable  # (user, ballot, cleaned_data) -> message for the chair
    danger: bool = False
    when: Callable | None = None  # shown only when this holds as well (ballot -> bool)

    def applies(self, ballot: Ballot) -> bool:
        return ballot.state in self.states and (self.when is None or self.when(ballot))


def _version(user, ballot, d):
    v = chair.ballot_post_version(user, ballot, url=d["url"], note=d["note"], at=d["at"])
    return f"Version {v.number} recorded."


def _endorse(user, ballot, d):
    e = chair.ballot_endorse(
        user, ballot, person_name=d["person_name"], organization=d["organization"], at=d["at"]
    )
    return f"Endorsement by {e.person.name} ({e.organization}) recorded."


def _discussion(user, ballot, d):
    b = chair.ballot_start_discussion(user, ballot, at=d["at"])
    return f"Discussion started {chair.format_utc(b.discussion_start)}."


def _voting(user, ballot, d):
    b = chair.ballot_start_voting(user, ballot, at=d["at"])
    start, end = chair.format_utc(b.voting_start), chair.format_utc(b.voting_end)
    return f"Voting started {start}; it ends {end}."


def _withdraw(user, ballot, d):
    chair.ballot_withdraw(user, ballot, reason=d["reason"], at=d["at"])
    return f"{ballot.number} withdrawn."


def _close(user, ballot, d):
    chair.ballot_close_voting(user, ballot, at=d["at"])
    return "Voting closed. Announce the result within three business days (Bylaws 2.3(8))."


def _announce(user, ballot, d):
    b = chair.ballot_announce_result(user, ballot, at=d["at"])
    return f"Result announced: {b.number} {b.state}."


def _review(user, ballot, d):
    b = chair.ballot_start_review(user, ballot, at=d["at"])
    return f"IPR Review Period started; it ends {chair.format_utc(b.review_end)}."


def _notice(user, ballot, d):
    n = chair.exclusion_notice_record(
        user,
        ballot,
        organization=d["organization"],
        filed_at=d["filed_at"],
        summary=d["summary"],
        url=d["url"],
    )
    return f"Exclusion Notice from {n.organization} recorded."


def _close_review(user, ballot, d):
    b = chair.ballot_close_review(
        user, ballot, patent_advisory_group=d["patent_advisory_group"], at=d["at"]
    )
    return f"IPR review closed: {b.number} {b.state}."


def _expire(user, ballot, d):
    chair.ballot_expire(user, ballot, at=d["at"])
    return f"{ballot.number} marked expired."


def _quorum(user, ballot, d):
    b = chair.quorum_override_set(user, ballot, quorum=d["quorum"], reason=d["reason"])
    if b.quorum_override is None:
        return "The computed quorum applies."
    return f"Quorum set to {b.quorum_override}."


def _vote(user, ballot, d):
    recorded = chair.chair_vote_record(
        user,
        ballot,
        organization=d["organization"],
        choice=d["choice"],
        cast_at=d["cast_at"],
        message_url=d["message_url"],
    )
    vote = recorded.vote
    if recorded.changed_from:
        return (
            f"{vote.organization}'s vote changed from {recorded.changed_from.title()} to "
            f"{vote.get_choice_display()}."
        )
    return f"{vote.organization} voted {vote.get_choice_display()}."


OPEN = frozenset(chair.OPEN_STATES)
VOTE = frozenset(chair.VOTE_STATES)
REVIEW = frozenset(chair.REVIEW_STATES)
# In the order a ballot meets them. The URL of each is chair/ballots/<body>/<number>/<key>/.
ACTIONS: dict[str, Action] = {
    "version": Action("Post a new version", VersionForm, OPEN, _version),
    "endorse": Action("Record an endorsement", EndorseForm, OPEN, _endorse),
    "start-discussion": Action("Start discussion", AtForm, frozenset({S.DRAFT}), _discussion),
    "start-voting": Action("Start voting", AtForm, frozenset({S.DISCUSSION}), _voting),
    "vote": Action("Record a vote", VoteForm, VOTE, _vote),
    "quorum": Action(
        "Set the quorum",
        QuorumForm,
        frozenset({S.DRAFT, S.DISCUSSION, S.VOTING, S.CLOSED}),
        _quorum,
    ),
    "close-voting": Action("Close voting", AtForm, frozenset({S.VOTING}), _close),
    "announce": Action("Announce the result", AtForm, VOTE, _announce),
    "start-review": Action("Start the IPR review", AtForm, frozenset({S.PASSED}), _review),
    "exclusion-notice": Action(
        "Record an Exclusion Notice",
        ExclusionNoticeForm,
        REVIEW,
        _notice,
        when=chair.review_awaits_closing,
    ),
    "close-review": Action(
        "Close the IPR review",
        CloseReviewForm,
        REVIEW,
        _close_review,
        when=chair.review_awaits_closing,
    ),
    "withdraw": Action(
        "Withdraw", WithdrawForm, frozenset(chair.WITHDRAWABLE_STATES), _withdraw, True
    ),
    "expire": Action("Mark expired", AtForm, OPEN, _expire, True),
}


def _get_ballot(body: str, number: str) -> Ballot:
    return find_ballot(
        Ballot.objects.select_related("body", "proposer__organization"), body, number
    )


def chair_context(request, ballot: Ballot, bound: tuple[str, object] | None = None):
    """Extra context for the ballot page: the forms the signed-in chair may use here, each
    prefixed by its action so several sit on one page; empty for everyone else."""
    if not chair.chairs(request.user, ballot.body):
        return {}
    forms = []
    for key, action in ACTIONS.items():
        if key == "vote" or not action.applies(ballot):
            continue
        form = bound[1] if bound and bound[0] == key else action.form(prefix=key)
        forms.append({"key": key, "action": action, "form": form})
    context = {"chair_forms": forms, "is_chair": True}
    if ballot.state in ACTIONS["vote"].states:
        context["roster"] = chair.roster(ballot)
        context["roster_waiting"] = sum(1 for r in context["roster"] if r.vote is None)
    return context


@login_required
@require_POST
def ballot_action(request, body: str, number: str, action: str):
    step = ACTIONS.get(action)
    if step is None:
        raise Http404("No such step")
    ballot = _get_ballot(body, number)
    chair.require_chair(request.user, ballot.body)
    form = step.form(request.POST, prefix=action)
    error = ""
    if form.is_valid():
        try:
            message = step.run(request.user, ballot, form.cleaned_data)
        except BylawViolation as exc:
            error = str(exc)
        else:
            messages.success(request, message)
            url = reverse("ballot-detail", args=[ballot.body.slug, ballot.number])
            return redirect(f"{url}#chair")
    else:
        error = "Check the form: " + "; ".join(
            f"{form.fields[f].label or f}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        )
    from .views import render_ballot

    return render_ballot(
        request, ballot.body.slug, ballot.number, status=400, bound=(action, form), error=error
    )


@login_required
def chair_home(request):
    """The signed-in chair's bodies with the ballots and steps in progress."""
    offices = list(chair.offices_held(request.user))
    bodies = [o.body for o in offices]
    ballots = (
        Ballot.objects.filter(body__in=bodies)
        .exclude(state__in=[S.ADOPTED, S.RESCINDED, S.WITHDRAWN, S.EXPIRED, S.FAILED])
        .select_related("body")
        .order_by("body__order", "-id")
    )
    return render(
        request, "ballots/chair/home.html", {"offices": offices, "ballots": list(ballots)}
    )


def _chair_body(request, slug: str) -> Body:
    body = get_object_or_404(Body, slug=slug)
    chair.require_chair(request.user, body)
    return body


@login_required
def ballot_new(request, body: str):
    body = _chair_body(request, body)
    form = BallotCreateForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            ballot = chair.ballot_create(request.user, body, **form.cleaned_data)
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
            meeting = chair.meeting_record(request.user, body, **form.cleaned_data)
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
