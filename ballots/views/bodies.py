"""Public pages of the standing structure, with the ballots in them: a body (members, rule set,
meetings, ballots), an organisation (memberships, voting record), a meeting day (minutes and
attendance; members-only minutes hidden from the public)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from governance.models import Attendance, Body, Meeting, Membership, Organization
from governance.selectors import rule_set_for

from .. import charts, glance
from ..markdown import render_markdown
from ..models import Ballot, Vote
from ..selectors import summarise


def body_detail(request, body: str):
    body = get_object_or_404(Body, slug=body)
    today = timezone.now().date()
    rules = rule_set_for(body, today)
    members = defaultdict(lambda: {"current": [], "former": []})
    for m in (
        Membership.objects.filter(body=body)
        .select_related("organization")
        .order_by("organization__name")
    ):
        period = "former" if m.end and m.end < today else "current"
        members[m.get_member_class_display()][period].append(m)
    meetings = Meeting.objects.filter(body=body)
    hidden = 0
    if not request.user.is_authenticated:
        # Members-only minutes: not even their date and title are public (README).
        hidden = meetings.filter(member_only=True).count()
        meetings = meetings.filter(member_only=False)
    meetings = _days(meetings.annotate(attendees=Count("attendance")).order_by("-date", "id")[:60])
    ballots = Ballot.objects.filter(body=body).with_results().order_by("-voting_start", "-id")[:50]
    return render(
        request,
        "governance/body.html",
        {
            "body": body,
            "all_bodies": Body.objects.all(),
            "members": dict(members),
            "rule_set": rules.rule_set,
            "rule_note": rules.note,
            "meetings": meetings,
            "hidden_meetings": hidden,
            "summaries": summarise(ballots),
        },
    )


@dataclass(frozen=True)
class MeetingDay:
    """A day's meeting as the body page lists it: one row however many records the minutes
    gave it (a post and a face-to-face bundle's copy are one meeting; its page shows both)."""

    date: dt.date
    kinds: str
    attendees: int
    records: int


def _days(meetings) -> list[MeetingDay]:
    days: dict[dt.date, list] = {}
    for meeting in meetings:
        days.setdefault(meeting.date, []).append(meeting)
    return [
        MeetingDay(
            day,
            " / ".join(dict.fromkeys(m.get_kind_display() for m in records)),
            max(m.attendees for m in records),
            len(records),
        )
        for day, records in days.items()
    ][:50]


def organization_detail(request, slug: str):
    organization = get_object_or_404(Organization.objects.prefetch_related("aliases"), slug=slug)
    memberships = organization.memberships.select_related("body").order_by("body__order")
    votes = (
        Vote.objects.filter(organization=organization)
        .select_related("ballot__body")
        .order_by("-ballot__voting_start", "-ballot_id")
    )
    by_year = glance.votes_by_year(organization)
    return render(
        request,
        "governance/organization.html",
        {
            "organization": organization,
            # The names it has been written under, other than the one shown.
            "other_names": sorted(
                {a.name for a in organization.aliases.all()} - {organization.name}, key=str.lower
            ),
            "memberships": memberships,
            "votes": votes,
            "by_year": by_year,
            "votes_chart": charts.votes_chart(organization.name, by_year, "votes"),
        },
    )


def meeting_day(request, body: str, date: str):
    try:
        day = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise Http404("not a date") from exc
    body = get_object_or_404(Body, slug=body)
    meetings = list(
        Meeting.objects.filter(body=body, date=day).prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("organization").order_by(
                    "organization__name", "name_as_written"
                ),
            )
        )
    )
    if not meetings:
        raise Http404("no meeting of that body on that day")
    if not request.user.is_authenticated:
        hidden = [m for m in meetings if m.member_only]
        meetings = [m for m in meetings if not m.member_only]
    else:
        hidden = []
    rendered = []
    for meeting in meetings:
        by_org = defaultdict(list)
        for a in meeting.attendance.all():
            by_org[a.organization.name if a.organization else "Organisation not stated"].append(a)
        rendered.append(
            {
                "meeting": meeting,
                "by_org": sorted(by_org.items(), key=lambda kv: kv[0].casefold()),
                "minutes_html": render_markdown(meeting.minutes),
            }
        )
    return render(
        request,
        "governance/meeting.html",
        {"body": body, "day": day, "meetings": rendered, "hidden": hidden},
    )
