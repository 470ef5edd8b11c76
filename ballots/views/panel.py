"""The ballot page and the chair's panel on it: both the public page and the chair's step views
render a ballot through ``render_ballot`` (a refused step comes back to the page with its form
and message). ``ACTIONS`` is the table of the chair's steps: label, form, the states that allow
it, and the action it calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from governance.offices import chairs

from .. import actions, writeups
from ..charts import tally_chart
from ..forms import (
    AtForm,
    CloseReviewForm,
    DraftDeleteForm,
    DraftEditForm,
    EndorseForm,
    ExclusionNoticeForm,
    QuorumForm,
    VersionForm,
    VoteForm,
    WithdrawForm,
)
from ..markdown import render_markdown
from ..models import Ballot, BallotState, Vote, VoteChange
from ..roster import not_voted, roster
from ..selectors import find_ballot, summary_of


@dataclass(frozen=True)
class Action:
    label: str
    form: type
    states: frozenset[str]
    run: Callable  # (user, ballot, cleaned_data) -> message for the chair
    danger: bool = False
    when: Callable | None = None  # shown only when this holds as well (ballot -> bool)
    initial: Callable | None = None  # the form's starting values (ballot -> dict)

    def applies(self, ballot: Ballot) -> bool:
        return ballot.state in self.states and (self.when is None or self.when(ballot))


def _edit_draft(user, ballot, d):
    changed = actions.ballot_edit_draft(user, ballot, **d)
    ballot.refresh_from_db()
    message = f"Draft corrected: {', '.join(changed)}." if changed else "Nothing was changed."
    return message, f"{ballot.get_absolute_url()}#chair"


def _delete_draft(user, ballot, d):
    number = actions.ballot_delete_draft(user, ballot)
    return f"Draft {number} deleted.", reverse("body-detail", args=[ballot.body.slug])


def _draft_values(ballot):
    return {f: getattr(ballot, f) for f in ("number", "title", "ballot_type", "purpose", "motion")}


def _version(user, ballot, d):
    v = actions.ballot_post_version(user, ballot, url=d["url"], note=d["note"], at=d["at"])
    return f"Version {v.number} recorded."


def _endorse(user, ballot, d):
    e = actions.ballot_endorse(
        user, ballot, person_name=d["person_name"], organization=d["organization"], at=d["at"]
    )
    return f"Endorsement by {e.person.name} ({e.organization}) recorded."


def _discussion(user, ballot, d):
    b = actions.ballot_start_discussion(user, ballot, at=d["at"])
    return f"Discussion started {actions.format_utc(b.discussion_start)}."


def _voting(user, ballot, d):
    b = actions.ballot_start_voting(user, ballot, at=d["at"])
    start, end = actions.format_utc(b.voting_start), actions.format_utc(b.voting_end)
    return f"Voting started {start}; it ends {end}."


def _withdraw(user, ballot, d):
    actions.ballot_withdraw(user, ballot, reason=d["reason"], at=d["at"])
    return f"{ballot.number} withdrawn."


def _close(user, ballot, d):
    actions.ballot_close_voting(user, ballot, at=d["at"])
    # A Draft Guideline Ballot's Initial Vote is 2.4(4); every other ballot's result is 2.3(8).
    rule = "Bylaws 2.4(4)" if ballot.is_draft_guideline_ballot else "Bylaws 2.3(8)"
    return f"Voting closed. Announce the result within three business days ({rule})."


def _announce(user, ballot, d):
    b = actions.ballot_announce_result(user, ballot, at=d["at"])
    return f"Result announced: {b.number} {b.state}."


def _review(user, ballot, d):
    b = actions.ballot_start_review(user, ballot, at=d["at"])
    return f"IPR Review Period started; it ends {actions.format_utc(b.review_end)}."


def _notice(user, ballot, d):
    n = actions.exclusion_notice_record(
        user,
        ballot,
        organization=d["organization"],
        filed_at=d["filed_at"],
        summary=d["summary"],
        url=d["url"],
    )
    return f"Exclusion Notice from {n.organization} recorded."


def _close_review(user, ballot, d):
    b = actions.ballot_close_review(
        user, ballot, patent_advisory_group=d["patent_advisory_group"], at=d["at"]
    )
    return f"IPR review closed: {b.number} {b.state}."


def _expire(user, ballot, d):
    actions.ballot_expire(user, ballot, at=d["at"])
    return f"{ballot.number} marked expired."


def _quorum(user, ballot, d):
    b = actions.quorum_override_set(user, ballot, quorum=d["quorum"], reason=d["reason"])
    if b.quorum_override is None:
        return "The computed quorum applies."
    return f"Quorum set to {b.quorum_override}."


def _vote(user, ballot, d):
    recorded = actions.vote_record(
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


DRAFT = frozenset({BallotState.DRAFT})
OPEN = frozenset(actions.OPEN_STATES)
VOTE = frozenset(actions.VOTE_STATES)
REVIEW = frozenset(actions.REVIEW_STATES)
# In the order a ballot meets them. The URL of each is chair/ballots/<body>/<number>/<key>/.
ACTIONS: dict[str, Action] = {
    "edit": Action("Correct the draft", DraftEditForm, DRAFT, _edit_draft, initial=_draft_values),
    "version": Action("Post a new version", VersionForm, OPEN, _version),
    "endorse": Action("Record an endorsement", EndorseForm, OPEN, _endorse),
    "start-discussion": Action(
        "Start discussion", AtForm, frozenset({BallotState.DRAFT}), _discussion
    ),
    "start-voting": Action("Start voting", AtForm, frozenset({BallotState.DISCUSSION}), _voting),
    "vote": Action("Record a vote", VoteForm, VOTE, _vote),
    "quorum": Action(
        "Set the quorum",
        QuorumForm,
        frozenset(
            {BallotState.DRAFT, BallotState.DISCUSSION, BallotState.VOTING, BallotState.CLOSED}
        ),
        _quorum,
    ),
    "close-voting": Action("Close voting", AtForm, frozenset({BallotState.VOTING}), _close),
    "announce": Action("Announce the result", AtForm, VOTE, _announce),
    "start-review": Action(
        "Start the IPR review", AtForm, frozenset({BallotState.PASSED}), _review
    ),
    "exclusion-notice": Action(
        "Record an Exclusion Notice",
        ExclusionNoticeForm,
        REVIEW,
        _notice,
        when=actions.review_awaits_closing,
    ),
    "close-review": Action(
        "Close the IPR review",
        CloseReviewForm,
        REVIEW,
        _close_review,
        when=actions.review_awaits_closing,
    ),
    "withdraw": Action(
        "Withdraw", WithdrawForm, frozenset(actions.WITHDRAWABLE_STATES), _withdraw, True
    ),
    "expire": Action("Mark expired", AtForm, OPEN, _expire, True),
    "delete": Action("Delete the draft", DraftDeleteForm, DRAFT, _delete_draft, True),
}


def chair_context(request, ballot: Ballot, bound: tuple[str, object] | None = None):
    """Extra context for the ballot page: the forms the signed-in chair may use here, each
    prefixed by its action so several sit on one page; empty for everyone else."""
    if not chairs(request.user, ballot.body):
        return {}
    forms = []
    for key, action in ACTIONS.items():
        if key == "vote" or not action.applies(ballot):
            continue
        if bound and bound[0] == key:
            form = bound[1]
        else:
            initial = action.initial(ballot) if action.initial else None
            form = action.form(prefix=key, initial=initial)
        forms.append({"key": key, "action": action, "form": form})
    context = {"chair_forms": forms, "is_chair": True}
    if ballot.state in ACTIONS["vote"].states:
        context["roster"] = roster(ballot)
        context["roster_waiting"] = sum(1 for r in context["roster"] if r.vote is None)
    return context


def render_ballot(request, body: str, number: str, *, status=200, bound=None, error=""):
    """The ballot page; a chair's refused step comes back here with its form and message."""
    ballot = _ballot(body, number)
    summary = summary_of(ballot)
    result = summary.result
    votes = {"issuer": [], "consumer": []}
    for vote in ballot.votes.all():
        votes[vote.member_class].append(vote)
    waiting = not_voted(ballot) if str(summary.phase) == "voting" else None
    return render(
        request,
        "ballots/detail.html",
        {
            "ballot": ballot,
            "result": result,
            "not_voted": waiting,
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
            "vote_changes": _with_post_dates(ballot),
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


def _with_post_dates(ballot: Ballot) -> list:
    """The vote changes, each imported one with the date of the post it came from (when it was
    published, not when this site read it)."""
    posted = {s.path: s.post_date for s in ballot.sources.all()}
    changes = list(ballot.vote_changes.all())
    for change in changes:
        change.post_date = posted.get(change.source_ref)
    return changes


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
            # One citation everywhere: the deadline's own (2.4(4) for a Draft Guideline Ballot).
            f"{by_key['results_due'].rule if 'results_due' in by_key else 'Bylaws 2.3(8)'}: "
            "within 3 business days",
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
