"""Text from outside (a chair's form, an imported post, a query string) made safe to store and
to serialise: control characters removed (they break XML feeds and some databases), and the
sizes the site accepts, in one place."""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline, and the Unicode non-characters; carriage returns
# are line ends, not characters of their own.
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

# What a ballot's markdown (motion, purpose) or minutes may be: the largest real post of the
# Forum is about 120 kB; nesting deeper than this is never a real list or quote.
MAX_MARKDOWN_CHARS = 300_000
MAX_MARKDOWN_DEPTH = 16


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline kept, CR LF made LF)."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS_RE.sub("", text)


def one_line(text: str) -> str:
    """A title or a name: control characters removed and white space folded to single spaces."""
    return " ".join(strip_controls(text or "").split())


def markdown_depth(text: str) -> int:
    """How deeply ``text`` nests lists and quotes: the deepest line's indentation, in steps of
    four spaces (a tab is four), plus its leading '>' markers. Linear in the length."""
    deepest = 0
    for line in text.splitlines():
        indent = 0
        quotes = 0
        for ch in line:
            if ch == " ":
                indent += 1
            elif ch == "\t":
                indent += 4
            elif ch == ">":
                quotes += 1
            else:
                break
        deepest = max(deepest, indent // 4 + quotes)
    return deepest


def markdown_problem(text: str, what: str = "The text") -> str:
    """Why ``text`` is not accepted as markdown, in words; "" when it is."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return (
            f"{what} is {len(text):,} characters long; at most {MAX_MARKDOWN_CHARS:,} are "
            "accepted (link to a longer document instead)."
        )
    depth = markdown_depth(text)
    if depth > MAX_MARKDOWN_DEPTH:
        return (
            f"{what} nests lists or quotes {depth} levels deep; at most "
            f"{MAX_MARKDOWN_DEPTH} are accepted."
        )
    return ""
