from django.apps import AppConfig


class BallotsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ballots"
    verbose_name = "Ballots"

    def ready(self):
        # A ballot's stored result is marked stale by every change it depends on.
        from .actions import results

        results.connect()
