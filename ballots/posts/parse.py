"""Parse one CA/Browser Forum post into plain data (see ``ballots.posts.data``).

``parse_post(path, text)`` reads the YAML front matter with python-frontmatter, classifies the
post (ballot, minutes, anything else -> skipped) and, for ballot posts, reads every layout the
Forum has used since 2007: prose results, bullet lists, markdown tables (well formed or mangled),
procedure lists and tables, IPR review notices, posts announcing several ballots. Only
``PostError`` ever escapes; everything doubtful becomes a ``Problem`` in ``warnings``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import inspect
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ballots.posts import dates as D
from ballots.posts.data import (
    ParsedBallot,
    ParsedDate,
    ParsedPerson,
    ParsedPost,
    ParsedVersion,
    ParsedVote,
    PostError,
    Problem,
    StatedResult,
)
from ballots.posts.ids import BallotId, bodies_in_tags, body_from_tags, find_ids, strip_title
from ballots.posts.ids import title_ids as _title_ids
from ballots.text import one_line

_YAML = YAMLHandler()

# --------------------------------------------------------------------------- entry points


def parse_file(file: Path, root: Path) -> ParsedPost:
    """Parse ``file``; the result's path is ``file`` relative to ``root`` (POSIX)."""
    path = _relative(Path(file), Path(root))
    try:
        data = Path(file).read_bytes()
    except OSError as exc:
        raise PostError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PostError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})", line) from exc
    return parse_post(path, text)


def parse_post(path: str, text: str) -> ParsedPost:
    """Parse one post. Raises PostError (and nothing else) when the post cannot be read."""
    try:
        return _parse_post(path, text)
    except PostError:
        raise
    except Exception as exc:  # the contract: nothing but PostError escapes
        raise PostError(path, f"internal error: {type(exc).__name__}: {exc}") from exc


def _relative(file: Path, root: Path) -> str:
    for a, b in ((file, root), (file.resolve(), root.resolve())):
        try:
            return a.relative_to(b).as_posix()
        except ValueError:
            continue
    return file.as_posix()


# --------------------------------------------------------------------------- front matter

_FM_FENCE_RE = re.compile(r"^-{3,}[ \t]*$")
_TEMPLATE_RE = re.compile(r"\{\{.*?\}\}|\{\{<|\{\{%")
_MINUTES_TITLE_RE = re.compile(r"\bminutes\b", re.I)
_BALLOT_TITLE_RE = re.compile(r"^\W*(?:special\s+)?ballots?\b", re.I)
_PAGE_TYPES = {"page", "section", "list", "taxonomy", "term"}


@dataclass
class _Front:
    meta: dict[str, Any]
    body: list[str]  # lines after the closing fence
    first_body_line: int  # 1-based file line of body[0]


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff").replace("\ufeff", "").replace("\x00", "")


def _front(path: str, lines: list[str]) -> _Front | str | None:
    """The front matter, None when there is none, or a skip reason for templates."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or not _FM_FENCE_RE.match(lines[start]):
        return None
    end = next((i for i in range(start + 1, len(lines)) if _FM_FENCE_RE.match(lines[i])), None)
    if end is None:
        raise PostError(path, "front matter is not closed (no second '---' line)", start + 1)
    fm_text = "\n".join(lines[start + 1 : end])
    if _TEMPLATE_RE.search(fm_text):
        return "template with placeholders (an archetype), not a post"
    try:
        meta = _YAML.load(fm_text) if fm_text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = start + 2 + mark.line if mark is not None else start + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PostError(path, f"front matter is not valid YAML: {problem}", line) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise PostError(path, "front matter is not a mapping of keys to values", start + 2)
    return _Front({str(k): v for k, v in meta.items()}, lines[end + 1 :], end + 2)


def _tags(meta: dict[str, Any]) -> list[str]:
    raw = meta.get("tags") or []
    if isinstance(raw, str):
        raw = [t for t in raw.split(",") if t.strip()]
    if not isinstance(raw, list | tuple):
        return []
    return [str(t).strip() for t in raw if t is not None and str(t).strip()]


def _title(meta: dict[str, Any]) -> str:
    raw = meta.get("title")
    return " ".join(str(raw).split()) if raw is not None else ""


def _post_date(path: str, meta: dict[str, Any], warnings: list[Problem]) -> dt.datetime | None:
    raw = meta.get("date")
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime | dt.date):
        return D.to_utc(raw)
    found = D.parse_date(str(raw))
    if found is None:
        warnings.append(Problem(path, f"front matter date {raw!r} is not a date"))
        return None
    return found.value


SITE = "https://cabforum.org"


def public_url(meta: dict[str, Any], post_date: dt.datetime | None) -> str:
    """The post's address on cabforum.org, the way the Forum's Hugo site builds it: an alias
    the front matter gives (Hugo serves each as a redirect to the page), else the permalink
    /YYYY/MM/DD/<slug>/, the slug being the front matter's ``slug`` or the title, urlized."""
    aliases = meta.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    for alias in aliases:
        alias = str(alias).strip()
        if alias.startswith("/") and "//" not in alias:
            return SITE + alias
    slug = str(meta.get("slug") or meta.get("title") or "").strip()
    if not slug or post_date is None:
        return ""
    return f"{SITE}/{post_date:%Y/%m/%d}/{_urlize(slug)}/"


def _urlize(text: str) -> str:
    """Hugo's urlize: letters, digits and a few marks kept, spaces to hyphens, lower case."""
    kept = "".join(
        c for c in text if c.isalnum() or unicodedata.category(c).startswith("M") or c in "._-%+~ "
    )
    return kept.replace(" ", "-").lower()


# --------------------------------------------------------------------------- classification


def _parse_post(path: str, text: str) -> ParsedPost:
    if not isinstance(text, str):
        raise PostError(path, f"expected text, got {type(text).__name__}")
    lines = _normalise(text).split("\n")
    front = _front(path, lines)
    if front is None:
        return _without_front_matter(path, lines)
    if isinstance(front, str):
        return ParsedPost(path, "skipped", reason=front)
    meta, title, tags = front.meta, _title(front.meta), _tags(front.meta)
    low_tags = {t.lower() for t in tags}
    warnings: list[Problem] = []
    page = str(meta.get("type") or "").lower()
    if page in _PAGE_TYPES or path.endswith("_index.md") or meta.get("layout"):
        return ParsedPost(path, "skipped", reason=f"a site page ({page or 'layout'}), not a post")
    if "minutes" in low_tags or (
        _MINUTES_TITLE_RE.search(title) and not _BALLOT_TITLE_RE.match(title)
    ):
        return _minutes(path, meta, "\n".join(front.body), front.first_body_line, warnings)
    ids = _title_ids(title)
    if not ids and "ballot" in low_tags:
        ids = _body_ids(front.body)
        if ids:
            warnings.append(Problem(path, "the title names no ballot id; took it from the text"))
    if ids and ("ballot" in low_tags or _BALLOT_TITLE_RE.match(title)):
        if meta.get("draft") is True:
            warnings.append(Problem(path, "the post is a draft (draft: true)"))
        ballots = _ballots(path, meta, title, tags, ids, front)
        return ParsedPost(path, "ballot", ballots=ballots, warnings=warnings)
    if "ballot" in low_tags:
        return ParsedPost(path, "skipped", reason="tagged Ballot but names no ballot id")
    if ids or "ballot" in title.lower():
        return ParsedPost(path, "skipped", reason="mentions ballots but is not a ballot post")
    return ParsedPost(path, "skipped", reason="neither a ballot nor a minutes post")


_BODY_ID_RE = re.compile(r"\bballot\s+", re.I)


def _body_ids(body: list[str]) -> list[BallotId]:
    """The first id written as 'Ballot <id>' in the text (for titles that lack one)."""
    for line in body[:60]:
        for bid in find_ids(line):
            if bid.written.lower().startswith("ballot") or _BODY_ID_RE.search(
                line[max(0, bid.start - 8) : bid.start]
            ):
                return [bid]
    return []


def _minutes_module():
    try:
        from ballots.posts import minutes
    except ImportError:
        return None
    return minutes


def _minutes(path: str, meta: dict[str, Any], content: str, first: int, warnings: list[Problem]):
    module = _minutes_module()
    if module is None or not hasattr(module, "parse_minutes"):
        warnings.append(Problem(path, "minutes parser (ballots.posts.minutes) is not available"))
        return ParsedPost(path, "minutes", warnings=warnings)
    extra = {"first_line": first} if _takes_first_line(module.parse_minutes) else {}
    minutes = module.parse_minutes(path, meta, content, **extra)
    return ParsedPost(path, "minutes", minutes=minutes, warnings=warnings)


@functools.lru_cache(maxsize=4)
def _takes_first_line(func: Any) -> bool:
    return "first_line" in inspect.signature(func).parameters


def _without_front_matter(path: str, lines: list[str]) -> ParsedPost:
    """Minutes when the minutes parser recognises them (one 2024 file has no front matter)."""
    module = _minutes_module()
    text = "\n".join(lines)
    looks = getattr(module, "looks_like_minutes", None)
    if text.strip() and looks is not None and looks({}, text, path):
        warnings = [Problem(path, "no front matter; read as minutes from the text alone")]
        try:
            return _minutes(path, {}, text, 1, warnings)
        except PostError as exc:  # without front matter a post is skipped, never an error
            return ParsedPost(path, "skipped", reason=f"no front matter ({exc.problem.message})")
    return ParsedPost(path, "skipped", reason="no front matter")


# --------------------------------------------------------------------------- lines

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
# Link text may not hold "[" nor the target "(" or "<": each attempt then stops at the next
# bracket, so a line of 16,000 "[" is read in linear time (it took seconds, quadratically).
_MD_LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_REF_LINK_RE = re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]")
_ANGLE_RE = re.compile(r"<((?:https?|mailto):[^<>]+)>")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_EDGE_UNDERSCORE_RE = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_BULLET_RE = re.compile(r"^(?:[-+•·▪◦●○■–—]|o(?=\s)|\d{1,2}[.)]|[a-h][.)]|[ivx]{1,4}[.)])\s+")
_BOLD_RE = re.compile(r"\*\*[^*].*?\*\*:?|__[^_].*?__:?")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_HTML_BR_RE = re.compile(r"<br\s*/?>", re.I)
_HTML_CELL_RE = re.compile(r"<t[dh](?:\s[^<>]*)?>", re.I)
_HTML_TABLE_RE = re.compile(r"<(?:table|tr|td|th)\b", re.I)


@dataclass(slots=True)
class _Line:
    no: int  # 1-based file line
    raw: str
    text: str  # markup removed, whitespace collapsed, leading bullet removed
    level: int = 0  # markdown heading level
    bold: bool = False  # the whole line was bold: a pseudo-heading
    bullet: bool = False
    table: int = 0  # table block number, 0 outside tables
    row: str = ""  # a table line with its cells separated by "|" (HTML cells converted)


_STRUCK_RE = re.compile(r"~~[^~\n]{0,200}~~")


def _clean(raw: str) -> str:
    s = _ESCAPE_RE.sub(r"\1", raw) if "\\" in raw else raw
    if "[" in s:
        s = _REF_LINK_RE.sub(r"\1", _MD_LINK_RE.sub(r"\1", s))
    if "<" in s:
        s = _HTML_TAG_RE.sub(" ", _HTML_BR_RE.sub(" ", _ANGLE_RE.sub(r"\1", s)))
    if "&" in s:
        s = html.unescape(s)
    if "~~" in s:  # struck through: what the post withdrew, not what it says
        s = _STRUCK_RE.sub(" ", s)
    s = s.replace("*", "").replace("`", "")
    if "_" in s:
        s = _EDGE_UNDERSCORE_RE.sub("", s)
    return " ".join(s.split())


def _lines(body: list[str], first: int) -> list[_Line]:
    out: list[_Line] = []
    table, in_table = 0, False
    for i, raw in enumerate(body):
        stripped = raw.strip()
        if not stripped:
            in_table = False
        elif not in_table and stripped.startswith("|"):
            nxt = body[i + 1] if i + 1 < len(body) else ""
            if _TABLE_SEP_RE.match(stripped) or _TABLE_SEP_RE.match(nxt):
                table, in_table = table + 1, True
        elif not in_table and "<" in stripped and _HTML_TABLE_RE.search(stripped):
            table, in_table = table + 1, True
        out.append(_line(raw, first + i, table if in_table else 0))
        if in_table and "</table" in stripped.lower():
            in_table = False
    return out


_BULLET_STARTS = frozenset("-+•·▪◦●○■–—o0123456789abcdefghivx")


def _line(raw: str, no: int, table: int) -> _Line:
    body = raw.strip()
    if not body:
        return _Line(no, raw, "", table=table)
    level = 0
    if body[0] == ">":
        body = body.lstrip("> \t")
    if body[:1] == "#":
        m = _HEADING_RE.match(body)
        if m:
            level, body = len(m.group(1)), m.group(2).strip()
    if table:
        if body.startswith(("|", "-", ":")) and _TABLE_SEP_RE.match(body):
            return _Line(no, raw, "", level, table=table)
        row = _html_row(body) if "<" in body else body
        cells = (_clean(c) for c in row.strip("|").split("|"))
        return _Line(no, raw, " | ".join(c for c in cells if c), level, table=table, row=row)
    bold = body[:2] in ("**", "__") and bool(_BOLD_RE.fullmatch(body))
    text = _clean(body)
    bullet = text[:1] in _BULLET_STARTS and bool(_BULLET_RE.match(text))
    if bullet:
        text = _BULLET_RE.sub("", text, count=1)
    return _Line(no, raw, text, level, bold, bullet, table)


def _html_row(body: str) -> str:
    """An HTML table line as pipe-separated cells; <br> inside a cell separates names."""
    body = _HTML_CELL_RE.sub("|", _HTML_BR_RE.sub(", ", body))
    return _HTML_TAG_RE.sub(" ", body)


def _is_heading(ln: _Line) -> bool:
    return bool(ln.level or ln.bold)


# --------------------------------------------------------------------------- segments

_ABOUT_RE = re.compile(
    r"^(?:(?:(?:voting\s+)?results?|ipr\s+review|review|notice\s+of\s+review(?:\s+period)?"
    r"|summary\s+of\s+review)\s+(?:of|for)\s+)?(?:(?:special\s+)?ballots?\s+)?",
    re.I,
)


def _owners(lines: list[_Line], keys: set[str]) -> list[str | None]:
    """Which ballot of a multi-ballot post each line belongs to (None: all of them)."""
    owner, owner_level, out = None, 0, []
    for ln in lines:
        if ln.level:
            named = {b.number_key for b in find_ids(ln.text)} & keys
            if len(named) == 1:
                owner, owner_level = named.pop(), ln.level
            elif named or (owner and ln.level <= owner_level):
                owner = None
        out.append(owner)
    return out


def _heading_subject(text: str) -> str | None:
    """The ballot a heading is about when it starts with one ('Results of Ballot SC-70...')."""
    rest = _ABOUT_RE.sub("", text, count=1)
    ids = find_ids(rest)
    if ids and ids[0].start == 0:
        return ids[0].number_key
    return None


def _foreign(lines: list[_Line], own: str) -> set[int]:
    """Indexes of lines in sections headed by another ballot (e.g. 'IPR Review of Ballot SMC06')."""
    out: set[int] = set()
    skip_level = 0
    for i, ln in enumerate(lines):
        if skip_level and ((ln.level and ln.level <= skip_level) or _marker(ln)):
            skip_level = 0
        if ln.level and not skip_level:
            subject = _heading_subject(ln.text)
            if subject and subject != own:
                skip_level = ln.level
        if skip_level:
            out.add(i)
    return out


# --------------------------------------------------------------------------- motion, purpose

_MARKER_TRIM_RE = re.compile(r"^[\s\-–—…_.:~=#>|]+|[\s\-–—…_.:~=#>|]+$")
_MARKER_RE = re.compile(r"^motions?\s+(?P<what>begins?|ends?|starts?)$", re.I)
_MOTION_HEADING_RE = re.compile(r"^(?:the\s+)?motion\s*:?$", re.I)
_PURPOSE_RE = re.compile(
    r"^(?:purpose(?:\s+of\s+(?:the\s+|this\s+)?ballot\b[^:]*)?|summary(?:\s+of\s+(?:the\s+)?"
    r"ballot)?|statement\s+of\s+intent|background|overview|rationale|introduction)"
    r"\s*(?P<colon>:)?\s*(?P<rest>.*)$",
    re.I,
)
_PROPOSED_WORD_RE = re.compile(r"\bproposed\s+by\b|\bmade\s+the\s+following\s+motion\b", re.I)
_PROCEDURE_RE = re.compile(
    r"^(?:the\s+procedure\s+for|this\s+ballot\s+proposes|discussion\b|vote\s+for\s+approval)", re.I
)
_RESULTS_LINE_RE = re.compile(
    r"\b(?:vot(?:e|ed|es|ing)|yea|nay|abstain\w*|abstention\w*|quorum|in\s+favou?r|opposed"
    r"|passed|failed|did\s+not\s+pass)\b",
    re.I,
)
_CONTENTS_HEADING_RE = re.compile(r"^(?:ballot(?:\s+contents)?|contents|proposal)\b", re.I)


def _proposed(text: str) -> bool:
    low = text.lower()
    if "proposed" not in low and "following motion" not in low:
        return False
    return bool(_PROPOSED_WORD_RE.search(text))


def _marker(ln: _Line) -> str | None:
    """'begin' / 'end' for a Motion Begins / Motion Ends line, else None."""
    if ln.table or len(ln.text) > 40 or "otion" not in ln.text.lower():
        return None
    m = _MARKER_RE.match(_MARKER_TRIM_RE.sub("", ln.text))
    if not m:
        return None
    return "end" if m.group("what").lower().startswith("end") else "begin"


def _motion(lines: list[_Line], path: str, warnings: list[Problem]) -> tuple[str, set[int]]:
    """The motion's markdown and the indexes of its lines (markers included)."""
    marks = [(i, _marker(ln)) for i, ln in enumerate(lines)]
    begins = [i for i, m in marks if m == "begin"]
    ends = [i for i, m in marks if m == "end"]
    if begins:
        b = begins[0]
        e = next((i for i in ends if i > b), None)
        if e is None:
            warnings.append(Problem(path, "'Motion Begins' without 'Motion Ends'", lines[b].no))
            e = next(
                (i for i in range(b + 1, len(lines)) if _PROCEDURE_RE.match(lines[i].text)),
                len(lines),
            )
        return _join_raw(lines[b + 1 : e]), set(range(b, min(e + 1, len(lines))))
    if ends:
        e = ends[0]
        start = next((i + 1 for i in range(e - 1, -1, -1) if _proposed(lines[i].text)), None)
        warnings.append(Problem(path, "'Motion Ends' without 'Motion Begins'", lines[e].no))
        if start is None:
            return "", {e}
        return _join_raw(lines[start:e]), set(range(start, e + 1))
    for i, ln in enumerate(lines):
        if _is_heading(ln) and _MOTION_HEADING_RE.match(ln.text):
            j = next((k for k in range(i + 1, len(lines)) if _ends_section(lines[k], ln)), None)
            j = len(lines) if j is None else j
            return _join_raw(lines[i + 1 : j]), set(range(i, j))
    return "", set()


def _ends_section(ln: _Line, head: _Line) -> bool:
    if ln.level:
        return not head.level or ln.level <= head.level
    return ln.bold or _marker(ln) is not None


def _before_proposal(raw: str) -> str:
    """The sentences of a line before the one saying who proposed the ballot."""
    kept = []
    for sentence in _sentences(raw.strip()):
        if _proposed(sentence):
            break
        kept.append(sentence)
    return " ".join(kept).strip()


def _join_raw(lines: list[_Line]) -> str:
    return "\n".join(ln.raw.rstrip() for ln in lines).strip("\n").strip()


def _purpose(lines: list[_Line], motion: set[int]) -> tuple[str, set[int]]:
    """The summary / purpose / statement of intent, and its line indexes."""
    for i, ln in enumerate(lines):
        if i in motion or ln.table or ln.text[:1].lower() not in "psbori":
            continue
        m = _PURPOSE_RE.match(ln.text)
        if not m or m.group("rest").lower().startswith("of review"):
            continue
        labelled = _is_heading(ln) and not m.group("rest")
        inline = bool(m.group("colon")) and not ln.level and len(ln.text) < 400
        if not (labelled or inline):
            continue
        first = m.group("rest") if inline and not _is_heading(ln) else ""
        return _section_after(lines, i, motion, first)
    for i, ln in enumerate(lines):
        if i in motion or not _proposed(ln.text):
            continue
        head = next((k for k in range(i - 1, -1, -1) if _is_heading(lines[k])), None)
        if head is not None and _CONTENTS_HEADING_RE.match(lines[head].text):
            # Older posts put the results right under the ballot's heading: those lines are
            # the results, not the purpose, and stay for the vote and outcome readers.
            kept = [
                k
                for k in range(head + 1, i)
                if k not in motion and not _RESULTS_LINE_RE.search(lines[k].text)
            ]
            return _join_raw([lines[k] for k in kept]), set(kept)
        break
    return "", set()


def _section_after(lines: list[_Line], i: int, motion: set[int], first: str):
    head = lines[i]
    out: list[str] = [first] if first else []
    idx: set[int] = {i}
    for k in range(i + 1, len(lines)):
        ln = lines[k]
        if k in motion or _marker(ln):
            break
        if _proposed(ln.text):
            before = _before_proposal(ln.raw)
            if before:
                out.append(before)
                idx.add(k)
            break
        if _is_heading(ln) and (_MOTION_HEADING_RE.match(ln.text) or _ends_section(ln, head)):
            break
        out.append(ln.raw.rstrip())
        idx.add(k)
    return "\n".join(out).strip(), idx


# --------------------------------------------------------------------------- people

_PROPOSAL_RE = re.compile(
    r"proposed\s+by\s+(?P<prop>.+?)(?:\s*,?\s+and\s+(?:is\s+|was\s+|has\s+been\s+|been\s+)?"
    r"|\s*,\s*(?:and\s+)?)(?:seconded\s+and\s+)?endorsed\s+by\s+(?P<end>.+?)"
    r"(?=\s+to\s+[a-z]|[.;:](?:\s|$)|\s*$)"
    r"|proposed\s+by\s+(?P<only>.+?)(?=[.;:](?:\s|$)|\s*$)",
    re.I,
)
_MADE_RE = re.compile(
    r"(?P<prop>[^.:;]+?)\s+made\s+the\s+following\s+motion\s*,?\s+and\s+(?P<end>.+?)\s+"
    r"endorsed\s+it",
    re.I,
)
_PROPOSER_LABEL_RE = re.compile(r"^(?:proposer|proposed\s+by)\s*[:|]\s*(?P<v>.+)$", re.I)
_ENDORSER_LABEL_RE = re.compile(
    r"^(?:endorsers?|endorsed\s+by|endorsements?)\s*[:|]\s*(?P<v>.*)$", re.I
)
_ROLE_RE = re.compile(
    r"^.*?\b(?:chair(?:man|person)?|vice[- ]chair|convenor|co-chair|representative)\s+", re.I
)
_PERSON_SPLIT_RE = re.compile(r",(?:\s*and\b)?|\band\b|&|;")
_NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞŁŠŽ][\w'’.\-]*|van|von|de|der|den|da|di|la|le|del|du)$")


def _people(text: str, path: str, warnings: list[Problem], line: int | None) -> list[ParsedPerson]:
    people: list[ParsedPerson] = []
    for part in _split_top(text, _PERSON_SPLIT_RE):
        if _SUFFIX_RE.fullmatch(part) and people and people[-1].organization:
            last = people[-1]
            people[-1] = ParsedPerson(last.name, f"{last.organization}, {part}")
            continue
        person = _person(part)
        if person is None:
            if part.strip(" .,"):
                warnings.append(Problem(path, f"could not read a person in {part!r}", line))
            continue
        people.append(person)
    if people and people[-1].organization:
        org = people[-1].organization
        people = [p if p.organization else ParsedPerson(p.name, org) for p in people]
    return people


_OF_RE = re.compile(r"^(?P<name>.+?)\s+(?:of|from|at|representing)\s+(?P<org>.+)$")
_PAREN_ORG_RE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<org>.+)\)$")
_TITLE_PREFIX_RE = re.compile(r"^(?:the\s+following\s+|mr\.?\s+|ms\.?\s+|dr\.?\s+)", re.I)


def _person(part: str) -> ParsedPerson | None:
    part = part.strip().strip(".,;:").strip()
    part = _TITLE_PREFIX_RE.sub("", part)
    m = _OF_RE.match(part.split("(", 1)[0]) and _OF_RE.match(part)
    m = m or _PAREN_ORG_RE.match(part)
    name, org = (m.group("name"), m.group("org")) if m else (part, None)
    name = _ROLE_RE.sub("", name.strip()).strip(" ,")
    tokens = name.split()
    if not 1 <= len(tokens) <= 6 or not all(_NAME_TOKEN_RE.match(t) for t in tokens):
        return None
    if not tokens[0][0].isupper():
        return None
    return ParsedPerson(" ".join(tokens), org.strip() if org else None)


def _proposal(lines: list[_Line], skip: set[int], path: str, warnings: list[Problem]):
    """(proposer, endorsers) from 'proposed by ... and endorsed by ...' or labelled lines."""
    for text, no in _sentences_by_paragraph(lines, skip):
        low = text.lower()
        if "proposed by" not in low and "following motion" not in low:
            continue
        at = low.find("made the following motion")
        m = _MADE_RE.search(text[max(0, at - 400) : at + 800]) if at >= 0 else None
        if m:
            prop_text, end_text = m.group("prop"), m.group("end")
        else:
            m = _PROPOSAL_RE.search(text)
            if not m:
                continue
            prop_text = m.group("prop") or m.group("only")
            end_text = m.group("end") or ""
        return _proposer_and_endorsers(prop_text, end_text, path, warnings, no)
    return _labelled_proposal(lines, skip, path, warnings)


def _proposer_and_endorsers(prop_text, end_text, path, warnings, no):
    props = _people(prop_text, path, warnings, no)
    ends = _people(end_text, path, warnings, no) if end_text else []
    if len(props) > 1:
        names = ", ".join(p.name for p in props[1:])
        warnings.append(Problem(path, f"several proposers; also proposed by {names}", no))
    if not props:
        warnings.append(Problem(path, f"could not read the proposer in {prop_text!r}", no))
    return (props[0] if props else None), ends


def _labelled_proposal(lines: list[_Line], skip: set[int], path: str, warnings: list[Problem]):
    proposer, endorsers = None, []
    for i, ln in enumerate(lines):
        if i in skip:
            continue
        m = _PROPOSER_LABEL_RE.match(ln.text)
        if m and proposer is None:
            found = _people(m.group("v"), path, warnings, ln.no)
            proposer = found[0] if found else None
        m = _ENDORSER_LABEL_RE.match(ln.text)
        if m and not endorsers:
            if m.group("v").strip():
                endorsers = _people(m.group("v"), path, warnings, ln.no)
            else:
                for nxt in lines[i + 1 :]:
                    if not nxt.bullet:
                        if nxt.raw.strip():
                            break
                        continue
                    endorsers += _people(nxt.text, path, warnings, nxt.no)
    return proposer, endorsers


def _sentences_by_paragraph(lines: list[_Line], skip: set[int]) -> Iterator[tuple[str, int]]:
    """Paragraph texts (lines joined) with their first line number, outside ``skip``."""
    buf: list[str] = []
    first = 0
    for i, ln in enumerate(lines):
        if i in skip or not ln.text or _is_heading(ln) or ln.table:
            if buf:
                yield " ".join(buf), first
            buf = []
            if i not in skip and ln.text and (_is_heading(ln) or ln.table):
                yield ln.text, ln.no
            continue
        if not buf:
            first = ln.no
        buf.append(ln.text)
    if buf:
        yield " ".join(buf), first


# --------------------------------------------------------------------------- organisations

_SUFFIX_RE = re.compile(
    r"(?:inc|ltd|llc|l\.l\.c|corp|corporation|co|company|limited|plc|gmbh|ag|sa|s\.a|s\.p\.a|spa|"
    r"b\.v|bv|n\.v|nv|as|a\.s|asa|ab|oy|kk|k\.k|srl|s\.r\.l|sl|s\.l|pty|pte|bhd|sdn\s+bhd|"
    r"co\.,?\s*ltd|inc\.?\s*\(.*\))\.?",
    re.I,
)
_ORG_SPLIT_RE = re.compile(r"[,;]")
_NONE_RE = re.compile(r"^(?:none|n/?a|nil|-+|–|—|\(none\)|no one|nobody)\.?$", re.I)
_ABBREV_END_RE = re.compile(r"(?:\b[A-Za-z]\.[A-Za-z]\.|\b(?:Inc|Ltd|Co|Corp|Bhd|Pty|Pte)\.)$")

# Member names, used only to split table cells whose names were run together on export
# ("Certum (Asseco)DigiCerteMudhra..."). Unknown names are never split.
_KNOWN_ORGS = tuple(
    sorted(
        {
            "360",
            "Actalis",
            "Amazon",
            "Amazon Trust Services",
            "ANF",
            "Apple",
            "Asseco",
            "Asseco (Certum)",
            "Asseco Data Systems SA (Certum)",
            "Buypass",
            "Buypass AS",
            "Camerfirma",
            "Certigna",
            "Certigna (DHIMYOTIS)",
            "Certinomis",
            "CertiPath",
            "Certum",
            "Certum (Asseco)",
            "CFCA",
            "Chunghwa Telecom",
            "Cisco",
            "Cisco Systems",
            "CommScope",
            "Comodo",
            "Comodo CA",
            "Comsign",
            "D-TRUST",
            "D-Trust",
            "DarkMatter",
            "DigiCert",
            "Digicert",
            "Disig",
            "DocuSign",
            "E-TUGRA",
            "e-Tugra",
            "eMudhra",
            "Entrust",
            "Entrust Datacard",
            "Fastly",
            "Firmaprofesional",
            "GDCA",
            "GlobalSign",
            "Globalsign",
            "GoDaddy",
            "Google",
            "Google Trust Services",
            "HARICA",
            "IdenTrust",
            "Identrust",
            "iTrusChina",
            "Izenpe",
            "Japan Registry Services",
            "JPRS",
            "Kamu SM",
            "Let's Encrypt",
            "Let’s Encrypt",
            "Let's Encrypt / ISRG",
            "ISRG",
            "Logius PKIoverheid",
            "Microsoft",
            "Mozilla",
            "NAVER",
            "NAVER Cloud Trust Services",
            "OATI",
            "OISTE",
            "OISTE Foundation",
            "Opera",
            "QuoVadis",
            "rundQuadrat",
            "SECOM",
            "SECOM Trust Systems",
            "Sectigo",
            "SecureTrust",
            "SHECA",
            "SSC",
            "SSL.com",
            "SwissSign",
            "Symantec",
            "Telia",
            "Telia Company",
            "TrustAsia",
            "TrustCor",
            "Trustwave",
            "TWCA",
            "VikingCloud",
            "Viking Cloud",
            "Visa",
        },
        key=len,
        reverse=True,
    )
)
_KNOWN_LOWER = tuple(o.lower() for o in _KNOWN_ORGS)
_KNOWN_SET = frozenset(_KNOWN_LOWER)


_BRACKET_RE = re.compile(r"[()\[\]{}]")


def _split_top(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split on ``sep`` outside parentheses and brackets."""
    inside: list[tuple[int, int]] = []
    if "(" in text or "[" in text or "{" in text:
        depth, start = 0, 0
        for m in _BRACKET_RE.finditer(text):
            if m.group() in "([{":
                if depth == 0:
                    start = m.start()
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    inside.append((start, m.end()))
        if depth:
            inside.append((start, len(text)))
    out, last = [], 0
    for m in sep.finditer(text):
        if m.end() == m.start() or any(a <= m.start() < b for a, b in inside):
            continue
        out.append(text[last : m.start()])
        last = m.end()
    out.append(text[last:])
    return [p.strip() for p in out if p.strip()]


def _org(name: str) -> str:
    name = name.strip().strip("\"“”'").strip()
    if name[:4].lower() in ("and ", "& "):
        name = name.split(None, 1)[1] if " " in name else ""
    if name.endswith(".") and not _ABBREV_END_RE.search(name):
        name = name[:-1]
    return " ".join(name.split()).strip(" ,;:")


def _split_orgs(text: str, expected: int | None = None) -> list[str]:
    """Organisation names from 'A, B (C, D), E Co., Ltd. and F' (suffixes stay attached)."""
    text = text.strip().rstrip(".").strip() if not _ABBREV_END_RE.search(text.strip()) else text
    if not text or _NONE_RE.match(text):
        return []
    commas = _split_top(text, _ORG_SPLIT_RE)
    parts = _attach_suffixes(commas)
    split_and = _attach_suffixes(_split_last_and(commas))
    if expected is not None and len(split_and) != expected and len(parts) == expected:
        split_and = parts
    names = []
    for p in split_and:
        names.extend(_unglue(_org(p)))
    return [n for n in names if n and not _NONE_RE.match(n) and not _COUNT_PHRASE_RE.match(n)]


# "0 NO votes", "0 Abstentions": a count that follows a list ("13 YES votes from CAs, 0 NO
# votes and 0 Abstentions"), never an organisation's name.
_COUNT_PHRASE_RE = re.compile(
    r"^(?:\d+|no|zero|none)\s+(?:(?:yes|no)\s+votes?|votes?|abstentions?|abstain\w*)\b",
    re.I,
)
_AND_RE = re.compile(r"\band\b|&(?=\s)")


def _attach_suffixes(parts: list[str]) -> list[str]:
    """Put ', Inc.' / ', Ltd.' back on the name they belong to."""
    out: list[str] = []
    for part in parts:
        if out and _SUFFIX_RE.fullmatch(part):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def _split_last_and(parts: list[str]) -> list[str]:
    if not parts:
        return parts
    last = _split_top(parts[-1], _AND_RE)
    if len(last) == 2 and (len(parts) > 1 or all(p[:1].isupper() or p[:1].isdigit() for p in last)):
        return parts[:-1] + last
    return parts


def _unglue(name: str) -> list[str]:
    """Split names run together by a broken export, when every piece is a known member."""
    if " " in name and "(" not in name and len(name) < 30:
        return [name]
    low = name.lower()
    if low in _KNOWN_SET:
        return [name]
    pieces = _segment(name, low, 0, {})
    return pieces if pieces and len(pieces) > 1 else [name]


def _segment(name: str, low: str, i: int, memo: dict[int, list[str] | None]):
    if i == len(low):
        return []
    if i in memo:
        return memo[i]
    memo[i] = None
    for known in _KNOWN_LOWER:
        if low.startswith(known, i):
            j = i + len(known)
            while j < len(low) and low[j] == " ":
                j += 1
            rest = _segment(name, low, j, memo)
            if rest is not None:
                memo[i] = [name[i : i + len(known)], *rest]
                break
    return memo[i]


_CAMEL_RE = re.compile(r"[a-z)][A-Z]")


def _glued(name: str) -> bool:
    return len(name) > 20 and len(_CAMEL_RE.findall(name)) >= 3


# --------------------------------------------------------------------------- votes

_UNITS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | dict(_TENS) | {"none": 0, "no": 0}
for _t, _v in _TENS.items():
    for _i, _u in enumerate(_UNITS[1:10], 1):
        _NUMBER_WORDS[f"{_t}-{_u}"] = _v + _i
        _NUMBER_WORDS[f"{_t} {_u}"] = _v + _i
_UNIT_ALT = "one|two|three|four|five|six|seven|eight|nine"
_NUM = (
    r"(?:\d{1,3}(?![\d%])|(?:twenty|thirty|forty|fifty)(?:[- ](?:" + _UNIT_ALT + r"))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|zero"
    r"|none|no|" + _UNIT_ALT + r")\b(?:\s*\(\d{1,3}\))?"
)
_CLASS_WORDS = {
    "issuer": "issuer",
    "issuers": "issuer",
    "ca": "issuer",
    "cas": "issuer",
    "consumer": "consumer",
    "consumers": "consumer",
    "browser": "consumer",
    "browsers": "consumer",
}
_CHOICE_WORDS = {
    "yes": "yes",
    "yeas": "yes",
    "yea": "yes",
    "favor": "yes",
    "favour": "yes",
    "no": "no",
    "nays": "no",
    "nay": "no",
    "against": "no",
    "abstain": "abstain",
    "abstains": "abstain",
    "abstained": "abstain",
    "abstaining": "abstain",
    "abstention": "abstain",
    "abstentions": "abstain",
}
_FILLERS = frozenset(
    (
        "votes",
        "vote",
        "voting",
        "voted",
        "to",
        "in",
        "by",
        "from",
        "the",
        "were",
        "was",
        "received",
        "cast",
        "there",
        "total",
        "with",
        "of",
        "members",
        "member",
        "category",
        "categories",
        "certificate",
        "certificates",
        "count",
        "tally",
        "a",
        "an",
        "for",
        "organizations",
        "organisations",
        "companies",
        "have",
        "has",
        "been",
    )
) | set("()-–—,.;/")
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?%|\d+|[A-Za-z]+(?:[-'][A-Za-z]+)*|\S")
_NO_ABST_RE = re.compile(r",?\s*(?:with\s+)?(?:no|zero|0)\s+abstentions?", re.I)
_INCL_ABST_RE = re.compile(
    r",?\s*\(?(?:including|incl\.?|excluding|not\s+including)\s+"
    r"abstentions?\)?",
    re.I,
)
_CLASS_RE = r"(?:certificate\s+)?(?:issuers?|consumers?|browsers?|cas?)\b"
_CHOICE_RE = r"(?:yes|no|abstain|abstentions?|abstaining|abstained|against|in\s+favou?r)"
_PROSE_HEAD_RE = re.compile(
    rf"(?P<count>{_NUM})\s+[\"“”']?(?P<choice>{_CHOICE_RE})[\"“”']?\s+votes?\s+(?:were\s+|was\s+)?"
    rf"(?:received\s+|cast\s+)?(?:from|by)\s+(?:the\s+)?(?P<cls>{_CLASS_RE})"
    r"(?:\s+members?)?\s*:?\s*",
    re.I,
)
_PROSE_HINT_RE = re.compile(
    r"votes?\s+(?:were\s+|was\s+)?(?:received\s+|cast\s+)?(?:from|by)\b", re.I
)
_PAIR_RE = re.compile(
    rf"(?<![\w.])(?P<count>{_NUM})\s+(?:(?P<cls>{_CLASS_RE})\s+)?(?:members?\s+)?"
    rf"(?:(?:votes?|voted|voting)\s+)?(?:to\s+)?(?P<choice>{_CHOICE_RE})(?:\s+votes?)?\b",
    re.I,
)
_CHOICE_HINT_RE = re.compile(r"yes|no\b|abst|favo|against", re.I)
_CLASS_MENTION_RE = re.compile(rf"\b{_CLASS_RE}", re.I)
_RULE_WORDS_RE = re.compile(r"two[- ]thirds|2/3|50\s?%|fifty|at least|requires?|must\b", re.I)
_COUNT_REST_RE = re.compile(
    rf"^\s*(?P<count>{_NUM})\b\s*(?:votes?)?\s*(?P<sep>[-–:(,]?)\s*(?P<rest>.*?)\)?$", re.I
)
_WORD_RE = re.compile(r"[a-z]+")
_HINT_RE = re.compile(
    r"\b(?:yes|yeas?|no|nays?|abstain\w*|abstention\w*|favou?r|against|issuers?|consumers?"
    r"|browsers?|cas?|total|votes)\b"
)
_LABEL_SPLIT_RE = re.compile(r"\s+[-–—]\s+")


@dataclass
class _Label:
    count: int | None = None
    cls: str | None = None
    choice: str | None = None
    total: bool = False
    no_abstentions: bool = False


_PAREN_NUM_RE = re.compile(r"\s*\(\d+\)$")


def _number(word: str) -> int | None:
    word = word.strip().lower()
    if word.endswith(")"):
        word = _PAREN_NUM_RE.sub("", word)
    if word.isdecimal():
        return int(word)
    return _NUMBER_WORDS.get(word.replace(" ", "-")) if word else None


def _read_label(label: str) -> _Label | None:
    """A vote label such as '15 Issuers voting YES' or 'Voting by CAs - 19 votes total'."""
    if "bstention" in label:
        lab = _Label(no_abstentions=bool(_NO_ABST_RE.search(label)))
        text = _INCL_ABST_RE.sub(" ", _NO_ABST_RE.sub(" ", label))
    else:
        lab, text = _Label(), label
    toks = _TOKEN_RE.findall(text)
    if not toks or len(toks) > 14:
        return None
    for i, tok in enumerate(toks):
        low = tok.lower()
        nxt = toks[i + 1].lower() if i + 1 < len(toks) else ""
        if (low == "no" and nxt in _CHOICE_WORDS) or low in ("none", "zero") or tok.isdecimal():
            value = 0 if not tok.isdecimal() else int(tok)
            if lab.count is not None and lab.count != value:
                return None
            lab.count = value
        elif low in _NUMBER_WORDS and low != "no":
            if lab.count is not None and lab.count != _NUMBER_WORDS[low]:
                return None
            lab.count = _NUMBER_WORDS[low]
        elif low in _CHOICE_WORDS:
            if lab.choice and lab.choice != _CHOICE_WORDS[low]:
                return None
            lab.choice = _CHOICE_WORDS[low]
        elif low in _CLASS_WORDS:
            if lab.cls and lab.cls != _CLASS_WORDS[low]:
                return None
            lab.cls = _CLASS_WORDS[low]
        elif low == "total":
            lab.total = True
        elif low not in _FILLERS:
            return None
    if lab.choice or lab.cls or (lab.total and lab.count is not None):
        return lab
    return None


def _vote_line(text: str) -> tuple[_Label, str] | None:
    """(label, names text) for a line like '- 15 Issuers voting YES: A, B' or '0 No votes'."""
    text = _BULLET_RE.sub("", text)
    if ":" in text:
        label, rest = text.split(":", 1)
        lab = _read_label(label) if len(label) < 100 else None
        if lab is not None:
            return lab, rest.strip()
    if len(text) > 100:
        return None
    parts = _LABEL_SPLIT_RE.split(text, maxsplit=1)
    if len(parts) == 2:
        lab = _read_label(parts[0])
        if lab is not None and lab.choice:
            return lab, parts[1].strip()
    lab = _read_label(text)
    return (lab, "") if lab is not None else None


@dataclass
class _Tally:
    """What a ballot's text says about its votes."""

    votes: list[ParsedVote] = field(default_factory=list)
    counts: dict[tuple[str | None, str], tuple[int, int]] = field(default_factory=dict)
    totals: dict[str | None, tuple[int, int]] = field(default_factory=dict)
    listed: dict[tuple[str | None, str], int] = field(default_factory=dict)
    percents: dict[str, Fraction] = field(default_factory=dict)
    seen: dict[tuple[str, str | None], ParsedVote] = field(default_factory=dict)


def _state_count(tally, cls, choice, count, no, path, warnings):
    key = (cls, choice)
    old = tally.counts.get(key)
    if old is not None and old[0] != count:
        who = f"{cls or 'all'} {choice}"
        warnings.append(Problem(path, f"{who} stated as {old[0]} and as {count}", no))
        return
    if old is None:
        tally.counts[key] = (count, no)


def _add_votes(tally, names, cls, choice, no, path, warnings):
    tally.listed[(cls, choice)] = tally.listed.get((cls, choice), 0) + len(names)
    seen = tally.seen
    for name in names:
        if _glued(name):
            warnings.append(Problem(path, f"names run together, not split: {name!r}", no))
            continue
        old = seen.get((name.casefold(), cls))
        if old is not None:
            if old.choice != choice:
                msg = f"{name} listed as voting {old.choice} and {choice}; kept {old.choice}"
                warnings.append(Problem(path, msg, no))
            continue
        vote = ParsedVote(name, choice, cls, no)  # type: ignore[arg-type]
        seen[(name.casefold(), cls)] = vote
        tally.votes.append(vote)


def _votes_from_lines(lines, skip, tally, path, warnings) -> None:
    cls: str | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        i += 1
        if i - 1 in skip or ln.table or not ln.text:
            continue
        if "%" in ln.text:
            _percent(ln.text, cls, tally)
        glued = _GLUED_CLASS_RE.search(ln.raw) if ln.raw.rstrip().endswith("**") else None
        if glued and not ln.bold:
            # "... results are below.**Certificate Issuers**": the heading for the next lines
            cls = _class_of(glued.group("cls"))
            continue
        hint = _HINT_RE.search(ln.text[:90].lower()) is not None or (
            cls is None and _MIXED_HINT_RE.search(ln.text) is not None
        )
        found = _vote_line(ln.text) if hint else None
        if found is None:
            if _is_heading(ln):
                cls = None
            if hint:
                _prose_votes(ln, cls, tally, path, warnings)
            continue
        lab, rest = found
        if lab.choice is None:
            cls = lab.cls or cls
            if rest:
                _prose_pairs(ln, cls, tally, path, warnings)
            if lab.count is not None:
                tally.totals.setdefault(cls, (lab.count, ln.no))
            if lab.no_abstentions:
                _state_count(tally, cls, "abstain", 0, ln.no, path, warnings)
            continue
        i = _choice_line(lines, i, skip, lab, rest, lab.cls or cls, tally, path, warnings)


_GLUED_CLASS_RE = re.compile(
    rf"\S\s*\*\*(?P<cls>(?:voting\s+by\s+)?{_CLASS_RE})\s*:?\*\*\s*$", re.I
)
_CLASS_GROUP_RE = re.compile(
    rf"(?P<count>{_NUM})\s+(?P<cls>{_CLASS_RE})(?:\s+members?)?\s*\((?P<names>[^()]*)\)", re.I
)


def _class_groups(rest, choice, no, tally, path, warnings) -> bool:
    """'Yes: 12 CAs (A, B, ...) and 3 browsers (C, D, E)': names per class in one line."""
    groups = list(_CLASS_GROUP_RE.finditer(rest)) if "(" in rest else []
    for m in groups:
        cls, count = _class_of(m.group("cls")), _number(m.group("count"))
        if count is not None:
            _state_count(tally, cls, choice, count, no, path, warnings)
        _add_votes(tally, _split_orgs(m.group("names"), count), cls, choice, no, path, warnings)
    return bool(groups)


def _choice_line(lines, i, skip, lab, rest, cls, tally, path, warnings) -> int:
    ln = lines[i - 1]
    if lab.cls is None and _class_groups(rest, lab.choice, ln.no, tally, path, warnings):
        return i
    count = lab.count
    if count is None and _NONE_RE.match(rest.strip()):
        count = 0
    if count is None and rest:
        m = _COUNT_REST_RE.match(rest)
        explicit = m and (rest[:1].isdigit() or m.group("sep") or not m.group("rest"))
        if explicit and _number(m.group("count")) is not None:
            count, rest = _number(m.group("count")), m.group("rest")
    while rest.rstrip().endswith((",", " and")) and i < len(lines) and lines[i].text:
        if i in skip or _vote_line(lines[i].text):
            break
        rest, i = f"{rest} {lines[i].text}", i + 1
    if not rest and count and i < len(lines):
        rest, i = _names_below(lines, i, skip, count)
    if count is not None:
        _state_count(tally, cls, lab.choice, count, ln.no, path, warnings)
    names = _split_orgs(rest, count)
    _add_votes(tally, names, cls, lab.choice, ln.no, path, warnings)
    return i


def _names_below(lines, i, skip, count) -> tuple[str, int]:
    """Names listed one per bullet under a choice line ('Yes votes:' then '- A', '- B')."""
    names: list[str] = []
    j = i
    while j < len(lines) and not lines[j].text and j - i < 2:
        j += 1
    while j < len(lines) and lines[j].bullet and j not in skip and len(names) < count:
        if _vote_line(lines[j].text) or _HAS_DIGIT_RE.search(lines[j].text):
            break
        names.append(lines[j].text)
        j += 1
    return (", ".join(names), j) if names else ("", i)


_PERCENT_RE = re.compile(
    rf"(?P<pct>\d{{1,3}}(?:\.\d+)?)\s*%\s+(?:of\s+(?:the\s+)?(?:voting\s+|votes\s+(?:cast\s+)?"
    rf"(?:by\s+)?(?:the\s+)?)?(?P<cls>{_CLASS_RE})|(?:yes|in\s+favou?r))",
    re.I,
)


def _percent(text: str, cls: str | None, tally: _Tally) -> None:
    for m in _PERCENT_RE.finditer(text):
        which = _CLASS_WORDS.get(m.group("cls").split()[-1].lower()) if m.group("cls") else cls
        if which and which not in tally.percents:
            tally.percents[which] = Fraction(m.group("pct"))


_TRAILING_AND_RE = re.compile(r"\s+and\s*$")
_NAMES_END_RE = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")


def _prose_votes(ln: _Line, cls, tally, path, warnings) -> None:
    text = ln.text
    low = text.lower()
    if (
        "vot" not in low
        and "abstention" not in low
        and "abstained" not in low
        and not _CLASS_DASH_RE.match(text)  # "Browsers – 5 yes, 0 no, 0 abstain"
    ):
        return
    heads = list(_PROSE_HEAD_RE.finditer(text)) if _PROSE_HINT_RE.search(text) else []
    if heads:
        for k, m in enumerate(heads):
            end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
            names = _TRAILING_AND_RE.sub("", text[m.end() : end].strip()).strip()
            if names.startswith("(") and ")" in names:  # '6 “yes” votes from CAs (A, B, C)'
                names = names[1 : names.index(")")]
            names = _NAMES_END_RE.split(names)[0]
            c = _CLASS_WORDS[m.group("cls").split()[-1].lower()]
            choice = _CHOICE_WORDS[m.group("choice").split()[-1].lower()]
            count = _number(m.group("count"))
            if count is not None:
                _state_count(tally, c, choice, count, ln.no, path, warnings)
            _add_votes(tally, _split_orgs(names, count), c, choice, ln.no, path, warnings)
        return
    if cls is None and _mixed_prose(ln, tally, path, warnings):
        return
    _prose_pairs(ln, cls, tally, path, warnings)


# Older posts list the voters of both classes in one sentence, with no class:
#   "Seventeen voted in favor – Buypass, Comodo, ..., Google, Microsoft, Opera, and Mozilla."
#   "The Chair received “yes” votes from ANF, ..., and WoSign."  "We received votes in favor
#   from ..."  "Voting in favor were: ..."  "“Yes” votes were cast by ..."  "“No” votes by: ..."
#   "Abstentions were submitted by ..."  "Actalis, Izenpe and Symantec abstained."
#   "Comodo and Google voted “no.”"
# Each voter's class is assigned later, from its membership (``posts.store``).
_Q = r"[\"“”']?"
_MIXED_HEAD_RES = (
    re.compile(
        rf"(?:(?P<count>{_NUM})\s+)?voted\s+(?:in\s+favou?r|(?P<q>{_Q}(?P<c>yes|no){_Q}))"
        r"\s*(?:[-–—:]|,)\s*",
        re.I,
    ),
    re.compile(
        rf"received\s+(?:(?P<count>{_NUM})\s+)?{_Q}(?P<c>yes|no){_Q}\s+votes?\s+from\s*:?\s*",
        re.I,
    ),
    re.compile(r"received\s+votes\s+in\s+favou?r\s+from\s*:?\s*", re.I),
    re.compile(r"voting\s+in\s+favou?r\s+were\s*:?\s*", re.I),
    re.compile(
        rf"{_Q}(?P<c>yes|no){_Q}\s+votes\s+(?:were\s+(?:cast|submitted)\s+)?(?:by|from)\s*:?\s*",
        re.I,
    ),
    re.compile(r"abstentions\s+were\s+(?:cast|submitted|received)\s+(?:by|from)\s*:?\s*", re.I),
)
_MIXED_TAIL_RE = re.compile(
    rf"^(?P<names>[A-Z0-9][^.;:]*?)\s+(?:(?P<a>abstained)|voted\s+{_Q}(?P<c>no|yes)\b)", re.I
)
_CLASS_DASH_RE = re.compile(rf"\W*{_CLASS_RE}\s*[-–—:]", re.I)
_MIXED_HINT_RE = re.compile(r"\bvot(?:ed|ing)\s+in\s+favou?r\b|\bvotes\s+from\b", re.I)
_CLASS_START_RE = re.compile(rf"(?:the\s+)?{_CLASS_RE}", re.I)
_NONE_OPPOSED_RE = re.compile(
    r"\b(?:there\s+were\s+)?no\s+abstentions\s+and\s+none\s+opposed\b", re.I
)


def _mixed_choice(m: re.Match[str]) -> str:
    text = m.group(0).lower()
    if "abstention" in text or (m.groupdict().get("a")):
        return "abstain"
    c = m.groupdict().get("c")
    return _CHOICE_WORDS[c.lower()] if c else "yes"


def _mixed_prose(ln: _Line, tally, path, warnings) -> bool:
    """Votes of both classes listed in prose with no class (see above). True if any read."""
    read = False
    for sentence in _sentences(ln.text):
        for pattern in _MIXED_HEAD_RES:
            m = pattern.search(sentence)
            if m is None:
                continue
            names = _TRAILING_AND_RE.sub("", sentence[m.end() :].strip()).strip()
            if (
                _CLASS_START_RE.match(names)
                or _CLASS_MENTION_RE.search(sentence[: m.start()])
                or names[:1].isdigit()
            ):
                break  # "13 YES votes from CAs", "17 CAs voted YES, 1 voted NO": per class
            count = _number(m.group("count")) if m.groupdict().get("count") else None
            choice = _mixed_choice(m)
            if count is not None:
                _state_count(tally, None, choice, count, ln.no, path, warnings)
            listed = _split_orgs(names, count)
            _add_votes(tally, listed, None, choice, ln.no, path, warnings)
            read = read or bool(listed)
            break
        else:
            m = _MIXED_TAIL_RE.match(sentence.strip())
            if m and not _CLASS_MENTION_RE.search(m.group("names")):
                listed = _split_orgs(m.group("names"))
                _add_votes(tally, listed, None, _mixed_choice(m), ln.no, path, warnings)
                read = read or bool(listed)
        if _NONE_OPPOSED_RE.search(sentence) and read:
            _state_count(tally, None, "no", 0, ln.no, path, warnings)
            _state_count(tally, None, "abstain", 0, ln.no, path, warnings)
    return read


def _prose_pairs(ln: _Line, cls, tally, path, warnings) -> None:
    """Counts without names: 'From the CAs, we received 19 YES votes, 0 NO votes ...'."""
    text = ln.text
    if _RULE_WORDS_RE.search(text):
        return
    for sentence in _sentences(text):
        pairs = list(_PAIR_RE.finditer(sentence)) if _CHOICE_HINT_RE.search(sentence) else []
        if not pairs:
            continue
        named = {_class_of(m.group(0)) for m in _CLASS_MENTION_RE.finditer(sentence)}
        default = named.pop() if len(named) == 1 else (None if named else cls)
        for m in pairs:
            c = _class_of(m.group("cls")) if m.group("cls") else default
            choice = _CHOICE_WORDS[m.group("choice").split()[-1].lower()]
            count = _number(m.group("count"))
            if count is not None:
                _state_count(tally, c, choice, count, ln.no, path, warnings)


def _votes_from_tables(lines, skip, tally, path, warnings) -> None:
    blocks: dict[int, list[_Line]] = {}
    for i, ln in enumerate(lines):
        if ln.table and i not in skip:
            blocks.setdefault(ln.table, []).append(ln)
    for block in blocks.values():
        _vote_table(block, tally, path, warnings)


def _vote_table(block: list[_Line], tally, path, warnings) -> None:
    """A vote table, well formed or with cells spread over lines by a broken export."""
    rows = [ln for ln in block if ln.row]
    if not rows:
        return
    joined = "\n".join(ln.row for ln in rows)
    starts = list(itertools.accumulate((len(ln.row) + 1 for ln in rows[:-1]), initial=0))
    cells: list[tuple[str, int]] = []
    pos = 0
    for part in joined.split("|"):
        at = pos + len(part) - len(part.lstrip())
        cells.append((_clean(part), rows[bisect.bisect_right(starts, at) - 1].no))
        pos += len(part) + 1
    words = [_cell_kind(c) for c, _ in cells]
    for head, other in (("choice", "class"), ("class", "choice")):
        order = _header_run(words, head)
        if len(order) < 2:
            continue
        k = len(order)
        for i, (kind, value) in enumerate(words):
            if kind != other:
                continue
            row = cells[i + 1 : i + 1 + k]
            for (head_value), (text, no) in zip(order, row, strict=False):
                cls, choice = (value, head_value) if head == "choice" else (head_value, value)
                _table_cell(text, cls, choice, no, tally, path, warnings)
        return


_CELL_TRIM_RE = re.compile(r"\s*\(.*\)$|\s+votes?$")
_CLASS_CELL_RE = re.compile(rf"(?:voting\s+)?{_CLASS_RE}(?:\s+members?)?")


def _cell_kind(text: str) -> tuple[str, str | None]:
    low = text.lower().strip(" :")
    if len(low) > 40:
        return "", None
    low = _CELL_TRIM_RE.sub("", low)
    if low in ("yes", "no", "abstain", "abstentions", "abstention", "in favor", "against"):
        return "choice", _CHOICE_WORDS[low.split()[-1]]
    m = _CLASS_CELL_RE.fullmatch(low)
    if m:
        return "class", _class_of(low)
    return "", None


def _class_of(text: str) -> str | None:
    for word in reversed(_WORD_RE.findall(text.lower())):
        if word in _CLASS_WORDS:
            return _CLASS_WORDS[word]
    return None


def _header_run(words: list[tuple[str, str | None]], kind: str) -> list[str]:
    """The first run of consecutive header cells of ``kind`` (e.g. Yes | No | Abstain)."""
    run: list[str] = []
    for w, value in words:
        if w == kind and value not in run:
            run.append(value)  # type: ignore[arg-type]
        elif run:
            if len(run) >= 2:
                return run
            run = []
    return run


_COUNT_CELL_RE = re.compile(rf"(?P<count>{_NUM})(?:\s*[-–:(]\s*(?P<rest>.*?)\)?)?", re.I)


def _table_cell(text, cls, choice, no, tally, path, warnings) -> None:
    m = _COUNT_CELL_RE.fullmatch(text)
    count = None
    if m and _number(m.group("count")) is not None:
        count, text = _number(m.group("count")), m.group("rest") or ""
        _state_count(tally, cls, choice, count, no, path, warnings)
    _add_votes(tally, _split_orgs(text, count), cls, choice, no, path, warnings)


# --------------------------------------------------------------------------- stated results

_QUORUM_RE = re.compile(
    rf"quorum\s*(?:(?:requirement|figure)\s+)?(?:(?:was|is|of|will\s+be)\s+(?:currently\s+|therefore\s+)?"
    rf"(?:set\s+(?:at|to)\s+)?|:\s*|=\s*)(?P<n>{_NUM})(?!\s*%)",
    re.I,
)
_NOT_COUNTED_HINT_RE = re.compile(r"counted|disqualified|wrong\s+list", re.I)
_NOT_COUNTED_RE = re.compile(
    r"\bnot\s+(?:be\s+)?counted\b|\bdisqualified\b|\bsent\s+to\s+the\s+wrong\s+list\b", re.I
)
# The ballot's own rules ("Unclear responses will not be counted", "Votes to abstain are not
# counted for this purpose"), not votes that were set aside.
_RULE_TEXT_RE = re.compile(
    r"unclear\s+responses|votes\s+to\s+abstain|votes\s+not\s+submitted|for\s+any\s+purpose"
    r"|so\s+it\s+is\b",
    re.I,
)
_STANDING_QUORUM_RE = re.compile(r"\bcurrently\b", re.I)
_AT_LEAST_RE = re.compile(rf"at\s+least\s+(?P<n>{_NUM})\s+members\s+must\s+participate", re.I)
_PARTICIPANTS_RES = (
    re.compile(
        r"(?P<after>votes?\s+(?:\(including\s+abstentions\)\s+)?(?:were|was)\s+(?:received|cast))",
        re.I,
    ),
    re.compile(r"(?P<after>members?\s+(?:took\s+part|participated))", re.I),
    re.compile(rf"votes\s+cast\s*(?:\(including\s+abstentions\))?\s*:\s*(?P<n>{_NUM})", re.I),
)
_NUM_AT_END_RE = re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s+(?:voting\s+)?$", re.I)
_CLAIM_RE = re.compile(
    r"requirements?\s+(?:was|were|is|has\s+been)\s+(?:also\s+)?(?P<neg>not\s+)?met\b"
    r"(?P<tail>[^.;\n]*)"
    r"|quorum\s+(?:was|is|has\s+been)\s+(?P<qneg>not\s+)?(?:met|reached|achieved)\b"
    r"|quorum\s+met\s*:?\s*(?P<qans>yes|no)\b",
    re.I,
)
_FOR_CLASS_RE = re.compile(r"(?P<neg>\bnot\s+)?met\s+for\s+(?:both\s+)?", re.I)
_OUTCOME_RE = re.compile(
    r"ballot(?:\s+(?:[A-Z]+[- ]?\d+[\w.-]*|\d+))?\s+(?:has\s+(?:now\s+)?"
    r"(?:been\s+)?|had\s+|was\s+|is\s+(?:hereby\s+)?(?:now\s+)?(?:marked\s+as\s+|considered\s+)?"
    r"|therefore\s+)?(?P<o>passed|passes|failed|fails|withdrawn|adopted|approved|rejected|"
    r"cancell?ed)\b|\((?P<o2>passed|failed|withdrawn)\)"
    r"|ballot(?:\s+(?:[A-Z]+[- ]?\d+[\w.-]*|\d+))?\s+(?:made\s+quorum\s+but\s+)?"
    r"(?P<o3>did\s+not\s+pass)\b|^\W*(?P<o4>failed)\s+quorum\b",
    re.I,
)
_MODAL_RE = re.compile(r"\b(?:may|might|could|would|will|shall|can)\s+(?:be\s+)?$")
_OUTCOME_HINTS = ("pass", "fail", "withdrawn", "adopted", "approved", "rejected", "cancel")
_CONDITIONAL_RE = re.compile(r"\b(?:if|unless|should|once|whether|until|when)\b", re.I)
_OUTCOMES = {
    "passed": "passed",
    "passes": "passed",
    "adopted": "passed",
    "approved": "passed",
    "failed": "failed",
    "fails": "failed",
    "rejected": "failed",
    "withdrawn": "withdrawn",
    "cancelled": "withdrawn",
    "canceled": "withdrawn",
    "did not pass": "failed",
}
_EXCL_NONE_RE = re.compile(
    r"\bno\s+(?:ipr\s+)?exclusion\s+notices?\s+(?:were|was|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:filed|received|submitted)|\bno\s+(?:ipr\s+)?exclusion\s+notices?\s+filed",
    re.I,
)
_EXCL_SOME_RE = re.compile(
    r"(?<!\bno\s)\b(?:an?|one|\d+|two|three|several)\s+(?:ipr\s+)?exclusion\s+notices?\s+"
    r"(?:was|were|has\s+been|have\s+been)\s+(?:filed|received|submitted)",
    re.I,
)


_SENTENCE_END_RE = re.compile(r"[.!?]\s+(?=[A-Z*_(\"“])")


def _sentences(text: str) -> list[str]:
    out, last = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        out.append(text[last : m.start() + 1])
        last = m.end()
    out.append(text[last:])
    return [s for s in out if s.strip()]


def _participants(text: str) -> list[re.Match[str]]:
    found = [m for pattern in _PARTICIPANTS_RES for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: m.start())


def _stated_numbers(texts, stated: StatedResult, path, warnings) -> None:
    standing = None  # "Quorum is currently ten (10) members": the rule of the day, a fallback
    for text, no in texts:
        low = text.lower()
        found = list(_QUORUM_RE.finditer(text)) if "quorum" in low else []
        found += list(_AT_LEAST_RE.finditer(text)) if "participate" in low else []
        for m in found:
            n = _number(m.group("n"))
            if n is None:
                continue
            if m.re is _AT_LEAST_RE or _STANDING_QUORUM_RE.search(m.group(0)):
                standing = n if standing is None else standing
            elif stated.quorum is None:
                stated.quorum = n
            elif n != stated.quorum:
                warnings.append(Problem(path, f"quorum stated as {stated.quorum} and {n}", no))
        hint = any(w in low for w in ("received", "cast", "took part", "participated"))
        for m in _participants(text) if hint else ():
            if "after" in m.groupdict():
                start = m.start()
                before = _NUM_AT_END_RE.search(text[max(0, start - 24) : start])
                n = _number(before.group("n")) if before else None
            else:
                n = _number(m.group("n"))
            if n is not None and stated.participants is None:
                stated.participants = n
        for sentence in _sentences(text) if _NOT_COUNTED_HINT_RE.search(text) else ():
            said = " ".join(sentence.split()).strip(" *_")
            new = said[:300] not in stated.not_counted
            if new and _NOT_COUNTED_RE.search(said) and not _RULE_TEXT_RE.search(said):
                stated.not_counted.append(said[:300])
    if stated.quorum is None and standing is not None:
        # Only the standing figure is given: the quorum in force when the ballot was run.
        stated.quorum = standing


def _claims(texts, claims: dict[str, bool]) -> None:
    """The boilerplate's MET / NOT MET claims, keyed by the rule each refers to."""
    context: list[str] = []
    for text, _no in texts:
        pos = 0
        low = text.lower()
        if "met" not in low and "quorum" not in low:
            context.append(text)
            continue
        for m in _CLAIM_RE.finditer(text):
            before = [text[pos : m.start()], *reversed(context[-2:])]
            pos = m.end()
            context = []
            if m.group("qans") or m.group("qneg") is not None or "quorum" in m.group(0).lower():
                met = (m.group("qans") or "yes").lower() == "yes" and not m.group("qneg")
                claims.setdefault("quorum", met)
                continue
            _claim(before, not m.group("neg"), m.group("tail"), claims)
        context.append(text[pos:])


def _claim(before: list[str], met: bool, tail: str, claims: dict[str, bool]) -> None:
    """Record one MET / NOT MET claim; the nearest text naming a rule says which rule."""
    per_class = _per_class(tail, met)
    low = next((t.lower() for t in before if _RULE_RE.search(t)), "")
    thirds = bool(_THIRDS_RE.search(low))
    half = bool(_HALF_RE.search(low))
    if not (thirds or half) and _AT_LEAST_ONE_RE.search(low):
        claims.setdefault("one_yes_each_class", met if not per_class else all(per_class.values()))
    elif not (thirds or half) and _QUORUM_WORDS_RE.search(low):
        claims.setdefault("quorum", met)
    elif thirds and not half:
        claims.setdefault("issuer_threshold", met)
    elif half and not thirds:
        claims.setdefault("consumer_threshold", met)
    elif thirds and half:
        for key, value in (per_class or {"issuer": met, "consumer": met}).items():
            claims.setdefault(f"{key}_threshold", value)
    elif per_class:
        for key, value in per_class.items():
            claims.setdefault(f"{key}_threshold", value)


_THIRDS_RE = re.compile(r"two[-‐‑ ]thirds|2/3")
_HALF_RE = re.compile(r"50\s?%|fifty\s+percent|more\s+than\s+half\s+of\s+the\s+votes")
_AT_LEAST_ONE_RE = re.compile(r"at\s+least\s+one\b|at\s+least\s+1\b|one\s+\(1\)")
_QUORUM_WORDS_RE = re.compile(r"quorum|currently\s+active|participated")
_RULE_RE = re.compile(
    r"two[-‐‑ ]thirds|2/3|50\s?%|fifty\s+percent|at\s+least\s+one|one\s+\(1\)|quorum"
    r"|currently\s+active|participated|more\s+than\s+half",
    re.I,
)


def _per_class(tail: str, met: bool) -> dict[str, bool]:
    """{'issuer': True, 'consumer': False} from 'for CAs but was not met for browsers'."""
    out: dict[str, bool] = {}
    text = ("met " if met else "not met ") + tail.strip()
    marks = list(_FOR_CLASS_RE.finditer(text))
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        words = set(_WORD_RE.findall(text[m.end() : end].lower()))
        for word, cls in _CLASS_WORDS.items():
            if word in words:
                out.setdefault(cls, not m.group("neg"))
    return out


# --------------------------------------------------------------------------- dates

_PHASE_RE = re.compile(
    r"^(?:the\s+)?(?P<exp>expected\s+|proposed\s+|tentative\s+)?(?P<phase>discussion|vote\s+for"
    r"\s+approval|voting|vote|ipr\s+review|ip\s+rights\s+review|review)(?:\s+period)?\b(?P<rest>.*)$",
    re.I,
)
_SE_RE = re.compile(
    r"^(?P<se>start|end|begins?|ends?|opens?|closes?|from|to|until)(?:\s+(?:time|date))?"
    r"(?:\s+of\s+(?:the\s+)?(?P<phase>discussion|voting|vote|ipr\s+review|ip\s+rights\s+review"
    r"|review)(?:\s+period)?)?\s*(?:\((?P<paren>[^)]*)\))?\s*(?:[:|]\s*|\s+(?=\S)|$)(?P<rest>.*)$",
    re.I,
)
_HEADER_TIME_RE = re.compile(
    r"start\s+time\s*\((?P<st>[^)]*\d[^)]*)\)(?:.*?end\s+time\s*\((?P<et>[^)]*\d[^)]*)\))?"
    r"|start\s*/\s*end\s+time\s*[:|]\s*(?P<both>.*\d.*)",
    re.I,
)
_HAS_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_OLD_REVIEW_RE = re.compile(
    r"review\s+period\s+for\s+this\s+ballot\s+(?:shall|will)\s+commence", re.I
)
_VOTING_PROSE_RE = re.compile(
    r"\bvot(?:ing|e)\b(?:\s+period)?[^.]*?\b(?P<verb>begins?|starts?|opens?|commences?|will\s+start"
    r"|will\s+begin|runs?\s+through|ends?|closes?|will\s+close|will\s+end)\b",
    re.I,
)
_REVIEW_PROSE_RE = re.compile(
    r"\b(?:ipr|ip\s+rights|intellectual\s+property)?\s*review\s+period\s+(?:ended|ends|will\s+end"
    r"|closes|closed|will\s+close|expires|expired)\b",
    re.I,
)
_EFFECTIVE_RE = re.compile(
    r"(?:\bis\s+adopted\s+(?:as\s+of|on)|\badopted\s+as\s+of|\beffective\s+date\s+(?:being|is|of|"
    r"will\s+be|:)|\b(?:took|takes|take)\s+effect\s+(?:on|as\s+of)?|\bbecomes?\s+effective\s+"
    r"(?:on|as\s+of)|\beffective\s+(?:on|as\s+of))\s*:?\s*",
    re.I,
)
_FIELDS = {
    "discussion": ("discussion_start", "discussion_end"),
    "voting": ("voting_start", "voting_end"),
    "review": ("review_start", "review_end"),
}


def _phase_name(word: str) -> str:
    word = word.lower()
    if word.startswith("discussion"):
        return "discussion"
    if "review" in word:
        return "review"
    return "voting"


@dataclass
class _Dates:
    found: dict[str, tuple[int, ParsedDate]] = field(default_factory=dict)

    def put(self, name, value, prio, path, warnings) -> None:
        if value is None:
            return
        old = self.found.get(name)
        if old is None or prio < old[0]:
            if old is not None and abs(old[1].value - value.value) > dt.timedelta(days=1):
                _differs(name, value, old[1], path, warnings)
            self.found[name] = (prio, value)
        elif abs(old[1].value - value.value) > dt.timedelta(days=1):
            _differs(name, old[1], value, path, warnings)


def _differs(name: str, kept: ParsedDate, other: ParsedDate, path, warnings) -> None:
    what = name.replace("_", " ")
    msg = f"{what} stated as {kept.text!r} and as {other.text!r}; kept {kept.text!r}"
    warnings.append(Problem(path, msg, other.line))


def _dates(lines, skip, path, warnings) -> _Dates:
    out = _Dates()
    phase, expected, header, pending = None, False, (None, None), None
    for i, ln in enumerate(lines):
        if i in skip or not ln.text:
            continue
        if pending and _bare_date(ln.text):
            notes = D.DateNotes()
            end = pending.endswith("_end")
            value = _complete(D.find_dates(ln.text, ln.no, notes)[0], header[end], expected, notes)
            out.put(pending, value, 1, path, warnings)
            pending = None
            continue
        pending = None
        notes = D.DateNotes()
        text = ln.text
        low = text.lower()
        h = _HEADER_TIME_RE.search(text) if "time" in low else None
        if h:
            start_time = h.group("st") or h.group("both")
            header = (start_time, h.group("et") or start_time)
        first = low[:1]
        p = _PHASE_RE.match(text) if first in "dveirpt" else None
        se = _SE_RE.match(text) if first in "sebocftu" else None
        if "review period for this ballot" in low and _OLD_REVIEW_RE.search(text):
            _old_review(text, ln.no, out, path, warnings, notes)
        elif p and _phase_label(p.group("rest"), text) and not se:
            phase, expected = _phase_name(p.group("phase")), bool(p.group("exp"))
            found = D.find_dates(p.group("rest"), ln.no, notes)
            if found and not h:
                _phase_dates(out, phase, found, expected, header, path, warnings, notes)
        elif se and (se.group("phase") or phase):
            which = _phase_name(se.group("phase")) if se.group("phase") else phase
            found = D.find_dates(se.group("rest") + " " + (se.group("paren") or ""), ln.no, notes)
            end = se.group("se").lower().startswith(("end", "clos", "to", "until"))
            if found:
                value = _complete(found[0], header[1 if end else 0], expected, notes)
                out.put(_FIELDS[which][1 if end else 0], value, 1, path, warnings)
            elif not se.group("rest").strip(" |:"):
                pending = _FIELDS[which][1 if end else 0]
        elif _is_heading(ln) and not h:
            phase = None
        elif not _HAS_DIGIT_RE.search(text):
            continue
        elif phase and not h and _bare_date(text):
            found = D.find_dates(text, ln.no, notes)
            start, end = _FIELDS[phase]
            target = end if start in out.found else start
            value = _complete(found[0], header[target == end], expected, notes)
            out.put(target, value, 1, path, warnings)
        else:
            _prose_dates(text, ln.no, out, path, warnings, notes)
        for note in notes.notes:
            warnings.append(Problem(path, note, ln.no))
    return out


_LONG_WORD_RE = re.compile(r"[A-Za-z]{3,}")


def _phase_label(rest: str, text: str) -> bool:
    """'Discussion (7 days)', 'Vote for approval: ...' rather than a sentence about voting."""
    rest = rest.lstrip()
    return len(text) < 70 or rest[:1] in ("(", ":", "|", "-", "–") or bool(_YEAR_RE.match(rest))


def _bare_date(text: str) -> bool:
    found = D.find_dates(text)
    if len(found) != 1:
        return False
    rest = text.replace(found[0].text, " ")
    return len(_LONG_WORD_RE.findall(rest)) <= 1


def _complete(value: ParsedDate, time_text: str | None, expected: bool, notes) -> ParsedDate:
    if time_text and value.date_only:
        value = D.with_time(value, time_text, notes)
    if expected and value.hedge is None:
        value = ParsedDate(
            value.value, value.text, value.zone, value.date_only, "expected", value.line
        )
    return value


def _phase_dates(out, phase, found, expected, header, path, warnings, notes) -> None:
    start, end = _FIELDS[phase]
    out.put(start, _complete(found[0], header[0], expected, notes), 1, path, warnings)
    if len(found) > 1:
        out.put(end, _complete(found[1], header[1], expected, notes), 1, path, warnings)


def _prose_dates(text, no, out, path, warnings, notes) -> None:
    if not _YEAR_RE.search(text):
        return
    if _OLD_REVIEW_RE.search(text):
        _old_review(text, no, out, path, warnings, notes)
        return
    low = text.lower()
    if "review" not in low and "vot" not in low:
        return
    for sentence in _sentences(text):
        if _CONDITIONAL_RE.match(sentence.strip()):
            continue
        m = _REVIEW_PROSE_RE.search(sentence) if "review" in sentence.lower() else None
        if m:
            found = D.find_dates(sentence[m.end() :], no, notes)
            if found:
                out.put("review_end", found[0], 2, path, warnings)
            continue
        m = _VOTING_PROSE_RE.search(sentence) if "vot" in sentence.lower() else None
        if m:
            found = D.find_dates(sentence[m.start() :], no, notes)
            if len(found) >= 2:
                out.put("voting_start", found[0], 2, path, warnings)
                out.put("voting_end", found[1], 2, path, warnings)
            elif found:
                verb = m.group("verb").lower()
                is_end = verb.startswith(("run", "end", "clos", "will close", "will end"))
                out.put("voting_end" if is_end else "voting_start", found[0], 2, path, warnings)


_VOTING_PERIOD_RE = re.compile(r"\bvoting\s+period\b", re.I)
_IMMEDIATELY_RE = re.compile(r"commence\s+immediately", re.I)
_THEREAFTER_RE = re.compile(r"immediately\s+thereafter", re.I)


def _old_review(text, no, out, path, warnings, notes) -> None:
    """Before 2018 'the review period for this ballot' was the discussion period."""
    parts = _VOTING_PERIOD_RE.split(text, maxsplit=1)
    found = D.find_dates(parts[0], no, notes)
    if _IMMEDIATELY_RE.search(parts[0]) and found:
        out.put("discussion_end", found[0], 1, path, warnings)
    elif found:
        out.put("discussion_start", found[0], 1, path, warnings)
        if len(found) > 1:
            out.put("discussion_end", found[1], 1, path, warnings)
    if len(parts) > 1:
        later = D.find_dates(parts[1], no, notes)
        if _THEREAFTER_RE.search(parts[1]) and "discussion_end" in out.found:
            out.put("voting_start", out.found["discussion_end"][1], 1, path, warnings)
        if later:
            out.put("voting_end", later[-1], 1, path, warnings)


# --------------------------------------------------------------------------- ballot type

_TYPE_RES = (
    (
        re.compile(
            r"not\s+a\s+(?:ballot\s+for\s+a\s+)?(?:draft\s+)?(?:final\s+)?(?:maintenance\s+)?"
            r"guideline|there\s+is\s+no\s+(?:ipr\s+)?review\s+period|\bspecial\s+ballot\b|does\s+not"
            r"\s+propose\s+(?:a|any)\s+(?:final|draft)",
            re.I,
        ),
        "other",
    ),
    (
        re.compile(r"(?:final|draft)\s+maintenance\s+guidelines?", re.I),
        "final_maintenance_guideline",
    ),
    (re.compile(r"(?:final|draft)\s+guidelines?\b(?!\s+ballot)", re.I), "final_guideline"),
    (re.compile(r"\b30[- ]day\b[^.]*review\s+period", re.I), "final_maintenance_guideline"),
    (re.compile(r"\b60[- ]day\b[^.]*review\s+period", re.I), "final_guideline"),
)
_TYPE_SENTENCE_RE = re.compile(
    r"\bpropos(?:es|ing|ed)\b|\breview\s+period\s+(?:of\s+\d+\s+days\s+)?is\s+for\b|\bintroduce\b"
    r"|\bthis\s+(?:final|draft)|\bbecause\b|\bspecial\s+ballot\b|\bthere\s+is\s+no\b|\bday\b",
    re.I,
)


def _ballot_type(texts) -> str | None:
    candidates = [
        sentence
        for text, _no in texts
        if "guideline" in text.lower()
        or "review period" in text.lower()
        or "special" in text.lower()
        for sentence in _sentences(text)
        if _TYPE_SENTENCE_RE.search(sentence)
        and "if the draft guideline ballot" not in sentence.lower()
    ]
    for pattern, kind in _TYPE_RES:
        for sentence in candidates:
            if pattern.search(sentence):
                return kind
    return None


# --------------------------------------------------------------------------- one ballot


def _ballots(path, meta, title, tags, ids, front) -> list[ParsedBallot]:
    lines = _lines(front.body, front.first_body_line)
    keys = {b.number_key for b in ids}
    owners = _owners(lines, keys) if len(ids) > 1 else [None] * len(lines)
    out = []
    for bid in ids:
        mine = [ln for ln, o in zip(lines, owners, strict=True) if o in (None, bid.number_key)]
        warnings: list[Problem] = []
        if len(ids) > 1 and all(o is None for o in owners):
            warnings.append(Problem(path, "the post does not separate its ballots; text shared"))
        name = strip_title(title, [bid]) if len(ids) == 1 else ""
        out.append(_ballot(path, meta, tags, bid, name, mine, warnings))
    return out


def _ballot(path, meta, tags, bid: BallotId, title, lines, warnings) -> ParsedBallot:
    motion, motion_idx = _motion(lines, path, warnings)
    purpose, purpose_idx = _purpose(lines, motion_idx)
    foreign = _foreign(lines, bid.number_key)
    skip = motion_idx | purpose_idx | foreign
    admin = list(_sentences_by_paragraph(lines, skip))
    for i, ln in enumerate(lines):
        if i not in skip and "~~" in ln.raw and _STRUCK_RE.search(ln.raw):
            struck = ", ".join(m.group(0) for m in _STRUCK_RE.finditer(ln.raw))
            warnings.append(Problem(path, f"struck-through text ignored: {struck}", ln.no))
    own_admin = _own_texts(admin, bid)
    ballot = ParsedBallot(
        path=path,
        ballot_id=bid.written,
        body=_body(bid, tags, path, warnings),
        number_key=bid.number_key,
        title=one_line(_OUTCOME_IN_TITLE_RE.sub("", title or _title_in_text(lines, bid))),
        motion=motion,
        purpose=purpose,
        post_date=_post_date(path, meta, warnings),
        author=str(meta.get("author") or "").strip(),
        tags=list(tags),
        warnings=warnings,
    )
    ballot.public_url = public_url(meta, ballot.post_date)
    ballot.proposer, ballot.endorsers = _proposal(lines, motion_idx | foreign, path, warnings)
    ballot.ballot_type = _ballot_type(admin)  # type: ignore[assignment]
    _fill_votes(ballot, lines, skip, path, warnings)
    _stated_numbers(admin, ballot.stated, path, warnings)
    _claims(admin, ballot.stated.claims)
    ballot.stated.outcome = _outcome(own_admin, path, warnings)  # type: ignore[assignment]
    ballot.exclusion_notice_filed = _exclusion(own_admin)
    _fill_dates(ballot, lines, skip, motion_idx, own_admin, path, warnings)
    ballot.versions = _versions(bid, lines, motion_idx, own_admin)
    _check(ballot, path)
    return ballot


def _body(bid: BallotId, tags, path, warnings):
    from_tags = bodies_in_tags(tags)
    if from_tags and bid.number_key[:1].isalpha() and bid.body not in from_tags:
        # Reported, not merged: the id names one body's ballot, the post another body's.
        msg = (
            f"ballot {bid.written} belongs to {bid.body} but the tags say "
            f"{', '.join(from_tags)}: not merged into either body's ballot"
        )
        warnings.append(Problem(path, msg))
        return None
    return bid.body or body_from_tags(tags)


# "EV Code Signing Guidelines Corrections(passed)": the outcome the site's index glued on; the
# body states it too, so it is dropped from the title.
_OUTCOME_IN_TITLE_RE = re.compile(r"\s*\((?:passed|passes|failed|withdrawn)\)\s*$", re.I)
_AFTER_ID_TITLE_RE = re.compile(r"\s*[:–—-]\s*(?P<t>\S.{2,200})$")
_BALLOT_BEFORE_RE = re.compile(r"\bballot\s*$", re.I)


def _title_in_text(lines: list[_Line], bid: BallotId) -> str:
    for ln in lines[:200]:
        for found in find_ids(ln.text):
            if found.number_key != bid.number_key:
                continue
            after = ln.text[found.end :]
            m = _AFTER_ID_TITLE_RE.match(after)
            if m and _BALLOT_BEFORE_RE.search(ln.text[: found.start]):
                return strip_title(m.group("t"), [])
    return ""


def _own_texts(admin, bid: BallotId) -> list[tuple[str, int]]:
    """Admin paragraphs with those (or the sentences) about other ballots left out."""
    out = []
    for text, no in admin:
        keys = {b.number_key for b in find_ids(text)}
        if keys and bid.number_key not in keys:
            continue
        if len(keys) > 1:
            kept = []
            for sentence in _sentences(text):
                named = {b.number_key for b in find_ids(sentence)}
                if not named or bid.number_key in named:
                    kept.append(sentence)
            text = " ".join(kept)
        out.append((text, no))
    return out


def _outcome(texts, path, warnings) -> str | None:
    found: list[tuple[str, int]] = []
    for text, no in texts:
        low = text.lower()
        if not any(w in low for w in _OUTCOME_HINTS):
            continue
        for sentence in _sentences(text):
            for m in _OUTCOME_RE.finditer(sentence):
                if _CONDITIONAL_RE.search(sentence[: m.start()]):
                    continue
                if _MODAL_RE.search(sentence[: m.start("o") if m.group("o") else m.start()]):
                    continue
                word = next(m.group(g) for g in ("o", "o2", "o3", "o4") if m.group(g))
                found.append((_OUTCOMES[" ".join(word.lower().split())], no))
    if not found:
        return None
    kinds = {k for k, _ in found}
    if len(kinds) > 1 and not kinds <= {"passed"}:
        listed = ", ".join(f"{k} (line {n})" for k, n in found)
        warnings.append(Problem(path, f"the post states several outcomes: {listed}", found[0][1]))
    return found[0][0]


def _exclusion(texts) -> bool | None:
    for text, _no in texts:
        if "xclusion" not in text:
            continue
        for sentence in _sentences(text):
            if _CONDITIONAL_RE.match(sentence.strip()):
                continue
            if _EXCL_NONE_RE.search(sentence):
                return False
            if _EXCL_SOME_RE.search(sentence):
                return True
    return None


def _fill_votes(ballot: ParsedBallot, lines, skip, path, warnings) -> None:
    tally = _Tally()
    _votes_from_lines(lines, skip, tally, path, warnings)
    _votes_from_tables(lines, skip, tally, path, warnings)
    ballot.votes = tally.votes
    s = ballot.stated
    for (cls, choice), (count, no) in tally.counts.items():
        if cls is None:
            if count == 0:
                for c in ("issuer", "consumer"):
                    if getattr(s, f"{c}_{choice}") is None and (c, choice) not in tally.counts:
                        setattr(s, f"{c}_{choice}", 0)
            else:
                msg = f"{count} {choice} votes stated without saying which class"
                warnings.append(Problem(path, msg, no))
            continue
        setattr(s, f"{cls}_{choice}", count)
    for cls, (count, _no) in tally.totals.items():
        if cls is not None:
            setattr(s, f"{cls}_total", count)
        elif s.participants is None:
            s.participants = count
    s.issuer_yes_percent = tally.percents.get("issuer")
    s.consumer_yes_percent = tally.percents.get("consumer")
    _count_warnings(tally, path, warnings)


def _count_warnings(tally: _Tally, path, warnings) -> None:
    for (cls, choice), (count, no) in tally.counts.items():
        listed = tally.listed.get((cls, choice))
        if listed is not None and (listed or count) and listed != count:
            who = f"{cls or 'all'} {choice}"
            warnings.append(Problem(path, f"{who}: {count} stated, {listed} listed", no))
    for cls, (total, no) in tally.totals.items():
        parts = [tally.counts.get((cls, c)) for c in ("yes", "no", "abstain")]
        if cls is not None and all(p is not None for p in parts):
            added = sum(p[0] for p in parts if p is not None)
            if added != total:
                msg = f"{cls} total stated as {total} but the counts add up to {added}"
                warnings.append(Problem(path, msg, no))


def _fill_dates(ballot: ParsedBallot, lines, skip, motion_idx, own_admin, path, warnings) -> None:
    found = _dates(lines, skip, path, warnings).found
    if not any(k.startswith(("discussion", "voting")) for k in found) and motion_idx:
        # old posts put the procedure inside the motion markers
        outside = set(range(len(lines))) - motion_idx
        inner = _dates(lines, outside, path, []).found
        inner = {k: v for k, v in inner.items() if k.startswith(("discussion", "voting"))}
        if inner:
            warnings.append(Problem(path, "discussion/voting dates found inside the motion"))
        found.update(inner)
    for name, (_prio, value) in found.items():
        setattr(ballot, name, value)
    for text, no in own_admin:
        low = text.lower()
        if "effect" not in low and "adopted" not in low:
            continue
        m = _EFFECTIVE_RE.search(text)
        if m and ballot.effective is None:
            notes = D.DateNotes()
            ballot.effective = D.parse_date(text[m.end() : m.end() + 60], no, notes)


_VERSION_HINT_RE = re.compile(r"[vV](?:ersion)?\.?\s?\d")
_OWN_VERSION_RE = re.compile(r"\b(?:v|version\s*)(?P<n>\d{1,2})\s+of\s+this\s+ballot\b", re.I)


def _versions(bid: BallotId, lines, motion_idx, own_admin) -> list[ParsedVersion]:
    numbers = {bid.version} if bid.version else set()
    for i, ln in enumerate(lines):
        if i in motion_idx or not _VERSION_HINT_RE.search(ln.text):
            continue
        for found in find_ids(ln.text):
            if found.number_key == bid.number_key and found.version:
                numbers.add(found.version)
        for m in _OWN_VERSION_RE.finditer(ln.text):
            numbers.add(int(m.group("n")))
    return [ParsedVersion(n) for n in sorted(numbers)]


def _check(ballot: ParsedBallot, path: str) -> None:
    w = ballot.warnings
    order = [
        ("discussion_start", "discussion_end"),
        ("voting_start", "voting_end"),
        ("discussion_end", "voting_start"),
        ("review_start", "review_end"),
        ("voting_end", "review_end"),
    ]
    for a, b in order:
        x, y = getattr(ballot, a), getattr(ballot, b)
        if x and y and y.value - x.value < -dt.timedelta(hours=12):
            msg = f"{a.replace('_', ' ')} {x.text!r} is after {b.replace('_', ' ')} {y.text!r}"
            w.append(Problem(path, msg, y.line))
    if not ballot.title:
        w.append(Problem(path, f"no title for ballot {ballot.ballot_id}"))
