"""Appoint a Chair or Vice-Chair of a body from the command line, so a fresh site is usable:

    manage.py create_chair alice --body smcwg [--role vice_chair] [--organization DigiCert]

The password comes from the CHAIR_PASSWORD environment variable or a prompt, never an argument
(arguments end up in shell history and process lists)."""

import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from governance.offices import officer_appoint


class Command(BaseCommand):
    help = "Create (or reuse) a user and make them Chair or Vice-Chair of a body."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--body", required=True, help="forum, scwg, smcwg, cscwg, netsec, dgwg")
        parser.add_argument("--role", default="chair", choices=["chair", "vice_chair"])
        parser.add_argument("--email", default="")
        parser.add_argument("--organization", default="", help="the chair's organisation")
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="do not set a password (e.g. to set one later with changepassword)",
        )

    def handle(self, *args, username, body, role, email, organization, no_password, **options):
        password = None
        if not no_password:
            password = os.environ.get("CHAIR_PASSWORD")
            if not password:
                if not sys.stdin.isatty():
                    raise CommandError(
                        "Set CHAIR_PASSWORD in the environment, or pass --no-password."
                    )
                password = getpass.getpass(f"Password for {username}: ")
        try:
            officer, created = officer_appoint(
                username=username,
                body_slug=body,
                role=role,
                password=password,
                email=email,
                organization=organization,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{'Created' if created else 'Updated'} user {username}: "
            f"{officer.get_role_display()} of the {officer.body.name} from {officer.start}."
        )
