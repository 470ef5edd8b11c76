"""The chair's forms on the ballot page (placeholder)."""


def chair_context(request, ballot, summary) -> dict:
    """Extra context for the ballot page: the forms the signed-in chair may use here."""
    return {}
