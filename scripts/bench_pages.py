#!/usr/bin/env python
"""Benchmark: median server time of a full render (the page cache emptied before each request)
of the ballot list, a ballot page, the dashboard and the Atom feed, with 1,000 ballots and
20,000 votes generated into a fresh SQLite database: first with every result computed on the
request (none stored yet), then reading the results stored on write (``recompute_results``).

    .venv/bin/python scripts/bench_pages.py [--requests N] [--database-url URL]

Requests go through Django's test client (the whole server stack minus the socket). A
benchmark, not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate(ballots: int = 1000, votes: int = 20000) -> None:
    import datetime as dt

    from ballots.models import Ballot, Vote
    from governance.models import Body, Membership, Organization

    smcwg = Body.objects.get(slug="smcwg")
    per_ballot = votes // ballots
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Member {i}", slug=f"member-{i}") for i in range(per_ballot)
    )
    Membership.objects.bulk_create(
        Membership(organization=o, body=smcwg, member_class="issuer" if i % 5 else "consumer")
        for i, o in enumerate(orgs)
    )
    start = dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC)
    made = Ballot.objects.bulk_create(
        Ballot(
            body=smcwg,
            number=f"SMC{i:04d}",
            number_key=f"SMC-{i}",
            title=f"Generated ballot {i}",
            ballot_type="final_maintenance_guideline",
            state="passed",
            published_outcome="passed",
            stated_quorum=7,
            discussion_start=start + dt.timedelta(days=i % 700),
            voting_start=start + dt.timedelta(days=i % 700 + 8),
            voting_end=start + dt.timedelta(days=i % 700 + 15),
        )
        for i in range(ballots)
    )
    Vote.objects.bulk_create(
        Vote(
            ballot=b,
            organization=o,
            member_class="issuer" if j % 5 else "consumer",
            choice="yes" if j % 7 else "abstain",
            source="imported",
        )
        for b in made
        for j, o in enumerate(orgs)
    )


def median_ms(client, url: str, n: int) -> float:
    from django.core.cache import cache

    client.get(url)  # warm templates
    times = []
    for _ in range(n):
        cache.clear()  # a full render each time, not the shared page cache's copy
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # Production settings: DEBUG off (no query logging), the secure defaults that go with it.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: hashed names
    generate()
    from ballots.actions.results import store_results
    from ballots.models import Ballot, Vote

    client = Client()
    ballot = Ballot.objects.order_by("id")[500]
    print(f"{Ballot.objects.count()} ballots, {Vote.objects.count()} votes")
    pages = [
        ("ballot list /ballots/", "/ballots/"),
        (f"ballot page /ballots/smcwg/{ballot.number}/", f"/ballots/smcwg/{ballot.number}/"),
        ("dashboard /", "/"),
        ("Atom feed /feeds/ballots.atom", "/feeds/ballots.atom"),
    ]
    computed = {url: median_ms(client, url, args.requests) for _, url in pages}
    started = time.perf_counter()
    store_results()
    print(f"recompute_results: {time.perf_counter() - started:.2f} s for every ballot")
    for label, url in pages:
        stored = median_ms(client, url, args.requests)
        print(
            f"{label}: median {stored:.1f} ms reading stored results, {computed[url]:.1f} ms "
            f"computing them ({computed[url] / stored:.1f}x), over {args.requests} requests"
        )
    tmp.cleanup()


if __name__ == "__main__":
    main()
