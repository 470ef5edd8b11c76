"""Ballot ids: find them in titles and text, and normalise them.

``SMC07``, ``SC-073``, ``SC083v3``, ``SC-063 v4``, ``CSC-21``, ``CSCWG-17``, ``NS-003``,
``Forum-20``, ``FORUM 20v2``, ``Ballot 190`` all become a :class:`BallotId` whose
``number_key`` ("SMC-7", "SC-73", "CSC-21", "NS-3", "FORUM-20", "190") merges spellings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ballots.posts.data import BodySlug


@dataclass(frozen=True)
class BallotId:
    written: str  # as written, without a leading "Ballot " except for plain numbers
    body: BodySlug
    number_key: str
    version: int | None = None
    start: int = 0  # span in the searched text
    end: int = 0


# prefix as written (upper-cased) -> (body, canonical prefix)
_PREFIXES: dict[str, tuple[BodySlug, str]] = {
    "SMC": ("smcwg", "SMC"),
    "SC": ("scwg", "SC"),
    "CSC": ("cscwg", "CSC"),
    "CSCWG": ("cscwg", "CSC"),
    "NS": ("netsec", "NS"),
    "NSWG": ("netsec", "NS"),
    "FORUM": ("forum", "FORUM"),
    "DGWG": ("dgwg", "DG"),
    "DG": ("dgwg", "DG"),
}

_VERSION = r"(?P<ver>\s?[-–]?\s?[vV](?:ersion\s?)?\.?\s?(?P<vnum>\d{1,2})(?!\d)(?![.,]\d))"
# Patterns start with a literal (fast to search); the character before is checked in _ok().
_ID_RE = re.compile(
    r"(?P<prefix>SMC|CSCWG|CSC|SC|NSWG|NS|DGWG|DG|FORUM|Forum|forum)"
    r"(?:\s?[-–‐‑_]\s?|\s)?"
    r"(?P<num>\d{1,3})(?!\d)(?![.,]\d)" + _VERSION + r"?(?![A-Za-z0-9])"
)
_PLAIN_RE = re.compile(
    r"(?P<word>[Bb]allot|BALLOT)\s+#?(?P<num>\d{1,3})(?!\d)(?![.,]\d)"
    + _VERSION
    + r"?(?![A-Za-z0-9])"
)
_JOINER_RE = re.compile(r"\s*(?:,|&|/|\band\b|,\s*and\b)\s*(?:ballots?\s+)?", re.I)
_LEADING_BALLOT_RE = re.compile(r"^\s*(?:special\s+)?ballots?\b\s*[:#]?\s*", re.I)
_TITLE_SEP_RE = re.compile(r"^[\s:–—\-.,;|]+|[\s:–—\-,;|]+$")
_BALLOT_WORD_RE = re.compile(r"\b[Bb]allots?\s*(?=[:\-–—]|$)")
_QUOTES = "\"'“”‘’«»"

_TAG_BODIES: dict[str, BodySlug] = {
    "server certificates": "scwg",
    "server certificate": "scwg",
    "s/mime": "smcwg",
    "smime": "smcwg",
    "code signing": "cscwg",
    "network security": "netsec",
    "netsec": "netsec",
    "forum": "forum",
    "definitions and glossary": "dgwg",
    "definitions": "dgwg",
}


def _make(m: re.Match[str], plain: bool) -> BallotId:
    vnum = m.group("vnum")
    num = int(m.group("num"))
    if plain:
        return BallotId(m.group(0), "forum", str(num), int(vnum) if vnum else None, *m.span())
    body, canon = _PREFIXES[m.group("prefix").upper()]
    written = m.group(0)
    return BallotId(written, body, f"{canon}-{num}", int(vnum) if vnum else None, *m.span())


def _ok(text: str, m: re.Match[str]) -> bool:
    return m.start() == 0 or not text[m.start() - 1].isalnum()


def find_ids(text: str) -> list[BallotId]:
    """Every ballot id in ``text``, in order of appearance."""
    found = [_make(m, False) for m in _ID_RE.finditer(text) if _ok(text, m)]
    found += [_make(m, True) for m in _PLAIN_RE.finditer(text) if _ok(text, m)]
    found.sort(key=lambda b: b.start)
    return found


def parse_id(text: str) -> BallotId | None:
    """The first ballot id in ``text`` (e.g. ``"SC-063 v4"``), or None."""
    ids = find_ids(text)
    return ids[0] if ids else None


def title_ids(title: str) -> list[BallotId]:
    """The ballot(s) a title announces: the first id, plus ids joined to it by and/commas.

    'Ballots CSC-21 and CSC-22' gives two; 'Ballot NS-005 "... prior to NS-003 ..."' gives one.
    """
    ids = find_ids(title)
    if not ids:
        return []
    chosen = [ids[0]]
    for prev, cur in itertools.pairwise(ids):
        if not _JOINER_RE.fullmatch(title[prev.end : cur.start]):
            break
        if cur.number_key not in {c.number_key for c in chosen}:
            chosen.append(cur)
    return chosen


def strip_title(title: str, ids: Iterable[BallotId]) -> str:
    """The title without 'Ballot(s)', the id(s) and the separators around them."""
    spans = sorted((i.start, i.end) for i in ids)
    if not spans:
        return _clean_title(title)
    start, end = spans[0][0], spans[-1][1]
    head = title[:start]
    if _LEADING_BALLOT_RE.sub("", head).strip(" \t" + _QUOTES) == "":
        return _clean_title(title[end:])
    rest = title[:start] + title[end:]
    return _clean_title(_BALLOT_WORD_RE.sub("", rest))


def _clean_title(text: str) -> str:
    text = _TITLE_SEP_RE.sub("", text.strip())
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return _TITLE_SEP_RE.sub("", text)


def body_from_tags(tags: Iterable[str]) -> BodySlug | None:
    """The working group named by a post's tags; the first that names one wins."""
    for tag in tags:
        body = _TAG_BODIES.get(str(tag).strip().lower())
        if body:
            return body
    return None


def bodies_in_tags(tags: Iterable[str]) -> list[BodySlug]:
    out: list[BodySlug] = []
    for tag in tags:
        body = _TAG_BODIES.get(str(tag).strip().lower())
        if body and body not in out:
            out.append(body)
    return out
