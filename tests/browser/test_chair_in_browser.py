"""The chair's work in the browser: a new chair runs Ballot SMC07 from proposal to adoption,
recording the 17 votes of the seed post in one grid (the results post the site writes has the
seed's numbers); a chair fills the grid from the list's mails; and the front page and a ballot
page while a vote is open, on a desktop and a phone. Screenshots go to ``artifacts/``."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from ballots import actions
from ballots.models import Ballot, Vote, VoteChange
from tests.chairing import (
    PASSWORD,
    SMC07_CONSUMERS,
    SMC07_ISSUERS,
    SMC07_VOTING,
    record_votes,
    smc07_draft,
    smc07_in_voting,
    smcwg_world,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"


def step(page, key: str, **fields):
    """Fill the step's form on the ballot page and submit it; returns the message shown."""
    form = page.locator(f"#step-{key}")
    for name, value in fields.items():
        control = form.locator(f"[name='{key}-{name}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    form.get_by_role("button").click()
    page.wait_for_load_state()
    return page.locator(".messages, .chair .error").first.inner_text()


def test_a_new_chair_runs_smc07_from_proposal_to_adoption(live_server, page):
    smcwg_world(extra_issuers=2)  # 17 Voting Members vote, 2 never do
    ARTIFACTS.mkdir(exist_ok=True)
    site = live_server.url

    # Sign in.
    page.goto(site + "/accounts/login/?next=/chair/")
    page.get_by_label("Username").fill("stephen")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/chair/")
    assert "S/MIME Certificate Working Group" in page.locator("h2").first.inner_text()

    # Create the ballot.
    page.get_by_role("link", name="New ballot").click()
    page.get_by_label("Ballot id").fill("SMC07")
    page.get_by_label("Title").fill("Align Logging Requirement and Key Escrow clarification")
    page.get_by_label("Type").select_option(label="Final Maintenance Guideline")
    page.locator("#id_proposer_name").fill("Martijn Katerbarg")
    page.get_by_label("Proposer's organisation").select_option(label="Sectigo")
    page.get_by_label("Motion (markdown)").fill(
        "MODIFY the Baseline Requirements as specified in the following Redline."
    )
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/ballots/smcwg/SMC07/")
    assert "SMC07 created as a draft." in page.locator(".messages").inner_text()

    # Discussion, with a refusal first: voting cannot start without endorsements.
    assert "Discussion started" in step(page, "start-discussion", at="2024-05-24T12:30")
    refused = step(page, "start-voting", at="2024-06-05T12:30")
    assert refused == (
        "SMC07 has 0 endorsements from Voting Members other than the proposer's; it needs two "
        "before voting can start (Bylaws 2.3(3))."
    )
    for person, org in (("Stephen Davidson", "DigiCert"), ("Tom Zermeno", "SSL.com")):
        message = step(page, "endorse", person_name=person, organization=org, at="2024-05-24T12:30")
        assert message == f"Endorsement by {person} ({org}) recorded."
    assert step(page, "start-voting", at="2024-06-05T12:30") == (
        "Voting started 05 June 2024 12:30 UTC; it ends 12 June 2024 12:30 UTC."
    )

    # Record the 17 votes in one screen: the grid, one submit.
    assert "19 Voting Members as of 5 Jun 2024, 19 not voted yet" in page.inner_text("#chair")
    page.get_by_role("link", name="Record the votes in one grid, or from the list's mails").click()
    page.wait_for_url("**/ballots/smcwg/SMC07/votes/")
    for org in SMC07_ISSUERS + SMC07_CONSUMERS:
        page.get_by_label(f"Vote of {org}").select_option("yes")
    # Only the first row's time is typed; every other row takes the previous row's.
    page.locator("input[type='datetime-local']").first.fill("2024-06-06T10:05")
    page.screenshot(path=str(ARTIFACTS / "chair-grid.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".scroll").evaluate("el => { el.scrollLeft = 0; }")  # as a reader first sees it
    page.screenshot(path=str(ARTIFACTS / "chair-grid-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Record the changed votes").click()
    page.wait_for_url("**/ballots/smcwg/SMC07/votes/")
    assert page.locator(".messages").inner_text().startswith("17 votes recorded: ")
    page.goto(site + "/ballots/smcwg/SMC07/")
    assert "19 Voting Members as of 5 Jun 2024, 2 not voted yet" in page.inner_text("#chair")
    page.screenshot(path=str(ARTIFACTS / "chair-roster.png"), full_page=True)
    assert VoteChange.objects.filter(recorded_by__username="stephen").count() == 17

    # Close, announce, review for 30 days, adopt.
    assert step(page, "close-voting", at="2024-06-12T12:30").startswith("Voting closed.")
    assert step(page, "announce", at="2024-06-12T13:00") == "Result announced: SMC07 passed."
    assert step(page, "start-review", at="2024-06-12T23:59") == (
        "IPR Review Period started; it ends 12 July 2024 23:59 UTC."
    )
    refused = step(page, "close-review", at="2024-07-01T00:00")
    assert refused.startswith("The Review Period of SMC07 runs until 12 July 2024 23:59 UTC")
    assert step(page, "close-review", at="2024-07-13T00:00") == (
        "IPR review closed: SMC07 adopted."
    )
    assert page.locator(".ballot-header .badge").inner_text().lower() == "adopted"
    assert Ballot.objects.get(number="SMC07").state == "adopted"
    page.screenshot(path=str(ARTIFACTS / "chair-adopted.png"), full_page=True)

    # The results post the site writes, as the chair would copy it.
    page.goto(site + "/ballots/smcwg/SMC07/announcements/results/")
    post = page.locator("textarea").input_value()
    assert_results_stored()
    for expected in (
        "15 votes total, with no abstentions",
        "2 votes total, with no abstentions",
        "15 Issuers voting YES: " + ", ".join(sorted(SMC07_ISSUERS, key=str.lower)),
        "2 Consumers voting YES: Mozilla, rundQuadrat",
        "The quorum was 7 for this ballot. This requirement was MET.",
    ):
        assert expected in post, expected


def sign_in(page, site: str, next_url: str) -> None:
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill("stephen")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def mbox(*mails) -> str:
    """Mails as the list's archive gives them (mbox): sender, time, sentence, Message-ID."""
    out = []
    for n, (who, when, sentence) in enumerate(mails, 1):
        out.append(
            f"From {who} at example.org  {when:%a %b %d %H:%M:%S %Y}\n"
            f"From: {who} at example.org\nDate: {when:%a, %d %b %Y %H:%M:%S +0000}\n"
            f"Subject: Re: [Smcwg-public] VOTING PERIOD: Ballot SMC07\n"
            f"Message-ID: <vote{n}@example.org>\n\n{sentence}\n\n"
        )
    return "".join(out)


def test_a_chair_records_votes_from_the_lists_mails(live_server, page):
    """The chair pastes the list's mails: the grid is filled with a proposal per organisation,
    a changed vote and a late one are flagged, nothing is recorded until the chair submits, and
    then the tally follows (the late vote refused on its own row, Bylaws 2.3(4))."""
    world = smcwg_world()
    ballot = smc07_in_voting(world)  # voting 5-12 June 2024, result not announced
    site = live_server.url
    votes_url = f"/chair/ballots/smcwg/{ballot.number}/votes/"
    sign_in(page, site, votes_url)

    hour = dt.timedelta(hours=1)
    page.get_by_label("Paste the vote mails").fill(
        mbox(
            ("harica", SMC07_VOTING + hour, "HARICA votes yes on SMC07."),
            ("sectigo", SMC07_VOTING + 2 * hour, "Sectigo votes No on ballot SMC07"),
            ("sectigo", SMC07_VOTING + 3 * hour, "Sectigo changes its vote to Yes on SMC07"),
            ("mozilla", SMC07_VOTING + 2 * hour, "Mozilla votes “Yes” on SMC07."),
            ("digicert", SMC07_VOTING + dt.timedelta(days=8), "DigiCert votes yes on SMC07"),
        )
    )
    page.get_by_role("button", name="Read the mails").click()
    page.wait_for_load_state()
    grid = page.locator("table.grid")
    notes = grid.locator("p.note").all_inner_texts()
    assert "Doubtful: changes Sectigo's vote from No to Yes (the last mail counts)" in notes
    assert "Doubtful: sent after voting closed: a late vote is not counted (2.3(4))" in notes
    for org, choice in (("HARICA", "yes"), ("Sectigo", "yes"), ("Mozilla", "yes")):
        assert page.get_by_label(f"Vote of {org}").input_value() == choice, org
    assert page.get_by_label("Link to HARICA's mail").input_value() == "mid:vote1@example.org"
    assert not Vote.objects.filter(ballot=ballot).exists()  # nothing until confirmed
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chair-mails.png"), full_page=True)

    page.get_by_role("button", name="Record the changed votes").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text().startswith("3 votes recorded: ")
    refusal = page.locator("tr.has-error + tr .error").inner_text()
    assert "is not valid and is not counted (Bylaws 2.3(4))" in refusal
    votes = dict(Vote.objects.filter(ballot=ballot).values_list("organization__name", "choice"))
    assert votes == {"HARICA": "yes", "Sectigo": "yes", "Mozilla": "yes"}

    page.goto(site + ballot.get_absolute_url())
    reasons = page.locator("ul.reasons").inner_text()
    assert "Certificate Issuers: 2 of 2 votes cast in favour (100%)" in reasons
    assert "Certificate Consumers: 1 of 1 vote cast in favour (100%)" in reasons
    assert_results_stored()


def assert_results_stored() -> None:
    """Every write above committed for real (a live server): each stored result is what the
    pipeline computes from the record now (``recompute_results`` exits 1 otherwise)."""
    out = StringIO()
    call_command("recompute_results", stdout=out)
    assert "0 had none stored, 0 were stale or of another version, 0 differed." in out.getvalue()


def test_the_front_page_and_a_ballot_during_voting(live_server, browser):
    """Screenshots of the front page and of a ballot page while a vote is open, on a desktop
    and on a phone, with who has not voted yet."""
    world = smcwg_world()
    now = timezone.now()
    ballot = smc07_draft(world, number="SMC09", at=now - dt.timedelta(days=12))
    actions.ballot_start_discussion(world.chair, ballot, at=now - dt.timedelta(days=11))
    for name, org in (("Stephen Davidson", "DigiCert"), ("Tom Zermeno", "SSL.com")):
        actions.ballot_endorse(
            world.chair,
            ballot,
            person_name=name,
            organization=world.org(org),
            at=now - dt.timedelta(days=11),
        )
    ballot = actions.ballot_start_voting(world.chair, ballot, at=now - dt.timedelta(days=2))
    record_votes(world, ballot, SMC07_ISSUERS[:5])
    record_votes(world, ballot, SMC07_CONSUMERS[:1], choice="no")
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("", (1280, 900)), ("-phone", (390, 844))):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=bool(name)
        )
        page = context.new_page()
        page.goto(live_server.url + "/")
        card = page.locator("#voting-h + article")
        assert "SMC09" in card.inner_text() and "6 taking part" in card.inner_text()
        page.screenshot(path=str(ARTIFACTS / f"front-voting{name}.png"), full_page=True)
        page.goto(live_server.url + ballot.get_absolute_url())
        text = page.locator("main").inner_text()
        assert "Voting is open: the count so far" in text
        assert "Not voted yet" in text and "Certificate Issuers (10)" in text
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport[0], f"the ballot page scrolls sideways ({width}px)"
        page.screenshot(path=str(ARTIFACTS / f"ballot-voting{name}.png"), full_page=True)
        context.close()
