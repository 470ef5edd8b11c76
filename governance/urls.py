"""URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ballots import views as ballot_views
from governance import views as governance_views

urlpatterns = [
    path("", ballot_views.dashboard, name="dashboard"),
    path("ballots/", ballot_views.ballot_list, name="ballot-list"),
    path("ballots/<slug:body>/<str:number>/", ballot_views.ballot_detail, name="ballot-detail"),
    path("ballots/<slug:body>/<str:number>/announcements/", include("ballots.writeup_urls")),
    path("chair/", include("ballots.chair_urls")),
    path("bodies/<slug:body>/", governance_views.body_detail, name="body-detail"),
    path(
        "organizations/<slug:slug>/",
        governance_views.organization_detail,
        name="organization-detail",
    ),
    path("meetings/<slug:body>/<str:date>/", governance_views.meeting_day, name="meeting-day"),
    path("feeds/", include("ballots.feeds_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
]
