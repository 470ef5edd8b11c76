"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "ballots.example.org",
    "DATABASE_URL": "sqlite:////tmp/cabf-deploy-check.sqlite3",
}


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    done = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    done = _manage("check", env=env)
    assert done.returncode != 0
    assert "SECRET_KEY must be set in the environment when DEBUG is off." in done.stderr
