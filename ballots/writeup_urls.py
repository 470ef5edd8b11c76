"""The posts written for a ballot: ballots/<body>/<number>/announcements/..."""

from django.urls import path

from . import writeup_views

urlpatterns = [
    path("", writeup_views.writeup_index, name="ballot-writeups"),
    path("<slug:kind>/", writeup_views.writeup_detail, name="ballot-writeup"),
]
