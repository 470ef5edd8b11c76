"""The chair's writes: one function per step of a ballot's life (Bylaws 2.3 and 2.4).

Each function checks first (the user's office, then what the Bylaws require) and then writes,
with the ballot's history row (who, when, what) in the same transaction. A refused step raises
``PermissionDenied`` (not this body's chair) or ``BylawViolation`` (the rules forbid it), each
with a message a chair can act on. Views, commands and tests all call these; none writes a
ballot any other way.

``at`` is when the step happened on the mailing list (a chair often records it afterwards);
it defaults to now and may not lie in the future.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from governance.models import (
    Attendance,
    Body,
    Meeting,
    MeetingKind,
    Membership,
    Officer,
    Organization,
    Person,
)
from governance.organizations import OrganizationResolver
from governance.services import voting_membership

from . import rules
from .models import (
    Ballot,
    BallotState,
    BallotType,
    BallotVersion,
    Endorsement,
    ExclusionNotice,
    Outcome,
    Vote,
    VoteSource,
)
from .posts.ids import parse_id
from .posts.minutes import split_outside_parens
from .services import BylawViolation, VoteRecorded, ballot_result, vote_record

S = BallotState
# The states in which a step may be taken (the chair's page offers a step only then).
OPEN_STATES = (S.DRAFT, S.DISCUSSION)  # versions, endorsements, expiry
WITHDRAWABLE_STATES = (S.DRAFT, S.DISCUSSION, S.VOTING)
VOTE_STATES = (S.VOTING, S.CLOSED)  # votes and the announcement, until the result is out
# In review, or moved on by refresh_states when the period ended (see review_awaits_closing).
REVIEW_STATES = (S.IPR_REVIEW, S.ADOPTED, S.RESCINDED)

# A clock a few minutes fast on the chair's machine is not "the future".
_CLOCK_SKEW = dt.timedelta(minutes=5)


def _when(at: dt.datetime | None) -> dt.datetime:
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


# --------------------------------------------------------------------------------------------
# Offices
# --------------------------------------------------------------------------------------------


def offices_held(user, day: dt.date | None = None):
    """The offices ``user`` holds on ``day`` (today by default)."""
    if user is None or not user.is_authenticated:
        return Officer.objects.none()
    day = day or timezone.localdate()
    return (
        Officer.objects.filter(user=user, start__lte=day)
        .exclude(end__lt=day)
        .select_related("body")
    )


def chairs(user, body: Body) -> bool:
    """Whether ``user`` is Chair or Vice-Chair of ``body`` today."""
    return offices_held(user).filter(body=body).exists()


def require_chair(user, body: Body) -> None:
    """Refuse (403) anyone who does not hold an office in ``body`` today."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in as a chair of this body to do this.")
    if not chairs(user, body):
        raise PermissionDenied(
            f"Only the Chair or Vice-Chair of the {body.name} can do this; your account "
            f"“{user.get_username()}” holds no office in it."
        )


# --------------------------------------------------------------------------------------------
# Helpers shared by the steps
# --------------------------------------------------------------------------------------------


def _locked(ballot: Ballot) -> Ballot:
    """The ballot's row, locked until the transaction ends, so two chairs' steps serialise and
    each check is made against the row as it is now."""
    return Ballot.objects.select_for_update().select_related("body").get(pk=ballot.pk)


def _save(ballot: Ballot, user, reason: str) -> None:
    """Save with the history row saying who did what (written in the caller's transaction)."""
    ballot._history_user = user
    ballot._change_reason = reason[:100]
    ballot.save()


def _require_state(ballot: Ballot, allowed: Iterable[str], step: str) -> None:
    allowed = list(allowed)
    if ballot.state not in allowed:
        names = " or ".join(BallotState(s).label.lower() for s in allowed)
        raise BylawViolation(
            f"{ballot.number} is {ballot.get_state_display().lower()}; {step} is possible only "
            f"when it is {names}."
        )


def _voting_member(organization: Organization, body: Body, day: dt.date, what: str) -> Membership:
    membership = voting_membership(organization, body, day)
    if membership is None:
        raise BylawViolation(
            f"{organization} is not a Voting Member of the {body.name} on {day:%d %B %Y}, so it "
            f"cannot {what} (Bylaws 2.3(3) and 3.1: only Voting Members propose, endorse and vote)."
        )
    return membership


def _last_version_at(ballot: Ballot) -> dt.datetime | None:
    return ballot.versions.aggregate(at=Max("posted_at"))["at"]


def _person(name: str, organization: Organization | None) -> Person:
    name = " ".join((name or "").split())
    if not name:
        raise BylawViolation("Give the person's name.")
    person, _ = Person.objects.get_or_create(name=name, organization=organization)
    return person


# --------------------------------------------------------------------------------------------
# A ballot's life
# --------------------------------------------------------------------------------------------


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
    at = _when(at)
    number = " ".join(number.split())
    parsed = parse_id(number)
    if parsed is None or parsed.body != body.slug or not body.matches_ballot_id(number):
        raise BylawViolation(
            f"“{number}” is not a {body.short_name} ballot number; "
            f"{body.short_name} ballots are numbered like {body.ballot_prefix}."
        )
    if not title.strip():
        raise BylawViolation("Give the ballot a title.")
    if ballot_type not in BallotType.values:
        raise BylawViolation(f"“{ballot_type}” is not a ballot type.")
    _voting_member(proposer_organization, body, at.date(), "propose a ballot")
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
            proposer=_person(proposer_name, proposer_organization),
            motion=motion,
            purpose=purpose,
        )
        try:
            with transaction.atomic():
                _save(ballot, user, "ballot created")
        except IntegrityError as exc:
            raise BylawViolation(f"{body.short_name} already has a ballot {number}.") from exc
        BallotVersion.objects.create(ballot=ballot, number=1, url=redline_url, note="")
    return ballot


def ballot_post_version(
    user, ballot: Ballot, *, url: str = "", note: str = "", at: dt.datetime | None = None
) -> BallotVersion:
    """A new numbered version (Bylaws 2.3(3)); once discussion has started it restarts the
    seven days before voting may begin."""
    require_chair(user, ballot.body)
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, OPEN_STATES, "posting a version")
        last = ballot.versions.aggregate(n=Max("number"))["n"] or 0
        posted = at if ballot.state == BallotState.DISCUSSION else None
        version = BallotVersion.objects.create(
            ballot=ballot, number=last + 1, posted_at=posted, url=url, note=note
        )
        _save(ballot, user, f"version {version.number} posted")
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
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, OPEN_STATES, "recording an endorsement")
        _voting_member(organization, ballot.body, at.date(), "endorse a ballot")
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
            person=_person(person_name, organization),
            organization=organization,
            endorsed_at=at,
        )
        _save(ballot, user, f"endorsed by {endorsement.person.name} ({organization})")
    return endorsement


def ballot_start_discussion(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """The ballot is posted for discussion; its versions so far are posted with it."""
    require_chair(user, ballot.body)
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, [BallotState.DRAFT], "starting discussion")
        ballot.versions.filter(posted_at__isnull=True).update(posted_at=at)
        ballot.discussion_start = at
        ballot.state = BallotState.DISCUSSION
        _save(ballot, user, "discussion started")
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
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, [BallotState.DISCUSSION], "starting voting")
        endorsers = len(endorsing_organizations(ballot))
        if endorsers < 2:
            raise BylawViolation(
                f"{ballot.number} has {endorsers} endorsement{'s' if endorsers != 1 else ''} "
                f"from Voting Members other than the proposer's; it needs two before voting "
                f"can start (Bylaws 2.3(3))."
            )
        zone = ballot.time_zone or "UTC"
        last_version = _last_version_at(ballot)
        earliest = rules.earliest_voting_start(ballot.discussion_start, last_version, zone)
        expiry = rules.expiry_for(last_version or ballot.discussion_start, zone)
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
        ballot.voting_end = rules.voting_end_for(at, zone)
        ballot.state = BallotState.VOTING
        _save(ballot, user, "voting started")
    return ballot


def ballot_withdraw(
    user, ballot: Ballot, *, reason: str = "", at: dt.datetime | None = None
) -> Ballot:
    """The proposer withdraws the ballot, during discussion or before voting ends."""
    require_chair(user, ballot.body)
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, WITHDRAWABLE_STATES, "withdrawing it")
        if ballot.state == BallotState.VOTING and at >= ballot.voting_end:
            raise BylawViolation(
                f"Voting on {ballot.number} ended at {format_utc(ballot.voting_end)}; a ballot "
                f"cannot be withdrawn after its vote is over."
            )
        ballot.withdrawn_at = at
        ballot.published_outcome = Outcome.WITHDRAWN
        ballot.state = BallotState.WITHDRAWN
        _save(ballot, user, f"withdrawn{': ' + reason if reason else ''}")
    return ballot


def ballot_close_voting(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """Voting closes once its seven days are over (Bylaws 2.3(4)), never earlier."""
    require_chair(user, ballot.body)
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, [BallotState.VOTING], "closing voting")
        _check_voting_over(ballot, at, "closed")
        ballot.state = BallotState.CLOSED
        _save(ballot, user, "voting closed")
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
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, VOTE_STATES, "announcing the result")
        _check_voting_over(ballot, at, "announced")
        result = ballot_result(ballot).result
        if result.outcome not in (Outcome.PASSED, Outcome.FAILED):
            raise BylawViolation(
                f"The result of {ballot.number} cannot be announced yet: "
                f"{result.quorum.explanation}. Record the attendance of the previous meetings, "
                f"or set the quorum with a reason."
            )
        ballot.results_announced = at
        ballot.published_outcome = result.outcome
        ballot.state = result.outcome
        _save(ballot, user, f"result announced: {result.outcome}")
    return ballot


def ballot_start_review(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """The IPR Review Period of a passed Draft Guideline Ballot starts: 30 days for a Final
    Maintenance Guideline, 60 for a Final Guideline (Bylaws 2.4(5), IPR Policy 4.1)."""
    require_chair(user, ballot.body)
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        if not ballot.is_draft_guideline_ballot:
            raise BylawViolation(
                f"{ballot.number} is not a Draft Guideline Ballot (its type is "
                f"“{ballot.get_ballot_type_display() or 'not stated'}”), so it has no IPR "
                f"Review Period (Bylaws 2.4)."
            )
        _require_state(ballot, [BallotState.PASSED], "starting the IPR review")
        if ballot.results_announced and at < ballot.results_announced:
            raise BylawViolation(
                f"The review cannot start before the result was announced "
                f"({format_utc(ballot.results_announced)})."
            )
        ballot.review_start = at
        ballot.review_end = rules.review_end_for(at, ballot.ballot_type, ballot.time_zone or "UTC")
        ballot.state = BallotState.IPR_REVIEW
        _save(ballot, user, "IPR review started")
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
    _require_state(ballot, [BallotState.IPR_REVIEW], step)


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
    filed_at = _when(filed_at)
    with transaction.atomic():
        ballot = _locked(ballot)
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
        _save(ballot, user, f"Exclusion Notice from {organization}")
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
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
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
        _save(ballot, user, reason)
    return ballot


def ballot_expire(user, ballot: Ballot, *, at: dt.datetime | None = None) -> Ballot:
    """Ninety days passed since the last version without voting starting: the ballot has
    failed (Bylaws 2.3(3))."""
    require_chair(user, ballot.body)
    at = _when(at)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_state(ballot, OPEN_STATES, "marking it expired")
        last = _last_version_at(ballot) or ballot.discussion_start
        if last is None:
            raise BylawViolation(
                f"{ballot.number} was never posted for discussion, so it cannot expire; "
                f"withdraw it instead."
            )
        expiry = rules.expiry_for(last, ballot.time_zone or "UTC")
        if at < expiry:
            raise BylawViolation(
                f"{ballot.number} does not expire until {format_utc(expiry)}, ninety days after "
                f"its last version (Bylaws 2.3(3))."
            )
        ballot.state = BallotState.EXPIRED
        _save(ballot, user, "expired")
    return ballot


def quorum_override_set(user, ballot: Ballot, *, quorum: int | None, reason: str = "") -> Ballot:
    """The chair's quorum figure replaces the computed one, with its reason; ``None`` returns
    to the computed figure. Refused once the result is announced."""
    require_chair(user, ballot.body)
    with transaction.atomic():
        ballot = _locked(ballot)
        if ballot.results_announced is not None or ballot.state in (
            BallotState.PASSED,
            BallotState.FAILED,
            BallotState.IPR_REVIEW,
            BallotState.ADOPTED,
            BallotState.RESCINDED,
        ):
            raise BylawViolation(
                f"The result of {ballot.number} has been announced; its quorum can no longer "
                f"be changed."
            )
        if quorum is not None:
            if quorum < 1:
                raise BylawViolation("A quorum is at least 1.")
            if not reason.strip():
                raise BylawViolation(
                    "Say why the computed quorum is replaced; the reason is shown with it."
                )
        ballot.quorum_override = quorum
        ballot.quorum_override_reason = reason.strip() if quorum is not None else ""
        _save(ballot, user, f"quorum set to {quorum}" if quorum else "quorum override removed")
    return ballot


# --------------------------------------------------------------------------------------------
# Votes
# --------------------------------------------------------------------------------------------


def chair_vote_record(
    user,
    ballot: Ballot,
    *,
    organization: Organization,
    choice: str,
    cast_at: dt.datetime,
    message_url: str = "",
) -> VoteRecorded:
    """A Voting Member's vote, as its Voting Representative mailed it. A later mail changes the
    vote (the last one counts, Bylaws 2.3(2) and 4.1(3)); every change is kept."""
    require_chair(user, ballot.body)
    cast_at = _when(cast_at)
    with transaction.atomic():
        # Checked under the ballot's lock: two chairs recording the same mail at once leave
        # one vote, and the second is told it is already recorded.
        ballot = _locked(ballot)
        if ballot.state not in VOTE_STATES:
            raise BylawViolation(
                f"{ballot.number} is {ballot.get_state_display().lower()}: votes are recorded "
                f"while it is in voting, or after voting closed until the result is announced."
            )
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
        recorded = vote_record(
            ballot,
            organization,
            choice,
            cast_at=cast_at,
            source=VoteSource.CHAIR,
            source_ref=message_url,
            user=user,
            allow_change=True,
        )
    return recorded


@dataclass(frozen=True)
class RosterRow:
    organization: Organization
    member_class: str
    vote: Vote | None


def roster(ballot: Ballot) -> list[RosterRow]:
    """The body's Voting Members as of the start of voting (today before it starts), issuers
    first, each with its current vote; organisations that voted without being on the roster
    (imported votes) are listed too, so nothing counted is hidden."""
    day = (ballot.voting_start or timezone.now()).date()
    memberships = (
        Membership.objects.on(day)
        .voting()
        .filter(body=ballot.body)
        .select_related("organization")
        .order_by("member_class", "organization__name")
    )
    votes = {v.organization_id: v for v in ballot.votes.select_related("organization")}
    rows, seen = [], set()
    for m in memberships:
        if m.organization_id in seen:
            continue
        seen.add(m.organization_id)
        rows.append(RosterRow(m.organization, m.member_class, votes.get(m.organization_id)))
    for org_id, vote in votes.items():
        if org_id not in seen:
            rows.append(RosterRow(vote.organization, vote.member_class, vote))
    order = {"issuer": 0, "consumer": 1}
    rows.sort(key=lambda r: (order.get(r.member_class, 2), r.organization.name.lower()))
    return rows


# --------------------------------------------------------------------------------------------
# Meetings
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeLine:
    name: str
    organization: str


_ATTENDEE_RE = re.compile(r"^(?P<name>[^()]*?)\s*[-–]?\s*\((?P<org>.+)\)$")


def parse_attendees(text: str) -> list[AttendeeLine]:
    """Attendees as the Forum's minutes write them, one per line or comma-separated:
    "Name - (Organisation)", "Name (Organisation)", or an organisation alone."""
    out: list[AttendeeLine] = []
    for line in (text or "").splitlines():
        pieces = [
            piece.strip()
            for chunk in split_outside_parens(line.strip().lstrip("*-• ").strip(), ";")
            for piece in split_outside_parens(chunk, ",")
        ]
        for piece in filter(None, pieces):
            m = _ATTENDEE_RE.match(piece)
            if m:
                out.append(AttendeeLine(m["name"].strip(), m["org"].strip()))
            elif "(" in piece or ")" in piece:
                raise BylawViolation(
                    f"“{piece}” is not an attendee: write “Name - (Organisation)”."
                )
            else:
                out.append(AttendeeLine("", piece))
    return out


def meeting_record(
    user,
    body: Body,
    *,
    date: dt.date,
    kind: str,
    title: str = "",
    attendees: str,
    minutes: str = "",
    member_only: bool = False,
) -> Meeting:
    """A meeting and who attended, so quorum for the next ballots comes from real attendance
    (Bylaws 2.3(7)). Every organisation must be one the tracker knows."""
    require_chair(user, body)
    if date > timezone.localdate():
        raise BylawViolation(f"{date:%d %B %Y} is in the future: record a meeting once held.")
    if kind not in MeetingKind.values:
        raise BylawViolation(f"“{kind}” is not a kind of meeting.")
    people = parse_attendees(attendees)
    if not people:
        raise BylawViolation("List who attended: one “Name - (Organisation)” per line.")
    resolver = OrganizationResolver()
    unknown = sorted({p.organization for p in people if resolver.find(p.organization) is None})
    if unknown:
        raise BylawViolation(
            "Unknown organisation"
            + ("s" if len(unknown) > 1 else "")
            + ": "
            + ", ".join(f"“{u}”" for u in unknown)
            + ". Use the name the tracker shows on the organisation's page (staff add new "
            "organisations in the admin)."
        )
    title = title.strip() or f"{date:%Y-%m-%d} Minutes of the {body.name}"
    with transaction.atomic():
        if Meeting.objects.filter(body=body, date=date, title=title).exists():
            raise BylawViolation(f"A meeting “{title}” on {date:%d %B %Y} is already recorded.")
        meeting = Meeting.objects.create(
            body=body,
            date=date,
            kind=kind,
            title=title,
            minutes=minutes,
            member_only=member_only,
            source=f"recorded by {user.get_username()}",
        )
        rows, seen = [], set()
        for p in people:
            org_id = resolver.find(p.organization)
            key = (p.name or p.organization, org_id)
            if key in seen:
                continue
            seen.add(key)
            person = None
            if p.name:
                person, _ = Person.objects.get_or_create(name=p.name, organization_id=org_id)
            rows.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    organization_id=org_id,
                    name_as_written=p.name or p.organization,
                )
            )
        Attendance.objects.bulk_create(rows)
    return meeting


__all__ = [
    "BylawViolation",
    "PermissionDenied",
    "ballot_announce_result",
    "ballot_close_review",
    "ballot_close_voting",
    "ballot_create",
    "ballot_endorse",
    "ballot_expire",
    "ballot_post_version",
    "ballot_start_discussion",
    "ballot_start_review",
    "ballot_start_voting",
    "ballot_withdraw",
    "chair_vote_record",
    "chairs",
    "exclusion_notice_record",
    "meeting_record",
    "offices_held",
    "quorum_override_set",
    "require_chair",
    "roster",
]
