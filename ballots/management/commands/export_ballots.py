"""python manage.py export_ballots: every ballot as JSON on stdout (a stable contract)."""

import json

from django.core.management.base import BaseCommand

from ballots.export import export_ballots


class Command(BaseCommand):
    help = "Print every ballot, its votes, tally, quorum, dates and discrepancies as a JSON array."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(export_ballots(), indent=2, ensure_ascii=False))
