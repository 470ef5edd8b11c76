"""Votes read from the lists' mails: every real vote sentence in ../shared/mail/votes.tsv, and
pipermail archives built from them with changed, late and other-ballot votes."""

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ballots.mailvotes import propose, read_archive, read_sentence
from ballots.posts.ids import find_ids
from tests.factories import BallotFactory, OrganizationFactory, body

MAIL = Path(__file__).resolve().parents[3] / "shared" / "mail" / "votes.tsv"
ROWS = list(csv.DictReader(MAIL.open(encoding="utf-8"), delimiter="\t"))


def key(written: str) -> str | None:
    if not written:
        return None
    text = f"Ballot {written}" if written.isdigit() else written
    ids = find_ids(text) or find_ids(text.upper())
    return ids[0].number_key


@pytest.mark.parametrize("row", ROWS, ids=[r["sentence"][:40] for r in ROWS])
def test_every_real_vote_sentence_is_read_as_the_file_says(row):
    vote = read_sentence(row["sentence"])
    assert vote is not None
    assert (vote.organization, vote.choice) == (row["organization"], row["choice"])
    assert key(vote.ballot) == key(row["ballot_as_written"])
    assert vote.doubtful == ""


@pytest.mark.parametrize(
    ("sentence", "doubt"),
    [
        ("DigiCert votes Yes if the typo is fixed.", "the sentence sets a condition"),
        ("Sectigo votes yes, no, abstain on SC-064", "the sentence names more than one choice"),
    ],
)
def test_conditional_or_unclear_sentences_are_doubtful(sentence, doubt):
    assert read_sentence(sentence).doubtful == doubt


@pytest.mark.parametrize(
    ("sentence", "organization", "choice", "ballot"),
    [
        ("Sectigo changes its vote to Yes on SMC07", "Sectigo", "yes", "SMC07"),
        ('Entrust changes its vote on ballot SC-064 to "No".', "Entrust", "no", "SC-064"),
        ("DigiCert would like to change our vote to YES for SC-063", "DigiCert", "yes", "SC-063"),
    ],
)
def test_a_mail_that_changes_a_vote_is_read_as_the_new_vote(sentence, organization, choice, ballot):
    vote = read_sentence(sentence)
    assert (vote.organization, vote.choice, vote.ballot, vote.doubtful) == (
        organization,
        choice,
        ballot,
        "",
    )


@pytest.mark.parametrize(
    "text",
    [
        "I agree with the ballot.",
        "The vote closes on Friday.",
        "",
        "I would like to change my vote",
    ],
)
def test_sentences_that_cast_no_vote_are_not_votes(text):
    assert read_sentence(text) is None


def mail(sender, when, subject, body, n):
    return (
        f"From {sender} at example.org  {when:%a %b %d %H:%M:%S %Y}\n"
        f"From: {sender} at example.org (A Voter)\n"
        f"Date: {when:%a, %d %b %Y %H:%M:%S +0000}\n"
        f"Subject: {subject}\n"
        f"Message-ID: <vote-{n}@example.org>\n\n"
        f"{body}\n\n"
        "On Tue, Feb 14, 2023 at 12:00 PM Chair wrote:\n"
        "> Voting on Ballot SC-064 begins now. Entrust votes Yes is not a vote here.\n\n"
    )


START = dt.datetime(2023, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def sc064(db):
    for name in ("HARICA", "GoDaddy", "Entrust", "Izenpe", "D-Trust", "OISTE Foundation"):
        OrganizationFactory(name=name)
    return BallotFactory(
        body=body("scwg"),
        number="SC-064",
        number_key="SC-64",
        voting_start=START,
        voting_end=START + dt.timedelta(days=7),
    )


def archive() -> str:
    subject = "Re: [Servercert-wg] VOTING PERIOD: Ballot SC-064: Make OCSP optional"
    h = dt.timedelta(hours=1)
    return "".join(
        [
            mail("dzacharo", START + h, subject, 'HARICA votes "No" to ballot SC-064.', 1),
            mail("godaddy", START + 2 * h, subject, "GoDaddy abstains on ballot sc-64", 2),
            mail("entrust", START + 3 * h, subject, "Entrust votes No to ballot SC-064.", 3),
            mail("entrust", START + 30 * h, subject, "Entrust votes Yes to ballot SC-064.", 4),
            mail("izenpe", START + 8 * 24 * h, subject, "Izenpe abstains on Ballot SC-064.", 5),
            mail("oiste", START + 4 * h, "Re: SC-063", "OISTE votes YES to SC-063", 6),
            mail("someone", START + 5 * h, subject, "Unknown CA votes yes.", 7),
            mail("chat", START + 6 * h, subject, "Thanks, all, for the discussion.", 8),
        ]
    )


def test_an_archive_gives_a_proposal_per_vote_mail_with_its_doubts(sc064):
    from governance.models import Organization
    from governance.organizations import OrganizationResolver

    names = OrganizationResolver()
    orgs = dict(Organization.objects.values_list("id", "name"))
    proposals = propose(
        sc064, read_archive(archive()), lambda w: (i, orgs[i]) if (i := names.find(w)) else None
    )
    got = [(p.organization_name or p.sentence.organization, p.choice, p.doubts) for p in proposals]
    assert got == [
        ("HARICA", "no", []),
        ("GoDaddy", "abstain", []),
        ("Entrust", "no", ["a later mail from the same organisation replaces this one"]),
        ("Entrust", "yes", ["changes Entrust's vote from No to Yes (the last mail counts)"]),
        ("Izenpe", "abstain", ["sent after voting closed: a late vote is not counted (2.3(4))"]),
        ("OISTE Foundation", "yes", ["the mail is about SC-063, not SC-064"]),
        ("Unknown CA", "yes", ["“Unknown CA” is not an organisation the tracker knows"]),
    ]
    assert proposals[0].mail.message_id == "vote-1@example.org"
    assert proposals[0].mail.sent_at == START + dt.timedelta(hours=1)
    assert [p.clear for p in proposals] == [True, True, False, False, False, False, False]


def test_the_command_prints_the_proposals_and_records_nothing(sc064, tmp_path):
    path = tmp_path / "2023-June.txt"
    path.write_text(archive(), encoding="utf-8")
    out = StringIO()
    call_command("read_votes", str(path), "--ballot", "scwg/SC64", stdout=out)
    text = out.getvalue()
    assert "2023-06-01 13:00 UTC  HARICA: No  <vote-1@example.org>" in text
    assert "    doubtful: the mail is about SC-063, not SC-064" in text
    assert text.strip().endswith(
        "7 vote mails for SC-064: 2 clear, 5 doubtful. Nothing was recorded."
    )
    assert not sc064.votes.exists()
