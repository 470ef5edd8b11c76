"""Reads of the standing structure that ballots, pages and the importer share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ballots.rules import MeetingAttendance

from .models import (
    VOTING_CLASSES,
    Attendance,
    Body,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    Officer,
    Organization,
    RuleSet,
)


@dataclass(frozen=True)
class RuleSetChoice:
    rule_set: RuleSet
    in_force: bool  # False: no loaded rule set was in force on that day; the earliest is used
    note: str


def rule_set_for(body: Body, day: dt.date | None) -> RuleSetChoice:
    """The body's rule set in force on ``day`` (the latest that took effect by then)."""
    rule_sets = list(body.rule_sets.all())
    if not rule_sets:
        raise RuleSet.DoesNotExist(f"{body} has no rule set")
    undated = [r for r in rule_sets if r.effective_from is None]
    dated = sorted(
        (r for r in rule_sets if r.effective_from is not None), key=lambda r: r.effective_from
    )
    if day is not None:
        in_force = [r for r in dated if r.effective_from <= day]
        if in_force:
            return RuleSetChoice(in_force[-1], True, "")
    if undated:
        return RuleSetChoice(undated[0], True, "")
    if day is None:
        return RuleSetChoice(dated[-1], True, "")
    earliest = dated[0]
    return RuleSetChoice(
        earliest,
        False,
        f"no rule set loaded for {body} was in force on {day.isoformat()}; "
        f"using the earliest known ({earliest.source_document}, from "
        f"{earliest.effective_from.isoformat()})",
    )


def voting_membership(organization: Organization, body: Body, day: dt.date) -> Membership | None:
    """The organisation's Voting Membership of ``body`` in force on ``day``, if any."""
    return (
        Membership.objects.filter(organization=organization, body=body)
        .voting()
        .on(day)
        .order_by("-start")
        .first()
    )


def voting_attendance(attendance):
    """(meeting id, organisation id) for each organisation at those meetings that was a Voting
    Member of the meeting's body on the meeting's date (Bylaws 2.3(7))."""
    # One filter() call, so that all membership conditions apply to the same membership row.
    return (
        attendance.filter(
            Q(organization__memberships__start__isnull=True)
            | Q(organization__memberships__start__lte=F("meeting__date")),
            Q(organization__memberships__end__isnull=True)
            | Q(organization__memberships__end__gte=F("meeting__date")),
            organization__memberships__body_id=F("meeting__body_id"),
            organization__memberships__member_class__in=VOTING_CLASSES,
        )
        .values_list("meeting_id", "organization_id")
        .distinct()
    )


def quorum_meetings(body: Body, before: dt.datetime, count: int = 3) -> list[MeetingAttendance]:
    """The last ``count`` meetings of ``body`` held before ``before`` that count for quorum,
    each with the number of distinct organisations present that were Voting Members of the body
    on the meeting's date (Bylaws 2.3(7): "Voting Member organizations that have participated").

    Two queries whatever the number of meetings.
    """
    meetings = list(
        Meeting.objects.filter(body=body, date__lt=before.date())
        .exclude(kind=MeetingKind.SUBCOMMITTEE)
        .order_by("-date", "-id")[:count]
    )
    if not meetings:
        return []
    rows = voting_attendance(Attendance.objects.filter(meeting__in=meetings))
    present: dict[int, set[int]] = {m.id: set() for m in meetings}
    for meeting_id, organization_id in rows:
        present[meeting_id].add(organization_id)
    return [
        MeetingAttendance(date=m.date, voting_members=len(present[m.id]), label=m.title)
        for m in sorted(meetings, key=lambda m: m.date)
    ]


def officer_appoint(
    *,
    username: str,
    body_slug: str,
    role: str = "chair",
    password: str | None = None,
    email: str = "",
    organization: str = "",
    start: dt.date | None = None,
):
    """Make ``username`` (created if new) Chair or Vice-Chair of a body from ``start`` (today by
    default), so a fresh site has someone who can run ballots. Returns (officer, user_created).
    Raises ValueError with a message for an unknown body, role or organisation."""
    body = Body.objects.filter(slug=body_slug).first()
    if body is None:
        known = ", ".join(Body.objects.values_list("slug", flat=True))
        raise ValueError(f"No body “{body_slug}”; the bodies are: {known}.")
    if role not in Officer.Role.values:
        raise ValueError(f"“{role}” is not an office; use chair or vice_chair.")
    org = None
    if organization:
        org = Organization.objects.filter(name__iexact=organization).first()
        if org is None:
            raise ValueError(f"No organisation named “{organization}”.")
    start = start or timezone.localdate()
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if password:
            user.set_password(password)
            user.save()
        elif created:
            user.set_unusable_password()
            user.save()
        if org is not None:
            Member.objects.update_or_create(user=user, defaults={"organization": org})
        officer, _ = Officer.objects.get_or_create(user=user, body=body, role=role, start=start)
    return officer, created
