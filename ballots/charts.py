"""Charts drawn as inline SVG by the server (no JavaScript, prints well): a ballot's tally bars,
and the record at a glance (outcomes per year, turnout against quorum, an organisation's votes).

Each bar shows Yes / No / Abstain for one class, with the threshold marked on the Yes+No part;
numbers and words are in the SVG's text and title, so colour is never the only signal."""

from __future__ import annotations

import datetime as dt

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from governance.bylaws import ClassTally, describe_threshold

WIDTH, HEIGHT, BAR_Y, BAR_H = 320, 64, 18, 22


def tally_chart(tally: ClassTally) -> SafeString:
    total = tally.participants
    label = tally.member_class.label
    title = (
        f"{label}: {tally.yes} Yes, {tally.no} No, {tally.abstain} Abstain; "
        f"{describe_threshold(tally.threshold, tally.inclusive)} of Yes and No required: "
        f"{'met' if tally.threshold_met else 'not met'}"
    )
    segments = []
    x = 0.0
    for name, count, css in (
        ("Yes", tally.yes, "yes"),
        ("No", tally.no, "no"),
        ("Abstain", tally.abstain, "abstain"),
    ):
        if not total or not count:
            continue
        width = WIDTH * count / total
        segments.append((css, f"{x:.2f}", f"{width:.2f}", f"{count} {name}"))
        x += width
    bars = format_html_join(
        "",
        '<rect class="bar-{}" x="{}" y="'
        + str(BAR_Y)
        + '" width="{}" height="'
        + str(BAR_H)
        + '"><title>{}</title></rect>',
        segments,
    )
    marker = ""
    if tally.cast:
        # The threshold sits at that share of the Yes+No part of the bar.
        cast_width = WIDTH * tally.cast / total
        mx = f"{cast_width * float(tally.threshold):.2f}"
        marker = format_html(
            '<line class="threshold" x1="{}" x2="{}" y1="12" y2="46"/>'
            '<text class="threshold-label" x="{}" y="10" text-anchor="middle">{}</text>',
            mx,
            mx,
            mx,
            str(tally.threshold),
        )
    empty = (
        ""
        if total
        else format_html(
            '<rect class="bar-empty" x="0" y="{}" width="{}" height="{}"/>', BAR_Y, WIDTH, BAR_H
        )
    )
    caption = f"{tally.yes} Yes · {tally.no} No · {tally.abstain} Abstain" if total else "no votes"
    return format_html(
        '<svg class="tally-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMid meet"><title>{}</title>{}{}{}'
        '<text class="caption" x="0" y="{}">{}</text></svg>',
        title,
        WIDTH,
        HEIGHT,
        title,
        empty,
        bars,
        marker,
        HEIGHT - 2,
        caption,
    )


# -- the record at a glance (front page and organisation page) ---------------------------------
# Drawn as SVG the server writes: each bar or point is a link to the ballots behind it, with
# its numbers in words (its <title> and aria-label); a table of the same numbers follows each
# chart as its text alternative.

OUTCOME_CLASSES = {"passed": "yes", "failed": "no", "withdrawn": "abstain", "none": "none"}
OUTCOME_WORDS = {"passed": "passed", "failed": "failed", "withdrawn": "withdrawn"}
PLOT_W, PLOT_H, LEFT, BOTTOM, TOP = 640, 150, 34, 20, 8
SMALL_H = 80  # one of several charts side by side


def _svg(label: str, height: int, body: str, css: str) -> SafeString:
    # Every text in ``body`` went through escape(); the rest is numbers.
    return mark_safe(
        f'<svg class="glance {css}" viewBox="0 0 {PLOT_W} {height}" width="100%" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>{body}</svg>'
    )


def _link(href: str, words: str, shape: str) -> str:
    return (
        f'<a href="{escape(href)}" aria-label="{escape(words)}">'
        f"<title>{escape(words)}</title>{shape}</a>"
    )


def _y_axis(top: int, height: int, largest: int) -> tuple[str, float]:
    """Gridlines with their numbers, up to the first step at or above ``largest``; returns them
    and the pixels per unit."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if largest / s <= 5)
    ceiling = max(-(-largest // step) * step, step)
    scale = height / ceiling
    lines = []
    for value in range(0, ceiling + 1, step):
        y = top + height - value * scale
        lines.append(
            f'<line class="grid" x1="{LEFT}" x2="{PLOT_W}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{value}</text>'
        )
    return "".join(lines), scale


def _stacked_bars(years: list[int], plot: int, largest: int, segments, label_every: int = 1):
    """A bar a year, stacked from the bottom by ``segments(year)``: (css class, count, link,
    words) for each part, drawn only where the count is not 0. Returns the SVG's inner parts
    and its height."""
    height = TOP + plot + BOTTOM
    grid, scale = _y_axis(TOP, plot, largest)
    slot = (PLOT_W - LEFT) / max(len(years), 1)
    bar = max(min(slot * 0.7, 36), 4)
    parts = [grid]
    for i, year in enumerate(years):
        x = LEFT + i * slot + (slot - bar) / 2
        base = TOP + plot
        for css, n, href, words in segments(year):
            if not n:
                continue
            h = n * scale
            base -= h
            shape = (
                f'<rect class="bar-{css}" x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}"/>'
            )
            parts.append(_link(href, words, shape))
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x + bar / 2:.1f}" y="{height - 5}" '
                f'text-anchor="middle">{year}</text>'
            )
    return "".join(parts), height


def outcomes_chart(body_years, years: list[int], largest: int, list_url: str) -> SafeString:
    """One body's ballots per year, a bar a year stacked by outcome; every body's chart shares
    ``years`` and ``largest`` so that bodies compare at a glance."""
    slug, name = body_years.body.slug, body_years.body.short_name

    def segments(year):
        for outcome, n in (body_years.counts.get(year) or {}).items():
            query = f"?body={slug}&year={year}"
            if outcome in OUTCOME_WORDS:
                query += f"&outcome={outcome}"
            words = f"{name} {year}: {n} {OUTCOME_WORDS.get(outcome, 'no result')}"
            yield OUTCOME_CLASSES[outcome], n, list_url + query, words

    # More than 16 years: every other year is labelled, so the labels do not overlap.
    parts, height = _stacked_bars(years, SMALL_H, largest, segments, 1 if len(years) <= 16 else 2)
    total = sum(body_years.total(y) for y in years)
    label = f"{name}: {total} ballots from {years[0]} to {years[-1]}, by outcome and year"
    return _svg(label, height, parts, "outcomes")


def turnout_chart(points) -> SafeString:
    """Each ballot a dot at the Voting Members that took part, its quorum a dash above or below
    it; filled when quorum was met, hollow when not, grey when the quorum is not known."""
    if not points:
        return mark_safe("")
    height = TOP + PLOT_H + BOTTOM
    largest = max(max(p.participants, p.quorum or 0) for p in points)
    grid, scale = _y_axis(TOP, PLOT_H, largest)
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    width = PLOT_W - LEFT - 8

    def x_of(day) -> float:
        return LEFT + 4 + width * (day - first).days / span

    parts = [grid]
    for year in range(first.year + 1, last.year + 1):
        x = x_of(dt.date(year, 1, 1))
        parts.append(
            f'<line class="year" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + PLOT_H}"/>'
        )
        if x + 26 <= PLOT_W:  # a label that would be cut off at the right edge is left out
            parts.append(f'<text class="tick" x="{x + 2:.1f}" y="{height - 5}">{year}</text>')
    for p in points:
        x, y = x_of(p.day), TOP + PLOT_H - p.participants * scale
        state = {True: "met", False: "unmet", None: "unknown"}[p.met]
        shape = ""
        if p.quorum is not None:
            qy = TOP + PLOT_H - p.quorum * scale
            shape += (
                f'<line class="quorum" x1="{x - 4:.1f}" x2="{x + 4:.1f}" y1="{qy:.1f}" '
                f'y2="{qy:.1f}"/>'
            )
        shape += f'<circle class="turnout-{state}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
        ballot = p.ballot
        quorum = f"quorum {p.quorum}" if p.quorum is not None else "quorum not known"
        words = (
            f"{ballot.number} ({p.day:%d %b %Y}): {p.participants} Voting Members took part, "
            f"{quorum}{'' if p.met is None else (', met' if p.met else ', not met')}"
        )
        parts.append(_link(ballot.get_absolute_url(), words, shape))
    label = (
        f"Turnout of {len(points)} ballots from {first:%B %Y} to {last:%B %Y}: Voting Members "
        "taking part against the quorum each needed"
    )
    return _svg(label, height, "".join(parts), "turnout")


def votes_chart(name: str, by_year: dict[int, dict[str, int]], anchor: str) -> SafeString:
    """An organisation's votes per year, a bar a year stacked Yes / No / Abstain, each a link to
    that year's rows of its voting record (``#{anchor}-{year}``)."""
    if not by_year:
        return mark_safe("")
    years = list(range(min(by_year), max(by_year) + 1))
    largest = max(sum(c.values()) for c in by_year.values())

    def segments(year):
        for choice, word in (("yes", "Yes"), ("no", "No"), ("abstain", "Abstain")):
            n = (by_year.get(year) or {}).get(choice, 0)
            yield choice, n, f"#{anchor}-{year}", f"{year}: {n} {word}"

    parts, height = _stacked_bars(years, PLOT_H, largest, segments)
    total = sum(sum(c.values()) for c in by_year.values())
    label = f"{name}: {total} votes from {years[0]} to {years[-1]}, by year and choice"
    return _svg(label, height, parts, "votes")
