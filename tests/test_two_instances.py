"""Two app servers behind one balancer share everything that matters: two gunicorn instances on
two ports, one PostgreSQL database (and one Redis cache when it answers). A chair signed in on
one is signed in on the other, and a vote recorded on one shows on the other at once, to the
chair and to the public (whose pages the shared cache serves)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("TWO_INSTANCES_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "cabf_two_instances"
PASSWORD = "two-instances-chair-password"
SETUP = """
import datetime as dt
from django.utils import timezone
from ballots.models import Ballot
from governance.models import Body, Membership, Organization
smcwg = Body.objects.get(slug="smcwg")
for name in ("DigiCert", "Sectigo"):
    org = Organization.objects.create(name=name, slug=name.lower())
    Membership.objects.create(
        organization=org, body=smcwg, member_class="issuer", start=dt.date(2020, 1, 1)
    )
now = timezone.now()
Ballot.objects.create(
    body=smcwg, number="SMC99", number_key="SMC-99", title="Two servers", state="voting",
    managed=True, discussion_start=now - dt.timedelta(days=10),
    voting_start=now - dt.timedelta(hours=2), voting_end=now + dt.timedelta(days=6),
)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_url() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/3"
    except OSError:
        pass
    return ""


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}"')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": PG.rsplit("/", 1)[0] + "/" + DB,
        "DEBUG": "0",
        "SECRET_KEY": "a-shared-secret-for-both-app-servers-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "REDIS_URL": _redis_url(),
        "CHAIR_PASSWORD": PASSWORD,
        "AXES_ENABLED": "1",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")  # production serves hashed static names
    manage("shell", "-c", SETUP)
    manage("create_chair", "stephen", "--body", "smcwg", "--organization", "DigiCert")
    if env["REDIS_URL"]:
        subprocess.run(["redis-cli", "-n", "3", "flushdb"], capture_output=True)
    ports = [_free_port(), _free_port()]
    procs = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "governance.wsgi",
                *("--workers", "1", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)


class Browser:
    """One cookie jar, used against either server, as a balancer would send one user."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def post(self, url: str, data: dict) -> tuple[int, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def test_a_chair_signed_in_on_one_server_is_signed_in_on_the_other(servers):
    one, two = servers
    chair = Browser()
    chair.get(f"{one}/accounts/login/")
    status, _ = chair.post(f"{one}/accounts/login/", {"username": "stephen", "password": PASSWORD})
    assert status == 200  # redirected to the dashboard, signed in
    status, page = chair.get(f"{two}/chair/")
    assert status == 200
    assert "S/MIME Certificate Working Group" in page and "Sign in" not in page


def test_a_vote_recorded_on_one_server_shows_on_the_other_at_once(servers):
    one, two = servers
    public = Browser()
    before = public.get(f"{two}/ballots/smcwg/SMC99/")[1]  # now in the shared page cache
    assert "Certificate Issuers (2): DigiCert, Sectigo." in before  # nobody has voted yet
    chair = Browser()
    chair.get(f"{two}/accounts/login/")
    chair.post(f"{two}/accounts/login/", {"username": "stephen", "password": PASSWORD})
    page = chair.get(f"{one}/ballots/smcwg/SMC99/")[1]
    row = re.search(
        r'<tr data-org="DigiCert">.*?name="vote-organization" value="(\d+)"', page, re.S
    )
    org = row.group(1)
    status, _ = chair.post(
        f"{one}/chair/ballots/smcwg/SMC99/vote/",
        {
            "vote-organization": org,
            "vote-choice": "no",
            "vote-cast_at": time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() - 600)),
        },
    )
    assert status == 200
    for who in (chair, public):
        page = who.get(f"{two}/ballots/smcwg/SMC99/")[1]
        assert re.search(r"DigiCert</a>.*?</td><td class=\"vote-no\">No</td>", page, re.S)
