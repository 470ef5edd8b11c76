"""Property tests: the minutes parser never raises anything but PostError, and reads back the
attendee lists it is given in any of the Forum's layouts."""

import datetime as dt
from pathlib import Path

import frontmatter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.posts.data import ParsedMinutes, PostError
from ballots.posts.minutes import looks_like_minutes, minutes_from_text, parse_minutes

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "cabforum"


def _real_minutes() -> list[str]:
    texts = []
    for path in sorted((CORPUS / "posts").rglob("*minutes*.md"))[::7]:
        texts.append(path.read_text(encoding="utf-8"))
    return texts


REAL = _real_minutes()


def check(call) -> ParsedMinutes | None:
    """Run ``call``: a result or a PostError, never anything else, never an internal error."""
    try:
        result = call()
    except PostError as err:
        assert not err.problem.message.startswith("internal error"), err.problem.message
        return None
    assert isinstance(result, ParsedMinutes)
    assert result.body in {"forum", "scwg", "smcwg", "cscwg", "netsec", "dgwg"}
    assert isinstance(result.date, dt.date)
    return result


TOKENS = [
    *"abcXYZ ()[]-–—,;:.|#*_\\\n\r\t0123456789/'’é",
    "Attendees",
    "Attendance:",
    "Roll Call",
    "Present:",
    "## ",
    "- ",
    "1. ",
    "Ben Wilson",
    " (Org)",
    " - ",
    "2024-01-0",
    "March 6, 2024",
    "F2F",
    "---\n",
]
markdownish = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)
values = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(),
    st.dates(),
    st.datetimes(),
    st.lists(st.text(max_size=15), max_size=4),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
metas = st.dictionaries(
    st.sampled_from(["title", "tags", "date", "author", "categories", "type"]), values, max_size=5
)


@SETTINGS
@given(meta=metas, content=st.one_of(st.text(max_size=300), markdownish))
def test_random_posts_raise_only_post_errors(meta, content):
    check(lambda: parse_minutes("posts/fuzz.md", meta, content))
    looks_like_minutes(meta, content, "posts/fuzz.md")


@SETTINGS
@given(text=st.one_of(st.text(max_size=300), markdownish.map(lambda s: "---\n" + s)))
def test_random_files_raise_only_post_errors(text):
    check(lambda: minutes_from_text("posts/2024/2024-01-04-minutes-fuzz.md", text))


@st.composite
def mutated_posts(draw):
    text = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["cut", "insert", "dup", "swap", "drop-paren"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 400)))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(markdownish) + text[i:]
        elif op == "dup":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "swap":
            text = text[i:j] + text[:i] + text[j:]
        else:
            text = text[:i] + text[i:j].replace(")", "").replace("(", "(()") + text[j:]
    return text


@pytest.mark.skipif(not REAL, reason="the corpus is not available")
@SETTINGS
@given(text=mutated_posts())
def test_mutated_real_posts_raise_only_post_errors(text):
    check(lambda: minutes_from_text("posts/2024/2024-01-04-minutes-mutated.md", text))
    try:
        meta, content = frontmatter.parse(text)
    except Exception:  # python-frontmatter's own YAML errors are the dispatcher's business
        return
    check(lambda: parse_minutes("posts/2024/2024-01-04-minutes-mutated.md", meta, content))


# ------------------------------------------------- generated attendee lists read back exactly

first = st.sampled_from(["Ben", "Clint", "Iñigo", "Li-Chun", "Trevoli", "Dean", "Nome", "Aaron"])
last = st.sampled_from(["Wilson", "Ponds-White", "O’Brien", "van Brouwershaven", "Zermeno", "Kuo"])
org = st.sampled_from(
    [
        "Mozilla",
        "DigiCert",
        "Chunghwa Telecom Co., Ltd.",
        "Asseco Data Systems SA (Certum)",
        "Let's Encrypt",
        "eMudhra",
        "SSL.com",
        "US Federal PKI Management Authority",
        "MOIS (Ministry of Interior and Safety) of the Republic of Korea",
    ]
)
person = st.tuples(st.tuples(first, last).map(" ".join), org)
people = st.lists(person, min_size=1, max_size=12, unique_by=lambda p: p[0])

LAYOUTS = {
    "paren run": lambda ps: ", ".join(f"{n} ({o})" for n, o in ps),
    "dash paren run": lambda ps: ", ".join(f"{n} - ({o})" for n, o in ps),
    "semicolon run": lambda ps: "; ".join(f"{n} ({o})" for n, o in ps) + ".",
    "bullets": lambda ps: "\n".join(f"- {n} – {o}" for n, o in ps),
    "star bullets": lambda ps: "\n".join(f"* {n}, {o}" for n, o in ps),
    "table": lambda ps: (
        "| Name | Organization |\n|---|---|\n" + "\n".join(f"| {n} | {o} |" for n, o in ps)
    ),
}
HEADINGS = [
    "## Attendees",
    "## Attendance",
    "### Attendees (in alphabetical order)",
    "**Attendees**",
]


@SETTINGS
@given(
    ps=people,
    layout=st.sampled_from(sorted(LAYOUTS)),
    heading=st.sampled_from(HEADINGS),
    crlf=st.booleans(),
)
def test_generated_attendee_lists_are_read_back(ps, layout, heading, crlf):
    body = (
        f"## Minutes of SMCWG\n\nMarch 6, 2024\n\n{heading}\n\n{LAYOUTS[layout](ps)}\n\n"
        "## 1. Roll Call\n\nThe Roll Call was taken.\n\n## 2. Discussion\n\n"
        "- Ben Wilson (Mozilla) presented the ballot.\n"
    )
    if crlf:
        body = body.replace("\n", "\r\n")
    m = check(
        lambda: parse_minutes(
            "posts/x.md", {"title": "Minutes of SMCWG", "tags": ["S/MIME", "Minutes"]}, body
        )
    )
    assert m is not None
    assert [(a.name, a.organization) for a in m.attendees] == ps
    assert (m.body, m.date) == ("smcwg", dt.date(2024, 3, 6))
    assert m.warnings == []
