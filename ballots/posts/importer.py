"""Importing posts from files: find them, parse each, store each in its own transaction, then
recompute every ballot the import touched and record where the posts disagree with the rules.

Nothing here stops at a bad post: it is reported with its file and reason and the import goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction

from ballots.models import Ballot, Discrepancy
from governance.models import Meeting

from .data import PostError
from .parse import parse_post
from .store import PostReport, Store


@dataclasses.dataclass
class ImportResult:
    reports: list[PostReport]
    seconds: float
    discrepancies: int

    def count(self, **match) -> int:
        return sum(all(getattr(r, k) == v for k, v in match.items()) for r in self.reports)

    @property
    def summary(self) -> str:
        return (
            f"{len(self.reports)} posts read: {self.count(kind='ballot')} ballot posts, "
            f"{self.count(kind='minutes')} minutes, {self.count(status='skipped')} skipped, "
            f"{self.count(status='error')} errors, {self.discrepancies} discrepancies, "
            f"{self.count(status='unchanged')} unchanged, "
            f"{self.count(status='duplicate')} duplicates, in {self.seconds:.2f} s"
        )


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """Every post below the paths given: (file, the root its path is reported relative to)."""
    found: list[tuple[Path, Path]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += [(f, path) for f in sorted(path.rglob("*.md")) if f.is_file()]
        else:
            found.append((path, path.parent))
    return found


def relative(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def import_posts(
    paths: Iterable[str | Path],
    *,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportResult:
    started = time.perf_counter()
    files = discover(paths)
    store = Store()
    reports: list[PostReport] = []
    meetings_before = Meeting.objects.count()
    for file, root in progress(files) if progress else files:
        reports.append(_import_one(store, file, root))

    # Quorum depends on meetings, so new minutes mean their bodies' ballots are rechecked too.
    to_check = set(store.touched_ballots)
    minutes_bodies = {
        r.meeting.split()[0] for r in reports if r.meeting and r.status in ("created", "updated")
    }
    if minutes_bodies or Meeting.objects.count() != meetings_before:
        to_check |= set(
            Ballot.objects.filter(body__slug__in=minutes_bodies).values_list("id", flat=True)
        )
    # The checks write only derived rows (discrepancies, state): one transaction for all.
    with transaction.atomic():
        for ballot in Ballot.objects.filter(id__in=to_check).select_related("body"):
            store.check_ballot(ballot)

    total = _attach_discrepancies(reports)
    return ImportResult(reports=reports, seconds=time.perf_counter() - started, discrepancies=total)


def _import_one(store: Store, file: Path, root: Path) -> PostReport:
    path = relative(file, root)
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return PostReport(path=path, kind="error", status="error", errors=[f"{path}: {exc}"])
    digest = hashlib.sha256(raw).hexdigest()
    try:
        parsed = parse_post(path, text)
    except PostError as exc:
        return PostReport(path=path, kind="error", status="error", errors=[str(exc)])
    try:
        return store.store_post(parsed, digest)
    except Exception as exc:  # reported, never fatal: the post's transaction was rolled back
        return PostReport(
            path=path,
            kind="error",
            status="error",
            errors=[f"{path}: could not be stored: {type(exc).__name__}: {exc}"],
            ballots=[b.ballot_id for b in parsed.ballots],
        )


def _attach_discrepancies(reports: list[PostReport]) -> int:
    """Each ballot post's report lists the discrepancies of the ballots it contributed to.
    Returns how many distinct discrepancies those ballots have."""
    paths = [r.path for r in reports if r.kind == "ballot"]
    by_path: dict[str, list[str]] = {}
    rows = (
        Discrepancy.objects.filter(ballot__sources__path__in=paths)
        .values_list("ballot__sources__path", "ballot__number", "message")
        .distinct()
    )
    distinct = set()
    for path, number, message in rows:
        by_path.setdefault(path, []).append(f"{number}: {message}")
        distinct.add((number, message))
    for report in reports:
        if report.kind == "ballot":
            report.discrepancies = sorted(by_path.get(report.path, []))
    return len(distinct)
