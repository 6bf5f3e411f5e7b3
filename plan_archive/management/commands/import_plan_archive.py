"""Restore a plan from an archive written by `export_plan_archive`, into an empty database: all
of it in one transaction, or nothing (plan_archive/archive.py)."""

from django.core.management.base import BaseCommand, CommandError

from plan_archive.archive import ArchiveError, import_plan, read_archive


class Command(BaseCommand):
    help = "Restore a plan and its history from an archive file (export_plan_archive)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive, e.g. plan.json")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as source:
                text = source.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Could not read {file}: {error}.") from None
        try:
            counts = import_plan(read_archive(text))
        except ArchiveError as error:
            raise CommandError(f"{file}: {error} Nothing was restored.") from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored {sum(counts.values())} records from {file}.")
        )
        self.stdout.write(
            "Users come back inactive, without passwords, staff status or permissions: a "
            "superuser reinstates each in the admin (Active, Staff status, groups) and sets a "
            "password with changepassword."
        )
