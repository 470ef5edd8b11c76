"""Recording a meeting and who attended (Bylaws 2.3(7)): the attendance that the quorum of the
next ballots is computed from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from governance.models import Attendance, Body, Meeting, MeetingKind, Person
from governance.offices import require_chair
from governance.organizations import OrganizationResolver

from ..posts.minutes import split_outside_parens
from ..text import markdown_problem, one_line, strip_controls
from .common import BylawViolation


@dataclass(frozen=True)
class AttendeeLine:
    name: str
    organization: str


def _name_and_org(piece: str) -> tuple[str, str] | None:
    """("Name", "Organisation") from "Name - (Organisation)"; None when it is not that shape.
    A scan, not a regular expression: linear in the length whatever the input."""
    start = piece.find("(")
    if start < 0 or not piece.endswith(")") or ")" in piece[:start]:
        return None
    org = piece[start + 1 : -1].strip()
    if not org:
        return None
    name = piece[:start].rstrip()
    if name.endswith(("-", "–")):
        name = name[:-1]
    return name.strip(), org


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
            pair = _name_and_org(piece)
            if pair:
                out.append(AttendeeLine(*pair))
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
    minutes = strip_controls(minutes)
    problem = markdown_problem(minutes, "The minutes")
    if problem:
        raise BylawViolation(problem)
    if len(attendees) > 50_000:
        raise BylawViolation("The list of attendees is over 50,000 characters long.")
    people = parse_attendees(strip_controls(attendees))
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
    title = one_line(title)[:300] or f"{date:%Y-%m-%d} Minutes of the {body.name}"
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
