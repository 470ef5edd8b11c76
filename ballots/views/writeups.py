"""The posts the product writes, shown for copying and downloadable as ``.md`` (public reads:
the Forum's ballots and results are public)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from .. import writeups
from ..models import Ballot
from ..selectors import find_ballot


def _get_ballot(body: str, number: str) -> Ballot:
    return find_ballot(Ballot.objects.select_related("body"), body, number)


def writeup_index(request, body: str, number: str):
    ballot = _get_ballot(body, number)
    kinds = [(k, writeups.KINDS[k]) for k in writeups.available(ballot)]
    return render(request, "ballots/writeups.html", {"ballot": ballot, "kinds": kinds})


def writeup_detail(request, body: str, number: str, kind: str):
    ballot = _get_ballot(body, number)
    try:
        post = writeups.write(ballot, kind)
    except LookupError as exc:
        raise Http404(str(exc)) from exc
    if request.GET.get("download"):
        response = HttpResponse(post.markdown, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{post.filename}"'
        return response
    return render(
        request,
        "ballots/writeup.html",
        {"ballot": ballot, "post": post, "label": writeups.KINDS[kind], "kind": kind},
    )
