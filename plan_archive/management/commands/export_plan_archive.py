"""Write one plan, with its history and the shared records it names, to an archive file
(plan_archive/archive.py); `import_plan_archive` restores it into an empty database."""

import json

from django.core.management.base import BaseCommand, CommandError

from plan_archive.archive import ArchiveError, export_plan


class Command(BaseCommand):
    help = "Write a plan and its history to an archive file (JSON), for import_plan_archive."

    def add_arguments(self, parser):
        parser.add_argument("plan_slug", help="the plan's slug, e.g. west-lancashire-2011-12")
        parser.add_argument("file", help="where to write the archive, e.g. plan.json")

    def handle(self, *args, plan_slug, file, **options):
        try:
            archive = export_plan(plan_slug)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        try:
            with open(file, "w", encoding="utf-8") as out:
                json.dump(archive, out, ensure_ascii=False, indent=1)
        except OSError as error:
            raise CommandError(f"Could not write {file}: {error.strerror}.") from None
        total = sum(archive["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Wrote {total} records of “{plan_slug}” to {file}."))
