"""The API's URLs: /api/v1/ (reads and the chair's writes), /api/schema/ and /api/docs/ (the
OpenAPI description, served from this site), and the Forum website's two member-tools calls."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import compat, views

v1 = [
    path("ballots/", views.BallotList.as_view(), name="api-ballots"),
    path("ballots/<slug:body>/<str:number>/", views.BallotDetail.as_view(), name="api-ballot"),
    path(
        "ballots/<slug:body>/<str:number>/votes/",
        views.BallotVotes.as_view(),
        name="api-ballot-votes",
    ),
    path(
        "ballots/<slug:body>/<str:number>/steps/<slug:step>/",
        views.BallotStep.as_view(),
        name="api-ballot-step",
    ),
    path("bodies/", views.BodyList.as_view(), name="api-bodies"),
    path("bodies/<slug:slug>/", views.BodyDetail.as_view(), name="api-body"),
    path("bodies/<slug:slug>/members/", views.BodyMembers.as_view(), name="api-body-members"),
    path("bodies/<slug:slug>/ballots/", views.BallotCreate.as_view(), name="api-ballot-create"),
    path("bodies/<slug:slug>/meetings/", views.MeetingCreate.as_view(), name="api-meeting-create"),
    path("organizations/", views.OrganizationList.as_view(), name="api-organizations"),
    path("organizations/<slug:slug>/", views.OrganizationDetail.as_view(), name="api-organization"),
    path("meetings/", views.MeetingList.as_view(), name="api-meetings"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("getBallots", compat.GetBallots.as_view(), name="api-get-ballots"),
    path("getMemberOrgsForWG", compat.GetMemberOrgsForWG.as_view(), name="api-get-member-orgs"),
]
