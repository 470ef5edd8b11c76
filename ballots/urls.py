"""Every URL of the ballots app: the public pages, the written posts, the feeds and the chair's
step URLs. The chair's URLs (``chair_patterns``) each need a signed-in Chair or Vice-Chair of the
body; the tests enumerate them (tests/ballots/test_chair_views.py) so none can go unchecked."""

from django.urls import include, path

from .views import bodies, chair, feeds, public, writeups

chair_patterns = [
    path("", chair.chair_home, name="chair-home"),
    path("tokens/", chair.tokens, name="chair-tokens"),
    path("<slug:body>/ballots/new/", chair.ballot_new, name="chair-ballot-new"),
    path("<slug:body>/meetings/new/", chair.meeting_new, name="chair-meeting-new"),
    path("ballots/<slug:body>/<str:number>/votes/", chair.ballot_votes, name="chair-ballot-votes"),
    path(
        "ballots/<slug:body>/<str:number>/<slug:action>/",
        chair.ballot_action,
        name="chair-ballot-action",
    ),
]

writeup_patterns = [
    path("", writeups.writeup_index, name="ballot-writeups"),
    path("<slug:kind>/", writeups.writeup_detail, name="ballot-writeup"),
]

feed_patterns = [
    path("ballots.atom", feeds.BallotEventsFeed(), name="feed-ballots"),
    path("<slug:body>/ballots.atom", feeds.BallotEventsFeed(), name="feed-body-ballots"),
    path("deadlines.ics", feeds.deadlines_calendar, name="feed-deadlines"),
    path("<slug:body>/deadlines.ics", feeds.deadlines_calendar, name="feed-body-deadlines"),
]

urlpatterns = [
    path("", public.dashboard, name="dashboard"),
    path("ballots/", public.ballot_list, name="ballot-list"),
    path("ballots/<slug:body>/<str:number>/", public.ballot_detail, name="ballot-detail"),
    path("ballots/<slug:body>/<str:number>/announcements/", include(writeup_patterns)),
    path("chair/", include(chair_patterns)),
    path("bodies/<slug:body>/", bodies.body_detail, name="body-detail"),
    path("organizations/<slug:slug>/", bodies.organization_detail, name="organization-detail"),
    path("meetings/<slug:body>/<str:date>/", bodies.meeting_day, name="meeting-day"),
    path("feeds/", include(feed_patterns)),
]
