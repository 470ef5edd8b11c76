"""Tally bars drawn as inline SVG by the server (no JavaScript, prints well).

Each bar shows Yes / No / Abstain for one class, with the threshold marked on the Yes+No part;
numbers and words are in the SVG's text and title, so colour is never the only signal."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
