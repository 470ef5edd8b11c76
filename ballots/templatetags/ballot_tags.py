"""Small display helpers for ballot templates."""

from django import template

from governance import bylaws

register = template.Library()


@register.filter
def percent(ratio):
    """A Yes ratio as a percentage ("100%", "66.67%"), or an em dash when no votes were cast."""
    return bylaws.format_percent(ratio) if ratio is not None else "—"


@register.filter
def phase_label(phase):
    try:
        return bylaws.Phase(str(phase)).label
    except ValueError:
        return str(phase).replace("_", " ").capitalize()


@register.simple_tag
def ballot_url(ballot):
    return ballot.get_absolute_url()


@register.filter
def yes_ratio_text(tally):
    """ "15/15 (100%)" for a class tally."""
    if not tally.cast:
        return "no Yes/No votes"
    return f"{tally.yes}/{tally.cast} ({bylaws.format_percent(tally.yes_ratio)})"
