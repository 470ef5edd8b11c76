"""Print, for a ballot, the votes the mails of a list archive cast, each with its doubts; records
nothing (a chair confirms votes on the ballot's page):

    manage.py read_votes 2023-June.txt [more.txt ...] --ballot scwg/SC-064
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from ballots.mailvotes import propose, read_archive
from ballots.models import Ballot
from ballots.selectors import find_ballot
from governance.models import Organization
from governance.organizations import OrganizationResolver


class Command(BaseCommand):
    help = "Read the vote mails of list archives (pipermail text or mbox) for one ballot."

    def add_arguments(self, parser):
        parser.add_argument("archives", nargs="+")
        parser.add_argument("--ballot", required=True, help="body/id, e.g. scwg/SC-064")

    def handle(self, *args, archives, ballot, **options):
        body, _, number = ballot.partition("/")
        try:
            target = find_ballot(Ballot.objects.select_related("body"), body, number)
        except Http404 as exc:
            raise CommandError(f"No ballot {ballot}.") from exc
        mails = []
        for path in archives:
            try:
                mails += read_archive(Path(path).read_text(encoding="utf-8", errors="replace"))
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        names = OrganizationResolver()
        orgs = dict(Organization.objects.values_list("id", "name"))

        def find(written):
            org_id = names.find(written)
            return (org_id, orgs[org_id]) if org_id else None

        proposals = propose(target, mails, find)
        for p in proposals:
            when = f"{p.mail.sent_at:%Y-%m-%d %H:%M} UTC" if p.mail.sent_at else "time unknown"
            who = p.organization_name or f"? {p.sentence.organization}"
            line = f"{when}  {who}: {p.choice.title()}"
            if p.mail.message_id:
                line += f"  <{p.mail.message_id}>"
            self.stdout.write(line)
            for doubt in p.doubts:
                self.stdout.write(f"    doubtful: {doubt}")
        clear = sum(p.clear for p in proposals)
        self.stdout.write(
            f"{len(proposals)} vote mails for {target.number}: {clear} clear, "
            f"{len(proposals) - clear} doubtful. Nothing was recorded."
        )
