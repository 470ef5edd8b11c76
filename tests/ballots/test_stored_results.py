"""Results stored on write: every change a ballot's result depends on stores it again (once the
change commits), pages read the stored row, a stale row is never shown, a slow recomputation
never overwrites a newer one, and ``recompute_results`` finds a stored result that differs."""

import datetime as dt
import shutil
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ballots import results
from ballots.actions import quorum_override_set, vote_record
from ballots.actions.results import store_results
from ballots.models import Ballot, StoredResult, Vote
from ballots.posts.importer import import_posts
from ballots.selectors import BallotComputation, summary_of
from governance.models import Attendance, Membership, RuleSet
from governance.organizations import merge_organizations
from tests.factories import (
    BallotFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    VoteFactory,
    attend,
    body,
    chair_of,
)

pytestmark = pytest.mark.django_db

VOTING = dt.datetime(2024, 6, 5, 12, 30, tzinfo=dt.UTC)


def stored(ballot: Ballot) -> BallotComputation:
    row = StoredResult.objects.get(ballot=ballot)
    assert row.version == results.RESULT_VERSION, "the stored row is still marked stale"
    return results.load(BallotComputation, row.computation)


def follows(ballot: Ballot) -> BallotComputation:
    """The stored result, after checking it is what the pipeline computes from the record, and
    that the figures kept beside it for the plots are too."""
    computation = stored(ballot)
    fresh = summary_of(ballot, fresh=True)
    assert computation == fresh.computation
    row = StoredResult.objects.get(ballot=ballot)
    assert (row.participants, row.quorum_required, row.quorum_met) == fresh.figures
    return computation


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """An SMCWG ballot in voting: four issuers (three of them attended the three meetings
    before voting), one Yes vote, and the result stored."""
    with django_capture_on_commit_callbacks(execute=True):
        orgs = [OrganizationFactory(name=f"CA {n}") for n in range(4)]
        for org in orgs:
            MembershipFactory(organization=org)
        meetings = [MeetingFactory(date=dt.date(2024, 5, d)) for d in (1, 8, 15)]
        for meeting in meetings:
            attend(meeting, *orgs[:3])
        ballot = BallotFactory(voting_end=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
        VoteFactory(ballot=ballot, organization=orgs[0])
    return {"ballot": ballot, "orgs": orgs, "meetings": meetings}


def test_the_result_is_stored_when_the_ballot_and_its_votes_are_written(world):
    result = follows(world["ballot"]).result
    assert (result.tally.issuers.yes, result.tally.participants) == (1, 1)
    assert (result.quorum.required, result.quorum.met) == (2, False)  # more than half of 3


def test_a_recorded_vote_stores_the_result_again(world, django_capture_on_commit_callbacks):
    ballot, orgs = world["ballot"], world["orgs"]
    with django_capture_on_commit_callbacks(execute=True):
        vote_record(
            chair_of(),
            ballot,
            organization=orgs[1],
            choice="no",
            cast_at=VOTING + dt.timedelta(hours=1),
        )
    tally = follows(ballot).result.tally
    assert (tally.issuers.yes, tally.issuers.no, tally.participants) == (1, 1, 2)


def test_a_deleted_vote_stores_the_result_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Vote.objects.get(ballot=world["ballot"]).delete()
    assert follows(world["ballot"]).result.tally.participants == 0


def test_a_moved_voting_start_stores_the_result_again(world, django_capture_on_commit_callbacks):
    ballot = world["ballot"]
    with django_capture_on_commit_callbacks(execute=True):
        ballot.voting_start = dt.datetime(2024, 5, 10, tzinfo=dt.UTC)  # after 2 meetings only
        ballot.save()
    quorum = follows(ballot).result.quorum
    assert [m.date for m in quorum.meetings] == [dt.date(2024, 5, 1), dt.date(2024, 5, 8)]


def test_a_quorum_override_stores_the_result_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        quorum_override_set(chair_of(), world["ballot"], quorum=1, reason="the chair counted")
    quorum = follows(world["ballot"]).result.quorum
    assert (quorum.required, quorum.source) == (1, "override")


def test_a_new_meeting_stores_its_bodys_results_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(date=dt.date(2024, 5, 29))
        attend(meeting, *world["orgs"])  # all four came
    quorum = follows(world["ballot"]).result.quorum
    assert quorum.meetings[-1].date == dt.date(2024, 5, 29)
    assert quorum.average == Fraction(10, 3)  # 3, 3, 4


def test_removed_attendance_stores_the_result_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Attendance.objects.filter(
            meeting=world["meetings"][2], organization=world["orgs"][2]
        ).delete()
    assert follows(world["ballot"]).result.quorum.average == Fraction(8, 3)  # 3, 3, 2


def test_a_membership_change_stores_the_result_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        # CA 2 was not a Voting Member in May: its attendance no longer counts (Bylaws 2.3(7)).
        Membership.objects.filter(organization=world["orgs"][2]).update(start=dt.date(2024, 6, 1))
        Membership.objects.get(organization=world["orgs"][2]).save()
    assert follows(world["ballot"]).result.quorum.average == 2


def test_a_rule_set_change_stores_the_result_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for rule_set in RuleSet.objects.filter(body=body("smcwg")):
            rule_set.meetings_counted = 1
            rule_set.save()
    assert len(follows(world["ballot"]).result.quorum.meetings) == 1


def test_merging_organisations_stores_the_results_again(world, django_capture_on_commit_callbacks):
    ballot, orgs = world["ballot"], world["orgs"]
    twin = OrganizationFactory(name="CA 0 (old name)")
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(organization=twin)
        VoteFactory(ballot=ballot, organization=twin, choice="no")
    assert stored(ballot).result.tally.participants == 2
    with django_capture_on_commit_callbacks(execute=True):
        Vote.objects.filter(organization=orgs[0]).delete()
        merge_organizations(orgs[0], [twin])  # the twin's vote moves by a queryset update
    tally = follows(ballot).result.tally
    assert (tally.issuers.no, tally.participants) == (1, 1)


def test_an_import_stores_the_results_of_its_ballots(
    seeds_dir, tmp_path, django_capture_on_commit_callbacks
):
    target = tmp_path / "2024-06-12-ballot-smc07.md"
    shutil.copy(seeds_dir / "000_30f3868998a73e3b.txt", target)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_posts([target])
    assert len(callbacks) == 1  # one recomputation for the whole import
    ballot = Ballot.objects.get(number="SMC07")
    tally = follows(ballot).result.tally
    assert (tally.issuers.yes, tally.consumers.yes) == (15, 2)


def test_a_stale_row_is_never_shown(world, client):
    ballot = world["ballot"]
    Vote.objects.create(
        ballot=ballot,
        organization=world["orgs"][1],
        choice="yes",
        source="chair",
        member_class="issuer",
    )
    # The test's transaction never commits, so the row stays marked stale: the page computes.
    assert StoredResult.objects.get(ballot=ballot).version == results.STALE
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert "Certificate Issuers: 2 Yes, 0 No, 0 Abstain" in page


def test_pages_read_the_stored_result(world, client):
    """Shown by a stored row that says something the votes do not: the page shows the row."""
    ballot = world["ballot"]
    row = StoredResult.objects.get(ballot=ballot)
    row.computation["result"]["tally"]["issuers"]["yes"] = 9
    row.save()
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert "Certificate Issuers: 9 Yes, 0 No, 0 Abstain" in page


def test_a_listed_page_of_stored_results_reads_no_attendance(world, client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/ballots/").status_code == 200
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "governance_attendance" not in tables and "ballots_vote" not in tables


def test_recompute_results_reports_a_stored_result_that_differs(world, capsys):
    ballot = world["ballot"]
    call_command("recompute_results")
    assert "0 differed" in capsys.readouterr().out
    row = StoredResult.objects.get(ballot=ballot)
    row.computation["result"]["tally"]["issuers"]["yes"] = 9
    row.save()
    with pytest.raises(CommandError, match="1 stored results differed"):
        call_command("recompute_results")
    out = capsys.readouterr().out
    assert f"smcwg {ballot.number}: stored" in out
    assert "Yes-No-Abstain 9-0-0" in out and "now no outcome" not in out
    follows(ballot)  # and it stored the right one


def test_a_slow_recomputation_never_overwrites_a_newer_change(world, monkeypatch):
    """A change that comes in while a recomputation runs raises the row's generation: the older
    answer is not written, and the change's own recomputation stores the newer one."""
    from ballots.actions import results as stored_results

    ballot, orgs = world["ballot"], world["orgs"]
    real = stored_results.summarise

    def slow(*args, **kwargs):
        summaries = real(*args, **kwargs)
        Vote.objects.create(
            ballot=ballot, organization=orgs[2], choice="yes", source="chair", member_class="issuer"
        )
        return summaries

    monkeypatch.setattr(stored_results, "summarise", slow)
    store_results([ballot.id])
    assert StoredResult.objects.get(ballot=ballot).version == results.STALE
    monkeypatch.setattr(stored_results, "summarise", real)
    store_results([ballot.id])
    assert follows(ballot).result.tally.issuers.yes == 2


def test_the_codec_gives_back_every_corpus_result_exactly(
    corpus_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_posts([corpus_dir])
    ballots = list(Ballot.objects.with_results())
    assert len(ballots) > 100
    for ballot in ballots:
        assert stored(ballot) == summary_of(ballot, fresh=True).computation, ballot.number
    out = StringIO()
    call_command("recompute_results", stdout=out)
    assert f"{len(ballots)} results computed" in out.getvalue()
    assert "0 had none stored, 0 were stale or of another version, 0 differed." in out.getvalue()


def test_the_turnout_plot_never_shows_a_stale_figure(world):
    from ballots.glance import turnout

    ballot, orgs = world["ballot"], world["orgs"]
    assert [(t.participants, t.quorum, t.met) for t in turnout()] == [(1, 2, False)]
    # Recorded, not yet committed: the row is stale, and the plot computes the ballot itself.
    Vote.objects.create(
        ballot=ballot, organization=orgs[1], choice="no", source="chair", member_class="issuer"
    )
    assert StoredResult.objects.get(ballot=ballot).participants == 1
    assert [(t.participants, t.quorum, t.met) for t in turnout()] == [(2, 2, True)]


def test_a_failed_recomputation_loses_nothing_and_leaves_the_row_stale(
    world, monkeypatch, django_capture_on_commit_callbacks, client
):
    """The change has committed when its results are computed again: if that fails (a deadlock
    on PostgreSQL), the chair's request still succeeds and the page computes the result."""
    from django.db import OperationalError

    from ballots.actions import results as stored_results

    def deadlock(*args, **kwargs):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(stored_results, "store_results", deadlock)
    ballot, orgs = world["ballot"], world["orgs"]
    with django_capture_on_commit_callbacks(execute=True):
        vote_record(
            chair_of(),
            ballot,
            organization=orgs[1],
            choice="yes",
            cast_at=VOTING + dt.timedelta(hours=1),
        )
    assert StoredResult.objects.get(ballot=ballot).version == results.STALE
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert "Certificate Issuers: 2 Yes, 0 No, 0 Abstain" in page


# Found by review: changes that reached no mark before, each now followed.


@pytest.mark.parametrize("model", ["meeting", "membership", "rule set"])
def test_a_row_moved_to_another_body_stores_the_results_it_leaves(
    world, model, django_capture_on_commit_callbacks
):
    ballot = world["ballot"]
    before = stored(ballot)
    with django_capture_on_commit_callbacks(execute=True):
        if model == "meeting":
            rows = [world["meetings"][2]]
        elif model == "membership":
            rows = [Membership.objects.get(organization=world["orgs"][2])]
        else:
            rows = list(RuleSet.objects.filter(body=body("smcwg")))
        for row in rows:
            row.body = body("scwg")
            row.save()
    assert follows(ballot) != before


def test_an_import_that_infers_a_membership_stores_its_bodys_other_ballots(
    world, seeds_dir, tmp_path, django_capture_on_commit_callbacks
):
    """DigiCert attended the SMCWG's meetings without a membership on record; SMC07's post lists
    its vote, so the import infers its membership, and its attendance now counts for quorum
    on every SMCWG ballot, not only SMC07."""
    digicert = OrganizationFactory(name="DigiCert")
    with django_capture_on_commit_callbacks(execute=True):
        for meeting in world["meetings"]:
            attend(meeting, digicert)
    assert stored(world["ballot"]).result.quorum.average == 3
    target = tmp_path / "2024-06-12-ballot-smc07.md"
    shutil.copy(seeds_dir / "000_30f3868998a73e3b.txt", target)
    with django_capture_on_commit_callbacks(execute=True):
        import_posts([target])
    assert Membership.objects.filter(organization=digicert, inferred=True).exists()
    assert follows(world["ballot"]).result.quorum.average == 4


def test_rows_loaded_from_a_fixture_store_the_results_again(
    world, tmp_path, django_capture_on_commit_callbacks
):
    import json

    fixture = tmp_path / "meeting.json"
    meeting = {"body": body("smcwg").pk, "date": "2024-05-29", "kind": "teleconference"}
    fixture.write_text(
        json.dumps(
            [
                {"model": "governance.meeting", "pk": 9001, "fields": {**meeting, "title": "x"}},
                {
                    "model": "governance.attendance",
                    "pk": 9001,
                    "fields": {"meeting": 9001, "organization": world["orgs"][3].pk},
                },
            ]
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", str(fixture), verbosity=0)
    assert follows(world["ballot"]).result.quorum.meetings[-1].date == dt.date(2024, 5, 29)


def test_a_ballot_with_no_date_is_judged_the_same_whatever_the_day(
    django_capture_on_commit_callbacks,
):
    from django.utils import timezone

    dgwg = body("dgwg")
    with django_capture_on_commit_callbacks(execute=True):
        RuleSet.objects.filter(body=dgwg).delete()
        RuleSet.objects.create(
            body=dgwg, effective_from=dt.date(2099, 1, 1), source_document="A charter", citation="-"
        )
        ballot = BallotFactory(
            body=dgwg, number="DG1", discussion_start=None, voting_start=None, voting_end=None
        )
    later = timezone.now() + dt.timedelta(days=3)
    shown = summary_of(ballot, now=later).computation
    assert shown == summary_of(ballot, now=later, fresh=True).computation == follows(ballot)
    assert "no date is on record for DG1" in shown.rule_set_note
    assert "A charter, from 2099-01-01" in shown.rule_set_note


def test_an_import_that_fails_half_way_still_stores_what_it_committed(
    world, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from ballots.actions.results import deferred

    captured = django_capture_on_commit_callbacks(execute=True)
    with captured, pytest.raises(RuntimeError), deferred():
        with transaction.atomic():
            Vote.objects.create(
                ballot=world["ballot"],
                organization=world["orgs"][1],
                choice="no",
                source="chair",
                member_class="issuer",
            )
        raise RuntimeError("the import failed half way")
    assert follows(world["ballot"]).result.tally.issuers.no == 1


def test_a_rolled_back_savepoint_then_another_change_stores_both(
    world, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        other = BallotFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                VoteFactory(ballot=world["ballot"], organization=world["orgs"][1])
                raise ValueError
        except ValueError:
            pass
        VoteFactory(ballot=other, organization=world["orgs"][1])
    assert len(callbacks) == 1
    assert follows(world["ballot"]).result.tally.participants == 1
    assert follows(other).result.tally.participants == 1
