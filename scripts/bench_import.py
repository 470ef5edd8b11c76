#!/usr/bin/env python
"""Benchmark: posts per second importing the whole corpus into a fresh database.

    .venv/bin/python scripts/bench_import.py [--postgres URL] [--runs N]

Prints, for SQLite (a fresh file) and PostgreSQL (a fresh database), the median over N runs of
the import of every post under CABF_CORPUS_DIR (migrations excluded from the timing).
A benchmark, not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ballots.posts.importer import import_posts
started = time.perf_counter()
result = import_posts([settings.CABF_CORPUS_DIR])
seconds = time.perf_counter() - started
print(len(result.reports), seconds, result.count(status="error"))
"""


def run_once(database_url: str) -> tuple[int, float, int]:
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    posts, seconds, errors = out.stdout.split()[-3:]
    return int(posts), float(seconds), int(errors)


def postgres_fresh(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for label in ("SQLite", "PostgreSQL"):
        rates, posts = [], 0
        for _ in range(args.runs):
            if label == "SQLite":
                with tempfile.TemporaryDirectory() as tmp:
                    posts, seconds, errors = run_once(f"sqlite:///{tmp}/bench.sqlite3")
            else:
                try:
                    url = postgres_fresh(args.postgres, "cabf_bench_import")
                except Exception as exc:  # no server: say so, never pretend
                    print(f"PostgreSQL: not measured ({exc})")
                    break
                posts, seconds, errors = run_once(url)
            rates.append(posts / seconds)
        if rates:
            print(
                f"{label}: {posts} posts, median {statistics.median(rates):.0f} posts/s "
                f"over {len(rates)} runs (min {min(rates):.0f}, max {max(rates):.0f}); "
                f"errors: {errors}"
            )


if __name__ == "__main__":
    main()
