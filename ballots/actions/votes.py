"""The one writer of votes: a Voting Member's vote as its Voting Representative mailed it, recorded
by the body's Chair or Vice-Chair (Bylaws 2.3(1)-(5)). A later mail changes the vote (the last one
counts); every vote and change is kept as a ``VoteChange`` row, never overwritten."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from governance.models import Organization
from governance.offices import require_chair

from ..models import Ballot, Vote, VoteChange, VoteChoice, VoteSource
from .common import (
    VOTE_STATES,
    BylawViolation,
    format_utc,
    locked,
    require_voting_member,
    store_outcome,
    when,
)


@dataclass(frozen=True)
class VoteRecorded:
    vote: Vote
    changed_from: str  # the previous choice, "" for a first vote


def vote_record(
    user,
    ballot: Ballot,
    *,
    organization: Organization,
    choice: str,
    cast_at: dt.datetime,
    message_url: str = "",
) -> VoteRecorded:
    """Record ``organization``'s vote on ``ballot``.

    Refused (``BylawViolation``): a choice that is not Yes / No / Abstain (2.3(5)); a ballot not
    in voting (or closed and not yet announced); an organisation that was not a Voting Member
    of the body when voting started (2.3(1)); a mail outside the voting period (2.3(4)); the same
    vote again, or a mail older than the vote that counts (2.3(2)). Checked under the ballot's
    row lock, so two chairs recording the same mail at once leave one vote.
    """
    require_chair(user, ballot.body)
    cast_at = when(cast_at)
    if choice not in VoteChoice.values:
        raise BylawViolation(
            f"“{choice}” is not a vote: a vote is Yes, No or Abstain (Bylaws 2.3(5))."
        )
    with transaction.atomic():
        ballot = locked(ballot)
        if ballot.state not in VOTE_STATES:
            raise BylawViolation(
                f"{ballot.number} is {ballot.get_state_display().lower()}: votes are recorded "
                f"while it is in voting, or after voting closed until the result is announced."
            )
        # Voting Members are counted as of the start of voting (Bylaws 2.3(1)).
        membership = require_voting_member(
            organization, ballot.body, ballot.voting_start.date(), "vote"
        )
        _check_voting_period(ballot, cast_at)
        current = Vote.objects.filter(ballot=ballot, organization=organization).first()
        if current is not None:
            if current.choice == choice:
                raise BylawViolation(
                    f"{organization} has already voted {current.get_choice_display()} on "
                    f"{ballot.number}; a second vote from the same organisation is accepted "
                    f"only as a change (Bylaws 2.3(2))."
                )
            if current.cast_at and cast_at < current.cast_at:
                raise BylawViolation(
                    f"{organization}'s vote of {format_utc(current.cast_at)} is later than this "
                    f"one ({format_utc(cast_at)}); the last vote counts, so this one changes "
                    f"nothing."
                )
        previous = current.choice if current else ""
        values = dict(
            member_class=membership.member_class,
            choice=choice,
            cast_at=cast_at,
            source=VoteSource.CHAIR,
            source_ref=message_url,
            recorded_by=user,
        )
        if current is None:
            try:
                with transaction.atomic():
                    vote = Vote.objects.create(ballot=ballot, organization=organization, **values)
            except IntegrityError as exc:  # another chair's same mail, a moment earlier
                raise BylawViolation(
                    f"{organization} has already voted on {ballot.number}; a second vote from "
                    f"the same organisation is accepted only as a change (Bylaws 2.3(2))."
                ) from exc
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
            vote = current
        VoteChange.objects.create(
            ballot=ballot, organization=organization, previous_choice=previous, **values
        )
        store_outcome(ballot)
    return VoteRecorded(vote=vote, changed_from=previous)


def _check_voting_period(ballot: Ballot, cast_at: dt.datetime) -> None:
    if cast_at < ballot.voting_start:
        raise BylawViolation(
            f"This vote was cast at {format_utc(cast_at)}, before voting on {ballot.number} "
            f"opened ({format_utc(ballot.voting_start)})."
        )
    if cast_at >= ballot.voting_end:
        raise BylawViolation(
            f"Voting on {ballot.number} closed at {format_utc(ballot.voting_end)}; a vote cast "
            f"at {format_utc(cast_at)} is not valid and is not counted (Bylaws 2.3(4))."
        )
