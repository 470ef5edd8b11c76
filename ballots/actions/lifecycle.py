"""A ballot's life, one checked write per step (Bylaws 2.3 and 2.4): create, post a version,
endorse, start discussion, start voting, withdraw, close voting, announce the result, expire,
set the quorum; and ``refresh_states``, which keeps stored states in step with the clock.

Each step checks the office first, then locks the ballot's row, checks what the Bylaws require,
writes, and writes the ballot's history row (who, when, what), all in one transaction. A refused
step raises ``PermissionDenied`` (not this body's chair) or ``BylawViolation`` (the rules forbid
it), each with a message a chair can act on. ``at`` is when the step happened on the list (a
chair often records it afterwards); it defaults to now and may not lie in the future.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from governance import bylaws
from governance.models import Body, Organization, Revision
from governance.offices import require_chair

from ..models import (
    Ballot,
    BallotState,
    BallotType,
    BallotVersion,
    Endorsement,
    Outcome,
)
from ..posts.ids import parse_id
from ..selectors import summarise, summary_of
from ..text import markdown_problem, one_line, strip_controls
from .common import (
    ANNOUNCED_STATES,
    OPEN_STATES,
    VOTE_STATES,
    WITHDRAWABLE_STATES,
    BylawViolation,
    format_utc,
    last_version_at,
    locked,
    person_named,
    require_state,
    require_voting_member,
    save,
    when,
)


def ballot_create(
    user,
    body: Body,
    *,
    number: str,
    title: str,
    ballot_type: str,
    proposer_name: str,
    proposer_organization: Organization,
    motion: str = "",
    purpose: str = "",
    redline_url: str = "",
    at: dt.datetime | None = None,
) -> Ballot:
    """A new ballot, as a draft, with its first version (not yet posted for discussion)."""
    require_chair(user, body)
    at = when(at)
    number, title = one_line(number), one_line(title)
    motion, purpose = strip_controls(motion), strip_controls(purpose)
    parsed = _check_draft_text(body, number, title, ballot_type, motion, purpose)
    require_voting_member(proposer_organization, body, at.date(), "propose a ballot")
    with transaction.atomic():
        if Ballot.objects.filter(body=body, number_key=parsed.number_key).exists():
            raise BylawViolation(f"{body.short_name} already has a ballot {number}.")
        ballot = Ballot(
            body=body,
            number=number,
            number_key=parsed.number_key,
            title=title.strip(),
            ballot_type=ballot_type,
            state=BallotState.DRAFT,
            proposer=person_named(proposer_name, proposer_organization),
            motion=motion,
            purpose=purpose,
        )
        try:
            with transaction.atomic():
                save(ballot, user, "ballot created")
        except IntegrityError as exc:
            raise BylawViolation(f"{body.short_name} already has a ballot {number}.") from exc
        BallotVersion.objects.create(ballot=ballot, number=1, url=redline_url, note="")
    return ballot


def _check_draft_text(body: Body, number: str, title: str, ballot_type: str, motion, purpose):
    """What a draft's id, title, type and texts must be; the parsed id."""
    for what, text in (("The motion", motion), ("The purpose", purpose)):
        problem = markdown_problem(text, what)
        if problem:
            raise BylawViolation(problem)
    parsed = parse_id(number)
    if parsed is None or parsed.body != body.slug or not body.matches_ballot_id(number):
        raise BylawViolation(
            f"“{number}” is not a {body.short_name} ballot number; "
            f"{body.short_name} ballots are numbered like {body.ballot_prefix}."
        )
    if len(title) > 400:
        raise BylawViolation(f"A title is at most 400 characters; this one is {len(title):,}.")
    if not title.strip():
        raise BylawViolation("Give the ballot a title.")
    if ballot_type not in BallotType.values:
        raise BylawViolation(f"“{ballot_type}” is not a ballot type.")
    return parsed


DRAFT_FIELDS = {"number": "id", "title": "title", "ballot_type": "type"}
DRAFT_TEXTS = {"purpose": "purpose", "motion": "motion"}


def ballot_edit_draft(
    user,
    ballot: Ballot,
    *,
    number: str,
    title: str,
    ballot_type: str,
    motion: str = "",
    purpose: str = "",
) -> list[str]:
    """Correct a draft (a typo in its id, title, type, purpose or motion) before it is posted
    for discussion; from then on the ballot changes only by a new version (Bylaws 2.3(3)). The
    history row says what changed and keeps the earlier texts. Returns what changed."""
    require_chair(user, ballot.body)
    number, title = one_line(number), one_line(title).strip()
    motion, purpose = strip_controls(motion), strip_controls(purpose)
    parsed = _check_draft_text(ballot.body, number, title, ballot_type, motion, purpose)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, [BallotState.DRAFT], "editing it")
        taken = Ballot.objects.filter(body=ballot.body, number_key=parsed.number_key)
        if taken.exclude(pk=ballot.pk).exists():
            raise BylawViolation(f"{ballot.body.short_name} already has a ballot {number}.")
        new = {
            "number": number,
            "number_key": parsed.number_key,
            "title": title,
            "ballot_type": ballot_type,
            "motion": motion,
            "purpose": purpose,
        }
        changed = [
            name
            for field, name in {**DRAFT_FIELDS, **DRAFT_TEXTS}.items()
            if getattr(ballot, field) != new[field]
        ]
        if not changed:
            return []
        for field, value in new.items():
            setattr(ballot, field, value)
        save(ballot, user, "draft edited: " + ", ".join(changed))
    return changed


def ballot_delete_draft(user, ballot: Ballot) -> str:
    """Delete a draft nobody has seen yet (never posted for discussion, nothing imported for
    it). The history keeps a row of the deletion, who made it and the ballot as it was."""
    require_chair(user, ballot.body)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, [BallotState.DRAFT], "deleting it")
        if ballot.sources.exists():
            raise BylawViolation(
                f"{ballot.number} comes from the Forum's published posts; it cannot be deleted."
            )
        number = ballot.number
        ballot._history_user = user
        ballot._change_reason = "draft deleted"
        ballot.delete()
    return number


def ballot_post_version(
    user, ballot: Ballot, *, url: str = "", note: str = "", at: dt.datetime | None = None
) -> BallotVersion:
    """A new numbered version (Bylaws 2.3(3)); once discussion has started it restarts the
    seven days before voting may begin."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, OPEN_STATES, "posting a version")
        last = ballot.versions.aggregate(n=Max("number"))["n"] or 0
        posted = at if ballot.state == BallotState.DISCUSSION else None
        version = BallotVersion.objects.create(
            ballot=ballot, number=last + 1, posted_at=posted, url=url, note=note
        )
        save(ballot, user, f"version {version.number} posted")
    return version


def ballot_endorse(
    user,
    ballot: Ballot,
    *,
    person_name: str,
    organization: Organization,
    at: dt.datetime | None = None,
) -> Endorsement:
    """An endorsement by a Voting Representative of a Voting Member other than the proposer's
    (Bylaws 2.3(3)); each organisation endorses once."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, OPEN_STATES, "recording an endorsement")
        require_voting_member(organization, ballot.body, at.date(), "endorse a ballot")
        proposer_org = ballot.proposer.organization if ballot.proposer else None
        if proposer_org is not None and proposer_org.pk == organization.pk:
            raise BylawViolation(
                f"{organization} is the proposer's organisation; a ballot needs endorsements from "
                f"two other Voting Members (Bylaws 2.3(3))."
            )
        if ballot.endorsements.filter(organization=organization).exists():
            raise BylawViolation(
                f"{organization} has already endorsed {ballot.number}; the two endorsements must "
                f"come from two different Voting Members (Bylaws 2.3(3))."
            )
        endorsement = Endorsement.objects.create(
            ballot=ballot,
            person=person_named(person_name, organization),
            organization=organization,
            endorsed_at=at,
        )
        save(ballot, user, f"endorsed by {endorsement.person.name} ({organization})")
    return endorsement


def ballot_start_discussion(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """The ballot is posted for discussion; its versions so far are posted with it."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, [BallotState.DRAFT], "starting discussion")
        ballot.versions.filter(posted_at__isnull=True).update(posted_at=at)
        ballot.discussion_start = at
        ballot.state = BallotState.DISCUSSION
        save(ballot, user, "discussion started")
    return ballot


def endorsing_organizations(ballot: Ballot) -> set[int]:
    proposer_org = ballot.proposer.organization_id if ballot.proposer else None
    return {
        org_id
        for org_id in ballot.endorsements.values_list("organization_id", flat=True)
        if org_id is not None and org_id != proposer_org
    }


def ballot_start_voting(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """Voting starts: refused before seven days have passed since the last version was posted,
    without two endorsements, or once the ballot has expired (Bylaws 2.3(3)). Voting ends
    exactly seven days later (2.3(4))."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, [BallotState.DISCUSSION], "starting voting")
        endorsers = len(endorsing_organizations(ballot))
        if endorsers < 2:
            raise BylawViolation(
                f"{ballot.number} has {endorsers} endorsement{'s' if endorsers != 1 else ''} "
                f"from Voting Members other than the proposer's; it needs two before voting "
                f"can start (Bylaws 2.3(3))."
            )
        zone = ballot.time_zone or "UTC"
        last_version = last_version_at(ballot)
        earliest = bylaws.earliest_voting_start(ballot.discussion_start, last_version, zone)
        expiry = bylaws.expiry_for(last_version or ballot.discussion_start, zone)
        if at >= expiry:
            raise BylawViolation(
                f"{ballot.number} expired on {format_utc(expiry)}, ninety days after its last "
                f"version, without voting having started (Bylaws 2.3(3)); it can only be marked "
                f"expired."
            )
        if earliest is not None and at < earliest:
            raise BylawViolation(
                f"Voting on {ballot.number} cannot start before {format_utc(earliest)}: seven days "
                f"must pass after the ballot's last version was posted (at "
                f"{format_utc(max(d for d in (ballot.discussion_start, last_version) if d))}) "
                f"before voting begins (Bylaws 2.3(3))."
            )
        ballot.discussion_end = at
        ballot.voting_start = at
        ballot.voting_end = bylaws.voting_end_for(at, zone)
        ballot.state = BallotState.VOTING
        save(ballot, user, "voting started")
    return ballot


def ballot_withdraw(
    user, ballot: Ballot, *, reason: str = "", at: dt.datetime | None = None
) -> Ballot:
    """The proposer withdraws the ballot, during discussion or before voting ends."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, WITHDRAWABLE_STATES, "withdrawing it")
        if ballot.state == BallotState.VOTING and at >= ballot.voting_end:
            raise BylawViolation(
                f"Voting on {ballot.number} ended at {format_utc(ballot.voting_end)}; a ballot "
                f"cannot be withdrawn after its vote is over."
            )
        ballot.withdrawn_at = at
        ballot.published_outcome = Outcome.WITHDRAWN
        ballot.state = BallotState.WITHDRAWN
        save(ballot, user, f"withdrawn{': ' + reason if reason else ''}")
    return ballot


def ballot_close_voting(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """Voting closes once its seven days are over (Bylaws 2.3(4)), never earlier."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, [BallotState.VOTING], "closing voting")
        _check_voting_over(ballot, at, "closed")
        ballot.state = BallotState.CLOSED
        save(ballot, user, "voting closed")
    return ballot


def _check_voting_over(ballot: Ballot, at: dt.datetime, what: str) -> None:
    if at < ballot.voting_end:
        raise BylawViolation(
            f"Voting on {ballot.number} runs until {format_utc(ballot.voting_end)}; it cannot be "
            f"{what} earlier (Bylaws 2.3(4): the voting period lasts exactly seven days)."
        )


def ballot_announce_result(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """The result, as the rules compute it from the votes recorded, is announced (Bylaws
    2.3(8)). Refused while the quorum cannot be determined."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, VOTE_STATES, "announcing the result")
        _check_voting_over(ballot, at, "announced")
        result = summary_of(ballot).result
        if result.outcome not in (Outcome.PASSED, Outcome.FAILED):
            raise BylawViolation(
                f"The result of {ballot.number} cannot be announced yet: "
                f"{result.quorum.explanation}. Record the attendance of the previous meetings, "
                f"or set the quorum with a reason."
            )
        ballot.results_announced = at
        ballot.published_outcome = result.outcome
        ballot.state = result.outcome
        save(ballot, user, f"result announced: {result.outcome}")
    return ballot


def ballot_expire(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """Ninety days passed since the last version without voting starting: the ballot has
    failed (Bylaws 2.3(3))."""
    require_chair(user, ballot.body)
    at = when(at)
    with transaction.atomic():
        ballot = locked(ballot)
        require_state(ballot, OPEN_STATES, "marking it expired")
        last = last_version_at(ballot) or ballot.discussion_start
        if last is None:
            raise BylawViolation(
                f"{ballot.number} was never posted for discussion, so it cannot expire; "
                f"withdraw it instead."
            )
        expiry = bylaws.expiry_for(last, ballot.time_zone or "UTC")
        if at < expiry:
            raise BylawViolation(
                f"{ballot.number} does not expire until {format_utc(expiry)}, ninety days after "
                f"its last version (Bylaws 2.3(3))."
            )
        ballot.state = BallotState.EXPIRED
        save(ballot, user, "expired")
    return ballot


def quorum_override_set(user, ballot: Ballot, *, quorum: int | None, reason: str = "") -> Ballot:
    """The chair's quorum figure replaces the computed one, with its reason; ``None`` returns
    to the computed figure. Refused once the result is announced."""
    require_chair(user, ballot.body)
    with transaction.atomic():
        ballot = locked(ballot)
        if ballot.results_announced is not None or ballot.state in ANNOUNCED_STATES:
            raise BylawViolation(
                f"The result of {ballot.number} has been announced; its quorum can no longer "
                f"be changed."
            )
        if quorum is not None:
            if not 1 <= quorum <= 1000:
                raise BylawViolation("A quorum is a number of Voting Members, from 1 to 1,000.")
            if not reason.strip():
                raise BylawViolation(
                    "Say why the computed quorum is replaced; the reason is shown with it."
                )
        ballot.quorum_override = quorum
        ballot.quorum_override_reason = reason.strip() if quorum is not None else ""
        save(ballot, user, f"quorum set to {quorum}" if quorum else "quorum override removed")
    return ballot


def refresh_states(now: dt.datetime | None = None) -> int:
    """Set each unfinished ballot's stored state to its phase at ``now`` (the pages compute the
    phase live; the stored state is what the list filters on). Returns how many changed."""
    now = now or timezone.now()
    changed = []
    with transaction.atomic():
        # Lock the rows first (PostgreSQL allows no FOR UPDATE on the aggregating query).
        ids = list(Ballot.objects.unfinished().select_for_update().values_list("id", flat=True))
        for summary in summarise(Ballot.objects.with_results().filter(id__in=ids), now=now):
            phase, outcome = str(summary.phase), summary.outcome or ""
            if (summary.ballot.state, summary.ballot.outcome) != (phase, outcome):
                summary.ballot.state, summary.ballot.outcome = phase, outcome
                changed.append(summary.ballot)
        Ballot.objects.bulk_update(changed, ["state", "outcome"])
        if changed:
            Revision.bump()  # a bulk write sends no signal
    return len(changed)
