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


def test_without_a_secret_key_one_is_generated_locally_and_kept():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _manage("shell", "-c", show, env=env)
    second = _manage("shell", "-c", show, env=env)
    assert first.returncode == 0, first.stderr
    key = first.stdout.split()[-1]
    assert len(key) >= 50 and key == second.stdout.split()[-1]
    key_file = settings.BASE_DIR / ".secret_key"
    assert key_file.read_text().strip() == key
    assert (key_file.stat().st_mode & 0o077) == 0  # readable by its owner only


def test_debug_is_off_unless_the_environment_turns_it_on():
    env = {**PRODUCTION_ENV, "DEBUG": ""}  # not set
    done = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"


_IS_SECURE = (
    "from django.test import RequestFactory; "
    "print(RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https').is_secure())"
)


def test_x_forwarded_proto_is_believed_only_when_a_proxy_is_said_to_set_it():
    done = _manage("shell", "-c", _IS_SECURE, env=PRODUCTION_ENV)
    assert done.stdout.split()[-1] == "False", done.stderr
    trusted = {**PRODUCTION_ENV, "TRUST_X_FORWARDED_PROTO": "1"}
    done = _manage("shell", "-c", _IS_SECURE, env=trusted)
    assert done.stdout.split()[-1] == "True", done.stderr


def test_no_secret_key_is_committed():
    tracked = subprocess.run(
        ["git", "grep", "-n", "-I", "-i", "-e", "secret_key = [\"']", "--", "*.py"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    ).stdout
    assert tracked == ""
    assert ".secret_key" in (settings.BASE_DIR / ".gitignore").read_text()
