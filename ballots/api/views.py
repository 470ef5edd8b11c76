"""The API's endpoints under /api/v1/: reads for everyone (members-only meetings hidden from the
public, as on the pages), and the chair's steps for a Chair or Vice-Chair of the body, by token
or session. Every read comes from the selectors, every write from the actions: the same Bylaws
checks, messages (400 with the message as JSON), 403s and history rows as the forms."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.models import Attendance, Body, Meeting, Membership, Organization
from governance.offices import require_chair
from governance.selectors import rule_set_for

from .. import actions
from ..forms import BallotCreateForm, MeetingForm
from ..models import Ballot, Vote, VoteChange
from ..selectors import ballot_search, find_ballot, page_of, summarise, summary_of
from ..views.panel import ACTIONS
from . import serializers as out

FILTERS = [
    OpenApiParameter("body", str, description="a body's slug: forum, scwg, smcwg, ..."),
    OpenApiParameter("state", str, description="a stored state: voting, passed, ..."),
    OpenApiParameter("outcome", str, description="passed, failed or withdrawn (THE outcome)"),
    OpenApiParameter("type", str, description="final_guideline, election, other, ..."),
    OpenApiParameter("year", int, description="voting (else discussion) started that year"),
    OpenApiParameter("q", str, description="in the id, title and motion"),
    OpenApiParameter("sort", str, enum=["date", "-date", "id", "-id"]),
]
ERRORS = {400: out.ErrorSerializer, 401: out.ErrorSerializer, 403: out.ErrorSerializer}
BODY_SLUGS = ["forum", "scwg", "smcwg", "cscwg", "netsec", "dgwg"]
BALLOT_PATH = [
    OpenApiParameter(
        "body", str, OpenApiParameter.PATH, enum=BODY_SLUGS, description="the body's slug"
    ),
    OpenApiParameter(
        "number",
        str,
        OpenApiParameter.PATH,
        description="the ballot's id in any spelling the Forum has used",
        examples=[
            OpenApiExample("SC-73", value="SC-73"),
            OpenApiExample("SC073", value="SC073"),
            OpenApiExample("SMC07", value="SMC07"),
        ],
    ),
]
BODY_PATH = [OpenApiParameter("slug", str, OpenApiParameter.PATH, enum=BODY_SLUGS)]


def _ballot(body: str, number: str) -> Ballot:
    queryset = Ballot.objects.select_related("body", "proposer__organization").prefetch_related(
        "endorsements__person__organization", "versions", "discrepancies", "sources"
    )
    return find_ballot(queryset, body, number)


class Pages(PageNumberPagination):
    page_size = 25
    max_page_size = 200
    page_size_query_param = "page_size"


class BallotList(generics.GenericAPIView):
    """Every ballot, with the list page's filters, 25 a page (``page_size`` up to 200)."""

    pagination_class = Pages
    serializer_class = out.BallotSerializer

    @extend_schema(
        operation_id="ballots_list", parameters=FILTERS, responses=out.BallotSerializer(many=True)
    )
    def get(self, request):
        ordered, _ = ballot_search(request.query_params)
        page = self.paginate_queryset(ordered)
        return self.get_paginated_response([out.ballot_item(s) for s in summarise(page_of(page))])


class BallotDetail(APIView):
    """One ballot, found by any spelling of its id: its phase, dates and deadlines, tally per
    class, each rule in words, quorum and how it was found, THE outcome and whether it is
    verified, discrepancies and sources."""

    @extend_schema(
        parameters=BALLOT_PATH,
        responses={200: out.BallotDetailSerializer, 404: out.ErrorSerializer},
    )
    def get(self, request, body: str, number: str):
        ballot = _ballot(body, number)
        now = timezone.now()
        return Response(out.ballot_detail(summary_of(ballot, now=now), now))


class BallotVotes(APIView):
    """The votes of one ballot, the votes its posts name as not counted, and every change."""

    @extend_schema(
        parameters=BALLOT_PATH, responses={200: out.VotesSerializer, 404: out.ErrorSerializer}
    )
    def get(self, request, body: str, number: str):
        queryset = Ballot.objects.select_related("body").prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("organization")),
            Prefetch(
                "vote_changes",
                queryset=VoteChange.objects.select_related("organization", "recorded_by"),
            ),
        )
        return Response(out.votes_of(find_ballot(queryset, body, number)))


class BodyList(APIView):
    """The Forum and its working groups."""

    @extend_schema(
        responses=inline_serializer(
            "Body",
            {
                "slug": serializers.CharField(),
                "name": serializers.CharField(),
                "short_name": serializers.CharField(),
                "ballot_prefix": serializers.CharField(),
                "url": serializers.CharField(),
            },
            many=True,
        )
    )
    def get(self, request):
        return Response([_body(b) for b in Body.objects.all()])


def _body(b: Body) -> dict:
    return {
        "slug": b.slug,
        "name": b.name,
        "short_name": b.short_name,
        "ballot_prefix": b.ballot_prefix,
        "url": f"/api/v1/bodies/{b.slug}/",
    }


class BodyDetail(APIView):
    """A body with the rule set in force today: the quoted text and the reading chosen."""

    @extend_schema(
        parameters=BODY_PATH, responses={200: out.BodyDetailSerializer, 404: out.ErrorSerializer}
    )
    def get(self, request, slug: str):
        body = get_object_or_404(Body, slug=slug)
        choice = rule_set_for(body, timezone.localdate())
        rules = choice.rule_set
        return Response(
            {
                **_body(body),
                "rule_set": None
                if rules is None
                else {
                    "source_document": rules.source_document,
                    "effective_from": rules.effective_from,
                    "citation": rules.citation,
                    "interpretation": rules.interpretation,
                    "meetings_counted": rules.meetings_counted,
                },
                "rule_set_note": choice.note,
                "members_url": f"/api/v1/bodies/{body.slug}/members/",
            }
        )


class BodyMembers(APIView):
    """The body's members on a day (``on``, today by default), by class; inferred ones (from
    votes in imported posts) are marked."""

    @extend_schema(
        parameters=[*BODY_PATH, OpenApiParameter("on", OpenApiTypes.DATE)],
        responses={200: out.MembersSerializer, 400: out.ErrorSerializer, 404: out.ErrorSerializer},
    )
    def get(self, request, slug: str):
        body = get_object_or_404(Body, slug=slug)
        day = _day(request.query_params.get("on"))
        by_class: dict[str, list] = {}
        for m in (
            Membership.objects.filter(body=body)
            .on(day)
            .select_related("organization")
            .order_by("member_class", "organization__name")
        ):
            by_class.setdefault(m.member_class, []).append(
                {"organization": m.organization.name, "slug": m.organization.slug,
                 "start": m.start, "end": m.end, "inferred": m.inferred}
            )  # fmt: skip
        return Response({"body": body.slug, "on": day, "members": by_class})


def _day(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text[:10]) if text.isascii() else dt.date.fromisoformat("x")
    except ValueError as exc:
        raise ValidationError({"detail": f"“{text[:40]}” is not a date (YYYY-MM-DD)."}) from exc


class OrganizationList(generics.GenericAPIView):
    """Every organisation, with every name it was written under."""

    pagination_class = Pages

    @extend_schema(
        operation_id="organizations_list", responses=out.OrganizationSerializer(many=True)
    )
    def get(self, request):
        orgs = Organization.objects.prefetch_related("aliases").order_by("name")
        page = self.paginate_queryset(orgs)
        return self.get_paginated_response([_org(o) for o in page])


def _org(o: Organization) -> dict:
    return {
        "name": o.name,
        "slug": o.slug,
        "names": sorted({a.name for a in o.aliases.all()} | {o.name}),
        "url": f"/api/v1/organizations/{o.slug}/",
    }


class OrganizationDetail(APIView):
    """An organisation, its memberships and its voting record."""

    @extend_schema(responses={200: out.OrganizationDetailSerializer, 404: out.ErrorSerializer})
    def get(self, request, slug: str):
        org = get_object_or_404(Organization.objects.prefetch_related("aliases"), slug=slug)
        votes = Vote.objects.filter(organization=org).select_related("ballot__body")
        memberships = org.memberships.select_related("body")
        return Response(
            {
                **_org(org),
                "memberships": [
                    {"body": m.body.slug, "member_class": m.member_class, "start": m.start,
                     "end": m.end, "inferred": m.inferred}
                    for m in memberships
                ],
                "votes": [
                    {"ballot": v.ballot.number, "body": v.ballot.body.slug,
                     "member_class": v.member_class, "choice": v.choice,
                     "api_url": f"/api/v1/ballots/{v.ballot.body.slug}/{v.ballot.number}/"}
                    for v in votes.order_by("-ballot__voting_start", "-ballot_id")
                ],
            }
        )  # fmt: skip


class MeetingList(generics.GenericAPIView):
    """Meetings, newest first, with who attended; members-only meetings only for members."""

    pagination_class = Pages

    @extend_schema(
        operation_id="meetings_list",
        parameters=[OpenApiParameter("body", str)],
        responses=out.MeetingSerializer(many=True),
    )
    def get(self, request):
        meetings = Meeting.objects.select_related("body").order_by("-date", "id")
        body = request.query_params.get("body")
        if body:
            meetings = meetings.filter(body__slug=body[:40])
        if not request.user.is_authenticated:
            meetings = meetings.filter(member_only=False)
        page = self.paginate_queryset(
            meetings.prefetch_related(
                Prefetch("attendance", queryset=Attendance.objects.select_related("organization"))
            )
        )
        return self.get_paginated_response(
            [
                {
                    "body": m.body.slug,
                    "date": m.date,
                    "kind": m.kind,
                    "title": m.title,
                    "member_only": m.member_only,
                    "attendance": sorted(
                        {a.organization.name for a in m.attendance.all() if a.organization}
                    ),
                }
                for m in page
            ]
        )


# --- the chair's steps -------------------------------------------------------------------


class IsChairOfBody(permissions.BasePermission):
    message = "Only the body's Chair or Vice-Chair can do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)


def _refused(exc: Exception) -> Response:
    code = status.HTTP_403_FORBIDDEN if isinstance(exc, PermissionDenied) else 400
    return Response({"detail": str(exc)}, status=code)


def _form_errors(form) -> Response:
    return Response(
        {
            "detail": "Check the request: "
            + "; ".join(
                f"{form.fields[f].label or f if f in form.fields else f}: {' '.join(e)}"
                for f, e in form.errors.items()
            ),
            "fields": form.errors,
        },
        status=400,
    )


STEP_BODY = inline_serializer(
    "StepFields",
    {"at": serializers.DateTimeField(required=False, help_text="when, UTC; empty: now")},
)


def _chair_write(request, body: Body, form, run) -> tuple[object, Response | None]:
    """The shape every write shares: the office first (403), then the form (400 with every
    field's message), then the action (400 with the Bylaws message). Returns (what the action
    returned, None), or (None, the refusal)."""
    try:
        require_chair(request.user, body)
    except PermissionDenied as exc:
        return None, _refused(exc)
    if not form.is_valid():
        return None, _form_errors(form)
    try:
        return run(form.cleaned_data), None
    except (actions.BylawViolation, PermissionDenied) as exc:
        return None, _refused(exc)


class BallotStep(APIView):
    """A chair's step on a ballot (``step``: version, endorse, start-discussion, start-voting,
    vote, quorum, close-voting, announce, start-review, exclusion-notice, close-review,
    withdraw, expire), with the same fields as the ballot page's forms."""

    permission_classes = [IsChairOfBody]
    throttle_scope = "writes"

    @extend_schema(
        request=STEP_BODY,
        parameters=[
            *BALLOT_PATH,
            OpenApiParameter("step", str, OpenApiParameter.PATH, enum=sorted(ACTIONS)),
        ],
        responses={200: out.StepResultSerializer, **ERRORS, 404: out.ErrorSerializer},
    )
    def post(self, request, body: str, number: str, step: str):
        action = ACTIONS.get(step)
        if action is None:
            return Response({"detail": f"No step “{step[:40]}”."}, status=404)
        ballot = _ballot(body, number)
        message, refused = _chair_write(
            request,
            ballot.body,
            action.form(request.data),
            lambda data: action.run(request.user, ballot, data),
        )
        if refused:
            return refused
        now = timezone.now()
        fresh = summary_of(_ballot(body, ballot.number), now=now)
        return Response({"message": message, "ballot": out.ballot_detail(fresh, now)})


class BallotCreate(APIView):
    """A new ballot in a body, as a draft (the fields of the chair's new-ballot form)."""

    permission_classes = [IsChairOfBody]
    throttle_scope = "writes"

    @extend_schema(
        request=out.BallotCreateRequest,
        parameters=BODY_PATH,
        responses={201: out.BallotDetailSerializer, **ERRORS},
    )
    def post(self, request, slug: str):
        body = get_object_or_404(Body, slug=slug)
        ballot, refused = _chair_write(
            request,
            body,
            BallotCreateForm(request.data),
            lambda data: actions.ballot_create(request.user, body, **data),
        )
        if refused:
            return refused
        now = timezone.now()
        detail = out.ballot_detail(summary_of(_ballot(slug, ballot.number), now=now), now)
        return Response(detail, status=201)


class MeetingCreate(APIView):
    """A meeting and who attended ("Name - (Organisation)" per line), for quorum."""

    permission_classes = [IsChairOfBody]
    throttle_scope = "writes"

    @extend_schema(
        request=out.MeetingRequest,
        parameters=BODY_PATH,
        responses={201: out.MeetingCreatedSerializer, **ERRORS},
    )
    def post(self, request, slug: str):
        body = get_object_or_404(Body, slug=slug)
        meeting, refused = _chair_write(
            request,
            body,
            MeetingForm(request.data),
            lambda data: actions.meeting_record(request.user, body, **data),
        )
        if refused:
            return refused
        return Response(
            {"body": body.slug, "date": meeting.date, "title": meeting.title,
             "attendance": meeting.attendance.count()},
            status=201,
        )  # fmt: skip
