"""Importing posts: exact results, idempotence, merging, safety on bad input."""

import datetime as dt
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ballots.actions import vote_record
from ballots.export import export_ballots, export_meetings
from ballots.models import Ballot, Discrepancy, PostSource, Vote, VoteChange
from ballots.posts import store as store_module
from ballots.posts.importer import import_posts
from governance.models import Meeting, Membership, Organization
from tests.factories import chair_of
from tests.smc07 import SMC07_ISSUERS

pytestmark = pytest.mark.django_db

SEED_BALLOT = "000_30f3868998a73e3b.txt"
SMC07_POST = (
    "posts/2024/2024-05-24-ballot-smc07-Logging-Requirement-and-Key Escrow-clarification.md"
)


def seed_copy(seeds_dir: Path, tmp_path: Path) -> Path:
    """The seed ballot post as a .md file (seeds are stored as .txt)."""
    target = tmp_path / "seed" / "2024-06-12-ballot-smc07.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(seeds_dir / SEED_BALLOT, target)
    return target


def record(ballot_id: str) -> dict:
    matches = [b for b in export_ballots() if b["ballot_id"] == ballot_id]
    assert len(matches) == 1, f"{ballot_id}: {len(matches)} records"
    return matches[0]


def test_seed_smc07_imports_with_its_exact_result(seeds_dir, tmp_path):
    result = import_posts([seed_copy(seeds_dir, tmp_path)])
    assert result.count(status="error") == 0, result.reports
    smc07 = record("SMC07")
    assert smc07["body"] == "smcwg"
    assert smc07["ballot_type"] == "final_maintenance_guideline"
    assert smc07["votes"]["issuers"]["yes"] == sorted(SMC07_ISSUERS, key=str.casefold)
    assert smc07["votes"]["consumers"]["yes"] == ["Mozilla", "rundQuadrat"]
    assert smc07["tally"] == {
        "issuers": {"yes": 15, "no": 0, "abstain": 0},
        "consumers": {"yes": 2, "no": 0, "abstain": 0},
        "participants": 17,
    }
    assert smc07["quorum"]["stated"] == 7
    assert smc07["quorum"]["met"] is True
    assert smc07["published_outcome"] == "passed"
    assert smc07["computed_outcome"] == "passed"
    assert smc07["dates"]["discussion_start"] == "2024-05-24T12:30:00+00:00"
    assert smc07["dates"]["review_start"].startswith("2024-06-12")
    assert smc07["dates"]["review_end"] == "2024-07-12T23:59:00+00:00"
    assert smc07["proposer"] == "Martijn Katerbarg"
    assert sorted(smc07["endorsers"]) == ["Stephen Davidson", "Tom Zermeno"]
    assert smc07["discrepancies"] == []


def test_votes_imported_make_inferred_voting_memberships(seeds_dir, tmp_path):
    import_posts([seed_copy(seeds_dir, tmp_path)])
    mozilla = Membership.objects.get(organization__name="Mozilla", body__slug="smcwg")
    assert mozilla.member_class == "consumer"
    assert mozilla.inferred is True
    assert Membership.objects.filter(body__slug="smcwg", member_class="issuer").count() == 15


def test_importing_the_same_posts_again_changes_nothing(corpus_dir):
    first = import_posts([corpus_dir / "posts" / "2024"])
    counts = (
        Ballot.objects.count(),
        Vote.objects.count(),
        VoteChange.objects.count(),
        Meeting.objects.count(),
        Organization.objects.count(),
        Discrepancy.objects.count(),
    )
    second = import_posts([corpus_dir / "posts" / "2024"])
    # The same F2F minutes are published twice (a post and the bundle's copy): one is stored.
    duplicates = first.count(status="duplicate")
    assert duplicates == second.count(status="duplicate") == 4
    assert second.count(status="unchanged") + duplicates == first.count(
        kind="ballot"
    ) + first.count(kind="minutes")
    assert second.count(status="created") == second.count(status="updated") == 0
    assert counts == (
        Ballot.objects.count(),
        Vote.objects.count(),
        VoteChange.objects.count(),
        Meeting.objects.count(),
        Organization.objects.count(),
        Discrepancy.objects.count(),
    )


def test_one_ballot_from_two_posts_merges_in_either_order(corpus_dir, seeds_dir, tmp_path):
    seed = seed_copy(seeds_dir, tmp_path)
    discussion = corpus_dir / SMC07_POST
    import_posts([discussion])
    import_posts([seed])
    forwards = record("SMC07")
    Ballot.objects.all().delete()
    import_posts([seed])
    import_posts([discussion])
    backwards = record("SMC07")
    assert forwards == backwards
    assert forwards["tally"]["participants"] == 17  # the discussion post has no votes to erase
    assert forwards["published_outcome"] == "passed"
    assert PostSource.objects.filter(ballot__number_key="SMC-7").count() == 2


def test_a_changed_post_updates_its_ballot(seeds_dir, tmp_path):
    post = seed_copy(seeds_dir, tmp_path)
    import_posts([post])
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text.replace(
            "* 2 Consumers voting YES: Mozilla, rundQuadrat", "* 1 Consumers voting YES: Mozilla"
        ).replace(
            "2 votes total, with no abstentions:\n* 1", "1 votes total, with no abstentions:\n* 1"
        ),
        encoding="utf-8",
    )
    again = import_posts([post])
    assert again.count(status="updated") == 1
    smc07 = record("SMC07")
    assert smc07["votes"]["consumers"]["yes"] == ["Mozilla"]
    assert smc07["tally"]["participants"] == 16


def test_a_chair_recorded_vote_survives_reimport(seeds_dir, tmp_path):
    post = seed_copy(seeds_dir, tmp_path)
    import_posts([post])
    ballot = Ballot.objects.get(number_key="SMC-7")
    ballot.voting_start = dt.datetime(2024, 6, 5, 12, 30, tzinfo=dt.UTC)
    ballot.voting_end = dt.datetime(2024, 6, 12, 12, 30, tzinfo=dt.UTC)
    ballot.state = "voting"
    ballot.save()
    mozilla = Organization.objects.get(name="Mozilla")
    vote_record(
        chair_of("smcwg"),
        ballot,
        organization=mozilla,
        choice="abstain",
        cast_at=dt.datetime(2024, 6, 6, tzinfo=dt.UTC),
    )
    post.write_text(post.read_text(encoding="utf-8") + "\n\nA note added later.\n", "utf-8")
    again = import_posts([post])
    assert again.count(status="updated") == 1
    vote = Vote.objects.get(ballot=ballot, organization=mozilla)
    assert (vote.choice, vote.source) == ("abstain", "chair")
    conflict = Discrepancy.objects.get(ballot=ballot, kind="chair_vote")
    assert "Mozilla as Consumer Yes, but a chair recorded Abstain" in conflict.message


def test_a_post_broken_halfway_leaves_nothing_and_the_import_goes_on(
    seeds_dir, corpus_dir, tmp_path, monkeypatch
):
    post = seed_copy(seeds_dir, tmp_path)
    other = tmp_path / "seed" / "2024-06-27-ballot-sc75.md"
    shutil.copy(corpus_dir / "posts/2024/2024-06-27-ballot-sc75.md", other)
    real = store_module.Store._rebuild_votes

    def fail_on_smc07(self, ballot, facts):
        real(self, ballot, facts)  # votes, organisations and memberships are written first
        if ballot.number_key == "SMC-7":
            raise RuntimeError("disk full")
        return []

    monkeypatch.setattr(store_module.Store, "_rebuild_votes", fail_on_smc07)
    result = import_posts([post.parent])
    failed = [r for r in result.reports if r.status == "error"]
    assert [r.path for r in failed] == ["2024-06-12-ballot-smc07.md"]
    assert failed[0].errors == [
        "2024-06-12-ballot-smc07.md: could not be stored: RuntimeError: disk full"
    ]
    assert not Ballot.objects.filter(number_key="SMC-7").exists()
    assert not Organization.objects.filter(name="rundQuadrat").exists()
    assert not Membership.objects.filter(body__slug="smcwg").exists()
    assert Ballot.objects.filter(body__slug="scwg").count() == 1


def test_malformed_front_matter_is_reported_with_file_and_reason(tmp_path):
    bad = tmp_path / "broken.md"
    bad.write_text("---\ntitle: 'Ballot SC-99: unclosed\ntags: [Ballot\n---\nbody\n", "utf-8")
    fine = tmp_path / "notes.md"
    fine.write_text("Just some notes, no front matter.\n", "utf-8")
    result = import_posts([tmp_path])
    by_path = {r.path: r for r in result.reports}
    assert by_path["broken.md"].status == "error"
    assert by_path["broken.md"].errors[0].startswith("broken.md")
    assert by_path["notes.md"].status == "skipped"
    assert by_path["notes.md"].reason
    assert not Ballot.objects.exists()


def test_every_corpus_file_imports_without_an_error(corpus_dir):
    result = import_posts([corpus_dir])
    errors = [e for r in result.reports for e in r.errors]
    assert errors == []
    assert len(result.reports) == 276  # every .md file in the corpus
    assert result.count(kind="ballot") >= 160
    assert result.count(kind="minutes") >= 100


def test_import_command_prints_a_summary_and_writes_a_json_report(seeds_dir, tmp_path):
    out = StringIO()
    report = tmp_path / "report.json"
    call_command(
        "import_posts", str(seed_copy(seeds_dir, tmp_path)), report=str(report), stdout=out
    )
    summary = out.getvalue().strip()
    assert summary.startswith("1 posts read: 1 ballot posts, 0 minutes, 0 skipped, 0 errors")
    data = json.loads(report.read_text())
    assert data["posts"][0]["ballots"] == ["SMC07"]
    assert data["posts"][0]["status"] == "created"


def test_export_commands_print_the_contract(seeds_dir, tmp_path, corpus_dir):
    import_posts(
        [seed_copy(seeds_dir, tmp_path), corpus_dir / "posts/2024/2024-01-03-minutes-SMCWG.md"]
    )
    out = StringIO()
    call_command("export_ballots", stdout=out)
    (ballot,) = json.loads(out.getvalue())
    assert set(ballot) >= {
        "ballot_id", "body", "title", "ballot_type", "state", "published_outcome",
        "computed_outcome", "votes", "tally", "quorum", "dates", "proposer", "endorsers",
        "source", "discrepancies",
    }  # fmt: skip
    assert ballot["source"] == "2024-06-12-ballot-smc07.md"
    assert set(ballot["dates"]) == {
        "discussion_start", "voting_start", "voting_end", "review_start", "review_end"
    }  # fmt: skip
    out = StringIO()
    call_command("export_meetings", stdout=out)
    (meeting,) = json.loads(out.getvalue())
    assert set(meeting) >= {"body", "date", "kind", "attendees", "organizations", "source"}
    assert meeting["body"] == "smcwg"
    assert meeting == export_meetings()[0]
