"""The chair's write URLs. Every one needs a signed-in Chair or Vice-Chair of the body; the
tests enumerate them (tests/ballots/test_chair_views.py) so a new one cannot go unchecked."""

from django.urls import path

from . import chair_views

urlpatterns = [
    path("", chair_views.chair_home, name="chair-home"),
    path("<slug:body>/ballots/new/", chair_views.ballot_new, name="chair-ballot-new"),
    path("<slug:body>/meetings/new/", chair_views.meeting_new, name="chair-meeting-new"),
    path(
        "ballots/<slug:body>/<str:number>/<slug:action>/",
        chair_views.ballot_action,
        name="chair-ballot-action",
    ),
]
