"""The site as a person uses it, in Debian's Chromium driven by Playwright, against a live
server with the Forum's real posts imported. Screenshots go to ``artifacts/``."""

from pathlib import Path

import pytest
from django.conf import settings

from ballots.posts.importer import import_posts
from tests.factories import ensure_seeded

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"


@pytest.fixture
def site(live_server, corpus_dir):
    ensure_seeded()
    result = import_posts([corpus_dir])
    assert result.count(status="error") == 0
    ARTIFACTS.mkdir(exist_ok=True)
    return live_server.url


def test_dashboard_filter_ballot_and_feed(site, page):
    page.goto(site + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Where every ballot stands"
    # The imported record ends before today: the page still shows what was decided last, the
    # latest meetings, and the record at a glance.
    assert page.get_by_role("heading", name="Latest decided").is_visible()
    assert page.get_by_role("heading", name="Latest meetings").is_visible()
    assert page.get_by_role("heading", name="The record at a glance").is_visible()
    assert page.locator("svg.glance.outcomes").count() == 5
    assert page.locator("svg.glance.turnout a").count() > 80
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    # A bar of the plot opens the ballots it counts.
    page.locator("svg.glance.outcomes a[href*='body=scwg'][href*='year=2024']").first.click()
    page.wait_for_url(lambda url: "body=scwg" in url and "year=2024" in url)
    assert page.locator("p.count").inner_text().split()[0].isdigit()
    page.goto(site + "/")

    # Filter the list to the S/MIME working group.
    page.get_by_role("link", name="Ballots", exact=True).first.click()
    page.get_by_label("Body").select_option("smcwg")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/ballots/?*body=smcwg*")
    ids = page.locator("table.ballots tbody th[scope=row]").all_inner_texts()
    assert ids and all(i.upper().startswith("SMC") for i in ids), ids
    assert "SMC05" in ids

    # Open a ballot and read its tally.
    page.goto(site + "/ballots/scwg/SC-73/")
    reasons = page.locator("ul.reasons").inner_text()
    assert (
        "Certificate Issuers: 23 of 23 votes cast in favour (100%), two-thirds or more "
        "required: met" in reasons
    )
    assert "Certificate Consumers: 1 of 1 vote cast in favour (100%)" in reasons
    assert page.locator("svg.tally-chart").count() == 2
    page.screenshot(path=str(ARTIFACTS / "ballot.png"), full_page=True)

    # Follow the feed link from the page.
    with page.expect_response(lambda r: r.url.endswith("/feeds/ballots.atom")) as feed:
        page.get_by_role("link", name="Feed", exact=True).click()
    response = feed.value
    assert response.status == 200
    assert "application/atom+xml" in response.headers["content-type"]
    assert "<feed" in response.text()


@pytest.mark.parametrize(
    ("url", "heading", "artifact"),
    [
        ("/ballots/smcwg/SMC05/", "Result", "ballot-phone.png"),
        ("/", "The record at a glance", "dashboard-phone.png"),
    ],
)
def test_a_page_reads_well_on_a_phone(site, browser, url, heading, artifact):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(site + url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{url} scrolls sideways on a phone ({width}px)"
    assert page.get_by_role("heading", name=heading).is_visible()
    page.screenshot(path=str(ARTIFACTS / artifact), full_page=True)
    context.close()
