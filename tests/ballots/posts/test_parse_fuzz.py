"""Whatever the text, parse_post returns a ParsedPost or raises PostError, and nothing else.

Beyond the contract, these tests also fail on a PostError that only wraps an unexpected
exception ("internal error: ..."), so a crash in the ballot parser cannot hide behind it.
"""

import datetime as dt
import traceback
from pathlib import Path

import yaml
from django.conf import settings
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ballots.posts.data import ParsedPost, PostError
from ballots.posts.parse import parse_post

CORPUS = Path(settings.CABF_CORPUS_DIR)
REAL = sorted(
    (p.relative_to(CORPUS).as_posix(), p.read_text(encoding="utf-8"))
    for p in CORPUS.rglob("*.md")
    if "minutes" not in p.as_posix().lower()
)
FUZZ = hsettings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRAGMENTS = [
    "---",
    "\n",
    "\r\n",
    "\ufeff",
    "|",
    "| --- | --- |",
    "**",
    "### ",
    "- ",
    "* ",
    "1. ",
    ":",
    ",",
    "(",
    ")",
    "Ballot SC-73",
    "Ballots CSC-21 and CSC-22",
    "SMC07",
    "Forum-20",
    "Ballot 99",
    "Motion Begins",
    "— MOTION ENDS —",
    "Certificate Issuers",
    "Certificate Consumers",
    "15 Issuers voting YES: ",
    "0 No votes",
    "Abstain: None",
    "Yes | No | Abstain",
    "Asseco Data Systems SA (Certum)",
    "Chunghwa Telecom Co., Ltd.",
    "votes total, with no abstentions",
    "The quorum was 7 for this ballot.",
    "This requirement was NOT MET for Certificate Issuers",
    "the ballot has passed.",
    "No IPR Exclusion Notices were filed",
    "proposed by Jane Doe (Acme) and endorsed by John Roe of Foo",
    "Discussion (7 days)",
    "Vote for approval",
    "Start time: 2024-05-24 12:30:00 UTC",
    "End time: not before 2359 UTC on July 12, 2024",
    "Start of Review Period: 31-July, 2020 17:00 UTC",
    "5:00 pm Eastern",
    "Start time (22:30 UTC)",
    "2024-02-30",
    "99:99",
    "Purpose of Ballot:",
    "### Summary:",
    "title: ",
    "tags: [Ballot, Minutes]",
    "{{ .Date }}",
]


def _allowed(exc: PostError) -> bool:
    """An 'internal error' is a parser bug, unless it comes from the minutes parser."""
    if not exc.problem.message.startswith("internal error"):
        return True
    cause = exc.__cause__
    frames = traceback.extract_tb(cause.__traceback__) if cause else []
    return any(f.filename.endswith("minutes.py") for f in frames)


def check(path: str, text: str) -> None:
    try:
        result = parse_post(path, text)
    except PostError as exc:
        assert exc.problem.path == path
        assert _allowed(exc), exc
        return
    assert isinstance(result, ParsedPost)
    assert result.kind in ("ballot", "minutes", "skipped")
    for ballot in result.ballots:
        assert ballot.number_key
        for vote in ballot.votes:
            assert vote.organization and vote.choice in ("yes", "no", "abstain")
        for name in ("discussion", "voting", "review"):
            for when in ("start", "end"):
                value = getattr(ballot, f"{name}_{when}")
                assert value is None or value.value.utcoffset() == dt.timedelta(0)


markdownish = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60
).map("".join)


@FUZZ
@given(st.text(max_size=2000))
def test_random_text(text):
    check("random.md", text)


@FUZZ
@given(markdownish)
@example("¹Certificate Issuers")  # a superscript digit: str.isdigit() is true, int() fails
def test_random_markdown(body):
    check("markdown.md", body)
    check("with-front.md", "---\ntitle: 'Ballot SC-1: x'\ntags: [Ballot]\n---\n" + body)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["Ballot SC-73: Test", "2024-April-09 16:00 UTC", "page", "Minutes"]),
    st.dates(),
    st.datetimes(),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
)
keys = st.one_of(
    st.sampled_from(["title", "tags", "date", "author", "type", "draft", "layout", "slug"]),
    st.text(max_size=8),
)


@FUZZ
@given(st.dictionaries(keys, values, max_size=8), markdownish)
def test_random_front_matter(meta, body):
    front = yaml.safe_dump(meta, allow_unicode=True)
    check("front.md", f"---\n{front}---\n{body}")


@FUZZ
@given(st.text(max_size=300), markdownish)
def test_random_yaml_text(front, body):
    check("yaml.md", f"---\n{front}\n---\n{body}")


mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 500)),
    st.tuples(st.just("duplicate"), st.integers(0, 500)),
    st.tuples(st.just("truncate"), st.integers(0, 500), st.integers(0, 200)),
    st.tuples(st.just("insert"), st.integers(0, 500), st.integers(0, 200), markdownish),
    st.tuples(st.just("swap"), st.integers(0, 500), st.integers(0, 500)),
)


def mutate(text: str, ops) -> str:
    lines = text.split("\n")
    for op in ops:
        if not lines:
            break
        i = op[1] % len(lines)
        if op[0] == "delete":
            del lines[i]
        elif op[0] == "duplicate":
            lines.insert(i, lines[i])
        elif op[0] == "truncate":
            lines[i] = lines[i][: op[2]]
        elif op[0] == "insert":
            pos = op[2] % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + op[3] + lines[i][pos:]
        else:
            j = op[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@hsettings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, len(REAL) - 1), st.lists(mutation, min_size=1, max_size=8))
def test_real_posts_mutated(index, ops):
    path, text = REAL[index]
    check(path, mutate(text, ops))


def test_real_posts_truncated_everywhere():
    for path, text in REAL[::5]:
        for cut in range(0, len(text), max(1, len(text) // 40)):
            check(path, text[:cut])
