"""Reads of the standing structure that ballots, pages, the chair's steps and the importer share:
the one rule-set chooser, voting membership, and the attendance that quorum is computed from.

Each read takes a fixed number of queries, whatever the number of ballots or meetings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q

from . import bylaws
from .models import VOTING_CLASSES, Attendance, Body, Meeting, Membership, RuleSet

# A meeting this long before voting started still counts (Bylaws 2.3(7) says "previous three
# meetings", whenever they were), but the page says the figure is old.
STALE_ATTENDANCE = dt.timedelta(days=180)


@dataclass(frozen=True)
class RuleSetChoice:
    """The rules a ballot is judged by, and where they come from."""

    rule_set: RuleSet | None  # None: the body has no rule set; the Bylaws' own rules apply
    rules: bylaws.VotingRules
    note: str  # said on every surface when the choice is not the plain one


class RuleBook:
    """Every body's rule sets, loaded in one query; picks the set in force on a day.

    The one chooser every surface uses. Two cases decided here once, in the rule set's words:
    - a body with no rule set is judged by the Bylaws' own rules (2.3(6)-(7), the defaults of
      ``bylaws.VotingRules``), and the note says so;
    - a day before every dated rule set uses the earliest one, and the note says so.
    """

    def __init__(self, rule_sets: Iterable[RuleSet] | None = None):
        self._by_body: dict[int, list[RuleSet]] = defaultdict(list)
        for rule_set in RuleSet.objects.all() if rule_sets is None else rule_sets:
            self._by_body[rule_set.body_id].append(rule_set)

    def choose(self, body: Body, day: dt.date | None) -> RuleSetChoice:
        sets = self._by_body.get(body.pk) or []
        if not sets:
            return RuleSetChoice(
                None,
                bylaws.VotingRules(),
                f"no rule set is recorded for the {body.name}; the Bylaws' own rules apply "
                "(2.3(6): two-thirds of Certificate Issuers and more than half of Certificate "
                "Consumers; 2.3(7): quorum more than half the average attendance of the "
                "previous three meetings)",
            )
        undated = [r for r in sets if r.effective_from is None]
        dated = sorted((r for r in sets if r.effective_from), key=lambda r: r.effective_from)
        if day is not None:
            in_force = [r for r in dated if r.effective_from <= day]
            if in_force:
                return RuleSetChoice(in_force[-1], in_force[-1].to_rules(), "")
        if undated:
            return RuleSetChoice(undated[0], undated[0].to_rules(), "")
        if day is None:
            return RuleSetChoice(dated[-1], dated[-1].to_rules(), "")
        earliest = dated[0]
        return RuleSetChoice(
            earliest,
            earliest.to_rules(),
            f"no rule set loaded for the {body.name} was in force on {day.isoformat()}; using "
            f"the earliest known ({earliest.source_document}, from "
            f"{earliest.effective_from.isoformat()})",
        )


def rule_set_for(body: Body, day: dt.date | None) -> RuleSetChoice:
    """The rules ``body`` judged ballots by on ``day`` (one query)."""
    return RuleBook(RuleSet.objects.filter(body=body)).choose(body, day)


def voting_membership(organization, body: Body, day: dt.date) -> Membership | None:
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


@dataclass(frozen=True)
class QuorumMeetings:
    """The meetings a ballot's quorum is computed from, and what was left out and why."""

    meetings: list[bylaws.MeetingAttendance]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuorumAsk:
    """Which meetings a ballot needs: ``count`` meetings of ``body_id`` before ``before``."""

    key: object
    body_id: int
    before: dt.datetime
    count: int


def quorum_meetings(asks: Iterable[QuorumAsk]) -> dict[object, QuorumMeetings]:
    """For each ask, the body's last ``count`` meetings held before ``before`` that count for
    quorum (subcommittees excluded, ``Meeting.counts_for_quorum``), each with the number of
    distinct organisations present that were Voting Members of the body that day.

    A meeting recorded twice (the same body and day, e.g. a post and a face-to-face bundle's
    copy) counts once, with everyone either record lists. A meeting whose record lists nobody
    has unknown attendance: it is left out of the average, and a note says so, rather than
    counted as zero. Two queries whatever the number of ballots.
    """
    asks = list(asks)
    if not asks:
        return {}
    body_ids = {a.body_id for a in asks}
    meetings = [
        m
        for m in Meeting.objects.filter(body_id__in=body_ids).only(
            "id", "body_id", "date", "kind", "title", "member_only"
        )
        if m.counts_for_quorum
    ]
    listed: dict[int, int] = defaultdict(int)  # attendance rows per meeting, voting or not
    present: dict[tuple[int, dt.date], set[int]] = defaultdict(set)
    by_id = {m.id: m for m in meetings}
    for meeting_id, org_id, voting in _attendance_rows(body_ids):
        listed[meeting_id] += 1
        m = by_id.get(meeting_id)
        if m is not None and voting:
            present[(m.body_id, m.date)].add(org_id)
    days: dict[int, dict[dt.date, dict]] = defaultdict(dict)
    for m in sorted(meetings, key=lambda m: (m.date, m.id)):
        day = days[m.body_id].setdefault(m.date, {"titles": [], "listed": 0, "private": True})
        day["titles"].append(m.title)
        day["listed"] += listed[m.id]
        # A day is public when any record of it is; members-only days show counts only.
        day["private"] = day["private"] and m.member_only
    out = {}
    for ask in asks:
        before = ask.before.date()
        held = [(d, info) for d, info in days[ask.body_id].items() if d < before]
        held.sort(key=lambda pair: pair[0])
        chosen, notes = [], []
        for day, info in reversed(held):
            if len(chosen) == ask.count:
                break
            name = "a members-only meeting" if info["private"] else f"the meeting of {day:%d %B %Y}"
            if not info["listed"]:
                notes.append(
                    f"{name} lists no attendees (attendance unknown) and is left out of the average"
                )
                continue
            chosen.append(
                bylaws.MeetingAttendance(
                    date=day,
                    voting_members=len(present[(ask.body_id, day)]),
                    label="" if info["private"] else info["titles"][0],
                    private=info["private"],
                )
            )
        chosen.reverse()
        if chosen and before - chosen[0].date > STALE_ATTENDANCE:
            since = "" if chosen[0].private else f" to {chosen[0].date:%d %B %Y}"
            notes.append(
                f"the attendance used goes back{since}, more than six months before voting "
                "started: later meetings are not on record"
            )
        out[ask.key] = QuorumMeetings(chosen, tuple(notes))
    return out


def _attendance_rows(body_ids: set[int]):
    """(meeting id, organisation id, was a Voting Member that day) for every attendance row."""
    rows = Attendance.objects.filter(meeting__body_id__in=body_ids)
    voting = set(voting_attendance(rows))
    for meeting_id, org_id in rows.values_list("meeting_id", "organization_id"):
        yield meeting_id, org_id, (meeting_id, org_id) in voting


__all__ = [
    "QuorumAsk",
    "QuorumMeetings",
    "RuleBook",
    "RuleSetChoice",
    "quorum_meetings",
    "rule_set_for",
    "voting_attendance",
    "voting_membership",
]
