"""Importing posts from files: find them, parse each, store each in its own transaction, then
recompute every ballot the import touched and record where the posts disagree with the rules.

Nothing here stops at a bad post: it is reported with its file and reason and the import goes on.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction

from ballots.actions.results import deferred, mark_stale
from ballots.models import Ballot, Discrepancy
from governance.models import Meeting, Revision

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


# A post is a page of text: the Forum's largest is about 120 kB. Anything far larger is not one.
MAX_POST_BYTES = 5_000_000


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """Every post below the paths given: (file, the root its path is reported relative to).
    Directories are walked without following links to directories (no loops); every ``*.md``
    found is returned, links and all, and ``unreadable`` says why one cannot be read."""
    found: list[tuple[Path, Path]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir() and not path.is_symlink():
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                here = Path(folder)
                found += [
                    (here / name, path) for name in sorted(files + dirs) if name.endswith(".md")
                ]
        else:
            found.append((path, path.parent))
    return found


def unreadable(file: Path) -> str:
    """Why ``file`` is not a post that can be read, in words; "" when it is one."""
    if file.is_symlink():
        try:
            file.resolve(strict=True)
        except RuntimeError:
            return "a symbolic link that loops (it points, through links, back to itself)"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "a symbolic link that loops (it points, through links, back to itself)"
            return "a symbolic link to nothing (its target does not exist)"
    try:
        info = file.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops (it points, through links, back to itself)"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return "a directory (or a link to one), not a post"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a device, a pipe or a socket), so it is not read"
    if info.st_size > MAX_POST_BYTES:
        return f"{info.st_size:,} bytes; a post over {MAX_POST_BYTES:,} bytes is not read"
    return ""


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
    # Every stored result the import makes stale is computed once, when it ends.
    with deferred():
        result = _import_all(paths, progress)
    return dataclasses.replace(result, seconds=time.perf_counter() - started)


def _import_all(paths, progress) -> ImportResult:
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
        # The store writes in bulk, which sends no signal: every ballot of each body it touched
        # is marked here (a membership it infers from a vote changes who counts for quorum).
        bodies = Ballot.objects.filter(id__in=to_check).values_list("body_id", flat=True)
        mark_stale(Ballot.objects.filter(body_id__in=set(bodies)).values_list("id", flat=True))
        for ballot in Ballot.objects.filter(id__in=to_check).select_related("body"):
            store.check_ballot(ballot)

    if any(r.status in ("created", "updated") for r in reports):
        Revision.bump()  # the store writes in bulk, which sends no signal
    total = _attach_discrepancies(reports)
    return ImportResult(reports=reports, seconds=0.0, discrepancies=total)


def _import_one(store: Store, file: Path, root: Path) -> PostReport:
    path = relative(file, root)
    why = unreadable(file)
    if why:
        return PostReport(path=path, kind="error", status="error", errors=[f"{path}: {why}"])
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
