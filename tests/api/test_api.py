"""The API: the pages' figures as JSON, the chair's steps by token, the Forum website's calls."""

import datetime as dt
import shutil

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from ballots import actions
from ballots.models import Vote, VoteChange
from ballots.posts.importer import import_posts
from ballots.views.panel import ACTIONS
from governance.models import ApiToken, Meeting
from tests.chairing import PASSWORD, SMC07_ISSUERS, smc07_in_voting, smcwg_world
from tests.factories import BallotFactory, MeetingFactory, MembershipFactory, attend, body

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return smcwg_world()


def token_client(user) -> Client:
    _, key = ApiToken.issue(kind=ApiToken.Kind.PERSONAL, name="tests", user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


# --- reads ---------------------------------------------------------------------------------


def test_the_api_gives_the_pages_figures_for_real_ballots(client, corpus_dir, tmp_path):
    for rel in (
        "posts/2024/2024-06-07-ballot-sc73/index.md",
        "posts/2013/2013-10-28-ssl-performanceballot-109.md",
        "posts/2017/2017-01-31-ballot-183-amending-bylaws-clarify-ballot-approval-process.md",
    ):
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_dir / rel, target)
    import_posts([tmp_path])
    for slug, number in (("scwg", "SC-73"), ("forum", "Ballot 109"), ("forum", "Ballot 183")):
        page = client.get(f"/ballots/{slug}/{number}/")
        data = client.get(f"/api/v1/ballots/{slug}/{number}/").json()
        result, summary = page.context["result"], page.context["summary"]
        assert data["tally"]["participants"] == result.tally.participants
        assert data["tally"]["issuers"]["yes"] == result.tally.issuers.yes
        assert data["tally"]["consumers"]["yes"] == result.tally.consumers.yes
        assert data["quorum"]["required"] == result.quorum.required
        assert data["quorum"]["explanation"] == result.quorum.explanation
        assert data["outcome"] == summary.outcome
        v = summary.verification
        assert data["verification"] == ({"status": v.status, "words": v.words} if v else None)
        assert data["explanation"] == list(result.explanation)
    sc73 = client.get("/api/v1/ballots/scwg/sc73/").json()  # any spelling
    assert (sc73["id"], sc73["outcome"], sc73["tally"]["issuers"]["yes"]) == ("SC-73", "passed", 23)
    assert sc73["sources"][0]["url"] == (
        "https://cabforum.org/2024/06/07/ballot-sc-73-Compromised-and-weak-keys"
    )


def test_the_list_has_the_pages_filters_and_pages(client):
    BallotFactory(title="Alpha", outcome="passed")
    BallotFactory(title="Beta", body=body("scwg"), number="SC-900", number_key="SC-900")
    data = client.get("/api/v1/ballots/", {"body": "smcwg", "outcome": "passed"}).json()
    assert data["count"] == 1 and data["results"][0]["title"] == "Alpha"
    assert set(data) == {"count", "next", "previous", "results"}


def test_votes_are_their_own_resource_with_every_change(client, world):
    ballot = smc07_in_voting(world)
    org = world.org(SMC07_ISSUERS[0])
    at = dt.datetime(2024, 6, 5, 13, tzinfo=dt.UTC)
    actions.vote_record(world.chair, ballot, organization=org, choice="yes", cast_at=at)
    actions.vote_record(
        world.chair, ballot, organization=org, choice="no", cast_at=at + dt.timedelta(hours=1)
    )
    data = client.get("/api/v1/ballots/smcwg/SMC07/votes/").json()
    assert [(v["organization"], v["choice"]) for v in data["votes"]] == [(org.name, "no")]
    assert [(c["previous_choice"], c["choice"], c["recorded_by"]) for c in data["changes"]] == [
        ("", "yes", "stephen"),
        ("yes", "no", "stephen"),
    ]


def test_members_of_a_body_on_a_day_by_class(client, world):
    data = client.get("/api/v1/bodies/smcwg/members/", {"on": "2024-06-05"}).json()
    assert len(data["members"]["issuer"]) == 15
    assert [m["organization"] for m in data["members"]["consumer"]] == ["Mozilla", "rundQuadrat"]
    assert client.get("/api/v1/bodies/smcwg/members/", {"on": "٢٠٢٤"}).status_code == 400


def test_members_only_meetings_are_hidden_from_the_public_in_the_api(client, world):
    MeetingFactory(title="Secret", member_only=True)
    public = client.get("/api/v1/meetings/").json()
    assert "Secret" not in [m["title"] for m in public["results"]]
    client.login(username=world.member.username, password=PASSWORD)
    assert "Secret" in [m["title"] for m in client.get("/api/v1/meetings/").json()["results"]]


def test_list_endpoints_run_the_same_number_of_queries_for_5_and_200_ballots(client):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/api/v1/ballots/?page_size=200", "/api/v1/organizations/", "/api/v1/meetings/"]
    for i in range(5):
        BallotFactory(number=f"SMC{300 + i}", number_key=f"SMC-{300 + i}")
    attend(MeetingFactory(), MembershipFactory().organization)
    few = [queries(u) for u in urls]
    for i in range(195):
        BallotFactory(number=f"SMC{400 + i}", number_key=f"SMC-{400 + i}")
    assert [queries(u) for u in urls] == few


def test_the_schema_and_the_docs_are_served_from_this_site(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/ballots/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()


# --- the chair's steps by token ------------------------------------------------------------


def test_a_chair_records_a_vote_by_token_with_its_history_row(world):
    ballot = smc07_in_voting(world)
    response = token_client(world.chair).post(
        "/api/v1/ballots/smcwg/SMC07/steps/vote/",
        {
            "organization": world.org("HARICA").pk,
            "choice": "yes",
            "cast_at": "2024-06-05T14:00",
            "message_url": "https://lists.cabforum.org/x",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["message"] == "HARICA voted Yes."
    vote = Vote.objects.get(ballot=ballot)
    assert (vote.organization.name, vote.recorded_by, vote.source) == (
        "HARICA",
        world.chair,
        "chair",
    )
    assert VoteChange.objects.filter(ballot=ballot, organization__name="HARICA").count() == 1


def test_a_refused_step_is_a_400_with_the_bylaws_message(world):
    smc07_in_voting(world)
    response = token_client(world.chair).post(
        "/api/v1/ballots/smcwg/SMC07/steps/vote/",
        {"organization": world.non_voting.pk, "choice": "yes", "cast_at": "2024-06-05T14:00"},
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "WebTrust is not a Voting Member of the S/MIME Certificate Working Group on 05 June 2024"
    )
    assert not Vote.objects.exists()


WRITE_ENDPOINTS = [
    *[f"/api/v1/ballots/smcwg/SMC07/steps/{step}/" for step in sorted(ACTIONS)],
    "/api/v1/bodies/smcwg/ballots/",
    "/api/v1/bodies/smcwg/meetings/",
]


def test_every_write_endpoint_is_in_the_matrix():
    names = {p.name for p in get_resolver().url_patterns[1].url_patterns[0].url_patterns}
    writes = {
        n for n in names if n in ("api-ballot-step", "api-ballot-create", "api-meeting-create")
    }
    assert writes == {"api-ballot-step", "api-ballot-create", "api-meeting-create"}
    assert len([u for u in WRITE_ENDPOINTS if "/steps/" in u]) == len(ACTIONS)


def test_the_permission_matrix_for_every_write_endpoint(world):
    smc07_in_voting(world)
    member_session = Client()
    member_session.login(username=world.member.username, password=PASSWORD)
    other_session = Client()
    other_session.login(username=world.other_chair.username, password=PASSWORD)
    callers = {
        "anonymous": (Client(), {401, 403}),
        "member (session)": (member_session, {403}),
        "member (token)": (token_client(world.member), {403}),
        "another body's chair (session)": (other_session, {403}),
        "another body's chair (token)": (token_client(world.other_chair), {403}),
        "a wrong token": (Client(HTTP_AUTHORIZATION="Token cabf_wrong"), {401}),
        "the chair (token)": (token_client(world.chair), {200, 201, 400}),
    }
    before = (Vote.objects.count(), Meeting.objects.count())
    for who, (client, allowed) in callers.items():
        for url in WRITE_ENDPOINTS:
            response = client.post(url, {})
            assert response.status_code in allowed, (who, url, response.status_code)
            if response.status_code >= 400:
                assert response.json()["detail"], (who, url)
    assert (Vote.objects.count(), Meeting.objects.count()) == before


def test_a_session_write_needs_its_csrf_token(world):
    smc07_in_voting(world)
    client = Client(enforce_csrf_checks=True)
    client.login(username=world.chair.username, password=PASSWORD)
    response = client.post("/api/v1/ballots/smcwg/SMC07/steps/close-voting/", {})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_revoked_token_is_refused():
    from django.contrib.auth.models import User

    user = User.objects.create_user("x", password=PASSWORD)
    token, key = ApiToken.issue(kind=ApiToken.Kind.PERSONAL, name="t", user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.post("/api/v1/bodies/smcwg/meetings/", {}).status_code == 403
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=dt.datetime.now(dt.UTC))
    assert client.post("/api/v1/bodies/smcwg/meetings/", {}).status_code == 401


def test_failed_authentication_is_throttled():
    client = Client(HTTP_AUTHORIZATION="Token cabf_wrong")
    statuses = [client.get("/api/v1/bodies/").status_code for _ in range(25)]
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429] * 5


# --- the Forum website's calls ---------------------------------------------------------------


@pytest.fixture
def site_key():
    _, key = ApiToken.issue(kind=ApiToken.Kind.SITE, name="cabforum.org")
    return key


def test_get_ballots_answers_the_website_s_shape(client, world, site_key):
    smc07_in_voting(world)
    response = client.get(
        "/api/getBallots",
        {"forum_group_name": "S/MIME Certificate Working Group", "status": "Voting Period"},
        HTTP_X_API_KEY=site_key,
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "name": "SMC07: Align Logging Requirement and Key Escrow clarification",
            "created_at": "2024-05-24T12:30:00+00:00",
            "forum_group_name": "S/MIME Certificate Working Group",
            "status": "Voting Period",
        }
    ]


def test_get_member_orgs_answers_the_website_s_shape(client, world, site_key):
    data = client.get(
        "/api/getMemberOrgsForWG",
        {"wg": "S/MIME Certificate Working Group"},
        HTTP_X_API_KEY=site_key,
    ).json()
    (group,) = data["forumGroups"]
    assert group["name"] == "S/MIME Certificate Working Group"
    by_type = {t["participantType"]: t["members"] for t in group["participantTypes"]}
    assert by_type["Consumer"] == [
        {"memberOrganization": "Mozilla"},
        {"memberOrganization": "rundQuadrat"},
    ]
    assert {"memberOrganization": "DigiCert"} in by_type["Issuer"]
    assert by_type["Associate"] == [{"memberOrganization": "WebTrust"}]


@pytest.mark.parametrize("headers", [{}, {"HTTP_X_API_KEY": "wrong"}])
def test_the_website_s_calls_need_the_site_key(client, headers):
    for url in ("/api/getBallots", "/api/getMemberOrgsForWG"):
        response = client.get(url, **headers)
        assert response.status_code == 401
        assert "X-API-KEY" in response.json()["detail"]


def test_a_personal_token_is_not_a_site_key(client, world):
    _, key = ApiToken.issue(kind=ApiToken.Kind.PERSONAL, name="t", user=world.chair)
    assert client.get("/api/getBallots", HTTP_X_API_KEY=key).status_code == 401


def test_every_operation_is_described_with_its_responses_schemas(client):
    schema = client.get("/api/schema/?format=json", HTTP_ACCEPT="application/json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert operation.get("description"), (path, method)
            ok = [c for c in operation["responses"] if c.startswith("2")]
            assert ok, (path, method)
            for code in ok:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                shape = body.get("items", body)
                assert "$ref" in shape or shape.get("properties"), (path, method, code, body)
