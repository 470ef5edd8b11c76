"""Small display helpers for ballot templates."""

from django import template
from django.urls import reverse

from ballots import rules

register = template.Library()

PHASE_LABELS = {
    "draft": "Draft",
    "discussion": "Discussion",
    "voting": "Voting",
    "closed": "Voting closed",
    "passed": "Passed",
    "failed": "Failed",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
    "ipr_review": "IPR review",
    "adopted": "Adopted",
    "rescinded": "Rescinded",
}


@register.filter
def percent(ratio):
    """A Yes ratio as a percentage ("100%", "66.67%"), or an em dash when no votes were cast."""
    return rules.format_percent(ratio) if ratio is not None else "—"


@register.filter
def phase_label(phase):
    return PHASE_LABELS.get(str(phase), str(phase).replace("_", " ").capitalize())


@register.simple_tag
def ballot_url(ballot):
    return reverse("ballot-detail", args=[ballot.body.slug, ballot.number])


@register.filter
def yes_ratio_text(tally):
    """ "15/15 (100%)" for a class tally."""
    if not tally.cast:
        return "no Yes/No votes"
    return f"{tally.yes}/{tally.cast} ({rules.format_percent(tally.yes_ratio)})"
