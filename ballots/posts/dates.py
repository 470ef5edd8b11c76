"""The date and time expressions ballot posts use, turned into :class:`ParsedDate`.

Handles ISO ("2024-05-24 12:30:00 UTC"), month names in any order ("2359 UTC on July 12, 2024",
"6 May 2024 at 10:00 UTC", "31-July, 2020 17:00 UTC", "2024 Sept 27, 19:30 UTC",
"2024-April-09 16:00 UTC", "October 31rd, 2024"), day-first numerals ("12.07.2024"), weekdays,
12-hour clocks, military times ("1700 UTC"), zones (UTC/GMT, Eastern, Pacific, Central, CET...)
converted with zoneinfo, and hedges ("not before", "no earlier than", "on or after").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ballots.posts.data import ParsedDate

UTC = dt.UTC

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?<![a-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_RE = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday)?\b\.?,?\s*$", re.I
)

_DATE_RE = re.compile(
    rf"(?<!\d)(?P<iy>(?:19|20)\d\d)(?:[-/.]|\s)(?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?!\d)"
    rf"|(?<!\d)(?P<ay>(?:19|20)\d\d)\s*[-:,]?\s*(?P<am>{_MONTH})\s*[-.]?\s*(?P<ad>\d{{1,2}}){_ORD}(?!\d)"
    rf"|(?<!\d)(?P<bd>\d{{1,2}}){_ORD}(?:\s+of)?\s*[-\s.]\s*(?P<bm>{_MONTH})\s*[-,.]?\s*"
    rf"(?P<by>(?:19|20)\d\d)(?!\d)"
    rf"|(?P<cm>{_MONTH})\s*[-.]?\s*(?P<cd>\d{{1,2}}){_ORD}\s*,?\s*(?P<cy>(?:19|20)\d\d)(?!\d)"
    rf"|(?<![\d.])(?P<nd>\d{{1,2}})[./-](?P<nm>\d{{1,2}})[./-](?P<ny>(?:19|20)\d\d)(?!\d)",
    re.I,
)

_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_ZONE = (
    r"(?P<zone>UTC\s?[+-]\s?\d{1,2}(?::?\d\d)?|GMT\s?[+-]\s?\d{1,2}(?::?\d\d)?|UTC|GMT|Z(?![a-z])"
    r"|(?:US\s+)?Eastern(?:\s+(?:Standard|Daylight))?(?:\s+Time)?(?:\s*\(US\))?"
    r"|(?:US\s+)?Pacific(?:\s+(?:Standard|Daylight))?(?:\s+Time)?(?:\s*\(US\))?"
    r"|Central\s+European(?:\s+Summer)?(?:\s+Time)?"
    r"|(?:US\s+)?Central(?:\s+(?:Standard|Daylight))?(?:\s+Time)?(?:\s*\(US\))?"
    r"|(?:US\s+)?Mountain(?:\s+(?:Standard|Daylight))?(?:\s+Time)?"
    r"|CEST|CET|EEST|EET|BST|JST|EST|EDT|ET|PST|PDT|PT|CST|CDT|MST|MDT)(?![A-Za-z])"
)
_ZONE_RE = re.compile(r"\(?\s*" + _ZONE + r"\s*\)?", re.I)
_AMPM = r"(?P<ap>[ap]\.?\s?m\b\.?)"
_TIME_AFTER_RE = re.compile(
    r"^[\s,;]*(?:(?:at|@|from|-|–|T)\s*)?(?:"
    r"(?P<h>\d{1,2}):(?P<mi>\d\d)(?::(?P<s>\d\d))?\s*" + _AMPM + "?"
    r"|(?P<h2>\d{1,2})\s*(?P<ap2>[ap]\.?\s?m\b\.?)"
    r"|(?P<mil>(?:[01]\d|2[0-4])[0-5]\d)(?!\d)(?=\s*(?:h|hrs|hours)?\s*[A-Za-z(])"
    r"|(?P<word>noon|midnight))",
    re.I,
)
_TIME_BEFORE_RE = re.compile(
    r"(?:(?P<h>\d{1,2}):(?P<mi>\d\d)(?::(?P<s>\d\d))?\s*" + _AMPM + "?"
    r"|(?P<h2>\d{1,2})\s*(?P<ap2>[ap]\.?\s?m\b\.?)"
    r"|(?<![\d:])(?P<mil>(?:[01]\d|2[0-4])[0-5]\d)"
    r"|(?P<word>noon|midnight))"
    r"\s*(?:" + _ZONE.replace("?P<zone>", "?P<bzone>") + r")?\s*(?:hours\s*)?(?:on|,)?\s*"
    # "2200 UTC on Tuesday, 30 July 2013": the older posts' time, then a weekday, then a date
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)?$",
    re.I,
)
_HEDGE_RE = re.compile(
    r"(?P<hedge>not\s+before|no\s+earlier\s+than|not\s+earlier\s+than|no\s+sooner\s+than"
    r"|not\s+sooner\s+than|on\s+or\s+after|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before"
    r"|at\s+the\s+earliest|approximately|approx\.?|around|about|after|before|by|until|"
    r"expected|tentatively|estimated)\b[\s:,]*$",
    re.I,
)
_HEDGE_AFTER_RE = re.compile(r"^[\s,(]*(?P<hedge>at\s+the\s+earliest|or\s+later)\b", re.I)

_ZONE_NAMES = {
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "eastern": "America/New_York",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "central": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mountain": "America/Denver",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "central european": "Europe/Berlin",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "bst": "Europe/London",
    "jst": "Asia/Tokyo",
}
_ZONE_WORD_RE = re.compile(r"\b(?:us|standard|daylight|summer|time|\(us\))\b|[()]", re.I)
_OFFSET_RE = re.compile(r"^(?:utc|gmt)\s?([+-])\s?(\d{1,2})(?::?(\d\d))?$", re.I)


@dataclass
class DateNotes:
    """Doubts about one parsed expression, for the caller's warnings."""

    notes: list[str] = field(default_factory=list)


def _zone_info(raw: str | None) -> tuple[str, dt.tzinfo]:
    if not raw:
        return "UTC", UTC
    text = " ".join(raw.split())
    m = _OFFSET_RE.match(text)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        delta = dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        if delta >= dt.timedelta(hours=15):
            raise ValueError(f"offset out of range: {raw}")
        if delta.seconds % 3600 == 0:
            hours = delta.seconds // 3600
            name = "UTC" if hours == 0 else f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"
            return name, ZoneInfo(name)
        return "UTC", dt.timezone(sign * delta)
    key = " ".join(_ZONE_WORD_RE.sub(" ", text).lower().split())
    name = _ZONE_NAMES.get(key) or _ZONE_NAMES.get(text.lower(), "UTC")
    return name, (UTC if name == "UTC" else ZoneInfo(name))


def _date_from(m: re.Match[str]) -> dt.date:
    g = m.groupdict()
    if g["iy"]:
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["ay"]:
        y, mo, d = int(g["ay"]), _MONTHS[g["am"][:3].lower()], int(g["ad"])
    elif g["by"]:
        y, mo, d = int(g["by"]), _MONTHS[g["bm"][:3].lower()], int(g["bd"])
    elif g["cy"]:
        y, mo, d = int(g["cy"]), _MONTHS[g["cm"][:3].lower()], int(g["cd"])
    else:
        y, mo, d = int(g["ny"]), int(g["nm"]), int(g["nd"])
    return dt.date(y, mo, d)


def _time_from(g: dict[str, str | None]) -> tuple[int, int, int]:
    if g.get("word"):
        return (12, 0, 0) if g["word"].lower() == "noon" else (0, 0, 0)
    if g.get("mil"):
        mil = g["mil"]
        return int(mil[:2]), int(mil[2:]), 0
    hour = int(g.get("h") or g.get("h2") or 0)
    minute, second = int(g.get("mi") or 0), int(g.get("s") or 0)
    ampm = (g.get("ap") or g.get("ap2") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"bad 12-hour time: {hour} {ampm}")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return hour, minute, second


def _build(day: dt.date, hms: tuple[int, int, int] | None, zone: str | None) -> tuple:
    name, tz = _zone_info(zone)
    if hms is None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=UTC), name
    h, mi, s = hms
    extra = dt.timedelta(0)
    if h == 24 and mi == 0 and s == 0:
        h, extra = 0, dt.timedelta(days=1)
    local = dt.datetime(day.year, day.month, day.day, h, mi, s, tzinfo=tz) + extra
    return local.astimezone(UTC), name


def _one(text: str, m: re.Match[str], before: str, after: str, line: int | None, notes: DateNotes):
    """The ParsedDate for date match ``m`` with its neighbouring text."""
    day = _date_from(m)
    if not 1990 <= day.year <= 2100:
        raise ValueError(f"implausible year {day.year}")
    hms, zone, used_after, used_before = None, None, 0, len(before)
    t = _TIME_AFTER_RE.match(after)
    if t:
        hms, used_after = _time_from(t.groupdict()), t.end()
    else:
        t = _TIME_BEFORE_RE.search(before[-40:])
        if t:
            hms, zone = _time_from(t.groupdict()), t.group("bzone")
            used_before = len(before) - len(before[-40:]) + t.start()
    if zone is None:
        z = _ZONE_RE.match(after[used_after:])
        if z:
            zone, used_after = z.group("zone"), used_after + z.end()
    if hms is not None and zone is None:
        notes.notes.append(f"no time zone in {text.strip()!r}; assumed UTC")
    value, name = _build(day, hms, zone)
    hedge = None
    h = _HEDGE_RE.search(before[:used_before])
    if h:
        hedge = " ".join(h.group("hedge").lower().split())
    else:
        h = _HEDGE_AFTER_RE.match(after[used_after:])
        if h:
            hedge = " ".join(h.group("hedge").lower().split())
    w = _WEEKDAY_RE.search(before[:used_before])
    if w and _WEEKDAYS.index(w.group(1).lower()[:3]) != day.weekday():
        notes.notes.append(f"weekday {w.group(0).strip(' ,')!r} is not {day.isoformat()}")
    start = m.start() - (len(before) - used_before)
    written = text[start : m.end() + used_after].strip(" ,;*")
    return ParsedDate(value, written, name, hms is None, hedge, line)


def find_dates(text: str, line: int | None = None, notes: DateNotes | None = None):
    """Every date in ``text``, each with the time, zone and hedge written next to it."""
    notes = notes if notes is not None else DateNotes()
    if not _YEAR_RE.search(text):
        return []
    matches = list(_DATE_RE.finditer(text))
    out: list[ParsedDate] = []
    for i, m in enumerate(matches):
        prev_end = matches[i - 1].end() if i else 0
        next_start = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        try:
            out.append(
                _one(text, m, text[prev_end : m.start()], text[m.end() : next_start], line, notes)
            )
        except (ValueError, OverflowError, KeyError) as exc:
            notes.notes.append(f"unreadable date {m.group(0)!r}: {exc}")
    return out


def parse_date(text: str, line: int | None = None, notes: DateNotes | None = None):
    """The first date in ``text`` as a ParsedDate, or None."""
    found = find_dates(text, line, notes)
    return found[0] if found else None


def with_time(date: ParsedDate, time_text: str, notes: DateNotes | None = None) -> ParsedDate:
    """A date-only value completed with a time such as '22:30 UTC' from a table header."""
    if not date.date_only:
        return date
    combined = f"{date.value.date().isoformat()} {time_text.strip()}"
    better = parse_date(combined, date.line, notes)
    if better is None or better.date_only:
        return date
    return ParsedDate(
        better.value, f"{date.text} {time_text.strip()}", better.zone, False, date.hedge, date.line
    )


def to_utc(value: dt.datetime | dt.date) -> dt.datetime:
    """A front-matter date (naive means UTC) as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
