"""python manage.py export_meetings: every meeting as JSON on stdout (a stable contract)."""

import json

from django.core.management.base import BaseCommand

from ballots.export import export_meetings


class Command(BaseCommand):
    help = "Print every meeting with its attendance as a JSON array."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(export_meetings(), indent=2, ensure_ascii=False))
