"""Load the Forum's bodies and each body's rule set, so a fresh database has them."""

import datetime as dt

from django.db import migrations

from governance.seed_data import BODIES, RULE_SETS


def seed(apps, schema_editor):
    Body = apps.get_model("governance", "Body")
    RuleSet = apps.get_model("governance", "RuleSet")
    bodies = {}
    for spec in BODIES:
        bodies[spec["slug"]], _ = Body.objects.update_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
    for spec in RULE_SETS:
        values = dict(spec)
        body = bodies[values.pop("body")]
        effective = values.pop("effective_from")
        effective = dt.date.fromisoformat(effective) if effective else None
        RuleSet.objects.update_or_create(body=body, effective_from=effective, defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("governance", "RuleSet").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
