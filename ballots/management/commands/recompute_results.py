"""python manage.py recompute_results: compute every ballot's result again with the one pipeline,
store it, and report each stored result that differed (there should be none: every change a
result depends on stores it again). Run it after a deploy that changes how results are computed
(``ballots.results.RESULT_VERSION``); it exits 1 when a stored result differed."""

import time

from django.core.management.base import BaseCommand, CommandError

from ballots.actions.results import store_results
from ballots.models import Ballot, StoredResult
from ballots.results import RESULT_VERSION


class Command(BaseCommand):
    help = "Recompute and store every ballot's result; report any stored result that differed."

    def handle(self, *args, **options):
        started = time.perf_counter()
        missing = Ballot.objects.filter(stored_result__isnull=True).count()
        stale = StoredResult.objects.exclude(version=RESULT_VERSION).count()
        differences = store_results()
        seconds = time.perf_counter() - started
        for d in differences:
            self.stdout.write(
                f"{d.ballot.body.slug} {d.ballot.number}: stored {d.was}; now {d.now}"
            )
        self.stdout.write(
            f"{Ballot.objects.count()} results computed in {seconds:.2f} s: {missing} had none "
            f"stored, {stale} were stale or of another version, {len(differences)} differed."
        )
        if differences:
            raise CommandError(f"{len(differences)} stored results differed from the record")
