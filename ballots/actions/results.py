"""Results stored on write: when a row a ballot's result depends on changes, the result is
marked stale in the same transaction and computed again, by the one pipeline, once that
transaction has committed.

What a result depends on, and so what marks it stale (``affected_ballots``):
- a vote on the ballot; the ballot itself (dates, type, published figures, quorum override);
- a meeting, its attendance, a membership, a rule set or the body itself: every ballot of the
  body (quorum is the attendance of the meetings before voting, Bylaws 2.3(7); the rule set is
  the one in force, the charters);
- a bulk write that sends no signal: the importer (``deferred`` and ``store_results``) and a
  merge of organisations (``governance.signals.bulk_written``).

Being marked in the cause's own transaction makes the record safe without waiting: a stale row
is never read as the result (``selectors.summarise`` computes the result afresh instead), so a
page is right even between the commit and the recomputation. ``store_results`` writes a row only
if no later change marked it again while it computed (its ``generation``), so a slow
recomputation never overwrites a newer one with an older answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from governance.models import Attendance, Body, Meeting, Membership, Revision, RuleSet

from .. import results
from ..models import Ballot, StoredResult, Vote
from ..selectors import summarise

# Ballot fields the result does not depend on: a save of only these leaves it as it is.
_NOT_INPUTS = {"state", "outcome", "updated_at", "managed", "title", "motion", "purpose"}

_local = threading.local()


@dataclass(frozen=True)
class Difference:
    """A stored result that was not what the pipeline gives now (``recompute_results``)."""

    ballot: Ballot
    was: str
    now: str


def mark_stale(ballot_ids: Iterable[int] | None) -> None:
    """Mark these ballots' stored results stale (None: every ballot) in the caller's
    transaction, and have them computed again once it commits (or when ``deferred`` ends)."""
    rows = StoredResult.objects.all()
    if ballot_ids is not None:
        ballot_ids = set(ballot_ids)
        if not ballot_ids:
            return
        rows = rows.filter(ballot_id__in=ballot_ids)
    pending = getattr(_local, "pending", None)
    waiting = pending is not None and pending.waiting()
    if waiting and pending.covers(ballot_ids):
        return  # already marked in this transaction (30 attendance rows: one mark)
    if transaction.get_connection().in_atomic_block:
        # Locked in the order ``store_results`` writes them, so the two never deadlock (outside
        # a transaction the one UPDATE below is a transaction of its own).
        list(rows.select_for_update().order_by("ballot_id").values_list("pk", flat=True))
    rows.update(version=results.STALE, generation=F("generation") + 1)
    if not waiting:
        # One recomputation per transaction, however many rows it writes (17 votes in one
        # submit of the grid are one recomputation of the ballot).
        _local.pending = pending = _Pending()
        pending.add(ballot_ids)
        # At once when no transaction is open. ``robust``: the change has committed whatever
        # happens here; a recomputation that fails (a deadlock) is logged and leaves the rows
        # stale, which pages compute themselves, until the next change or recompute_results.
        transaction.on_commit(pending.store, robust=True)
    else:
        pending.add(ballot_ids)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold every recomputation asked for inside until the block ends, then do them at once
    (the importer writes hundreds of rows a result depends on, most outside one transaction;
    each result is computed once)."""
    outer = getattr(_local, "deferred", None)
    if outer is not None:  # nested: the outer block stores
        yield
        return
    _local.deferred = _local.pending = pending = _Pending(held=True)
    try:
        yield
    finally:
        # Also when the block raised: what it marked and committed is stored all the same.
        _local.deferred = _local.pending = None
        pending.held = False
        transaction.on_commit(pending.store, robust=True)


class _Pending:
    """The ballots one transaction (or one ``deferred`` block) has marked stale."""

    def __init__(self, held: bool = False) -> None:
        self.ids: set[int] = set()
        self.all = False
        self.held = held
        self.done = False

    def add(self, ids: set[int] | None) -> None:
        if ids is None:
            self.all = True
        else:
            self.ids |= ids

    def covers(self, ids: set[int] | None) -> bool:
        return self.all or (ids is not None and ids <= self.ids)

    def waiting(self) -> bool:
        """Whether this set will still be stored: held by ``deferred``, or its transaction's
        commit is still ahead (a rolled-back transaction drops its ``on_commit``)."""
        if self.held:
            return True
        if self.done:
            return False
        queued = transaction.get_connection().run_on_commit
        return any(callback == self.store for _, callback, *_ in queued)

    def store(self) -> None:
        if self.done or self.held:
            return
        self.done = True
        if self.all or self.ids:
            store_results(None if self.all else self.ids)


def store_results(ballot_ids: Iterable[int] | None = None) -> list[Difference]:
    """Compute the results of these ballots (None: all) with the one pipeline and store each,
    with the outcome the list filters on. Returns the stored results that differed from what
    was computed now (a row marked stale counts as differing only if its result changed)."""
    ballots = Ballot.objects.with_results().order_by("id")
    if ballot_ids is not None:
        ballots = ballots.filter(id__in=set(ballot_ids))
    ids = list(ballots.values_list("id", flat=True))
    differences: list[Difference] = []
    # In chunks, each its own transaction: rows are locked for a chunk's time, not the run's.
    for start in range(0, len(ids), STORE_CHUNK):
        differences += _store_chunk(ballots, ids[start : start + STORE_CHUNK])
    return differences


STORE_CHUNK = 200


def _store_chunk(ballots, ids: list[int]) -> list[Difference]:
    with transaction.atomic():
        StoredResult.objects.bulk_create(
            [StoredResult(ballot_id=i) for i in ids], ignore_conflicts=True
        )
        # The generation each row had before computing: the write below is refused for a row a
        # change has marked again since (that change's own recomputation stores it).
        generations = dict(
            StoredResult.objects.filter(ballot_id__in=ids).values_list("ballot_id", "generation")
        )
        differences, outcomes_changed = [], False
        now = timezone.now()
        for summary in summarise(ballots.filter(id__in=ids), now=now, fresh=True):
            ballot = summary.ballot
            data = results.dump(summary.computation)
            old = getattr(ballot, "stored_result", None)
            if old is not None and old.computation and old.computation != data:
                differences.append(Difference(ballot, _describe(old.computation), _describe(data)))
            stored = StoredResult.objects.filter(
                ballot_id=ballot.id, generation=generations[ballot.id]
            ).update(
                computation=data,
                version=results.RESULT_VERSION,
                rule_set=summary.rule_set,
                computed_at=now,
                **_figures(summary),
            )
            outcome = summary.outcome or ""
            if stored and ballot.outcome != outcome:
                Ballot.objects.filter(pk=ballot.pk).update(outcome=outcome)
                outcomes_changed = True
        if outcomes_changed:
            Revision.bump()  # the list filters on the outcome; an update sends no signal
    return differences


def _figures(summary) -> dict:
    """The figures the plots read without decoding the computation."""
    participants, required, met = summary.figures
    return {"participants": participants, "quorum_required": required, "quorum_met": met}


def _describe(data: dict) -> str:
    """A stored computation in a line: outcome, tally and quorum."""
    result = data.get("result") or {}
    tally, quorum = result.get("tally") or {}, result.get("quorum") or {}
    classes = ", ".join(
        f"{(tally.get(key) or {}).get('yes')}-{(tally.get(key) or {}).get('no')}-"
        f"{(tally.get(key) or {}).get('abstain')}"
        for key in ("issuers", "consumers")
    )
    return (
        f"{result.get('outcome') or 'no outcome'} (Yes-No-Abstain {classes}; quorum "
        f"{quorum.get('required')}, {quorum.get('participants')} took part)"
    )


def affected_ballots(sender, instance) -> set[int] | None:
    """The ballots whose result a saved or deleted ``instance`` can change (None: all)."""
    if sender is Vote:
        return {instance.ballot_id}
    if sender is Ballot:
        return {instance.pk}
    if sender is Body:
        body_id = instance.pk
    elif sender in (Meeting, Membership, RuleSet):
        body_id = instance.body_id
    elif sender is Attendance:
        body_id = Meeting.objects.filter(pk=instance.meeting_id).values_list("body_id", flat=True)
        body_id = body_id.first()
        if body_id is None:  # the meeting is being deleted too: its own signal follows
            return set()
    else:
        return set()
    return set(Ballot.objects.filter(body_id=body_id).values_list("id", flat=True))


def _saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A row moved to another body, meeting or ballot changes the results it leaves too."""
    if raw or instance.pk is None or sender in (Ballot, Body):
        return
    if update_fields is not None and not set(update_fields) & _MOVABLE[sender]:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    if old is not None and any(getattr(old, f) != getattr(instance, f) for f in _MOVABLE[sender]):
        mark_stale(affected_ballots(sender, old))


# The foreign keys that say which ballots a row counts for.
_MOVABLE = {
    Vote: {"ballot_id"},
    Meeting: {"body_id"},
    Membership: {"body_id"},
    RuleSet: {"body_id"},
    Attendance: {"meeting_id"},
}


def _saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs) -> None:
    if raw:  # loaddata: whatever the fixture holds, every result may have changed
        mark_stale(None)
        return
    if sender is Ballot and created:
        # Its row exists from the start, so every later mark finds it (and its generation).
        StoredResult.objects.get_or_create(ballot=instance)
    if sender is Ballot and update_fields and set(update_fields) <= _NOT_INPUTS:
        return
    mark_stale(affected_ballots(sender, instance))


def _deleted(sender, instance, **kwargs) -> None:
    if sender is Ballot:
        return  # its stored result goes with it
    mark_stale(affected_ballots(sender, instance))


def _bulk_written(sender, bodies=None, **kwargs) -> None:
    if bodies is None:
        mark_stale(None)
    else:
        mark_stale(Ballot.objects.filter(body_id__in=bodies).values_list("id", flat=True))


DEPENDENCIES = (Vote, Ballot, Body, Meeting, Attendance, Membership, RuleSet)


def connect() -> None:
    """Connect the marks to every model a result depends on (``BallotsConfig.ready``)."""
    from django.db.models.signals import post_delete, post_save, pre_save

    from governance.signals import bulk_written

    for model in DEPENDENCIES:
        post_save.connect(_saved, sender=model, dispatch_uid=f"result-s-{model.__name__}")
        if model in _MOVABLE:
            pre_save.connect(_saving, sender=model, dispatch_uid=f"result-p-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"result-d-{model.__name__}")
    bulk_written.connect(_bulk_written, dispatch_uid="result-bulk")
