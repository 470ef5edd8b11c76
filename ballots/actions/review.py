"""The IPR review of a passed Draft Guideline Ballot (Bylaws 2.4, IPR Policy 4.1): start it,
record Exclusion Notices, close it (adopted, or rescinded with its Patent Advisory Group). Each
step checks the office, locks, checks the rules, writes and writes the history row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from governance import bylaws
from governance.models import Organization
from governance.offices import require_chair

from ..models import Ballot, BallotState, ExclusionNotice
from .common import REVIEW_STATES, BylawViolation, format_utc, locked, require_state, save, when


def ballot_start_review(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """The IPR Review Period of a passed Draft Guideline Ballot starts: 30 days for a Final
    Maintenance Guideline, 60 for a Final Guideline (Bylaws 2.4(5), IPR Policy 4.1)."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        if not ballot.is_draft_guideline_ballot:
            raise BylawViolation(
                f"{ballot.number} is not a Draft Guideline Ballot (its type is "
                f"“{ballot.get_ballot_type_display() or 'not stated'}”), so it has no IPR "
                f"Review Period (Bylaws 2.4)."
            )
        require_state(ballot, [BallotState.PASSED], "starting the IPR review")
        if ballot.results_announced and at < ballot.results_announced:
            raise BylawViolation(
                f"The review cannot start before the result was announced "
                f"({format_utc(ballot.results_announced)})."
            )
        ballot.review_start = at
        ballot.review_end = bylaws.review_end_for(at, ballot.ballot_type, ballot.time_zone or "UTC")
        ballot.state = BallotState.IPR_REVIEW
        save(ballot, user, "IPR review started")
    return ballot


def review_closing_recorded(ballot: Ballot) -> bool:
    """Whether the chair has recorded the end of the Review Period (adopted with no notice, or
    rescinded with its Patent Advisory Group)."""
    if ballot.exclusion_notice_filed is False:
        return True
    return ballot.exclusion_notices.exclude(patent_advisory_group="").exists()


def review_awaits_closing(ballot: Ballot) -> bool:
    """In review, or past its end (``refresh_states`` moves the stored state to adopted or
    rescinded when the period ends, Bylaws 2.4(8)-(9)) without the chair's closing recorded."""
    return (
        ballot.state in REVIEW_STATES
        and ballot.review_start is not None
        and not review_closing_recorded(ballot)
    )


def _require_review_open(ballot: Ballot, step: str) -> None:
    if review_awaits_closing(ballot):
        return
    if ballot.review_start is not None and review_closing_recorded(ballot):
        raise BylawViolation(f"The IPR review of {ballot.number} has already been closed.")
    require_state(ballot, [BallotState.IPR_REVIEW], step)


def exclusion_notice_record(
    user,
    ballot: Ballot,
    *,
    organization: Organization,
    filed_at: dt.datetime | None = None,
    summary: str = "",
    url: str = "",
) -> ExclusionNotice:
    """An Exclusion Notice filed during the Review Period (IPR Policy 4.1)."""
    require_chair(user, ballot.body)
    filed_at = when(filed_at)
    with transaction.atomic():
        ballot = locked(ballot)
        _require_review_open(ballot, "recording an Exclusion Notice")
        if not (ballot.review_start <= filed_at < ballot.review_end):
            raise BylawViolation(
                f"The Review Period of {ballot.number} ran from "
                f"{format_utc(ballot.review_start)} to {format_utc(ballot.review_end)}; a notice "
                f"filed at {format_utc(filed_at)} is outside it (IPR Policy 4.1)."
            )
        notice = ExclusionNotice.objects.create(
            ballot=ballot, organization=organization, filed_at=filed_at, summary=summary, url=url
        )
        ballot.exclusion_notice_filed = True
        save(ballot, user, f"Exclusion Notice from {organization}")
    return notice


def ballot_close_review(
    user,
    ballot: Ballot,
    *,
    patent_advisory_group: str = "",
    at: dt.datetime | None = None,
) -> Ballot:
    """The Review Period is over: adopted when no Exclusion Notice was filed; rescinded, with
    the Patent Advisory Group noted, when one was (Bylaws 2.4(6)-(9), IPR Policy 4.1, 7)."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        _require_review_open(ballot, "closing the IPR review")
        if at < ballot.review_end:
            raise BylawViolation(
                f"The Review Period of {ballot.number} runs until "
                f"{format_utc(ballot.review_end)}; it cannot be closed earlier (IPR Policy 4.1)."
            )
        notices = list(ballot.exclusion_notices.all())
        if notices:
            group = patent_advisory_group.strip()
            if not group:
                raise BylawViolation(
                    f"{len(notices)} Exclusion Notice{'s were' if len(notices) > 1 else ' was'} "
                    f"filed, so the ballot is rescinded and a Patent Advisory Group is formed "
                    f"(Bylaws 2.4(9)): say which PAG, and where it was announced."
                )
            ballot.exclusion_notices.update(patent_advisory_group=group)
            ballot.state = BallotState.RESCINDED
            reason = "IPR review closed: rescinded, PAG formed"
        else:
            ballot.exclusion_notice_filed = False
            ballot.effective = at
            ballot.state = BallotState.ADOPTED
            reason = "IPR review closed: adopted"
        save(ballot, user, reason)
    return ballot
