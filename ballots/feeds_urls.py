# Placeholder until the feeds land (replaced by the feeds implementation).
from django.http import HttpResponse
from django.urls import path


def _pending(request, body=None):
    return HttpResponse(status=501)


urlpatterns = [
    path("ballots.atom", _pending, name="feed-ballots"),
    path("<slug:body>/ballots.atom", _pending, name="feed-body-ballots"),
    path("deadlines.ics", _pending, name="feed-deadlines"),
    path("<slug:body>/deadlines.ics", _pending, name="feed-body-deadlines"),
]
