"""The two calls the Forum's website makes today to its private member-tools service, answered
unchanged, so that its Hugo shortcodes (``{{< ballots status="Voting Period" >}}``,
``{{< members wg="Server Certificate Working Group" type="Issuer" >}}``) can point here:

- ``GET /api/getBallots?forum_group_name=&status=`` -> ``[{"name", "created_at",
  "forum_group_name", "status"}]``
- ``GET /api/getMemberOrgsForWG?wg=`` -> ``{"forumGroups": [{"name", "participantTypes":
  [{"participantType", "members": [{"memberOrganization"}]}]}]}``

Both need the site key in ``X-API-KEY`` (made and revoked in the admin, stored hashed)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from governance import bylaws
from governance.models import Body, Membership

from ..models import Ballot
from ..selectors import summarise
from .auth import FailedAuthThrottle, HasSiteKey, SiteKeyAuthentication

# The names the website passes for the bodies (the Forum's own is "Forum").
GROUP_NAMES = {
    "forum": "Forum",
    "scwg": "Server Certificate Working Group",
    "smcwg": "S/MIME Certificate Working Group",
    "cscwg": "Code Signing Certificate Working Group",
    "netsec": "Network Security Working Group",
    "dgwg": "Definitions and Glossary Working Group",
}
PARTICIPANT_TYPES = {
    "issuer": "Issuer",
    "consumer": "Consumer",
    "associate": "Associate",
    "interested_party": "Interested Party",
    "probationary": "Probationary",
}


def forum_status(summary) -> str:
    """The website's word for where a ballot stands."""
    phase, ballot = summary.phase, summary.ballot
    P = bylaws.Phase
    if phase is P.DRAFT:
        return "Pre-Ballot" if ballot.endorsements.all() else "New"
    if phase is P.DISCUSSION:
        return "Discussion Period"
    if phase in (P.VOTING, P.CLOSED):
        return "Voting Period"
    if phase is P.IPR_REVIEW:
        return "IPR Review Period"
    outcome = summary.outcome
    if phase in (P.WITHDRAWN, P.EXPIRED) or outcome == "withdrawn":
        return "Cancelled"
    if outcome == "passed" or phase in (P.PASSED, P.ADOPTED):
        return "Ballot Passed"
    if outcome == "failed" or phase in (P.FAILED, P.RESCINDED):
        return "Ballot Failed"
    return "Result Not Published"


COMPAT_ERROR = inline_serializer("CompatError", {"detail": serializers.CharField()})


class Compat(APIView):
    authentication_classes = [SiteKeyAuthentication]
    permission_classes = [HasSiteKey]
    throttle_classes = [FailedAuthThrottle]


class GetBallots(Compat):
    """The website's ballot lists: every ballot of a group, in a status ("Review Period" is
    taken as "IPR Review Period"), newest first."""

    @extend_schema(
        parameters=[
            OpenApiParameter("forum_group_name", str, description="e.g. Server Certificate …"),
            OpenApiParameter("status", str, description="e.g. Voting Period, Ballot Passed"),
            OpenApiParameter("X-API-KEY", str, location=OpenApiParameter.HEADER, required=True),
        ],
        responses={
            200: inline_serializer(
                "ForumBallot",
                {
                    "name": serializers.CharField(),
                    "created_at": serializers.DateTimeField(),
                    "forum_group_name": serializers.CharField(),
                    "status": serializers.CharField(),
                },
                many=True,
            ),
            401: COMPAT_ERROR,
        },
    )
    def get(self, request):
        group = request.query_params.get("forum_group_name", "")
        wanted = request.query_params.get("status", "")
        if wanted == "Review Period":
            wanted = "IPR Review Period"
        ballots = Ballot.objects.with_results().prefetch_related("endorsements", "sources")
        slugs = [slug for slug, name in GROUP_NAMES.items() if name == group]
        if group:
            ballots = ballots.filter(body__slug__in=slugs)
        rows = []
        for summary in summarise(ballots, now=timezone.now()):
            status = forum_status(summary)
            if wanted and status != wanted:
                continue
            b = summary.ballot
            # When it began: discussion (else voting); for a post that gives neither, its date.
            posted = [src.post_date for src in b.sources.all() if src.post_date]
            created = b.discussion_start or b.voting_start or min(posted, default=b.created_at)
            rows.append(
                {
                    "name": f"{b.number}: {b.title}",
                    "created_at": created.isoformat(),
                    "forum_group_name": GROUP_NAMES.get(b.body.slug, b.body.name),
                    "status": status,
                }
            )
        rows.sort(key=lambda r: r["created_at"], reverse=True)
        return Response(rows)


class GetMemberOrgsForWG(Compat):
    """The website's member lists: the current members of a group, by participant type."""

    @extend_schema(
        parameters=[
            OpenApiParameter("wg", str, description='e.g. "Forum", "S/MIME Certificate …"'),
            OpenApiParameter("X-API-KEY", str, location=OpenApiParameter.HEADER, required=True),
        ],
        responses={
            200: inline_serializer(
                "ForumGroups",
                {
                    "forumGroups": inline_serializer(
                        "ForumGroup",
                        {
                            "name": serializers.CharField(),
                            "participantTypes": inline_serializer(
                                "ParticipantType",
                                {
                                    "participantType": serializers.CharField(),
                                    "members": inline_serializer(
                                        "MemberOrganization",
                                        {"memberOrganization": serializers.CharField()},
                                        many=True,
                                    ),
                                },
                                many=True,
                            ),
                        },
                        many=True,
                    )
                },
            ),
            401: COMPAT_ERROR,
        },
    )
    def get(self, request):
        wg = request.query_params.get("wg", "")
        bodies = [b for b in Body.objects.all() if not wg or GROUP_NAMES.get(b.slug) == wg]
        groups = []
        for body in bodies:
            members: dict[str, list[str]] = {}
            for m in (
                Membership.objects.filter(body=body)
                .on(timezone.localdate())
                .select_related("organization")
                .order_by("organization__name")
            ):
                names = members.setdefault(m.member_class, [])
                if m.organization.name not in names:
                    names.append(m.organization.name)
            groups.append(
                {
                    "name": GROUP_NAMES.get(body.slug, body.name),
                    "participantTypes": [
                        {
                            "participantType": PARTICIPANT_TYPES.get(cls, cls),
                            "members": [{"memberOrganization": n} for n in names],
                        }
                        for cls, names in members.items()
                    ],
                }
            )
        return Response({"forumGroups": groups})
