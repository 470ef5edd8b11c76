"""Every read of ballots that pages, feeds, the chair's steps, the written posts, the export and
the importer's checks share, and the ONE function that computes a ballot's result: ``summarise``
(batched; ``summary_of`` for one ballot). Each takes a fixed number of queries, whatever the
number of ballots (tests guard this)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from governance import bylaws
from governance.models import RuleSet
from governance.selectors import QuorumAsk, RuleBook, RuleSetChoice, quorum_meetings

from . import results
from .models import Ballot, BallotState, BallotType, Outcome, StoredResult, Vote
from .posts.ids import parse_id
from .text import one_line


def ballot_dates(
    ballot: Ballot,
    last_version_at: dt.datetime | None = None,
    computed_outcome: str | None = None,
) -> bylaws.BallotDates:
    """The ballot's timeline for the rules engine.

    A ballot imported from the Forum's posts (``stated`` is set) had its result announced by
    the post that gives it, even where the post names no time: the announcement is then taken
    as made when voting closed, so it is not reported overdue. Where such a post lists the
    votes without a sentence saying the outcome, the computed outcome stands for it.
    """
    published = bool(ballot.stated) and not ballot.managed
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
    return bylaws.BallotDates(
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
        # A ballot known only from the Forum's posts: the clock decides nothing for it.
        clock_decides=not published,
    )


Counts = dict[str, dict[str, int]]  # {"issuer": {"yes": n, "no": n, "abstain": n}, ...}


def empty_counts() -> Counts:
    return {cls: {"yes": 0, "no": 0, "abstain": 0} for cls in ("issuer", "consumer")}


def vote_counts(ballot_ids: Iterable[int]) -> dict[int, Counts]:
    """The votes recorded on each ballot, counted per class and choice (one query)."""
    counts: dict[int, Counts] = {}
    rows = Vote.objects.filter(ballot_id__in=list(ballot_ids))
    for ballot_id, member_class, choice in rows.values_list("ballot_id", "member_class", "choice"):
        counts.setdefault(ballot_id, empty_counts())[member_class][choice] += 1
    return counts


def ballot_counts(ballot: Ballot) -> Counts:
    """The votes recorded on ``ballot``, counted per class and choice (one query)."""
    return vote_counts([ballot.id]).get(ballot.id) or empty_counts()


@dataclass(frozen=True)
class BallotComputation:
    result: bylaws.BallotResult
    rules_used: bylaws.VotingRules
    rule_set_note: str
    # "votes": the organisations listed; "stated counts": the post's numbers; "nothing": neither
    counted_from: str
    attendance_quorum: bylaws.QuorumResult | None  # shown beside a published quorum figure
    attendance_notes: tuple[str, ...] = ()  # meetings left out of the average, and why


def stated_counts(stated: dict) -> Counts:
    """The counts a post states when it names no organisation (older posts: "From the CAs, we
    received 19 YES votes, 0 NO votes and 0 Abstentions")."""
    counts = empty_counts()
    for cls, choices in counts.items():
        for choice in choices:
            choices[choice] = stated.get(f"{cls}_{choice}") or 0
    return counts


def compute_result(
    ballot: Ballot,
    counts: Counts,
    voting_rules: bylaws.VotingRules,
    meetings: list[bylaws.MeetingAttendance],
    rule_set_note: str = "",
    attendance_notes: tuple[str, ...] = (),
) -> BallotComputation:
    """The result for ``ballot`` from its vote counts, under ``voting_rules``.

    With no organisation listed, the counts the post states are used. A quorum figure the
    published post states is the Forum's own and is used as such; the figure our attendance
    records give is kept beside it (rosters here are partly inferred from votes). A chair's
    override comes first, attendance decides for ballots run here.
    """
    counted_from = "votes"
    no_votes = not any(n for choices in counts.values() for n in choices.values())
    if no_votes and any((ballot.stated or {}).get(k) for k in _COUNT_KEYS):
        counts, counted_from = stated_counts(ballot.stated), "stated counts"
    elif no_votes and ballot.published_outcome:
        counted_from = "nothing"  # a published result that lists no votes and no counts
    published_quorum = ballot.stated_quorum is not None and ballot.quorum_override is None
    result = bylaws.judge(
        bylaws.tally_counts(counts, voting_rules),
        voting_rules,
        [] if published_quorum else meetings,
        override=ballot.quorum_override,
        stated_quorum=ballot.stated_quorum,
    )
    if counted_from == "nothing":
        result = _without_votes(ballot, result)
    elif ballot.ballot_type == bylaws.BallotType.ELECTION:
        result = _election(result)
    attendance = None
    if published_quorum and len(meetings) >= voting_rules.meetings_counted:
        attendance = bylaws.quorum(voting_rules, meetings, result.tally.participants)
    return BallotComputation(
        result, voting_rules, rule_set_note, counted_from, attendance, attendance_notes
    )


def _without_votes(ballot: Ballot, result: bylaws.BallotResult) -> bylaws.BallotResult:
    """A published result with no votes listed cannot be recomputed."""
    return dataclasses.replace(
        result, outcome=None, explanation=("the published post lists no votes and no counts",)
    )


def _election(result: bylaws.BallotResult) -> bylaws.BallotResult:
    """An election of officers is judged by Bylaws 4.1(3), never by the class thresholds."""
    tally = result.tally
    yes = tally.issuers.yes + tally.consumers.yes
    no = tally.issuers.no + tally.consumers.no
    if not tally.participants:
        return dataclasses.replace(
            result,
            outcome=None,
            explanation=(
                "Election (Bylaws 4.1(3)): an election's published result gives only the total "
                "number of votes and the winner, so it cannot be recomputed",
            ),
        )
    outcome, words = bylaws.confirmation_result(yes, no)
    return dataclasses.replace(result, outcome=outcome, explanation=(words,))


_COUNT_KEYS = [f"{c}_{v}" for c in ("issuer", "consumer") for v in ("yes", "no", "abstain")]


@dataclass(frozen=True)
class Verification:
    status: str  # "verified" | "disagrees" | "cannot check"
    words: str


_BEFORE_RESULT = {
    bylaws.Phase.DRAFT,
    bylaws.Phase.DISCUSSION,
    bylaws.Phase.VOTING,
    bylaws.Phase.WITHDRAWN,
    bylaws.Phase.EXPIRED,
    bylaws.Phase.NOT_PUBLISHED,
}


def find_ballot(queryset: QuerySet[Ballot], body: str, number: str) -> Ballot:
    """The ballot of ``body`` with id ``number`` in any spelling the Forum has used (SC-073 =
    SC073 = SC73 = sc-73, SMC8 = SMC-08 = SMC08); 404 when there is none, or when ``number``
    cannot be an id at all (control characters, far too long)."""
    number = number.strip()
    if not number or len(number) > 60 or not number.isprintable():
        raise Http404("No such ballot.")
    keys = {number}
    parsed = parse_id(number) or parse_id(number.upper())
    if parsed is not None:
        keys.add(parsed.number_key)
    match = Q(number__iexact=number)
    for key in keys:
        match |= Q(number_key__iexact=key)
    ballot = queryset.filter(match, body__slug=body).order_by("pk").first()
    if ballot is None:
        raise Http404("No such ballot.")
    return ballot


@dataclass(frozen=True)
class BallotSummary:
    ballot: Ballot
    tally: bylaws.Tally
    result: bylaws.BallotResult
    computation: BallotComputation
    rule_set: RuleSet | None
    phase: bylaws.Phase
    dates: bylaws.BallotDates
    deadlines: tuple[bylaws.Deadline, ...]
    overdue: tuple[bylaws.Deadline, ...]

    @property
    def voting_over(self) -> bool:
        return self.phase not in _BEFORE_RESULT

    @property
    def computed_outcome(self) -> str | None:
        """What the rules give from the votes (or counts) on record; None while nothing is."""
        if self.computation.counted_from == "nothing" or not self.tally.participants:
            return None
        return self.result.outcome

    @property
    def outcome(self) -> str | None:
        """THE outcome, the one every surface shows and filters on: the published one where a
        post (or the chair's announcement) states one; otherwise the computed one once voting
        has ended; otherwise none (in voting, or "result not published")."""
        if self.ballot.published_outcome:
            return self.ballot.published_outcome
        return self.computed_outcome if self.voting_over else None

    @property
    def verification(self) -> Verification | None:
        """Whether recomputation verifies the published outcome, disagrees with it (the
        discrepancy in words), or cannot check it (and why). None: nothing published to check."""
        published = self.ballot.published_outcome
        if published not in ("passed", "failed"):
            return None
        computed = self.computed_outcome
        said = (self.ballot.stated or {}).get("participants")
        unlisted = said - self.tally.participants if said and computed is not None else 0
        if unlisted > 0 and not self._holds_with(unlisted):
            # The post counts more voters than it names, and they could change the outcome.
            return Verification(
                "cannot check",
                f"the post says {said} Voting Members took part, but only "
                f"{self.tally.participants} are listed, and the others could change the result",
            )
        if computed == published:
            words = f"recomputed from the votes on record: {computed}"
            if self.ballot.ballot_type == bylaws.BallotType.ELECTION:
                words += f" ({self.result.explanation[0]})"
            return Verification("verified", words)
        if computed is not None:
            return Verification(
                "disagrees",
                f"the post says {published}, the votes on record give {computed}: "
                + "; ".join(self.result.explanation[-2:]),
            )
        if self.computation.counted_from == "nothing" or not self.tally.participants:
            why = "the published post lists no votes and no counts"
        elif self.result.quorum.met is None:
            why = self.result.quorum.explanation
        else:
            why = "; ".join(self.result.explanation)
        return Verification("cannot check", why)

    def _holds_with(self, unlisted: int) -> bool:
        """Whether ``unlisted`` more votes, whatever they were, leave the outcome as it is."""
        tally, quorum = self.tally, self.result.quorum
        counts = {
            t.member_class.value: {"yes": t.yes, "no": t.no, "abstain": t.abstain}
            for t in (tally.issuers, tally.consumers)
        }
        return bylaws.outcome_holds(
            counts,
            self.computation.rules_used,
            list(quorum.meetings) if quorum.source == "attendance" else [],
            unlisted,
            override=self.ballot.quorum_override,
            stated_quorum=self.ballot.stated_quorum,
        )

    @property
    def figures(self) -> tuple[int | None, int | None, bool | None]:
        """(Voting Members that took part, None when no votes or counts are on record; the
        quorum required, None when not known; whether it was met), as the plots show them."""
        listed = self.computation.counted_from != "nothing" and self.tally.participants
        quorum = self.result.quorum
        return (self.tally.participants if listed else None, quorum.required, quorum.met)

    @property
    def so_far(self) -> str:
        """During voting: where the count stands, never a final-looking verdict."""
        if self.phase is not bylaws.Phase.VOTING:
            return ""
        needs = list(self.result.tally.needs)
        if self.result.quorum.shortfall:
            needs.append(f"needs {self.result.quorum.shortfall} more participants for quorum")
        if self.result.outcome == "passed":
            return "would pass if voting ended now"
        return "; ".join(needs) if needs else "would not pass if voting ended now"

    @property
    def key_date(self) -> dt.datetime | None:
        b = self.ballot
        return b.voting_end or b.voting_start or b.discussion_start or b.review_start

    @property
    def next_deadline(self) -> bylaws.Deadline | None:
        now = timezone.now()
        return min(upcoming(self.deadlines, now), key=lambda d: d.due, default=None)


def summarise(
    ballots: Iterable[Ballot], *, now: dt.datetime | None = None, fresh: bool = False
) -> list[BallotSummary]:
    """Tally, result, phase and deadlines for ballots from ``Ballot.objects.with_results()``.

    The one result pipeline: the pages, the feeds, the chair's announcement, the written posts,
    the export, the API and the importer's checks all call this. A ballot's result is read from
    its ``StoredResult`` (written by every change it depends on, ``actions.results``) unless
    ``fresh`` asks for it to be computed, or the stored row is missing, stale or of another
    version. Phase and deadlines depend on the clock and are always worked out here. Queries:
    none for stored results; one for the votes, one for the rule sets and two for attendance
    when any result is computed."""
    now = now or timezone.now()
    ballots = list(ballots)
    known = {} if fresh else _stored(ballots)
    computed = _compute([b for b in ballots if b.id not in known])
    out = []
    for ballot in ballots:
        computation, rule_set = known.get(ballot.id) or computed[ballot.id]
        result = computation.result
        listed = computation.counted_from != "nothing" and result.tally.participants > 0
        dates = ballot_dates(ballot, computed_outcome=result.outcome if listed else None)
        out.append(
            BallotSummary(
                ballot=ballot,
                tally=result.tally,
                result=result,
                computation=computation,
                rule_set=rule_set,
                phase=bylaws.phase_at(dates, now),
                dates=dates,
                deadlines=bylaws.deadlines(dates),
                overdue=bylaws.overdue(dates, now),
            )
        )
    return out


def _stored(ballots: list[Ballot]) -> dict[int, tuple[BallotComputation, RuleSet | None]]:
    """The ballots' stored results that can be trusted as what the pipeline gives now: present,
    of this version (not marked stale) and readable. Nothing a result holds depends on the
    clock, so nothing else can make a stored row out of date."""
    out = {}
    for ballot in ballots:
        try:
            row = ballot.stored_result
        except StoredResult.DoesNotExist:
            continue
        if row.version != results.RESULT_VERSION:
            continue
        try:
            out[ballot.id] = (results.load(BallotComputation, row.computation), row.rule_set)
        except (KeyError, TypeError, ValueError):
            continue  # a row of another shape: computed afresh, and stored by the next change
    return out


def _compute(ballots: list[Ballot]) -> dict[int, tuple[BallotComputation, RuleSet | None]]:
    """Each ballot's result computed from the record as it is now (Bylaws 2.3(6)-(7))."""
    if not ballots:
        return {}
    book = RuleBook()
    choices = {}
    for ballot in ballots:
        day = ballot.voting_start or ballot.discussion_start
        choices[ballot.id] = book.choose(ballot.body, day.date()) if day else _undated(book, ballot)
    attendance = quorum_meetings(
        QuorumAsk(b.id, b.body_id, b.voting_start, choices[b.id].rules.meetings_counted)
        for b in ballots
        if b.voting_start
    )
    counts = vote_counts(b.id for b in ballots)
    out = {}
    for ballot in ballots:
        choice = choices[ballot.id]
        meetings = attendance.get(ballot.id)
        computation = compute_result(
            ballot,
            counts.get(ballot.id) or empty_counts(),
            choice.rules,
            meetings.meetings if meetings else [],
            choice.note,
            meetings.notes if meetings else (),
        )
        out[ballot.id] = (computation, choice.rule_set)
    return out


def _undated(book: RuleBook, ballot: Ballot) -> RuleSetChoice:
    """A ballot with no date on record is judged by the latest rule set loaded for its body,
    and says so; never by "today", which would make its result change with the calendar."""
    choice = book.choose(ballot.body, None)
    if choice.rule_set is None or choice.rule_set.effective_from is None or choice.note:
        return choice
    note = (
        f"no date is on record for {ballot.number}: it is judged by the latest rule set loaded "
        f"for the {ballot.body.name} ({choice.rule_set.source_document}, from "
        f"{choice.rule_set.effective_from.isoformat()})"
    )
    return dataclasses.replace(choice, note=note)


def summary_of(
    ballot: Ballot, *, now: dt.datetime | None = None, fresh: bool = False
) -> BallotSummary:
    """``summarise`` for one ballot, from the database as it is now."""
    return summarise(Ballot.objects.with_results().filter(pk=ballot.pk), now=now, fresh=fresh)[0]


# The years the Forum has had ballots in, with room on either side.
FIRST_YEAR, LAST_YEAR = 1990, 2100
SORTS = {
    "date": ("-voting_start", "-discussion_start", "-id"),
    "-date": ("voting_start", "discussion_start", "id"),
    "id": ("body__order", "number_key"),
    "-id": ("-body__order", "-number_key"),
}


def ballot_search(params) -> tuple[QuerySet, dict[str, str]]:
    """The ballot ids the list's filters select, in the order asked, and the filters as read:
    body, state, type, outcome (THE outcome, as the badge shows it), year, q (id, title and
    motion) and sort. The page and the API both call this. Values that mean nothing (an unknown
    state, a year no ballot can have, control characters) are ignored, never an error."""
    params = {k: one_line(str(v))[:200] for k, v in params.items()}
    ballots = Ballot.objects.all()
    body = params.get("body", "")
    if body:
        ballots = ballots.filter(body__slug=body)
    state = params.get("state", "")
    if state in BallotState.values:
        ballots = ballots.filter(state=state)
    kind = params.get("type", "")
    if kind in BallotType.values:
        ballots = ballots.filter(ballot_type=kind)
    outcome = params.get("outcome", "")
    if outcome in Outcome.values:
        ballots = ballots.filter(outcome=outcome)
    year = params.get("year", "")
    if year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR:
        y = int(year)
        ballots = ballots.filter(
            Q(voting_start__year=y) | Q(voting_start__isnull=True, discussion_start__year=y)
        )
    query = params.get("q", "").strip()
    if query:
        ballots = ballots.filter(
            Q(number__icontains=query)
            | Q(number_key__icontains=query.replace(" ", ""))
            | Q(title__icontains=query)
            | Q(motion__icontains=query)
        )
    sort = params.get("sort", "date")
    ordered = ballots.order_by(*SORTS.get(sort, SORTS["date"])).values_list("id", flat=True)
    filters = {"body": body, "state": state, "type": kind, "outcome": outcome, "year": year}
    return ordered, {**filters, "q": query, "sort": sort}


def page_of(ids) -> list[Ballot]:
    """The ballots of one page of ids, in that order, with their tallies (one query)."""
    ids = list(ids)
    by_id = {b.id: b for b in Ballot.objects.filter(id__in=ids).with_results()}
    return [by_id[i] for i in ids if i in by_id]


def upcoming(deadlines: Iterable[bylaws.Deadline], now: dt.datetime) -> list[bylaws.Deadline]:
    """Deadlines still ahead: due later and not already done (a close that happens by itself at
    its due time, like the end of voting, is still ahead until then)."""
    return [d for d in deadlines if d.due >= now and (d.done_at is None or d.done_at > now)]
