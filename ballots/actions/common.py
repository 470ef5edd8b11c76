"""What every checked write shares: the refusal a chair reads (``BylawViolation``), the time a
step happened, the ballot's row lock, the history row, and the states each step allows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max
from django.utils import timezone

from governance.models import Body, Membership, Organization, Person
from governance.selectors import voting_membership

from ..models import Ballot, BallotState
from ..selectors import summary_of


class BylawViolation(Exception):
    """A write the Bylaws forbid. The message is for a chair: it says what and why."""


# The states in which a step may be taken (the chair's page offers a step only then).
OPEN_STATES = (BallotState.DRAFT, BallotState.DISCUSSION)  # versions, endorsements, expiry
WITHDRAWABLE_STATES = (BallotState.DRAFT, BallotState.DISCUSSION, BallotState.VOTING)
VOTE_STATES = (
    BallotState.VOTING,
    BallotState.CLOSED,
)  # votes and the announcement, until the result is out
# In review, or moved on by refresh_states when the period ended (see review_awaits_closing).
REVIEW_STATES = (BallotState.IPR_REVIEW, BallotState.ADOPTED, BallotState.RESCINDED)
ANNOUNCED_STATES = (
    BallotState.PASSED,
    BallotState.FAILED,
    BallotState.IPR_REVIEW,
    BallotState.ADOPTED,
    BallotState.RESCINDED,
)

# A clock a few minutes fast on the chair's machine is not "the future".
_CLOCK_SKEW = dt.timedelta(minutes=5)


def when(at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise BylawViolation("Give the time with its time zone (times are recorded in UTC).")
    if at > now + _CLOCK_SKEW:
        raise BylawViolation(
            f"{format_utc(at)} is in the future: record a step once it has happened on the list."
        )
    return at


def format_utc(moment: dt.datetime) -> str:
    """05 June 2024 12:30 UTC, the way every message here gives a time."""
    return f"{moment.astimezone(dt.UTC):%d %B %Y %H:%M} UTC"


def locked(ballot: Ballot) -> Ballot:
    """The ballot's row, locked until the transaction ends, so two chairs' steps serialise and
    each check is made against the row as it is now."""
    return Ballot.objects.select_for_update().select_related("body").get(pk=ballot.pk)


def save(ballot: Ballot, user, reason: str) -> None:
    """Save with the history row saying who did what (written in the caller's transaction).
    A ballot a chair has acted on is run here from now on (``managed``): imports never
    overwrite it. Its outcome is stored again, from the one result pipeline."""
    ballot._history_user = user
    ballot._change_reason = reason[:100]
    ballot.managed = True
    ballot.save()
    store_outcome(ballot)


def store_outcome(ballot: Ballot) -> None:
    """Keep ``Ballot.outcome`` (what the list filters on) equal to what every page shows."""
    # A published (announced) outcome is the outcome: no need to recompute the ballot for it.
    outcome = ballot.published_outcome or summary_of(ballot).outcome or ""
    if ballot.outcome != outcome:
        Ballot.objects.filter(pk=ballot.pk).update(outcome=outcome)
        ballot.outcome = outcome


def require_state(ballot: Ballot, allowed: Iterable[str], step: str) -> None:
    allowed = list(allowed)
    if ballot.state not in allowed:
        names = " or ".join(state_words(s) for s in allowed)
        raise BylawViolation(
            f"{ballot.number} is {state_words(ballot.state)}; {step} is possible only "
            f"when it is {names}."
        )


def state_words(state: str) -> str:
    """A state as a sentence says it: "a draft", "in discussion", "closed"."""
    if state == BallotState.DRAFT:
        return "a draft"
    label = BallotState(state).label
    if state in (BallotState.DISCUSSION, BallotState.VOTING, BallotState.IPR_REVIEW):
        return f"in {label[0].lower()}{label[1:]}"
    return label.lower()


def require_voting_member(
    organization: Organization, body: Body, day: dt.date, what: str
) -> Membership:
    membership = voting_membership(organization, body, day)
    if membership is None:
        if what == "vote":
            consequence = (
                "so its vote cannot be accepted (Bylaws 2.3(1): only votes by Voting Members "
                "are accepted)"
            )
        else:
            consequence = (
                f"so it cannot {what} (Bylaws 2.3(3) and 3.1: only Voting Members propose, "
                "endorse and vote)"
            )
        raise BylawViolation(
            f"{organization} is not a Voting Member of the {body.name} on {day:%d %B %Y}, "
            f"{consequence}."
        )
    return membership


def last_version_at(ballot: Ballot) -> dt.datetime | None:
    return ballot.versions.aggregate(at=Max("posted_at"))["at"]


def person_named(name: str, organization: Organization | None) -> Person:
    name = " ".join((name or "").split())
    if not name:
        raise BylawViolation("Give the person's name.")
    person, _ = Person.objects.get_or_create(name=name, organization=organization)
    return person
