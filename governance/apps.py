"""The governance app: the project's standing structure. On start it connects the signal that
bumps ``Revision`` whenever a row of the record (this app's or the ballots app's) is saved or
deleted, so that conditional GETs see every change."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save

RECORD_APPS = ("governance", "ballots")


def _record_changed(sender, **kwargs):
    from .models import Revision

    if sender is not Revision and not sender.__name__.startswith("Historical"):
        Revision.bump()


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = "Forum structure"

    def ready(self):
        for label in RECORD_APPS:
            for model in apps.get_app_config(label).get_models():
                post_save.connect(_record_changed, sender=model, dispatch_uid=f"rev-s-{model}")
                post_delete.connect(_record_changed, sender=model, dispatch_uid=f"rev-d-{model}")
