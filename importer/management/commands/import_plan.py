"""python manage.py import_plan PATH --partnership NAME --title TITLE --start … --end …"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cspplan import uploads
from cspplan.models import Partnership
from importer.services import PlanImportError, preview, read_draft, write_plan


class DryRunRollback(Exception):
    pass


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Create a plan from a delivery-plan table (.csv, .xlsx or .docx). Nothing is written "
        "unless the whole file is good; errors name the row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--partnership", required=True, help="Name, short name or slug.")
        parser.add_argument("--title", required=True)
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--target-label", default=None, help="e.g. March 2012")
        parser.add_argument("--publish", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create organisations, officers and funding sources the file names but the "
            "site does not know (by default an unknown name is an error).",
        )

    def handle(self, *args, path, partnership, title, start, end, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            # Before reading it into memory; the rest is checked by read_draft (uploads.py).
            uploads.check_size(file.stat().st_size)
        except uploads.UploadRefused as refused:
            message = f"{path} was not imported; nothing was written.\n{refused}"
            raise CommandError(message) from None
        start_date, end_date = _date(start), _date(end)
        found = Partnership.objects.filter(slug=partnership).first() or (
            Partnership.objects.filter(name__iexact=partnership).first()
            or Partnership.objects.filter(short_name__iexact=partnership).first()
        )
        if found is None:
            raise CommandError(f"Unknown partnership “{partnership}”; create it in the admin.")
        try:
            draft = read_draft(file.name, file.read_bytes(), target_label=options["target_label"])
            summary = preview(draft)
            with transaction.atomic():
                plan = write_plan(
                    draft=draft,
                    partnership=found,
                    title=title,
                    start=start_date,
                    end=end_date,
                    target_label=options["target_label"],
                    publish=options["publish"],
                    create_missing=options["create_missing"],
                )
                if options["dry_run"]:
                    self._describe(summary, prefix="Would create")
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write("Dry run: nothing was written.")
            return
        except PlanImportError as error:
            raise CommandError(f"{path} was not imported; nothing was written.\n{error}") from None
        self._describe(summary, prefix="Created")
        self.stdout.write(self.style.SUCCESS(f"Imported “{plan}” as /plans/{plan.slug}/"))

    def _describe(self, summary, *, prefix):
        counts = ", ".join(f"{number} {name}" for name, number in summary.counts.items())
        self.stdout.write(f"{prefix}: {counts}.")
        for kind, name, where in summary.unknown_names:
            self.stdout.write(f"  new {kind}: {name} (first in {where})")
        for kind, part, leftover, where in summary.unmatched_words:
            self.stdout.write(
                f"  {where}: in {kind} “{part}”, “{leftover}” matches nobody; kept in the "
                "wording only"
            )
