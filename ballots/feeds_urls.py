"""Feed URLs: Atom (ballot events) and iCalendar (deadlines), for all bodies and per body."""

from django.urls import path

from .syndication import BallotEventsFeed, deadlines_calendar

urlpatterns = [
    path("ballots.atom", BallotEventsFeed(), name="feed-ballots"),
    path("<slug:body>/ballots.atom", BallotEventsFeed(), name="feed-body-ballots"),
    path("deadlines.ics", deadlines_calendar, name="feed-deadlines"),
    path("<slug:body>/deadlines.ics", deadlines_calendar, name="feed-body-deadlines"),
]
