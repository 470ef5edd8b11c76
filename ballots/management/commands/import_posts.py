"""python manage.py import_posts PATH [PATH ...] [--report FILE]"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ballots.posts.importer import import_posts


class Command(BaseCommand):
    help = (
        "Import the Forum's markdown posts (ballots and minutes) from files or folders, "
        "recompute every result and record where the posts disagree with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders (searched for *.md)")
        parser.add_argument("--report", help="write the per-post report to this JSON file")
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar even on a terminal"
        )

    def handle(self, *paths, **options):
        from pathlib import Path

        missing = [p for p in options["paths"] if not Path(p).exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        progress = None
        if sys.stderr.isatty() and not options["no_progress"]:
            from tqdm import tqdm

            def progress(items):
                return tqdm(items, desc="posts", unit="post", file=sys.stderr)

        result = import_posts(options["paths"], progress=progress)
        for report in result.reports:
            for error in report.errors:
                self.stderr.write(f"error: {error}")
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8") as fh:
                json.dump(
                    {"summary": result.summary, "posts": [r.as_dict() for r in result.reports]},
                    fh,
                    indent=2,
                    ensure_ascii=False,
                )
        self.stdout.write(result.summary)
