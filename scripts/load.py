#!/usr/bin/env python
"""Load benchmark: the production stack on this machine, measured against Django's own floor.

    .venv/bin/python scripts/load.py [--database sqlite|postgres|both] [--requests N]

For each database it prepares a fresh one with the Forum's corpus imported, starts gunicorn
(DEBUG off, whitenoise, Redis cache when REDIS_URL answers), and sends a fixed number of
requests from a fixed number of client threads to 127.0.0.1 only, for the floor page (the
sign-in page: a template and a form, no query), the dashboard, the list, a ballot page, a body
page, both feeds and the API's list and detail, plain, conditional (If-None-Match with the
page's ETag) and as full renders (a URL the shared page cache has never seen). It prints
requests per second, p50 and p99, each page as a share of the floor measured in the same run,
then stops the server. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = [
    ("floor: /accounts/login/", "/accounts/login/"),
    ("dashboard /", "/"),
    ("list /ballots/", "/ballots/"),
    ("ballot /ballots/smcwg/SMC07/", "/ballots/smcwg/SMC07/"),
    ("body /bodies/scwg/", "/bodies/scwg/"),
    ("Atom /feeds/ballots.atom", "/feeds/ballots.atom"),
    ("iCal /feeds/deadlines.ics", "/feeds/deadlines.ics"),
    ("API /api/v1/ballots/", "/api/v1/ballots/"),
    ("API /api/v1/ballots/smcwg/SMC07/", "/api/v1/ballots/smcwg/SMC07/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> None:
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["import_posts", str(Path(env["CABF_CORPUS_DIR"]))],
        ["refresh_states"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )


def fresh_postgres(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def redis_answers(url: str) -> bool:
    try:
        host, port = url.split("//", 1)[1].split("/")[0].split(":")
        with socket.create_connection((host, int(port)), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except (OSError, ValueError):
        return False


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "governance.wsgi",
            *("--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def hammer(port: int, path: str, total: int, clients: int, headers: dict, unique: bool = False):
    """``total`` requests from ``clients`` threads, each on its own kept-alive connection.
    ``unique``: each request's URL differs (an ignored ``nocache`` parameter), so none is
    answered from the shared page cache: every one is a full render."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    statuses: set[int] = set()

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for i in range(n):
            url = (
                f"{path}{'&' if '?' in path else '?'}nocache={n}-{i}-{id(mine)}" if unique else path
            )
            started = time.perf_counter()
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            statuses.add(response.status)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in per_client]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return total / elapsed, sorted(latencies), statuses


def etag_of(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.getheader("ETag") or ""


def measure(label: str, env: dict, args) -> None:
    port = free_port()
    server = start_server(env, port, args.workers)
    try:
        rows = []
        for name, path in PAGES:
            hammer(port, path, 20, 2, {})  # warm up
            rate, lat, statuses = hammer(port, path, args.requests, args.clients, {})
            etag = etag_of(port, path)
            crate, clat, cstatuses = (
                hammer(port, path, args.requests, args.clients, {"If-None-Match": etag})
                if etag
                else (None, [], set())
            )
            # Full renders: a tenth as many requests (each renders the page from the database).
            urate, ulat, _ = hammer(
                port, path, max(args.requests // 10, args.clients), args.clients, {}, unique=True
            )
            rows.append((name, rate, lat, statuses, crate, clat, cstatuses, urate, ulat))
    finally:
        server.terminate()
        server.wait(timeout=10)
    floor = rows[0][1]
    print(
        f"\n{label}: {args.workers} gunicorn workers, {args.clients} clients, {args.requests} "
        f"requests a page, cache: {env.get('REDIS_URL') or 'local memory'}"
    )
    print(
        "| page | req/s | p50 ms | p99 ms | share of floor | conditional req/s | share "
        "| full render req/s (p50) | share |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, rate, lat, statuses, crate, clat, cstatuses, urate, ulat in rows:
        p50 = statistics.median(lat) * 1000
        p99 = lat[int(len(lat) * 0.99) - 1] * 1000
        cond = (
            f"{crate:.0f} (p50 {statistics.median(clat) * 1000:.1f} ms) | {crate / floor:.0%}"
            if crate
            else "– | –"
        )
        if crate and cstatuses != {304}:
            cond += f" (statuses {sorted(cstatuses)})"
        bad = "" if statuses <= {200} else f" (statuses {sorted(statuses)})"
        full = f"{urate:.0f} ({statistics.median(ulat) * 1000:.1f} ms) | {urate / floor:.0%}"
        print(
            f"| {name}{bad} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {rate / floor:.0%} | {cond} "
            f"| {full} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))
    args = parser.parse_args()
    corpus = os.environ.get("CABF_CORPUS_DIR", str(ROOT.parent / "shared" / "corpus" / "cabforum"))
    base = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CABF_CORPUS_DIR": corpus,
    }
    if redis_answers(args.redis):
        base["REDIS_URL"] = args.redis
    with tempfile.TemporaryDirectory() as tmp:
        base["STATIC_ROOT"] = f"{tmp}/static"
        targets = []
        if args.database in ("sqlite", "both"):
            targets.append(("SQLite", f"sqlite:///{tmp}/load.sqlite3"))
        if args.database in ("postgres", "both"):
            try:
                targets.append(("PostgreSQL", fresh_postgres(args.postgres, "cabf_load")))
            except Exception as exc:  # no server: say so, never pretend
                print(f"PostgreSQL: not measured ({exc})")
        for label, url in targets:
            env = {**base, "DATABASE_URL": url}
            prepare(env)
            measure(label, env, args)


if __name__ == "__main__":
    main()
