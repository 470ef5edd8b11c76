"""Loaded by pytest before Django is set up (``-p tests.devenv`` in pyproject.toml): the suite
runs with the development settings the README's commands use, unless the environment says
otherwise (the deployment tests start their own processes with production settings)."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault(
    "AXES_ENABLED", "0"
)  # client.login() passes no request; tests of the lockout turn it on
