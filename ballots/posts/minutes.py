"""Parse a CA/Browser Forum meeting-minutes post into :class:`ParsedMinutes`.

Pure Python: text in, dataclasses out. The grammar is that of the minutes the Forum has
published since 2012 (Hugo posts with YAML front matter, face-to-face page bundles, and a few
files without front matter):

* the **body** comes from the title ("Server Certificate Working Group", "SMCWG", "CA/Browser
  Forum Teleconference" ...), then the tags ("Server Certificates", "S/MIME" ...), then the first
  lines of the text, then the file name;
* the **meeting date** comes from the title ("2023-12-7 Minutes ...", "... February 26-27,
  2024"), then a "Date:" line or a date in the opening lines of the text, then a second date in
  the file name ("2020-01-13-2019-12-12-minutes-..."), and only then from the post's date;
* the **kind** is ``subcommittee`` when the title, file name or opening heading names a
  subcommittee meeting ("Validation SC", "NetSec Subcommittee"), ``face_to_face`` for F2F
  meetings (tag, title, bundle folder or opening lines), else ``teleconference``;
* the **attendees** are read from the sections headed Attendance / Attendees / Present /
  Participants / Roll Call (markdown headings, bold lines, plain lines, numbered items, or an
  inline "Attendees: ..." line), in any of the layouts used: comma or semicolon runs, bullet
  lists, one name per line and markdown tables; "Name (Org)", "Name - (Org)", "Name – Org",
  "Name, Org" (one per line or between semicolons) and names without organisation.

Every doubtful thing becomes a :class:`Problem` in ``warnings``; a post that cannot be read at all
raises :class:`PostError`. Nothing else escapes.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from ballots.posts.data import (
    BodySlug,
    MeetingKind,
    ParsedAttendee,
    ParsedMinutes,
    PostError,
    Problem,
)

__all__ = ["looks_like_minutes", "minutes_from_text", "parse_minutes"]

NO_ATTENDEE_LIST = "no attendee list"

# --------------------------------------------------------------------------------------------
# Regular expressions (compiled once)
# --------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_ORD = r"(?:st|nd|rd|th)?"
# a day, optionally followed by more days of a range ("26-27", "26, 27", "26 & 27")
_DAYS = rf"(\d{{1,2}}){_ORD}(?:\s*(?:[-–—&,]|and|to)\s*\d{{1,2}}{_ORD})*"
_MD_DAYS = _DAYS.replace("(", "(?P<md>", 1)
_DD_DAYS = _DAYS.replace("(", "(?P<dd>", 1)
_DATE_RE = re.compile(
    rf"""
    (?<![\d.])(?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?![\d])
  | (?<![\d.])(?P<ny>\d{{4}})-(?P<nm>{_MONTH})-(?P<nd>\d{{1,2}})(?!\d)
  | (?<![\d.])(?P<a>\d{{1,2}})[-/.](?P<b>\d{{1,2}})[-/.](?P<y>\d{{4}})(?![\d])
  | \b(?P<mm>{_MONTH})\.?[\s-]+{_MD_DAYS},?[\s-]+(?P<my>\d{{4}})\b
  | \b{_DD_DAYS}[\s-]+(?:of\s+)?(?P<dm>{_MONTH})\.?,?[\s-]+(?P<dy>\d{{4}})\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ISO_IN_PATH_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DATE_LINE_RE = re.compile(r"^\W*(?:meeting\s+)?date\W*[:：]\s*(?P<v>.+)$", re.IGNORECASE)

_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$")
_BULLET_RE = re.compile(r"^([ \t]*)(?:[-*+•·▪◦‣]|\d{1,3}[.)]|[a-zA-Z][.)])[ \t]+(.*)$")
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_TABLE_RE = re.compile(r"^\s*\|")
_TABLE_SEP_CELL_RE = re.compile(r"^:?-{2,}:?$")
_EMPH_RE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_RE = re.compile(r"<[^>]{1,200}>|&nbsp;")
_WS_RE = re.compile(r"\s+")
_NEEDS_DEMARK_RE = re.compile(r"[*_\\\[<&]")

# The words that open an attendance section.
_KEY_RE = re.compile(
    r"""^(?:\d{1,2}\s*[.):]\s*)?(?:the\s+)?
    (?P<kw>attendance(?:\s+list)?|attendees?(?:\s+list)?|attending|participants|members\s+present
      |in\s+attendance|present|roll[\s-]*call(?:\s+(?:and|&)\s+attendance)?)\b(?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_KEY_REST_HEADING_RE = re.compile(
    r"^\s*(?:\([^)]*\)|\[[^\]]*\])?\s*(?:(?:via|on|from|by|at)\s+[\w .'’-]{1,30})?"
    r"\s*(?:\([^)]*\))?\s*[:.\-–—]?\s*$",
    re.IGNORECASE,
)
_KEY_REST_INLINE_RE = re.compile(
    r"^\s*(?:\([^)]*\))?\s*(?:(?:via|on|from|by|at)\s+[\w .'’-]{1,30}?)?\s*(?:\([^)]*\))?"
    r"\s*(?:[:：]|[-–—]\s)\s*(?P<inline>\S.*)$",
    re.IGNORECASE,
)
_NEGATIVE_RE = re.compile(r"\b(?:absent|regrets|apologies|not\s+present|excused)\b", re.I)
_SUBLABEL_RE = re.compile(
    r"""^(?:attendees\s+|participants\s+)?
    (?:in\s+the\s+room|in[\s-]person|on[\s-]?site|physically\s+present|physical(?:ly)?
      |present\s+in\s+(?:the\s+)?room|remote(?:ly)?|remote\s+(?:attendees|participants)|online
      |on\s+(?:webex|zoom|teams|the\s+phone|the\s+call)|via\s+\w+|virtual(?:ly)?|dial[\s-]?in
      |by\s+phone|members?|voting\s+members?|certificate\s+issuers?|certificate\s+consumers?
      |associate\s+members?|interested\s+parties|guests?|observers?|visitors?|others?
      |also\s+(?:present|attending)|day\s+\d+|chairs?|staff|invited\s+(?:guests?|experts?)
      |speakers?|in\s+the\s+room\s+and\s+online)
    (?:\s*\(.*\))?\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
_LABEL_PREFIX_RE = re.compile(r"^(?P<label>[^():,;]{1,40}):\s*(?P<rest>\S.*)$")
_PLACEHOLDER_RE = re.compile(r"^(?:\.{2,}|…|tbd|tba|n/?a|none|-+|\[.*\]|<.*>|xxx+)$", re.I)
_COUNT_RE = re.compile(
    r"\b\d{1,3}\s+(?:attendees|participants|people|persons|individuals|members)\b"
    r"|roll[\s-]*call\s+(?:was\s+)?taken|attendance\s+(?:was\s+)?(?:taken|recorded)"
    r"|attendees\s+listed\s+(?:above|below|elsewhere)|(?:see|in)\s+(?:the\s+)?attendance\s+"
    r"(?:list|sheet|record)",
    re.IGNORECASE,
)

# Separators between a name and an organisation.
_DASH_SPLIT_RE = re.compile(r"\s+-+\s*|\s*-+\s+|\s*[–—]+\s*")
_TRAILING_SEP_RE = re.compile(r"[\s\-–—:,;]+$")
_LEADING_JUNK_RE = re.compile(r"^(?:and\s+|&\s*|[\s,;:.\-–—]+)+", re.IGNORECASE)
_SENTENCE_TAIL_RE = re.compile(r"\.\s+(?=\S)")
_ORG_SUFFIX_RE = re.compile(
    r"^(?:(?:inc|llc|l\.l\.c|ltd|limited|co|corp|gmbh|ag|s\.?a|s\.?p\.?a|s\.?a\.?s|b\.?v|n\.?v"
    r"|a/?s|oy|ab|plc|llp|k\.?k|pty|pte|sdn\.?\s*bhd|bhd)\.?[\s,]*)+$",
    re.IGNORECASE,
)
_ROLE_RE = re.compile(
    r"^(?:an?\s+)?(?:interested\s+party|guest|invited\s+guest|private\s+(?:person|individual)"
    r"|individual|observer|visitor|invited\s+expert|personal\s+capacity)$",
    re.IGNORECASE,
)
_REMARK_RE = re.compile(
    r"^(?:remote(?:ly)?|online|virtual(?:ly)?|in[\s-]person|on[\s-]?site|by\s+phone|phone"
    r"|dial[\s-]?in|webex|zoom|teams|chair|co-?chair|vice[\s-]?chair|host|presenter|speaker"
    r"|minutes?|minute[\s-]?taker|note[\s-]?taker|scribe|late|partial|day\s+\d.*"
    r"|guest\s+speaker|.*\b(?:joined|left|checked|dropped|arrived|taking)\b.*)$",
    re.IGNORECASE,
)
_ORG_REMARK_TAIL_RE = re.compile(
    r"(?:,|\s+[-–—])\s*(?:invited\s+guest|guest|remote(?:ly)?|online|chair|vice[\s-]?chair|observer"
    r"|minute[\s-]?taker|presenter|interested\s+party)\s*$",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"^[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*){0,5}$")
_PARTICLES = _words(
    "van von de der den del della da di du dos das la le bin binti al el ten ter y e zu"
)
_NOT_NAME_WORDS = _words(
    """read review reviewed approval approve approved agenda statement antitrust minutes
    meeting meetings ballot ballots update updates discussion discussed business call calls next
    adjourn adjourned note well note-well working group roll opening procedures membership other
    any the was were taken chair is are of for to in on with by from attendees attendance none
    present absent members member list see above below topic topics item items action actions
    welcome introduction introductions summary notes tbd n/a teleconference webex zoom
    subcommittee committee issues issue status report reports"""
)
_ABBREV_END = _words(
    "inc ltd co corp llc s.a s.p.a b.v n.v k.k bhd pty pte jr sr st dr mr ms mrs prof"
)

# Bodies: patterns tried on titles, tags, headings and file names (lower-cased).
_BODY_PATTERNS: tuple[tuple[BodySlug, re.Pattern[str]], ...] = (
    ("scwg", re.compile(r"\bscwg\b|server[\s_-]*cert")),
    ("smcwg", re.compile(r"\bsmcwg\b|\bs/?\s*mime\b|\bs[\s_-]mime\b")),
    ("cscwg", re.compile(r"\bcscwg?\b|\bcswg\b|code[\s_-]*sign")),
    ("netsec", re.compile(r"\bnswg\b|\bnetsec\b|network[\s_-]*security")),
    ("dgwg", re.compile(r"\bdgwg\b|definitions?\s+and\s+glossary")),
)
_FORUM_RE = re.compile(r"ca\s*/?\s*b(?:rowser)?\s*forum|\bcabf\b|\bforum\b|\bplenary\b")
_SUBCOMMITTEE_RE = re.compile(
    r"\bsub[\s_-]?(?:committee|wg|group)s?\b"
    r"|\b(?:validation|netsec|network\s+security|infrastructure|threat\s+modell?ing)\s*sc\b"
)
_SUBCOMMITTEE_MENTION_RE = re.compile(
    r"(?:sub[\s_-]?(?:committee|wg|group)s?|\bsc)\s*(?:'s\s+)?(?:update|report|summary|status)"
)
_SUBCOMMITTEE_AS_BODY_RE = re.compile(
    r"(?:network\s+security|netsec|infrastructure)\s*(?:sub[\s_-]?(?:committee|wg|group)|sc\b)"
)
_F2F_RE = re.compile(r"\bf2f\d*\b|face[\s_-]*to[\s_-]*face")
# In the opening lines only a numbered meeting counts ("Bergamo F2F #62", "Face-to-Face 51"),
# not a mention such as "progress since last F2F".
_F2F_HEAD_RE = re.compile(
    r"(?<!last )(?<!next )(?<!previous )(?:\bf2f|face[\s_-]*to[\s_-]*face)(?:\s+meeting)?"
    r"\s*(?:#|no\.?)?\s*\d+"
)
_KEY_QUICK_RE = re.compile(r"attend|particip|present|roll", re.IGNORECASE)
_CANDIDATE_WORDS = ("attend", "particip", "present", "roll", "|")
_NOT_DATE_LINE_RE = re.compile(r"approv|previous|\blast\b|\bnext\b|distributed", re.I)
_ORG_LINKING_WORDS = _words("of and the for de du des la le y für und in at on by")
_MEETING_NAME_RE = re.compile(r"\b(?:minutes|meeting|call|teleconference)\b")
_MINUTES_WORD_RE = re.compile(r"\bminutes?\b", re.IGNORECASE)
_BALLOT_MARK_RE = re.compile(r"motion begins|voting results|\bballot\s+[a-z]*-?\d", re.I)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def looks_like_minutes(meta: dict, content: str, path: str | None = None) -> bool:
    """True when a post is meeting minutes: a "Minutes" tag, "minutes" in the title or, for a
    post without front matter, in its opening heading or file name, or an attendance list at the
    top of a text that is not a ballot."""
    meta = meta if isinstance(meta, dict) else {}
    tags = _tags(meta)
    if any(t.casefold().strip() == "minutes" for t in tags):
        return True
    title = _text_value(meta.get("title"))
    if title:
        return bool(_MINUTES_WORD_RE.search(title))
    if not isinstance(content, str):
        return False
    lines = _lines(content)
    head = [ln for ln in lines[:60] if ln.strip()][:8]
    if any(_MINUTES_WORD_RE.search(ln) for ln in head[:3]):
        return True
    if path and _MINUTES_WORD_RE.search(PurePosixPath(str(path)).stem.replace("-", " ")):
        return True
    if _BALLOT_MARK_RE.search(content[:5000]):
        return False
    found, _ = _find_attendance(lines, 1, [], str(path or ""))
    return len(found) >= 3 and found[0].line <= 40


def minutes_from_text(path: str, text: str) -> ParsedMinutes:
    """Parse a whole file's text: its YAML front matter when it has one, else the text alone
    (title, body and date then come from the text and the file name)."""
    if not isinstance(text, str):
        raise PostError(path, "the post is not text")
    meta, content, first_line = _split_front_matter(path, text)
    return parse_minutes(path, meta, content, first_line=first_line)


def parse_minutes(path: str, meta: dict, content: str, *, first_line: int = 1) -> ParsedMinutes:
    """Parse a minutes post. ``meta`` is the front matter, ``content`` the markdown body;
    ``first_line`` is the file line on which ``content`` starts (for the lines in warnings)."""
    path = str(path)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise PostError(path, "the front matter is not a mapping")
    if not isinstance(content, str):
        raise PostError(path, "the post body is not text")
    if not isinstance(first_line, int) or first_line < 1:
        first_line = 1
    try:
        return _parse(path, meta, content, first_line)
    except PostError:
        raise
    except Exception as exc:  # a bug must not escape as anything but PostError
        raise PostError(path, f"internal error while reading minutes: {exc!r}") from exc


# --------------------------------------------------------------------------------------------
# The parse
# --------------------------------------------------------------------------------------------


@dataclass
class _Entry:
    name: str
    org: str | None
    line: int
    section: int
    style: str  # "paren", "dash", "comma", "table" or "none"


def _parse(path: str, meta: dict, content: str, first_line: int) -> ParsedMinutes:
    warnings: list[Problem] = []
    lines = _lines(content)
    text = "\n".join(lines).strip()

    def warn(message: str, index: int | None = None) -> None:
        warnings.append(Problem(path, message, None if index is None else index + first_line))

    title = _text_value(meta.get("title"))
    tags = _tags(meta)
    post_date = _post_date(meta.get("date"), warn)

    entries, sections = _find_attendance(lines, first_line, warnings, path)
    first_section = sections[0] if sections else len(lines)
    head_lines = _head_lines(lines, first_section)

    date_title = title
    if not title:
        date_title = _title_from_text(lines)
        title = date_title or _title_from_path(path)
        warn("no title in the front matter; using " + repr(title))

    pure = PurePosixPath(path.replace("\\", "/"))
    path_text = " ".join(
        part for part in (pure.parent.parent.name, pure.parent.name, pure.stem) if part
    )
    path_low = path_text.casefold().replace("_", " ")

    body = _body(title, tags, head_lines, path_low, warn)
    date = _meeting_date(path, date_title, head_lines, pure, post_date, warn)
    kind = _kind(title, tags, head_lines, path_low, lines)

    attendees = _finish_attendees(entries, warn)
    if not attendees:
        message, index = _no_list_message(lines, sections)
        warn(message, index)

    return ParsedMinutes(
        path=path,
        body=body,
        date=date,
        kind=kind,
        title=title,
        attendees=attendees,
        text=text,
        post_date=post_date,
        warnings=warnings,
    )


# --------------------------------------------------------------------------------------------
# Front matter, title, tags, dates
# --------------------------------------------------------------------------------------------


def _lines(content: str) -> list[str]:
    return content.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _split_front_matter(path: str, text: str) -> tuple[dict, str, int]:
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    if norm.startswith("\ufeff"):
        norm = norm[1:]
    lines = norm.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == "---":
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].strip() in ("---", "...")), None
        )
        if end is None:
            raise PostError(path, "the front matter is not closed by '---'", start + 1)
        block = "\n".join(lines[start + 1 : end])
        try:
            loaded = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = start + 2 + mark.line if mark is not None else start + 1
            raise PostError(path, f"the front matter is not valid YAML: {exc}", line) from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise PostError(path, "the front matter is not a mapping", start + 1)
        rest = lines[end + 1 :]
        offset = end + 1
    else:
        loaded, rest, offset = {}, lines, 0
    skip = 0
    while skip < len(rest) and not rest[skip].strip():
        skip += 1
    return loaded, "\n".join(rest[skip:]).strip(), offset + skip + 1


def _text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    return _WS_RE.sub(" ", str(value)).strip()


def _tags(meta: dict) -> list[str]:
    out: list[str] = []
    for key in ("tags", "categories"):
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = [v for v in re.split(r"[,;]", value)]
        if isinstance(value, (list, tuple, set)):
            out.extend(_text_value(v) for v in value if v is not None)
    return [t for t in out if t]


def _post_date(value: Any, warn) -> dt.datetime | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime(value.year, value.month, value.day)
        else:
            from dateutil import parser as date_parser

            moment = date_parser.parse(str(value))
    except (ValueError, OverflowError, TypeError):
        warn(f"the front matter date {str(value)[:60]!r} is not a date")
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _title_from_text(lines: list[str]) -> str:
    for ln in lines[:40]:
        h = _HEADING_RE.match(ln)
        candidate = _demark(h.group(2)) if h else ""
        if not candidate:
            b = _BOLD_LINE_RE.match(ln)
            candidate = _demark(b.group(2)) if b else ""
        if candidate and _MINUTES_WORD_RE.search(candidate):
            return candidate
    return ""


def _title_from_path(path: str) -> str:
    pure = PurePosixPath(path.replace("\\", "/"))
    stem = pure.parent.name if pure.stem.lower() == "index" else pure.stem
    words = stem.replace("_", " ").split("-")
    out: list[str] = []
    for w in words:
        if out and re.fullmatch(r"\d{1,2}", w) and re.fullmatch(r"\d{4}(?:-\d{1,2})?", out[-1]):
            out[-1] += "-" + w
        else:
            out.append(w)
    return " ".join(w for w in out if w).strip() or stem


def _dates_in(text: str, reference: dt.date | None) -> list[tuple[dt.date, bool]]:
    """Every date written in ``text``, in order, as (date, ambiguous)."""
    out: list[tuple[dt.date, bool]] = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        try:
            if g["iy"]:
                out.append((dt.date(int(g["iy"]), int(g["im"]), int(g["id"])), False))
            elif g["ny"]:
                out.append((dt.date(int(g["ny"]), _MONTHS[g["nm"].lower()], int(g["nd"])), False))
            elif g["y"]:
                picked = _day_month(int(g["a"]), int(g["b"]), int(g["y"]), reference)
                if picked:
                    out.append(picked)
            elif g["mm"]:
                out.append((dt.date(int(g["my"]), _MONTHS[g["mm"].lower()], int(g["md"])), False))
            elif g["dm"]:
                out.append((dt.date(int(g["dy"]), _MONTHS[g["dm"].lower()], int(g["dd"])), False))
        except (ValueError, KeyError):
            continue
    return [(d, amb) for d, amb in out if 1995 <= d.year <= 2100]


def _day_month(a: int, b: int, year: int, reference: dt.date | None) -> tuple[dt.date, bool] | None:
    options: list[dt.date] = []
    for month, day in ((a, b), (b, a)):
        with contextlib.suppress(ValueError):
            options.append(dt.date(year, month, day))
    if not options:
        return None
    if len(options) == 1 or options[0] == options[1]:
        return options[0], False
    if reference is not None:
        before = [d for d in options if d <= reference]
        if len(before) == 1:
            return before[0], False
        pool = before or options
        return min(pool, key=lambda d: abs((reference - d).days)), True
    return options[0], True  # month first, as the Forum's US-based tooling writes it


def _meeting_date(path, title, head_lines, pure, post_date, warn) -> dt.date:
    reference = post_date.date() if post_date else None
    path_dates = [
        d
        for d in (
            _safe_date(*m.groups())
            for m in _ISO_IN_PATH_RE.finditer(pure.parent.name + " " + pure.stem)
        )
        if d
    ]
    if reference is None and path_dates:
        reference = path_dates[0]

    chosen: dt.date | None = None
    source = ""
    title_dates = _dates_in(title, reference)
    if title_dates:
        chosen, ambiguous = title_dates[0]
        if len(title_dates) > 1 and reference and chosen == reference:
            chosen, ambiguous = title_dates[1]
        if ambiguous:
            warn(f"the title's date {chosen.isoformat()} could be read day-first or month-first")
        source = "title"

    body_date: dt.date | None = None
    body_line: int | None = None
    for index, ln in head_lines:
        m = _DATE_LINE_RE.match(_demark(ln))
        found = _dates_in(m.group("v") if m else "", reference)
        if found:
            body_date, body_line = found[0][0], index
            break
    if body_date is None:
        for index, ln in head_lines:
            plain = _demark(ln)
            if len(plain) > 120 or _NOT_DATE_LINE_RE.search(plain):
                continue
            found = _dates_in(plain, reference)
            if found:
                body_date, body_line = found[0][0], index
                break

    if chosen is None and body_date is not None:
        chosen, source = body_date, "text"
    elif chosen is not None and body_date is not None and body_date != chosen:
        warn(
            f"the title gives the meeting date {chosen.isoformat()} but the text gives "
            f"{body_date.isoformat()}",
            body_line,
        )
    if chosen is None and len(path_dates) > 1:
        chosen, source = path_dates[-1], "file name"
    if chosen is None and post_date is not None:
        chosen, source = post_date.date(), "post date"
        warn("the meeting date is not stated; using the post's date")
    if chosen is None and path_dates:
        chosen, source = path_dates[0], "file name"
        warn("the meeting date is not stated; using the date in the file name")
    if chosen is None:
        raise PostError(
            path, "no meeting date: none in the title, the text, the file name or the front matter"
        )
    if source in ("title", "text") and len(path_dates) > 1 and path_dates[-1] != chosen:
        warn(
            f"the meeting date {chosen.isoformat()} differs from the date in the file name "
            f"{path_dates[-1].isoformat()}"
        )
    if post_date is not None and chosen > post_date.date():
        warn(
            f"the meeting date {chosen.isoformat()} is after the post's date "
            f"{post_date.date().isoformat()}"
        )
    return chosen


def _safe_date(y: str, m: str, d: str) -> dt.date | None:
    try:
        value = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return value if 1995 <= value.year <= 2100 else None


# --------------------------------------------------------------------------------------------
# Body and kind
# --------------------------------------------------------------------------------------------


def _slugs(text: str) -> list[BodySlug]:
    """Working-group slugs named in ``text`` (lower-cased), in order of appearance."""
    low = text.casefold()
    for m in _SUBCOMMITTEE_AS_BODY_RE.finditer(low):  # "NetSec Subcommittee" is not NetSec WG
        low = low[: m.start()] + " " * (m.end() - m.start()) + low[m.end() :]
    hits: list[tuple[int, BodySlug]] = []
    for slug, pattern in _BODY_PATTERNS:
        m = pattern.search(low)
        if m:
            hits.append((m.start(), slug))
    return [slug for _, slug in sorted(hits)]


def _body(title, tags, head_lines, path_low, warn) -> BodySlug:
    title_slugs = _slugs(title)
    tag_slugs: list[BodySlug] = []
    for tag in tags:
        for slug in _slugs(tag):
            if slug not in tag_slugs:
                tag_slugs.append(slug)
    if title_slugs:
        body = title_slugs[0]
        if len(set(title_slugs)) > 1:
            warn(f"the title names several working groups; taking {body}")
        if tag_slugs and body not in tag_slugs:
            warn(f"the title says {body} but the tags say {', '.join(tag_slugs)}")
        return body
    if tag_slugs:
        if len(tag_slugs) > 1:
            warn(f"the tags name several working groups ({', '.join(tag_slugs)}); taking the first")
        return tag_slugs[0]
    if _FORUM_RE.search(title.casefold()) or any(_FORUM_RE.search(t.casefold()) for t in tags):
        return "forum"
    if _F2F_RE.search(title.casefold()):  # "Minutes of the F2F 49 Meeting": the Forum's plenary
        return "forum"
    for _, ln in head_lines[:8]:
        plain = _demark(ln)
        found = _slugs(plain)
        if found:
            return found[0]
        if _FORUM_RE.search(plain.casefold()):
            return "forum"
    found = _slugs(path_low)
    if found:
        warn(f"the working group is taken from the file name ({found[0]})")
        return found[0]
    if _FORUM_RE.search(path_low):
        return "forum"
    low = title.casefold() + " " + path_low
    if re.search(r"validation|netsec|network\s+security", low) and _SUBCOMMITTEE_RE.search(low):
        return "scwg"
    warn("the post does not say which body met; assuming the Forum")
    return "forum"


def _kind(title, tags, head_lines, path_low, lines) -> MeetingKind:
    low_title = title.casefold()
    if _is_subcommittee_name(low_title) or _is_subcommittee_name(path_low):
        return "subcommittee"
    for _, ln in head_lines[:6]:
        h = _HEADING_RE.match(ln) or _BOLD_LINE_RE.match(ln)
        if not h:
            continue
        plain = _demark(h.group(2)).casefold()
        if _MEETING_NAME_RE.search(plain) and _is_subcommittee_name(plain):
            return "subcommittee"
    if any(_F2F_RE.search(t.casefold()) for t in tags):
        return "face_to_face"
    if _F2F_RE.search(low_title) or _F2F_RE.search(path_low):
        return "face_to_face"
    if any(_F2F_HEAD_RE.search(_demark(ln).casefold()) for _, ln in head_lines[:6]):
        return "face_to_face"
    return "teleconference"


def _is_subcommittee_name(low: str) -> bool:
    low = low.replace("_", " ").replace("-", " ")
    m = _SUBCOMMITTEE_RE.search(low)
    return bool(m) and not _SUBCOMMITTEE_MENTION_RE.search(low, m.start())


def _head_lines(lines: list[str], stop: int) -> list[tuple[int, str]]:
    """The opening lines of the text (before the first attendance section), at most 15."""
    out: list[tuple[int, str]] = []
    for index in range(min(stop, len(lines))):
        if lines[index].strip():
            out.append((index, lines[index]))
            if len(out) >= 15:
                break
    return out


# --------------------------------------------------------------------------------------------
# Attendance sections
# --------------------------------------------------------------------------------------------


def _demark(text: str) -> str:
    if not _NEEDS_DEMARK_RE.search(text):
        return _WS_RE.sub(" ", text).strip() if "  " in text or "\t" in text else text.strip()
    text = _LINK_RE.sub(r"\1", text)
    text = _HTML_RE.sub(" ", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    text = _EMPH_RE.sub("", text)
    return _WS_RE.sub(" ", text).strip()


@dataclass
class _Key:
    level: int  # 1-6 markdown heading, 7 bold or plain line, 8 list item
    inline: str
    list_indent: int | None


def _key_line(line: str) -> _Key | None:
    """Whether ``line`` opens an attendance section, and how."""
    h = _HEADING_RE.match(line)
    list_indent: int | None = None
    if h:
        level, text = len(h.group(1)), h.group(2)
    else:
        b = _BULLET_RE.match(line)
        if b and not _TABLE_RE.match(line):
            level, text, list_indent = 8, b.group(2), len(b.group(1).expandtabs(4))
        else:
            level, text = 7, line
    if not _KEY_QUICK_RE.search(text[:80]):
        return None
    plain = _demark(text)
    if len(plain) < 4 or _NEGATIVE_RE.search(plain[:60]):
        return None
    m = _KEY_RE.match(plain)
    if not m:
        return None
    rest = m.group("rest")
    if _KEY_REST_HEADING_RE.match(rest):
        return _Key(level, "", list_indent)
    inline = _KEY_REST_INLINE_RE.match(rest)
    if inline:
        return _Key(level, inline.group("inline"), list_indent)
    return None


def _find_attendance(
    lines: list[str], first_line: int, warnings: list[Problem], path: str
) -> tuple[list[_Entry], list[int]]:
    """All attendees listed in the post, and the indexes of the attendance sections."""
    entries: list[_Entry] = []
    sections: list[int] = []
    # Only lines with an attendance word near their start, or table rows, can open a section:
    # find them with one search over the whole text rather than one per line.
    text = "\n".join(lines)
    starts = list(itertools.accumulate((len(ln) + 1 for ln in lines), initial=0))
    low = text.lower()
    hits: set[int] = set()
    for word in _CANDIDATE_WORDS:  # str.find is much faster than a case-insensitive regex
        pos = low.find(word)
        while pos >= 0:
            hits.add(bisect.bisect_right(starts, pos) - 1)
            pos = low.find(word, pos + 1)
    candidates = sorted(hits)
    done = 0  # lines before this one were read as part of a section
    for i in candidates:
        if i < done:
            continue
        line = lines[i]
        if line.lstrip()[:1] == "|":
            if _table_is_attendance(line):
                sections.append(i)
                done = _read_table(lines, i, len(sections), entries, warnings, path, first_line)
            continue
        if not _KEY_QUICK_RE.search(line, 0, 120):
            continue
        key = _key_line(line)
        if key is not None:
            sections.append(i)
            done = _read_section(lines, i, key, len(sections), entries, warnings, path, first_line)
    return entries, sections


def _read_section(lines, start, key, section, entries, warnings, path, first_line) -> int:
    mode: str | None = None  # "run", "bullet", "line" or "table" once names were found
    skipped = 0
    continued = False  # the previous line of names ended with a separator

    def take(text: str, index: int, line_mode: str) -> bool:
        nonlocal mode, continued
        label = _LABEL_PREFIX_RE.match(text)
        labelled = bool(label and _SUBLABEL_RE.match(label.group("label").strip()))
        if labelled:
            text = label.group("rest")
        parsed = _parse_run(text, index, section, bullet=(line_mode == "bullet"))
        colon = text.rfind(":", 0, 240)
        if (parsed is None or parsed[1]) and colon > 0:
            # "NOTE: the following list is of attendees ...: Peter Bowen, ..."
            retry = _parse_run(text[colon + 1 :], index, section, bullet=(line_mode == "bullet"))
            if retry is not None and (parsed is None or len(retry[1]) < len(parsed[1])):
                parsed = retry
        if parsed is None:
            return False
        good, bad, notes = parsed
        found_mode = line_mode if line_mode == "bullet" else ("run" if len(good) > 1 else "line")
        if found_mode == "line" and (continued or mode == "run") and text.rstrip()[-1:] in ",;":
            found_mode = "run"
        if found_mode == "line" and (continued or labelled) and mode == "run":
            found_mode = "run"
        if mode is not None and found_mode != mode:
            return False
        continued = text.rstrip()[-1:] in ",;"
        entries.extend(good)
        for raw in bad:
            warnings.append(
                Problem(path, f"could not read attendee {raw[:80]!r}", index + first_line)
            )
        for note in notes:
            warnings.append(Problem(path, note, index + first_line))
        mode = mode or found_mode
        return True

    if key.inline and not take(key.inline, start, "run"):
        return start + 1  # "Attendance: see the list on the wiki": no list here
    pairs = _pair_lines(lines, start + 1)
    k = start + 1
    n = len(lines)
    while k < n:
        raw = lines[k]
        stripped = raw.strip()
        if not stripped:
            k += 1
            continue
        if _TABLE_RE.match(raw):
            if mode not in (None, "table"):
                break
            before = len(entries)
            k = _read_table(lines, k, section, entries, warnings, path, first_line)
            if len(entries) > before:
                mode = "table"
            continue
        h = _HEADING_RE.match(raw)
        bold = None if h else _BOLD_LINE_RE.match(raw)
        if h or bold:
            text = _demark(h.group(2) if h else bold.group(2))
            if _NEGATIVE_RE.search(text) or _key_line(raw) is not None:
                break
            if _SUBLABEL_RE.match(text):
                k += 1
                continue
            if h and (key.level > 6 or len(h.group(1)) <= key.level):
                break
            if bold and key.level > 6:
                break
            if mode is not None:
                break
            skipped += 1
            if skipped > 3:
                break
            k += 1
            continue
        b = _BULLET_RE.match(raw)
        if b and key.list_indent is not None and len(b.group(1).expandtabs(4)) <= key.list_indent:
            break  # the next item of the list whose item opened the section
        text = _demark(b.group(2) if b else stripped)
        if _NEGATIVE_RE.search(text[:40]) or _key_line(raw) is not None:
            break
        if _SUBLABEL_RE.match(text):
            k += 1
            continue
        if not take(text, k, "bullet" if b or k in pairs else "text"):
            if mode is not None:
                break
            skipped += 1
            if skipped > 3:
                break
        k += 1
    return k


def _pair_lines(lines: list[str], start: int) -> set[int]:
    """Lines that read "Name, Org" one per line (two such lines at least, and most lines of their
    paragraph), so that their comma separates a name from an organisation, not two names."""
    shaped: set[int] = set()
    other = 0
    first = start
    while first < len(lines) and not lines[first].strip():
        first += 1
    for k in range(first, min(len(lines), first + 300)):
        s = lines[k].strip()
        if not s or _HEADING_RE.match(s) or _BOLD_LINE_RE.match(s) or _TABLE_RE.match(s):
            break
        if (
            s.count(",") == 1
            and "(" not in s
            and not _DASH_SPLIT_RE.search(s)
            and len(s.split()) <= 8
            and not _BULLET_RE.match(s)
        ):
            shaped.add(k)
        elif not _SUBLABEL_RE.match(_demark(s)):
            other += 1
    return shaped if len(shaped) >= 2 and len(shaped) > other else set()


def _table_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [_demark(c) for c in s.split("|")]


_NAME_HEADER_RE = re.compile(
    r"^(?:full\s+)?(?:name|attendee|participant|representative|person)s?$", re.I
)
_ORG_HEADER_RE = re.compile(
    r"^(?:organi[sz]ation|company|member|affiliation|org|employer|entity)s?(?:\s+name)?$", re.I
)


def _table_is_attendance(line: str) -> bool:
    cells = _table_cells(line)
    return any(_NAME_HEADER_RE.match(c) for c in cells) and any(
        _ORG_HEADER_RE.match(c) for c in cells
    )


def _read_table(lines, start, section, entries, warnings, path, first_line) -> int:
    name_col, org_col = 0, 1
    k = start
    n = len(lines)
    first = True
    while k < n and _TABLE_RE.match(lines[k]):
        cells = _table_cells(lines[k])
        if all(_TABLE_SEP_CELL_RE.match(c.replace(" ", "")) for c in cells if c) and any(cells):
            k += 1
            continue
        if first and any(_NAME_HEADER_RE.match(c) for c in cells):
            name_col = next(i for i, c in enumerate(cells) if _NAME_HEADER_RE.match(c))
            org_col = next((i for i, c in enumerate(cells) if _ORG_HEADER_RE.match(c)), -1)
            first = False
            k += 1
            continue
        first = False
        name = cells[name_col] if name_col < len(cells) else ""
        org = cells[org_col] if 0 <= org_col < len(cells) else ""
        if name:
            name = _clean_name(name)
            if _is_name(name):
                entries.append(_Entry(name, _clean_org(org) or None, k, section, "table"))
            else:
                warnings.append(
                    Problem(path, f"could not read attendee {name[:80]!r}", k + first_line)
                )
        k += 1
    return k


# --------------------------------------------------------------------------------------------
# Entries: "Name (Org)", "Name - Org", "Name, Org", ...
# --------------------------------------------------------------------------------------------


_PAREN_OR_SEP_RE = {seps: re.compile(r"[()" + re.escape(seps) + r"]") for seps in (",", ";")}
_PAREN_RE = re.compile(r"[()]")
_AND_AFTER_PAREN_RE = re.compile(r"\)\s+(?:and|&)\s+(?=[^\W\d_])")
_AND_RE = re.compile(r"\s+(?:and|&)\s+")
_INNER_LABEL_RE = re.compile(r"[.;,]\s+(?P<label>[^\W\d_][\w ]{1,30}):\s+")
_CAMEL_NAME_RE = re.compile(r"^(?P<org>.*?[a-z.])(?P<name>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){1,3})$")


def split_outside_parens(text: str, seps: str) -> list[str]:
    """Split at the separators that are outside parentheses."""
    if "(" not in text:
        return text.split(seps)
    parts: list[str] = []
    depth = 0
    last = 0
    for m in _PAREN_OR_SEP_RE[seps].finditer(text):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[last : m.start()])
            last = m.end()
    parts.append(text[last:])
    return parts


def _unclosed(text: str) -> int | None:
    """Where the first parenthesis that is never closed opens."""
    open_at: list[int] = []
    for m in _PAREN_RE.finditer(text):
        if m.group() == "(":
            open_at.append(m.start())
        elif open_at:
            open_at.pop()
    return open_at[0] if open_at else None


def _balance(text: str) -> tuple[str, int | None]:
    """Close a parenthesis left open: "A (Org, B (Org2), ..." → "A (Org), B (Org2), ...", and
    "A - (OrgB Name - (Org2)" → "A - (Org), B Name - (Org2)" (a lost ")," before a name)."""
    repaired: int | None = None
    for _ in range(10):
        start = _unclosed(text)
        if start is None:
            return text, repaired
        if repaired is None:
            repaired = start
        cuts = [c for c in (text.find(",", start), text.find(";", start)) if c >= 0]
        cut = min(cuts) if cuts else len(text)
        nested = text.find("(", start + 1)
        if 0 <= nested < cut:
            segment = _TRAILING_SEP_RE.sub("", text[start + 1 : nested])
            m = _CAMEL_NAME_RE.match(segment)
            if m and _is_name(m.group("name")):
                org_end = start + 1 + m.start("name")
                text = text[:org_end] + "), " + text[org_end:]
                continue
        text = text[:cut] + ")" + text[cut:]
    return text, repaired


def _parse_run(
    text: str, index: int, section: int, bullet: bool = False
) -> tuple[list[_Entry], list[str], list[str]] | None:
    """Read one line (or list item) of an attendance section. None when it is not a line of
    names (prose, an agenda item ...); else the entries read and the pieces that could not be."""
    text = text.strip()
    if not text or _PLACEHOLDER_RE.match(text):
        return None
    fast = _fast_run(text, index, section)
    if fast:
        return fast, [], []
    text, repaired = _balance(text)
    if ": " in text:  # "..., Phillipe Bouchet. On the phone: JC Jones (Mozilla), ..."
        text = _INNER_LABEL_RE.sub(
            lambda m: ", " if _SUBLABEL_RE.match(m.group("label")) else m.group(), text
        )
    if " and " in text or "&" in text:  # "A (X), B (Y) and C (Z)"
        text = _AND_AFTER_PAREN_RE.sub("), ", text)
    if ";" in text:
        chunks = split_outside_parens(text, ";")
        pieces: list[tuple[str, bool]] = []
        for chunk in chunks:
            sub = [p for p in split_outside_parens(chunk, ",")]
            if len(sub) > 1 and _has_marker(sub[0]) and _has_marker(sub[-1]):
                pieces.extend((p, False) for p in sub)
            else:
                pieces.append((chunk, True))
    else:
        sub = split_outside_parens(text, ",")
        if (
            bullet
            and len(sub) >= 2
            and not _has_marker(sub[0])
            and not _DASH_SPLIT_RE.search(text)
            and (len(sub) == 2 or all(_ORG_SUFFIX_RE.match(p.strip()) for p in sub[2:]))
        ):  # "- Name, Org" and "- Name, Org Co., Ltd."
            pieces = [(text, True)]
        else:
            pieces = [(p, False) for p in sub]

    good: list[_Entry] = []
    bad: list[str] = []
    expanded: list[tuple[str, bool]] = []
    for piece, allow_comma in pieces:  # "Ben Wilson and Clint Wilson"
        halves = _AND_RE.split(piece.strip())
        if len(halves) > 1 and all("(" not in h and _is_name(_clean_name(h)) for h in halves[:-1]):
            expanded.extend((h, allow_comma) for h in halves)
        else:
            expanded.append((piece, allow_comma))
    for piece, allow_comma in expanded:
        piece = _LEADING_JUNK_RE.sub("", piece.strip()).strip()
        piece = piece.rstrip(" ;,")
        if not piece:
            continue
        if _ORG_SUFFIX_RE.match(piece) and good and good[-1].org:
            good[-1].org = f"{good[-1].org}, {piece}"
            continue
        entry = _parse_entry(piece, index, section, allow_comma)
        if entry == "orphan-org":
            org = _clean_org(piece.strip("() "))
            if good and good[-1].org is None and org:
                good[-1].org, good[-1].style = org, "paren"
            continue
        if entry is None:
            bad.append(piece)
            continue
        good.append(entry)
    total = len(good) + len(bad)
    if not good:
        return None
    if len(good) == 1 and not bad:
        e = good[0]
        words = len(e.name.split())
        if e.org is None and (words == 1 or (not bullet and words > 4)):
            return None
    elif len(good) * 3 < total * 2:
        return None
    notes = []
    if repaired is not None:
        left = max(0, text.rfind(",", 0, max(0, repaired - 1)) + 1)
        snippet = text[left : repaired + 60].strip()
        notes.append(f"an unclosed parenthesis in the attendee list was closed: {snippet!r}")
    return good, bad, notes


def _fast_run(text: str, index: int, section: int) -> list[_Entry] | None:
    """The common line "A (X), B - (Y), C (Z)" read with one regular expression, or None."""
    if text[:1].isspace():
        text = text.strip()
    out: list[_Entry] = []
    pos, end = 0, len(text)
    while pos < end:
        m = _RUN_ITEM_RE.match(text, pos)
        if not m or m.end() == pos:
            return None
        name, org = m.group("name"), m.group("org").strip()
        if not _is_name(name) or not org or _org_needs_care(org):
            return None
        out.append(_Entry(name, org, index, section, "paren"))
        pos = m.end()
    return out or None


@functools.lru_cache(maxsize=4096)
def _org_needs_care(org: str) -> bool:
    """Whether an organisation read by a fast path may be a remark, a role or untidy."""
    if org[:1].islower() and not any(c.isupper() for c in org.split(" ", 1)[0]):
        return True
    if len(org) <= 16 and (_REMARK_RE.match(org) or _ROLE_RE.match(org)):
        return True
    if ("," in org or " " in org) and _ORG_REMARK_TAIL_RE.search(org):
        return True
    return org.count(" ") >= 3 and _is_sentence(org)


def _has_marker(piece: str) -> bool:
    return "(" in piece or bool(_DASH_SPLIT_RE.search(piece.strip()))


_FAST_PAREN_RE = re.compile(
    r"^(?P<name>[^\W\d_][\w'’.]*(?: [\w'’.-]+){0,5}?)(?: ?[-–—] ?| )\((?P<org>[^()]+)\)[ .]*$"
)
_FAST_DASH_RE = re.compile(
    r"^(?P<name>[^\W\d_][\w'’.]*(?: [\w'’.-]+){0,5}?) [-–—] (?P<org>[^()\-–—]+?) *$"
)
# One "Name (Org)" / "Name - (Org)" of a run, with the separator after it.
_RUN_ITEM_RE = re.compile(
    r" *(?:and )?(?P<name>[^\W\d_][\w'’.-]*(?: +[\w'’.-]+){0,5}?) *(?:[-–—] *)?"
    r"\((?P<org>[^()]+(?:\([^()]*\)[^()]*)*)\) *(?:[,;] *|\.? *$)"
)


def _parse_entry(piece: str, index: int, section: int, allow_comma: bool):
    """One attendee: an _Entry, "orphan-org" for a bare "(Org)", or None when not a name."""
    fast = _FAST_PAREN_RE.match(piece) or _FAST_DASH_RE.match(piece)
    if fast:  # the common "Name (Org)", "Name - (Org)" and "Name – Org"
        name, org = fast.group("name"), fast.group("org").strip()
        if _is_name(name) and org and not _is_remark(org) and not _is_sentence(org):
            style = "dash" if fast.re is _FAST_DASH_RE else "paren"
            return _Entry(name, _clean_org(org) or None, index, section, style)
    org: str | None = None
    style = "none"
    name_part = piece
    if allow_comma and "," in piece:  # "Name, Org" (one per line, or between semicolons)
        left, right = piece.split(",", 1)
        name = _clean_name(left)
        if "(" not in left and right.strip() and _is_name(name) and not _is_sentence(right):
            return _Entry(name, _clean_org(right) or None, index, section, "comma")
    open_at = _first_depth0_paren(piece)
    if open_at is not None:
        dash = _DASH_SPLIT_RE.search(piece, 0, open_at)
        if dash and dash.start() > 0 and piece[dash.end() : open_at].strip():
            # "Name – MOIS (Ministry of ...) of Korea": the dash, not the "(", ends the name
            name = _clean_name(piece[: dash.start()])
            org_text = piece[dash.end() :].strip()
            if _is_name(name) and org_text and not _is_sentence(org_text):
                return _Entry(name, _clean_org(org_text) or None, index, section, "dash")
        close_at = _matching_paren(piece, open_at)
        before = piece[:open_at]
        groups = [piece[open_at + 1 : close_at]]
        tail = piece[close_at + 1 :]
        while True:  # further "(...)" after the first: remarks, or the organisation
            nxt = _first_depth0_paren(tail)
            if nxt is None or tail[:nxt].strip():
                break
            end = _matching_paren(tail, nxt)
            groups.append(tail[nxt + 1 : end])
            tail = tail[end + 1 :]
        if not _TRAILING_SEP_RE.sub("", before).strip():
            return "orphan-org" if not tail.strip() else None
        if (
            tail[:1].isspace()
            and tail.strip()[:1].isalpha()
            and ("(" in tail or _DASH_SPLIT_RE.search(tail))
        ):  # "Vijayakumar (Vijay) Manjunatha - (eMudhra)": a nickname
            return _parse_entry(before.rstrip() + tail, index, section, allow_comma)
        if len(tail.split()) > 2 and not _DASH_SPLIT_RE.match(tail):
            return None  # "Eva (GlobalSign) compiled minutes after the meeting": prose
        name_part = before
        for group in groups:
            candidate = group.strip()
            if not candidate:
                continue
            if _is_remark(candidate):
                continue
            org, style = candidate, "paren"
            break
        if org is None and tail.strip() and _DASH_SPLIT_RE.match(tail):
            name_part = before + tail
    name_part = _TRAILING_SEP_RE.sub("", name_part).strip()
    if org is None:
        dash = _DASH_SPLIT_RE.search(name_part)
        if dash and dash.start() > 0:
            org = name_part[dash.end() :].strip()
            name_part = name_part[: dash.start()].strip()
            style = "dash"
        elif allow_comma and "," in name_part:
            left, right = (s.strip() for s in name_part.split(",", 1))
            if left and right:
                name_part, org, style = left, right, "comma"
    name = _clean_name(name_part)
    if not _is_name(name):
        return None
    org_clean = _clean_org(org) if org else None
    if org_clean and style != "paren" and _is_sentence(org_clean):
        return None  # "Dustin Hollenback - Microsoft drove the meeting ...": prose
    return _Entry(name, org_clean or None, index, section, style)


def _first_depth0_paren(text: str) -> int | None:
    pos = text.find("(")
    return pos if pos >= 0 else None


def _matching_paren(text: str, open_at: int) -> int:
    depth = 0
    for pos in range(open_at, len(text)):
        ch = text[pos]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return pos
    return len(text)


def _is_sentence(text: str) -> bool:
    words = [w for w in re.split(r"[\s,/()]+", text) if w]
    lower = [w for w in words if w[:1].islower() and w.casefold() not in _ORG_LINKING_WORDS]
    plain_lower = [w for w in lower if not any(c.isupper() for c in w[1:])]  # not "eMudhra"
    return len(plain_lower) >= 2 or len(words) > 14


def _is_remark(text: str) -> bool:
    t = text.strip()
    if _REMARK_RE.match(t):
        return True
    words = t.split()
    return len(words) >= 2 and t[:1].islower() and not any(ch.isupper() for ch in words[0])


def _clean_name(name: str) -> str:
    name = _LEADING_JUNK_RE.sub("", name)
    m = _SENTENCE_TAIL_RE.search(name)
    if m and not _is_name(name):
        head = name[: m.start()]
        if _is_name(_WS_RE.sub(" ", head).strip()):
            name = head
    name = name.strip(" \t.,;:*_`'\"“”")
    if name.startswith("@"):
        name = name[1:]
    return _WS_RE.sub(" ", name).strip()


def _clean_org(org: str | None) -> str:
    if not org:
        return ""
    org = _WS_RE.sub(" ", org).strip().strip(' ,;:*_`"“”')
    org = _ORG_REMARK_TAIL_RE.sub("", org).strip()
    m = _SENTENCE_TAIL_RE.search(org)
    if m:  # "OISTE. Quorum equals 7" → "OISTE"
        tail = org[m.end() :]
        if re.search(r"\d|\b[a-z]{3,}\b", tail) and not re.search(r"[()]", tail):
            org = org[: m.start() + 1]
    if org.endswith(".") and "(" not in org[-6:]:
        last = org.rstrip(".").split()[-1] if org.rstrip(".").split() else ""
        if last.casefold() not in _ABBREV_END and "." not in last:
            org = org.rstrip(".")
    return org.strip()


@functools.lru_cache(maxsize=8192)
def _is_name(name: str) -> bool:
    """A person's name: one to six words of letters, capitalised but for particles ("van")."""
    if not 2 <= len(name) <= 50 or not _NAME_RE.match(name):
        return False
    words = name.casefold().split()
    if not _NOT_NAME_WORDS.isdisjoint(words):
        return False
    if name[0].isupper() and all(w[0].isupper() or w in _PARTICLES for w in name.split()):
        return True
    lowercase = [w for w in name.split() if w[0].islower() and w.casefold() not in _PARTICLES]
    return not lowercase or (len(words) == 1 and any(c.isupper() for c in name))


# --------------------------------------------------------------------------------------------
# Finishing: styles, duplicates, warnings
# --------------------------------------------------------------------------------------------


def _finish_attendees(entries: list[_Entry], warn) -> list[ParsedAttendee]:
    if not entries:
        return []
    with_org = sum(1 for e in entries if e.org)
    dash_style = sum(1 for e in entries if e.style == "dash")
    paren_style = sum(1 for e in entries if e.style == "paren")
    mostly_orgs = with_org * 2 >= len(entries)
    for e in entries:
        if e.org is not None:
            if _ROLE_RE.match(e.org):
                warn(f"{e.name} is listed as {e.org!r}, not with an organisation", e.line)
                e.org = None
            continue
        if dash_style and dash_style >= paren_style and "-" in e.name.split()[-1].strip("-"):
            left, _, right = e.name.rpartition("-")
            if _is_name(left.strip()) and len(left.split()) >= 2 and right.strip():
                warn(
                    f"read {e.name!r} as {left.strip()!r} of {right.strip()!r} (hyphen taken as "
                    "the separator)",
                    e.line,
                )
                e.name, e.org = left.strip(), right.strip()
                continue
        if mostly_orgs:
            warn(f"no organisation given for attendee {e.name!r}", e.line)
    if not with_org:
        warn(
            f"the {len(entries)} attendees are listed without their organisations", entries[0].line
        )

    out: list[ParsedAttendee] = []
    seen: dict[str, tuple[int, _Entry]] = {}
    for e in entries:
        key = e.name.casefold()
        if key in seen:
            pos, prior = seen[key]
            if e.org and prior.org and e.org.casefold() != prior.org.casefold():
                warn(
                    f"{e.name} is listed with two organisations: {prior.org!r} and {e.org!r}",
                    e.line,
                )
            elif prior.org is None and e.org:
                out[pos] = ParsedAttendee(name=out[pos].name, organization=e.org)
                seen[key] = (pos, e)
            elif prior.section == e.section:
                warn(f"{e.name} is listed twice", e.line)
            continue
        seen[key] = (len(out), e)
        out.append(ParsedAttendee(name=e.name, organization=e.org))
    return out


def _no_list_message(lines: list[str], sections: list[int]) -> tuple[str, int | None]:
    for index in sections:
        key = _key_line(lines[index])
        if key is not None and key.inline:
            return f"{NO_ATTENDEE_LIST} (no names could be read in {key.inline[:80]!r})", index
        following = [ln.strip() for ln in lines[index + 1 : index + 6] if ln.strip()]
        if following and _PLACEHOLDER_RE.match(_demark(following[0])):
            return f"{NO_ATTENDEE_LIST} (the attendance section holds only a placeholder)", index
        if not following or _HEADING_RE.match(following[0]):
            return f"{NO_ATTENDEE_LIST} (the attendance section is empty)", index
    for index, ln in enumerate(lines):
        if _COUNT_RE.search(ln):
            return f"{NO_ATTENDEE_LIST} (the minutes only say {_demark(ln)[:100]!r})", index
    if sections:
        return f"{NO_ATTENDEE_LIST} (no names under the attendance heading)", sections[0]
    return NO_ATTENDEE_LIST, None
