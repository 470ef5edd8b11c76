"""The announcements a chair posts: exact text, and a round trip through the importer."""

import datetime as dt

import pytest
import yaml
from django.urls import include, path, reverse

from ballots import announcements
from ballots.models import Ballot, Discrepancy, Endorsement, ExclusionNotice
from ballots.posts.importer import import_posts
from ballots.services import ballot_counts, ballot_result
from governance import urls as project_urls
from governance.models import Person
from tests.factories import (
    BallotFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    VoteFactory,
    attend,
    body,
)

pytestmark = pytest.mark.django_db

# The project's URLconf (governance/urls.py, not this work's to edit) mounts another module at
# ballots/<body>/<number>/announcements/; the page tests mount ballots.announcement_urls there.
urlpatterns = [
    path("ballots/<slug:body>/<str:number>/announcements/", include("ballots.announcement_urls")),
    *project_urls.urlpatterns,
]
pages = pytest.mark.urls(__name__)

UTC = dt.UTC
SMC07_TITLE = "Align Logging Requirement and Key Escrow clarification"
SMC07_ISSUERS = [
    "Asseco Data Systems SA (Certum)",
    "DigiCert",
    "D-TRUST",
    "eMudhra",
    "Entrust",
    "HARICA",
    "IdenTrust",
    "Logius PKIoverheid",
    "OISTE Foundation",
    "Sectigo",
    "SSL.com",
    "SwissSign",
    "Telia Company",
    "TWCA",
    "VikingCloud",
]
SMC07_CONSUMERS = ["Mozilla", "rundQuadrat"]
SMC07_NAMES_LINE = "* 15 Issuers voting YES: " + ", ".join(SMC07_ISSUERS)


def member(name: str, member_class: str = "issuer", slug: str = "smcwg"):
    """The organisation, a Voting Member of the body (once, however often it is asked for)."""
    org = OrganizationFactory(name=name)
    if not org.memberships.filter(body__slug=slug).exists():
        MembershipFactory(organization=org, member_class=member_class, body=body(slug))
    return org


def three_meetings(orgs, slug: str = "smcwg") -> None:
    """Three meetings before voting, each attended by the same organisations."""
    for day in (dt.date(2024, 5, 1), dt.date(2024, 5, 15), dt.date(2024, 5, 29)):
        attend(MeetingFactory(body=body(slug), date=day, title=f"Teleconference {day}"), *orgs)


def cast(ballot, votes: dict[str, tuple[str, str]]) -> None:
    """``votes``: name -> (class, choice); the organisations are Voting Members of the body."""
    for name, (member_class, choice) in votes.items():
        org = member(name, member_class, ballot.body.slug)
        VoteFactory(ballot=ballot, organization=org, member_class=member_class, choice=choice)


def smc07(**extra) -> Ballot:
    """Ballot SMC07 as the seed post publishes it: 15 + 2 Yes, quorum 7 from attendance."""
    values = dict(
        number="SMC07",
        number_key="SMC07",
        title=SMC07_TITLE,
        ballot_type="final_maintenance_guideline",
        state="ipr_review",
        discussion_start=dt.datetime(2024, 5, 24, 12, 30, tzinfo=UTC),
        voting_start=dt.datetime(2024, 6, 5, 12, 30, tzinfo=UTC),
        voting_end=dt.datetime(2024, 6, 12, 12, 30, tzinfo=UTC),
        review_start=dt.datetime(2024, 6, 12, 23, 59, tzinfo=UTC),
        review_end=dt.datetime(2024, 7, 12, 23, 59, tzinfo=UTC),
        purpose="This ballot aims to clarify what data needs to be logged.",
        motion="MODIFY the Baseline Requirements as specified in the following Redline: "
        "https://github.com/cabforum/smime/compare/342d850...640c878",
    )
    values.update(extra)
    ballot = BallotFactory(**values)
    cast(ballot, {n: ("issuer", "yes") for n in SMC07_ISSUERS})
    cast(ballot, {n: ("consumer", "yes") for n in SMC07_CONSUMERS})
    orgs = [member(n) for n in SMC07_ISSUERS[:11]] + [
        member(n, "consumer") for n in SMC07_CONSUMERS
    ]
    three_meetings(orgs)  # 13 Voting Members at each: more than half of 13 is 7
    sectigo, digicert, ssl = (member(n) for n in ("Sectigo", "DigiCert", "SSL.com"))
    ballot.proposer = Person.objects.create(name="Martijn Katerbarg", organization=sectigo)
    ballot.save()
    for name, org in (("Stephen Davidson", digicert), ("Tom Zermeno", ssl)):
        person = Person.objects.create(name=name, organization=org)
        Endorsement.objects.create(ballot=ballot, person=person, organization=org)
    return ballot


def failing(**extra) -> Ballot:
    """2 Yes 2 No 1 Abstain among the Issuers: 50% is short of two-thirds."""
    values = dict(number="SMC09", number_key="SMC09", title="A ballot that fails", **extra)
    ballot = BallotFactory(**values)
    cast(
        ballot,
        {
            "HARICA": ("issuer", "yes"),
            "Sectigo": ("issuer", "yes"),
            "DigiCert": ("issuer", "no"),
            "Entrust": ("issuer", "no"),
            "TWCA": ("issuer", "abstain"),
            "Mozilla": ("consumer", "yes"),
        },
    )
    three_meetings([member(n) for n in SMC07_ISSUERS[:13]])
    return ballot


# --- what is available ---------------------------------------------------------------------------


def test_kinds_are_in_ballot_life_order():
    assert list(announcements.KINDS) == ["voting", "results", "ipr-review", "adoption"]


def test_available_follows_the_ballot_dates():
    ballot = BallotFactory(
        voting_start=None, voting_end=None, review_start=None, state="discussion"
    )
    assert announcements.available(ballot) == []
    ballot.voting_start = dt.datetime(2024, 6, 5, 12, 30, tzinfo=UTC)
    ballot.voting_end = dt.datetime(2999, 6, 12, 12, 30, tzinfo=UTC)
    assert announcements.available(ballot) == ["voting"]
    ballot.results_announced = dt.datetime(2024, 6, 13, tzinfo=UTC)  # announced: results exist
    assert announcements.available(ballot) == ["voting", "results"]
    ballot.review_start = dt.datetime(2024, 6, 14, tzinfo=UTC)
    ballot.state = "adopted"
    assert announcements.available(ballot) == ["voting", "results", "ipr-review", "adoption"]


def test_write_refuses_what_cannot_be_written():
    ballot = BallotFactory(voting_end=dt.datetime(2999, 1, 1, tzinfo=UTC), review_start=None)
    with pytest.raises(LookupError):
        announcements.write(ballot, "minutes")
    with pytest.raises(ValueError, match="voting has not closed yet"):
        announcements.write(ballot, "results")
    with pytest.raises(announcements.NotAvailable):
        announcements.ipr_review_notice(ballot)
    with pytest.raises(announcements.NotAvailable):
        announcements.adoption_notice(ballot)


# --- the results ---------------------------------------------------------------------------------


def test_results_post_of_smc07_states_the_seed_results():
    ballot = smc07()
    post = announcements.results_post(ballot)
    text = post.markdown
    assert post.kind == "results"
    assert post.title == f"Results of Ballot SMC07: {SMC07_TITLE}"
    assert post.filename == "2024-06-12-results-ballot-smc07.md"
    assert f"## Results of Ballot SMC07: {SMC07_TITLE}\n" in text
    assert (
        f"The voting period for “Ballot SMC07: {SMC07_TITLE}” has completed, and the ballot "
        "has passed." in text
    )
    assert "**Certificate Issuers**\n15 votes total, with no abstentions:\n" in text
    assert SMC07_NAMES_LINE + "\n* 0 Issuers voting NO\n* 0 Issuers ABSTAIN\n" in text
    assert "**Certificate Consumers**\n2 votes total, with no abstentions:\n" in text
    assert "* 2 Consumers voting YES: Mozilla, rundQuadrat\n" in text
    assert "100% of voting Certificate Issuers voted in favor." in text
    assert "100% of voting Certificate Consumers voted in favor." in text
    assert (
        "This requirement was MET for Certificate Issuers and MET for Certificate Consumers."
        in text
    )
    assert "for the ballot to be adopted. This requirement was MET." in text
    assert "17 Voting Members took part." in text
    assert "The quorum was 7 for this ballot. This requirement was MET." in text
    assert (
        "This ballot now enters the 30-day IP Rights Review Period to permit members to review "
        "the ballot for relevant IP rights issues. The IP Rights Review Period ends at 2359 UTC "
        "on July 12, 2024." in text
    )
    # the ballot follows, as in the Forum's posts
    assert "--- Motion Begins ---" in text and "--- Motion Ends ---" in text


def test_results_post_has_the_forum_front_matter():
    post = announcements.results_post(smc07())
    assert post.markdown.startswith("---\n")
    front = yaml.safe_load(post.markdown.split("---\n")[1])
    assert front == {
        "title": f"Ballot SMC07: {SMC07_TITLE}",
        "author": "SMCWG Chair",
        "date": dt.datetime(2024, 6, 12, 12, 30),
        "tags": ["S/MIME", "Ballot"],
        "type": "post",
    }


def test_results_post_of_a_failing_ballot_says_not_met_and_failed():
    text = announcements.results_post(failing()).markdown
    assert "5 votes total, including 1 abstention:\n" in text
    assert "* 2 Issuers voting YES: HARICA, Sectigo\n" in text
    assert "* 2 Issuers voting NO: DigiCert, Entrust\n" in text
    assert "* 1 Issuer ABSTAIN: TWCA\n" in text
    assert "1 vote total, with no abstentions:\n* 1 Consumer voting YES: Mozilla\n" in text
    assert "50% of voting Certificate Issuers voted in favor." in text
    assert (
        'A "yes" vote by two-thirds or more of Certificate Issuer votes and by more than half '
        "of Certificate Consumer votes (thresholds: 66.67% or more and more than 50%)." in text
    )
    assert (
        "This requirement was NOT MET for Certificate Issuers and MET for Certificate "
        "Consumers." in text
    )
    assert "The quorum was 7 for this ballot. This requirement was NOT MET." in text
    assert "and the ballot has failed." in text
    assert "IP Rights Review Period" not in text


def test_results_post_without_a_yes_in_each_class():
    ballot = BallotFactory(number="SMC10", number_key="SMC10")
    cast(ballot, {"HARICA": ("issuer", "yes"), "Mozilla": ("consumer", "no")})
    three_meetings([member("HARICA"), member("Mozilla", "consumer")])
    text = announcements.results_post(ballot).markdown
    assert "0% of voting Certificate Consumers voted in favor." in text
    assert "for the ballot to be adopted. This requirement was NOT MET." in text
    assert "The quorum was 2 for this ballot. This requirement was MET." in text
    assert "and the ballot has failed." in text


def test_results_post_when_quorum_cannot_be_determined():
    # The CSCWG has no transitional quorum: with no meetings recorded the quorum is unknown.
    ballot = BallotFactory(
        body=body("cscwg"), number="CSC-90", number_key="CSC-90", title="Quorum unknown"
    )
    cast(ballot, {"HARICA": ("issuer", "yes"), "Mozilla": ("consumer", "yes")})
    assert ballot_result(ballot).result.outcome is None
    text = announcements.results_post(ballot).markdown
    assert "The quorum for this ballot could not be determined" in text
    assert "the result cannot be declared until the quorum is determined." in text
    assert "has passed" not in text and "has failed" not in text
    assert "tags:\n- Code Signing\n- Ballot\n" in text


def test_results_post_for_a_final_guideline_gives_sixty_days():
    ballot = smc07(ballot_type="final_guideline", review_end=None, review_start=None)
    text = announcements.results_post(ballot).markdown
    assert "This ballot now enters the 60-day IP Rights Review Period" in text
    assert "This ballot proposes a Final Guideline." in text


# --- the voting announcement, the IPR notice, the adoption ---------------------------------------


def test_voting_announcement_of_smc07():
    post = announcements.voting_announcement(smc07())
    text = post.markdown
    assert post.filename == "2024-06-05-voting-ballot-smc07.md"
    assert post.title == f"Ballot SMC07: {SMC07_TITLE}"
    assert "### Summary:\n\nThis ballot aims to clarify what data needs to be logged.\n" in text
    assert (
        "This ballot is proposed by Martijn Katerbarg (Sectigo) and endorsed by Stephen "
        "Davidson (DigiCert) and Tom Zermeno (SSL.com)." in text
    )
    assert "--- Motion Begins ---\n\nMODIFY the Baseline Requirements" in text
    assert (
        "This ballot proposes a Final Maintenance Guideline. The procedure for approval of this "
        "ballot is as follows:" in text
    )
    assert (
        "**Discussion (at least 7 days)**\n\n* Start time: 2024-05-24 12:30:00 UTC\n"
        "* End time: 2024-06-05 12:30:00 UTC\n" in text
    )
    assert (
        "**Vote for approval (7 days)**\n\n* Start time: 2024-06-05 12:30:00 UTC\n"
        "* End time: 2024-06-12 12:30:00 UTC\n" in text
    )


def test_ipr_review_notice_of_smc07():
    post = announcements.ipr_review_notice(smc07())
    text = post.markdown
    assert post.title == f"IPR Review of Ballot SMC07: {SMC07_TITLE}"
    assert post.filename == "2024-06-12-ipr-review-ballot-smc07.md"
    assert "This 30-day Review Period is for the Final Maintenance Guideline" in text
    assert "Ballot for Review: Ballot SMC07\n" in text
    assert "Start of Review Period: 2359 UTC on June 12, 2024\n" in text
    assert "End of Review Period: 2359 UTC on July 12, 2024\n" in text
    assert (
        "by email to smcwg-public@cabforum.org and a copy to the CA/B Forum public mailing "
        "list public@cabforum.org before the end of the Review Period." in text
    )


def test_ipr_review_notice_falls_back_to_the_public_list_and_computes_the_end():
    ballot = smc07(review_end=None, review_start=dt.datetime(2024, 6, 13, 0, 0, tzinfo=UTC))
    ballot.body.mailing_list = ""
    text = announcements.ipr_review_notice(ballot).markdown
    assert "by email to public@cabforum.org before the end" in text
    assert "End of Review Period: 0000 UTC on July 13, 2024" in text  # 30 days


def test_adoption_notice_as_the_seed_writes_it():
    ballot = smc07(state="adopted", effective=dt.datetime(2024, 7, 15, tzinfo=UTC))
    post = announcements.adoption_notice(ballot)
    assert post.filename == "2024-07-15-adoption-ballot-smc07.md"
    assert (
        f"The Intellectual Property Review (IPR) period for Ballot SMC07 ({SMC07_TITLE}) has "
        "completed. No IPR Exclusion Notices were filed, and the ballot is adopted as of "
        "July 15, 2024." in post.markdown
    )


def test_rescission_notice_names_the_exclusion_notice():
    ballot = smc07(state="rescinded")
    ExclusionNotice.objects.create(
        ballot=ballot,
        organization=member("Entrust"),
        filed_at=dt.datetime(2024, 6, 20, tzinfo=UTC),
    )
    post = announcements.write(ballot, "adoption")
    assert post.title == f"Rescission of Ballot SMC07: {SMC07_TITLE}"
    assert "An IPR Exclusion Notice was filed by Entrust on June 20, 2024." in post.markdown
    assert "the results of the Initial Vote are therefore rescinded" in post.markdown
    assert "adopted as of" not in post.markdown


# --- round trip through the importer -------------------------------------------------------------


def _snapshot(ballot: Ballot) -> dict:
    computed = ballot_result(ballot).result
    names = sorted(
        (v.organization.name, v.member_class, v.choice)
        for v in ballot.votes.select_related("organization")
    )
    return {
        "counts": ballot_counts(ballot),
        "names": names,
        "quorum": computed.quorum.required,
        "quorum_met": computed.quorum.met,
        "outcome": computed.outcome,
        "type": ballot.ballot_type,
        "voting": (ballot.voting_start, ballot.voting_end),
    }


def _round_trip(ballot: Ballot, folder) -> Ballot:
    before = _snapshot(ballot)
    for post in (announcements.voting_announcement(ballot), announcements.results_post(ballot)):
        (folder / post.filename).write_text(post.markdown, encoding="utf-8")
    slug = ballot.body.slug
    Ballot.objects.filter(pk=ballot.pk).delete()

    result = import_posts([folder])

    assert result.count(status="error") == 0, [r.errors for r in result.reports]
    assert all(not r.errors for r in result.reports)
    assert result.count(kind="ballot") == 2
    assert list(Discrepancy.objects.values_list("kind", "message")) == []
    imported = Ballot.objects.get(body__slug=slug)
    after = _snapshot(imported)
    assert after == before
    return imported


def test_round_trip_smc07(tmp_path):
    imported = _round_trip(smc07(), tmp_path)
    assert imported.stated_quorum == 7
    assert imported.published_outcome == "passed"
    assert imported.title == SMC07_TITLE
    assert imported.stated["issuer_yes"] == 15 and imported.stated["consumer_yes"] == 2
    assert imported.stated["issuer_yes_percent"] == "100"
    assert imported.stated["claims"] == {
        "issuer_threshold": True,
        "consumer_threshold": True,
        "one_yes_each_class": True,
        "quorum": True,
    }
    assert imported.review_end == dt.datetime(2024, 7, 12, 23, 59, tzinfo=UTC)
    assert imported.proposer.name == "Martijn Katerbarg"


def test_round_trip_failing_ballot_with_an_abstention(tmp_path):
    imported = _round_trip(failing(), tmp_path)
    assert imported.published_outcome == "failed"
    assert imported.stated["issuer_abstain"] == 1
    assert imported.stated["claims"]["issuer_threshold"] is False
    assert imported.stated["claims"]["consumer_threshold"] is True


def test_round_trip_quorum_not_met(tmp_path):
    ballot = BallotFactory(number="SMC11", number_key="SMC11", title="Too few took part")
    cast(ballot, {"HARICA": ("issuer", "yes"), "Mozilla": ("consumer", "yes")})
    three_meetings([member(n) for n in SMC07_ISSUERS[:13]])
    assert ballot_result(ballot).result.quorum.met is False
    imported = _round_trip(ballot, tmp_path)
    assert imported.stated["claims"]["quorum"] is False
    assert imported.published_outcome == "failed"


def test_round_trip_quorum_unknown(tmp_path):
    ballot = BallotFactory(
        body=body("cscwg"),
        number="CSC-90",
        number_key="CSC-90",
        title="Quorum unknown",
        ballot_type="other",
    )
    cast(ballot, {"HARICA": ("issuer", "yes"), "Mozilla": ("consumer", "yes")})
    imported = _round_trip(ballot, tmp_path)
    assert imported.stated_quorum is None and imported.published_outcome == ""


# --- the pages -----------------------------------------------------------------------------------


@pages
def test_index_lists_the_available_announcements(client):
    ballot = smc07(state="adopted")
    page = client.get(reverse("ballot-announcements", args=["smcwg", "SMC07"]))
    assert page.status_code == 200
    html = page.content.decode()
    for kind in announcements.available(ballot):
        url = reverse("ballot-announcement", args=["smcwg", "SMC07", kind])
        assert f'href="{url}"' in html


@pages
@pytest.mark.parametrize("kind", ["voting", "results", "ipr-review", "adoption"])
def test_each_available_announcement_is_shown_in_a_textarea(client, kind):
    smc07(state="adopted")
    page = client.get(reverse("ballot-announcement", args=["smcwg", "smc07", kind]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<textarea" in html and "readonly" in html
    assert "Ballot SMC07" in html


@pages
def test_download_returns_the_markdown_as_an_attachment(client):
    ballot = smc07()
    url = reverse("ballot-announcement", args=["smcwg", "SMC07", "results"])
    response = client.get(url, {"download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="2024-06-12-results-ballot-smc07.md"'
    )
    assert response.content.decode() == announcements.results_post(ballot).markdown


@pages
def test_unknown_or_unavailable_kind_is_404(client):
    smc07()  # in IPR review, not adopted
    assert (
        client.get(reverse("ballot-announcement", args=["smcwg", "SMC07", "adoption"])).status_code
        == 404
    )
    assert (
        client.get(reverse("ballot-announcement", args=["smcwg", "SMC07", "minutes"])).status_code
        == 404
    )
    assert client.get("/ballots/smcwg/SMC99/announcements/").status_code == 404


@pages
def test_pages_are_read_only(client):
    smc07()
    url = reverse("ballot-announcement", args=["smcwg", "SMC07", "results"])
    assert client.post(url).status_code == 405
