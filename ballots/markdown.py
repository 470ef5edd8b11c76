"""Markdown from posts rendered to HTML, always sanitised (posts are outside input), and never
an error: text beyond the bounds the site accepts (``ballots.text``), which only old data can
hold, is shown as plain text instead of being rendered."""

import markdown as md
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import MAX_MARKDOWN_CHARS, markdown_problem

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


def render_markdown(text: str) -> SafeString:
    """HTML for ``text``: headings are demoted below the page's own, scripts, styles, event
    handlers and unsafe links are removed, and links get rel="noopener noreferrer nofollow"."""
    if not text:
        return mark_safe("")
    problem = markdown_problem(text)
    if problem:
        return _as_plain_text(text, problem)
    try:
        html = md.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    except RecursionError:
        return _as_plain_text(text, "The text is nested too deeply to be rendered.")
    html = html.replace("<h1", "<h3").replace("</h1>", "</h3>")
    html = html.replace("<h2", "<h4").replace("</h2>", "</h4>")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)


def _as_plain_text(text: str, why: str) -> SafeString:
    shown = text[:MAX_MARKDOWN_CHARS]
    cut = " The rest is not shown." if len(text) > len(shown) else ""
    return mark_safe(
        f'<p class="note">{escape(why)}{cut}</p><pre class="plain">{escape(shown)}</pre>'
    )
