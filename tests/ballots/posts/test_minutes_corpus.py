"""Every minutes post of the corpus: a body, a meeting date, and attendees or a warning."""

import time
from collections import Counter
from pathlib import Path

import frontmatter
import pytest

from ballots.posts.minutes import NO_ATTENDEE_LIST, looks_like_minutes, parse_minutes


def _is_minutes_by_metadata(meta: dict, path: Path) -> bool:
    """The corpus README's own criterion, independent of the parser's guess."""
    tags = [str(t).strip().casefold() for t in meta.get("tags") or []]
    title = str(meta.get("title") or "").casefold()
    if meta:
        return "minutes" in tags or "minutes" in title
    return "minutes" in path.name.casefold()


@pytest.fixture(scope="module")
def minutes_posts(corpus_dir) -> list[tuple[str, dict, str]]:
    posts = []
    for path in sorted((corpus_dir / "posts").rglob("*.md")):
        meta, content = frontmatter.parse(path.read_text(encoding="utf-8"))
        if _is_minutes_by_metadata(meta, path):
            posts.append((path.relative_to(corpus_dir).as_posix(), meta, content))
    return posts


def test_the_corpus_holds_the_minutes_posts_it_announces(minutes_posts):
    # README: 94 minutes posts in 2024 (bundles included) and 6 from 2019-2023
    assert len(minutes_posts) == 100


def test_looks_like_minutes_agrees_with_the_metadata(corpus_dir, minutes_posts):
    wanted = {rel for rel, _, _ in minutes_posts}
    disagree = []
    for path in sorted((corpus_dir / "posts").rglob("*.md")):
        rel = path.relative_to(corpus_dir).as_posix()
        meta, content = frontmatter.parse(path.read_text(encoding="utf-8"))
        if looks_like_minutes(meta, content, rel) != (rel in wanted):
            disagree.append(rel)
    assert disagree == []


def test_every_minutes_post_has_a_body_a_date_and_attendees_or_a_warning(minutes_posts):
    failures = []
    for rel, meta, content in minutes_posts:
        m = parse_minutes(rel, meta, content)
        if m.body not in {"forum", "scwg", "smcwg", "cscwg", "netsec", "dgwg"}:
            failures.append(f"{rel}: body {m.body!r}")
        if m.date is None or not 2012 <= m.date.year <= 2025:
            failures.append(f"{rel}: date {m.date!r}")
        if m.kind not in {"teleconference", "face_to_face", "subcommittee"}:
            failures.append(f"{rel}: kind {m.kind!r}")
        no_list = [w for w in m.warnings if w.message.startswith(NO_ATTENDEE_LIST)]
        if bool(m.attendees) == bool(no_list):
            failures.append(f"{rel}: {len(m.attendees)} attendees, warnings {no_list}")
        if m.post_date is not None and (m.date - m.post_date.date()).days > 3:
            failures.append(f"{rel}: meeting {m.date} long after the post {m.post_date}")
        for a in m.attendees:
            if (
                not a.name
                or len(a.name) > 50
                or (a.organization is not None and not a.organization)
            ):
                failures.append(f"{rel}: odd attendee {a!r}")
    assert failures == [], "\n".join(failures)


def test_bodies_and_kinds_over_the_corpus(minutes_posts):
    parsed = [parse_minutes(rel, meta, content) for rel, meta, content in minutes_posts]
    # README: 2024 has SCWG 27, SMCWG 26, Forum 24, CSCWG 17; older: 2 SCWG, 2 SMCWG, 2 Forum
    assert Counter(m.body for m in parsed) == {"scwg": 29, "smcwg": 28, "forum": 26, "cscwg": 17}
    assert Counter((m.body, m.kind) for m in parsed) == {
        ("forum", "teleconference"): 22,
        ("forum", "face_to_face"): 4,  # Delhi (two copies), Bergamo, Seattle
        ("scwg", "teleconference"): 22,
        ("scwg", "face_to_face"): 4,
        ("scwg", "subcommittee"): 3,
        ("smcwg", "teleconference"): 24,
        ("smcwg", "face_to_face"): 4,
        ("cscwg", "teleconference"): 16,
        ("cscwg", "face_to_face"): 1,
    }
    # the three copies of the Delhi Validation Subcommittee minutes, and nothing else
    subcommittees = sorted(m.path for m in parsed if m.kind == "subcommittee")
    assert all("alidation" in p for p in subcommittees)
    assert len(subcommittees) == 3
    without_list = sorted(m.path for m in parsed if not m.attendees)
    assert without_list == [
        "posts/2024/2024-10-10-minutes-of-the-code-signing-certificate-working-group.md",
        "posts/2024/2024-10-f2f63-seattle/scwg/index.md",
        "posts/2024/2024-10-f2f63-seattle/smcwg/index.md",
    ]


def test_parsing_every_minutes_post_is_fast(minutes_posts):
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for rel, meta, content in minutes_posts:
            parse_minutes(rel, meta, content)
        best = min(best, time.perf_counter() - start)
    assert best < 0.2, f"{len(minutes_posts)} posts took {best:.3f} s"
