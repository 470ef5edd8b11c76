"""python manage.py refresh_states: bring stored ballot states up to date (run it from cron)."""

from django.core.management.base import BaseCommand

from ballots.actions import refresh_states


class Command(BaseCommand):
    help = "Set every unfinished ballot's state to its phase now (voting closes, reviews end)."

    def handle(self, *args, **options):
        self.stdout.write(f"{refresh_states()} ballot states updated")
