"""Keeping stored ballot states in step with time (phases change as deadlines pass)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Ballot
from .reads import FINAL_STATES, summarise, with_tallies


def refresh_states(now: dt.datetime | None = None) -> int:
    """Set each unfinished ballot's stored state to its phase at ``now`` (the pages compute the
    phase live; the stored state is what the list filters on). Returns how many changed."""
    now = now or timezone.now()
    changed = []
    with transaction.atomic():
        # Lock the rows first (PostgreSQL allows no FOR UPDATE on the aggregating query).
        ids = list(
            Ballot.objects.exclude(state__in=FINAL_STATES)
            .select_for_update()
            .values_list("id", flat=True)
        )
        for summary in summarise(with_tallies(Ballot.objects.filter(id__in=ids)), now=now):
            phase = str(summary.phase)
            if summary.ballot.state != phase:
                summary.ballot.state = phase
                changed.append(summary.ballot)
        Ballot.objects.bulk_update(changed, ["state"])
    return len(changed)
