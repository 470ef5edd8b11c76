"""Every write to a ballot goes through a function here: check first, then write, with its
history row in the same transaction. Views, the API, commands and tests all call these.
Reads that pages share (a ballot's result) live beside them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.models import Organization
from governance.services import quorum_meetings, rule_set_for, voting_membership

from . import rules
from .models import Ballot, Vote, VoteChange, VoteChoice, VoteSource


class BylawViolation(Exception):
    """A write the Bylaws forbid. The message is for a chair: it says what and why."""


@dataclass(frozen=True)
class VoteRecorded:
    vote: Vote
    changed_from: str  # the previous choice, "" for a first vote


def vote_record(
    ballot: Ballot,
    organization: Organization,
    choice: str,
    *,
    cast_at: dt.datetime | None = None,
    source: str = VoteSource.CHAIR,
    source_ref: str = "",
    user=None,
    allow_change: bool = True,
) -> VoteRecorded:
    """Record ``organization``'s vote on ``ballot``.

    Refused (BylawViolation): a choice that is not Yes / No / Abstain; a vote from an
    organisation that is not a Voting Member of the ballot's body when voting started (Bylaws
    2.3(1)); a chair's vote outside the voting period (2.3(4)); a second vote from the same
    organisation when ``allow_change`` is off (2.3(2)). A change replaces the current vote and
    leaves a VoteChange row, so the history is never overwritten.
    """
    if choice not in VoteChoice.values:
        raise BylawViolation(
            f"“{choice}” is not a vote: a vote is Yes, No or Abstain (Bylaws 2.3(5))."
        )
    day = _membership_day(ballot, cast_at)
    membership = voting_membership(organization, ballot.body, day)
    if membership is None:
        raise BylawViolation(
            f"{organization} is not a Voting Member of the {ballot.body.name} on "
            f"{day:%d %B %Y}, so its vote cannot be accepted (Bylaws 2.3(1): only votes by "
            f"Voting Members are accepted)."
        )
    if source == VoteSource.CHAIR:
        _check_voting_period(ballot, cast_at or timezone.now())

    with transaction.atomic():
        # Lock the ballot row so that two chairs recording the same vote serialise here.
        Ballot.objects.select_for_update().filter(pk=ballot.pk).first()
        current = Vote.objects.filter(ballot=ballot, organization=organization).first()
        if current is not None and not allow_change:
            raise BylawViolation(
                f"{organization} has already voted {current.get_choice_display()} on "
                f"{ballot.number}: only one vote per Voting Member organisation is accepted "
                f"(Bylaws 2.3(2))."
            )
        previous = current.choice if current else ""
        values = dict(
            member_class=membership.member_class,
            choice=choice,
            cast_at=cast_at,
            source=source,
            source_ref=source_ref,
            recorded_by=user,
        )
        if current is None:
            try:
                with transaction.atomic():
                    vote = Vote.objects.create(ballot=ballot, organization=organization, **values)
            except IntegrityError as exc:
                raise BylawViolation(
                    f"{organization} has already voted on {ballot.number}: only one vote per "
                    f"Voting Member organisation is accepted (Bylaws 2.3(2))."
                ) from exc
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
            vote = current
        VoteChange.objects.create(
            ballot=ballot,
            organization=organization,
            previous_choice=previous,
            **values,
        )
    return VoteRecorded(vote=vote, changed_from=previous)


def _membership_day(ballot: Ballot, cast_at: dt.datetime | None) -> dt.date:
    # Voting Members are counted as of the start of voting (DESIGN: roster as of voting start).
    moment = ballot.voting_start or cast_at or timezone.now()
    return moment.date()


def _check_voting_period(ballot: Ballot, cast_at: dt.datetime) -> None:
    if ballot.voting_start is None or ballot.voting_end is None:
        raise BylawViolation(
            f"Voting on {ballot.number} has not started, so no vote can be recorded yet."
        )
    if cast_at < ballot.voting_start:
        raise BylawViolation(
            f"This vote was cast at {cast_at:%d %B %Y %H:%M} UTC, before voting on "
            f"{ballot.number} opened ({ballot.voting_start:%d %B %Y %H:%M} UTC)."
        )
    if cast_at >= ballot.voting_end:
        raise BylawViolation(
            f"Voting on {ballot.number} closed at {ballot.voting_end:%d %B %Y %H:%M} UTC; a vote "
            f"cast at {cast_at:%d %B %Y %H:%M} UTC is not valid and is not counted "
            f"(Bylaws 2.3(4))."
        )


Counts = dict[str, dict[str, int]]  # {"issuer": {"yes": n, "no": n, "abstain": n}, ...}


def empty_counts() -> Counts:
    return {cls: {"yes": 0, "no": 0, "abstain": 0} for cls in ("issuer", "consumer")}


def ballot_counts(ballot: Ballot) -> Counts:
    """The votes recorded on ``ballot``, counted per class and choice (one query)."""
    counts = empty_counts()
    for member_class, choice in ballot.votes.values_list("member_class", "choice"):
        counts[member_class][choice] += 1
    return counts


@dataclass(frozen=True)
class BallotComputation:
    result: rules.BallotResult
    rules_used: rules.VotingRules
    rule_set_note: str
    # "votes": the organisations listed; "stated counts": the post's numbers; "nothing": neither
    counted_from: str
    attendance_quorum: rules.QuorumResult | None  # shown beside a published quorum figure


def stated_counts(stated: dict) -> Counts:
    """The counts a post states when it names no organisation (older posts: "From the CAs, we
    received 19 YES votes, 0 NO votes and 0 Abstentions")."""
    counts = empty_counts()
    for cls, choices in counts.items():
        for choice in choices:
            choices[choice] = stated.get(f"{cls}_{choice}") or 0
    return counts


def compute_result(
    ballot: Ballot,
    counts: Counts,
    voting_rules: rules.VotingRules,
    meetings: list[rules.MeetingAttendance],
    rule_set_note: str = "",
) -> BallotComputation:
    """The result for ``ballot`` from its vote counts, under ``voting_rules``.

    With no organisation listed, the counts the post states are used. A quorum figure the
    published post states is the Forum's own and is used as such; the figure our attendance
    records give is kept beside it (rosters here are partly inferred from votes). A chair's
    override comes first, attendance decides for ballots run here.
    """
    counted_from = "votes"
    no_votes = not any(n for choices in counts.values() for n in choices.values())
    if no_votes and any((ballot.stated or {}).get(k) for k in _COUNT_KEYS):
        counts, counted_from = stated_counts(ballot.stated), "stated counts"
    elif no_votes and ballot.published_outcome:
        counted_from = "nothing"  # a published result that lists no votes and no counts
    published_quorum = ballot.stated_quorum is not None and ballot.quorum_override is None
    result = rules.judge(
        rules.tally_counts(counts, voting_rules),
        voting_rules,
        [] if published_quorum else meetings,
        override=ballot.quorum_override,
        stated_quorum=ballot.stated_quorum,
    )
    if counted_from == "nothing":
        result = _without_votes(ballot, result)
    attendance = None
    if published_quorum and len(meetings) >= voting_rules.meetings_counted:
        attendance = rules.quorum(voting_rules, meetings, result.tally.participants)
    return BallotComputation(result, voting_rules, rule_set_note, counted_from, attendance)


def _without_votes(ballot: Ballot, result: rules.BallotResult) -> rules.BallotResult:
    """A published result with no votes listed: a ballot that never went to a vote fails
    ninety days after its last version (Bylaws 2.3(3)); otherwise it cannot be recomputed."""
    start = ballot.discussion_start
    if ballot.voting_start is None and ballot.voting_end is None and start is not None:
        expiry = rules.expiry_for(start, ballot.time_zone or "UTC")
        if expiry <= timezone.now():
            return dataclasses.replace(
                result,
                outcome="failed",
                explanation=(
                    f"voting never started; the ballot failed on {expiry:%d %B %Y}, ninety days "
                    "after it was posted (Bylaws 2.3(3))",
                ),
            )
    return dataclasses.replace(
        result, outcome=None, explanation=("the published post lists no votes and no counts",)
    )


_COUNT_KEYS = [f"{c}_{v}" for c in ("issuer", "consumer") for v in ("yes", "no", "abstain")]


def ballot_result(ballot: Ballot) -> BallotComputation:
    """The tally, quorum and outcome the rules give for the votes recorded on ``ballot``."""
    day = (ballot.voting_start or ballot.discussion_start or timezone.now()).date()
    choice = rule_set_for(ballot.body, day)
    voting_rules = choice.rule_set.to_rules()
    meetings = (
        quorum_meetings(ballot.body, ballot.voting_start, voting_rules.meetings_counted)
        if ballot.voting_start
        else []
    )
    return compute_result(ballot, ballot_counts(ballot), voting_rules, meetings, choice.note)
