"""schemathesis against the OpenAPI schema, on a live test server with the Forum's 2024 posts
imported: for every operation, generated requests (hostile ones included) never get a 500, and
every documented response matches the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ballots.posts.importer import import_posts
from governance.models import ApiToken
from tests.chairing import smcwg_world

HEADERS = {}


@pytest.fixture
def api_schema(live_server, corpus_dir, transactional_db):
    result = import_posts([corpus_dir / "posts" / "2024"])
    assert result.count(status="error") == 0
    world = smcwg_world()
    _, personal = ApiToken.issue(kind=ApiToken.Kind.PERSONAL, name="fuzz", user=world.chair)
    _, site = ApiToken.issue(kind=ApiToken.Kind.SITE, name="fuzz")
    # Real credentials, so that requests reach the endpoints (a chair's token for the writes,
    # the site key for the website's calls) instead of all stopping at 401.
    HEADERS.update({"Authorization": f"Token {personal}", "X-API-KEY": site})
    return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_the_api_never_answers_500_and_keeps_to_its_schema(case):
    response = case.call(headers=HEADERS)
    case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
