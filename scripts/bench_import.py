#!/usr/bin/env python
"""Benchmark: posts per second importing the whole corpus into a fresh database.

    .venv/bin/python scripts/bench_import.py [--postgres URL] [--runs N]

Prints, for SQLite (a fresh file) and PostgreSQL (a fresh database), the median over N runs of
the import of every post under CABF_CORPUS_DIR (migrations excluded from the timing), and beside
it the same run's parse-only rate (every post parsed, nothing stored), so the cost of storing is
visible.
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
from pathlib import Path
from ballots.posts.importer import import_posts
from ballots.posts.parse import parse_file
root = Path(settings.CABF_CORPUS_DIR)
files = sorted(root.rglob("*.md"))
started = time.perf_counter()
for f in files:
    parse_file(f, root)
parse_seconds = time.perf_counter() - started
started = time.perf_counter()
result = import_posts([root])
seconds = time.perf_counter() - started
print(len(result.reports), seconds, result.count(status="error"), parse_seconds)
"""


def run_once(database_url: str) -> tuple[int, float, int, float]:
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    posts, seconds, errors, parse_seconds = out.stdout.split()[-4:]
    return int(posts), float(seconds), int(errors), float(parse_seconds)


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
        rates, parse_rates, posts = [], [], 0
        for _ in range(args.runs):
            if label == "SQLite":
                with tempfile.TemporaryDirectory() as tmp:
                    posts, seconds, errors, parsing = run_once(f"sqlite:///{tmp}/bench.sqlite3")
            else:
                try:
                    url = postgres_fresh(args.postgres, "cabf_bench_import")
                except Exception as exc:  # no server: say so, never pretend
                    print(f"PostgreSQL: not measured ({exc})")
                    break
                posts, seconds, errors, parsing = run_once(url)
            rates.append(posts / seconds)
            parse_rates.append(posts / parsing)
        if rates:
            storing = 1 - statistics.median(rates) / statistics.median(parse_rates)
            print(
                f"{label}: {posts} posts, median {statistics.median(rates):.0f} posts/s "
                f"over {len(rates)} runs (min {min(rates):.0f}, max {max(rates):.0f}); "
                f"parse only, same runs: median {statistics.median(parse_rates):.0f} posts/s "
                f"(storing takes {storing:.0%} of the time); errors: {errors}"
            )


if __name__ == "__main__":
    main()
