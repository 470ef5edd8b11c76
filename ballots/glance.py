"""The record at a glance: the reads behind the front page's plots (outcomes per year and body,
turnout against quorum per ballot), its latest decided ballots and meetings, and an
organisation's votes per year. Selectors, like ``selectors``: a fixed number of queries each;
every outcome is THE outcome (``Ballot.outcome``, what the badge shows and the list filters on)
and every turnout the stored result of the one pipeline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear

from governance.models import Body, Meeting, Organization

from .models import Ballot, Vote
from .results import RESULT_VERSION
from .selectors import BallotSummary, summarise

# The outcomes a year's bar is made of, in the order drawn; "none": no outcome on record (in
# voting, or no result published).
OUTCOMES = ("passed", "failed", "withdrawn", "none")


@dataclass
class BodyYears:
    """One body's ballots per year, counted by outcome."""

    body: Body
    counts: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> outcome -> n

    def total(self, year: int) -> int:
        return sum(self.counts.get(year, {}).values())


@dataclass(frozen=True)
class Outcomes:
    bodies: list[BodyYears]
    years: list[int]
    undated: int  # ballots with neither a voting nor a discussion date: not plotted


def outcomes_by_year() -> Outcomes:
    """Every ballot counted by body, year (of voting, else of discussion) and outcome."""
    year = ExtractYear(Coalesce("voting_start", "discussion_start"))
    rows = (
        Ballot.objects.annotate(year=year)
        .values_list("body_id", "year", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_body: dict[int, BodyYears] = {}
    bodies = {b.id: b for b in Body.objects.all()}
    undated, years = 0, set()
    for body_id, y, outcome, n in rows:
        if y is None:
            undated += n
            continue
        years.add(y)
        entry = by_body.setdefault(body_id, BodyYears(bodies[body_id]))
        cell = entry.counts.setdefault(y, dict.fromkeys(OUTCOMES, 0))
        cell[outcome if outcome in OUTCOMES else "none"] += n
    ordered = sorted(by_body.values(), key=lambda e: (e.body.order, e.body.name))
    span = list(range(min(years), max(years) + 1)) if years else []
    return Outcomes(ordered, span, undated)


@dataclass(frozen=True)
class Turnout:
    """One ballot's participants against its quorum (None: not known)."""

    ballot: Ballot
    day: dt.date
    participants: int
    quorum: int | None
    met: bool | None


_TURNOUT_FIELDS = [
    "id",
    "number",
    "body__slug",
    "voting_start",
    "stored_result__version",
    "stored_result__participants",
    "stored_result__quorum_required",
    "stored_result__quorum_met",
]


def turnout() -> list[Turnout]:
    """Each ballot put to a vote whose votes (or counts) are on record, oldest first: the
    figures its stored result keeps beside the computation; a ballot whose result is stale
    or not stored yet is computed here (``summarise``), so the plot is never behind."""
    ballots = list(
        Ballot.objects.filter(voting_start__isnull=False)
        .select_related("body", "stored_result")
        .only(*_TURNOUT_FIELDS)
        .order_by("voting_start", "id")
    )
    figures, stale = {}, []
    for ballot in ballots:
        row = getattr(ballot, "stored_result", None)
        if row is not None and row.version == RESULT_VERSION:
            figures[ballot.id] = (row.participants, row.quorum_required, row.quorum_met)
        else:
            stale.append(ballot.id)
    for s in summarise(Ballot.objects.filter(id__in=stale).with_results()) if stale else []:
        listed = s.computation.counted_from != "nothing" and s.tally.participants
        quorum = s.result.quorum
        figures[s.ballot.id] = (
            s.tally.participants if listed else None,
            quorum.required,
            quorum.met,
        )
    out = []
    for ballot in ballots:
        participants, quorum, met = figures[ballot.id]
        if participants:
            out.append(Turnout(ballot, ballot.voting_start.date(), participants, quorum, met))
    return out


def latest_decided(count: int = 8) -> list[BallotSummary]:
    """The last ``count`` ballots with an outcome on record, latest first."""
    ballots = (
        Ballot.objects.exclude(outcome="")
        .with_results()
        .order_by(Coalesce("voting_end", "voting_start", "discussion_start").desc(nulls_last=True))
    )
    return summarise(ballots[:count])


def latest_meetings(count: int = 6, *, members: bool = False) -> list[Meeting]:
    """The last ``count`` meetings on record (members-only ones for members only)."""
    meetings = Meeting.objects.select_related("body").order_by("-date", "-id")
    if not members:
        meetings = meetings.filter(member_only=False)
    return list(meetings[:count])


def votes_by_year(organization: Organization) -> dict[int, dict[str, int]]:
    """The organisation's votes per year of voting, by choice (undated ballots left out)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"yes": 0, "no": 0, "abstain": 0})
    rows = (
        Vote.objects.filter(organization=organization)
        .annotate(year=ExtractYear(Coalesce("ballot__voting_start", "ballot__discussion_start")))
        .values_list("year", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    for year, choice, n in rows:
        if year is not None:
            counts[year][choice] += n
    return dict(sorted(counts.items()))
