#!/usr/bin/env python
"""Create the PostgreSQL database a DATABASE_URL names, if it does not exist yet.

python scripts/ensure_database.py postgres://postgres@127.0.0.1:5432/cabf_tracker
"""

import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql


def main(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"created database {name}")


if __name__ == "__main__":
    main(sys.argv[1])
