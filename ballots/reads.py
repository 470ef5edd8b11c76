"""Reads the pages, feeds and API share. Each takes a fixed number of queries, whatever the
number of ballots, so no page's queries grow with the data (tests guard this)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from governance.models import Attendance, Body, Meeting, MeetingKind, RuleSet
from governance.services import voting_attendance

from . import rules
from .models import Ballot, BallotState
from .services import BallotComputation, compute_result

FINAL_STATES = {
    BallotState.FAILED,
    BallotState.WITHDRAWN,
    BallotState.EXPIRED,
    BallotState.ADOPTED,
    BallotState.RESCINDED,
}


def with_tallies(queryset: QuerySet[Ballot]) -> QuerySet[Ballot]:
    """Annotate each ballot with its vote counts per class and its last version's date."""

    def count(member_class: str, choice: str) -> Count:
        return Count(
            "votes",
            filter=Q(votes__member_class=member_class, votes__choice=choice),
            distinct=True,
        )

    return queryset.select_related("body").annotate(
        issuer_yes=count("issuer", "yes"),
        issuer_no=count("issuer", "no"),
        issuer_abstain=count("issuer", "abstain"),
        consumer_yes=count("consumer", "yes"),
        consumer_no=count("consumer", "no"),
        consumer_abstain=count("consumer", "abstain"),
        last_version_at=Max("versions__posted_at"),
    )


class RuleBook:
    """Every body's rule sets, loaded in one query; picks the set in force on a day."""

    def __init__(self):
        self._by_body: dict[int, list[RuleSet]] = defaultdict(list)
        for rule_set in RuleSet.objects.all():
            self._by_body[rule_set.body_id].append(rule_set)

    def rule_set(self, body_id: int, day: dt.date | None) -> RuleSet | None:
        sets = self._by_body.get(body_id) or []
        if not sets:
            return None
        dated = sorted((r for r in sets if r.effective_from), key=lambda r: r.effective_from)
        if day is not None:
            in_force = [r for r in dated if r.effective_from <= day]
            if in_force:
                return in_force[-1]
        undated = [r for r in sets if not r.effective_from]
        return undated[0] if undated else dated[0]

    @staticmethod
    def note(rule_set: RuleSet | None, day: dt.date) -> str:
        """Said when no loaded rule set was in force on ``day`` (the earliest is used)."""
        if rule_set is None or rule_set.effective_from is None or rule_set.effective_from <= day:
            return ""
        return (
            f"no rule set loaded for this body was in force on {day.isoformat()}; using the "
            f"earliest known ({rule_set.source_document}, from "
            f"{rule_set.effective_from.isoformat()})"
        )

    def rules(self, body_id: int, day: dt.date | None) -> rules.VotingRules:
        rule_set = self.rule_set(body_id, day)
        return rule_set.to_rules() if rule_set else rules.VotingRules()


def ballot_dates(
    ballot: Ballot,
    last_version_at: dt.datetime | None = None,
    computed_outcome: str | None = None,
) -> rules.BallotDates:
    """The ballot's timeline for the rules engine.

    A ballot imported from the Forum's posts (``stated`` is set) had its result announced by
    the post that gives it, even where the post names no time: the announcement is then taken
    as made when voting closed, so it is not reported overdue. Where such a post lists the
    votes without a sentence saying the outcome, the computed outcome stands for it.
    """
    published = bool(ballot.stated)
    outcome = ballot.published_outcome or None
    if outcome is None and published and computed_outcome and ballot.voting_end:
        outcome = computed_outcome
    announced = ballot.results_announced
    if announced is None and published and outcome in ("passed", "failed") and ballot.voting_end:
        announced = ballot.voting_end
    review_start = ballot.review_start
    if review_start is None and published and ballot.review_end:
        # A post that gives the review's end shows the review took place; its start is not
        # stated, so it is not reported late.
        review_start = min(ballot.review_end, announced or ballot.review_end)
    return rules.BallotDates(
        discussion_start=ballot.discussion_start,
        last_version_at=last_version_at or getattr(ballot, "last_version_at", None),
        voting_start=ballot.voting_start,
        voting_end=ballot.voting_end,
        results_announced=announced,
        review_start=review_start,
        review_end=ballot.review_end,
        effective=ballot.effective,
        withdrawn_at=ballot.withdrawn_at,
        ballot_type=ballot.ballot_type or None,
        zone=ballot.time_zone or "UTC",
        outcome=outcome,
        exclusion_notice_filed=ballot.exclusion_notice_filed,
    )


def counts_of(ballot: Ballot) -> dict[str, dict[str, int]]:
    """The vote counts ``with_tallies`` annotated on ``ballot``."""
    return {
        cls: {choice: getattr(ballot, f"{cls}_{choice}", 0) for choice in ("yes", "no", "abstain")}
        for cls in ("issuer", "consumer")
    }


def quorum_attendance(ballots: Iterable[Ballot]) -> dict[int, list[rules.MeetingAttendance]]:
    """For each ballot with a voting start: its body's last qualifying meetings before voting
    started, with the Voting Member organisations present (two queries for all ballots)."""
    ballots = [b for b in ballots if b.voting_start]
    if not ballots:
        return {}
    body_ids = {b.body_id for b in ballots}
    meetings = list(
        Meeting.objects.filter(body_id__in=body_ids)
        .exclude(kind=MeetingKind.SUBCOMMITTEE)
        .order_by("date", "id")
        .values("id", "body_id", "date", "title")
    )
    present: dict[int, set[int]] = defaultdict(set)
    rows = voting_attendance(Attendance.objects.filter(meeting__body_id__in=body_ids))
    for meeting_id, org_id in rows:
        present[meeting_id].add(org_id)
    by_body: dict[int, list[dict]] = defaultdict(list)
    for m in meetings:
        by_body[m["body_id"]].append(m)
    out = {}
    for ballot in ballots:
        before = [m for m in by_body[ballot.body_id] if m["date"] < ballot.voting_start.date()]
        out[ballot.id] = [
            rules.MeetingAttendance(
                date=m["date"], voting_members=len(present[m["id"]]), label=m["title"]
            )
            for m in before[-3:]
        ]
    return out


def find_ballot(queryset: QuerySet[Ballot], body: str, number: str) -> Ballot:
    """The ballot of ``body`` with id ``number`` as written, or in any spelling of it
    (SC-073 = SC73); 404 when there is none."""
    ballot = queryset.filter(body__slug=body, number__iexact=number).first()
    return ballot or get_object_or_404(queryset, body__slug=body, number_key__iexact=number)


def upcoming(deadlines: Iterable[rules.Deadline], now: dt.datetime) -> list[rules.Deadline]:
    """Deadlines still ahead: due later and not already done (a close that happens by itself at
    its due time, like the end of voting, is still ahead until then)."""
    return [d for d in deadlines if d.due >= now and (d.done_at is None or d.done_at > now)]


@dataclass(frozen=True)
class BallotSummary:
    ballot: Ballot
    tally: rules.Tally
    result: rules.BallotResult
    computation: BallotComputation
    rule_set: RuleSet | None
    phase: rules.Phase
    dates: rules.BallotDates
    deadlines: tuple[rules.Deadline, ...]
    overdue: tuple[rules.Deadline, ...]

    @property
    def outcome(self) -> str | None:
        return self.ballot.published_outcome or self.result.outcome

    @property
    def key_date(self) -> dt.datetime | None:
        b = self.ballot
        return b.voting_end or b.voting_start or b.discussion_start or b.review_start

    @property
    def next_deadline(self) -> rules.Deadline | None:
        now = timezone.now()
        return min(upcoming(self.deadlines, now), key=lambda d: d.due, default=None)


def summarise(ballots: Iterable[Ballot], *, now: dt.datetime | None = None) -> list[BallotSummary]:
    """Tally, result, phase and deadlines for ballots annotated by ``with_tallies``.

    Queries: one for the rule sets, two for quorum attendance, none per ballot."""
    now = now or timezone.now()
    ballots = list(ballots)
    book = RuleBook()
    attendance = quorum_attendance(ballots)
    out = []
    for ballot in ballots:
        day = (ballot.voting_start or ballot.discussion_start or now).date()
        voting_rules = book.rules(ballot.body_id, day)
        rule_set = book.rule_set(ballot.body_id, day)
        computation = compute_result(
            ballot,
            counts_of(ballot),
            voting_rules,
            attendance.get(ballot.id, []),
            book.note(rule_set, day),
        )
        result = computation.result
        dates = ballot_dates(ballot, computed_outcome=result.outcome)
        out.append(
            BallotSummary(
                ballot=ballot,
                tally=result.tally,
                result=result,
                computation=computation,
                rule_set=rule_set,
                phase=rules.phase_at(dates, now),
                dates=dates,
                deadlines=rules.deadlines(dates),
                overdue=rules.overdue(dates, now),
            )
        )
    return out


def bodies() -> list[Body]:
    return list(Body.objects.all())
