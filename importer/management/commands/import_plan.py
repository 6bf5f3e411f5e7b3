"""python manage.py import_plan PATH --partnership NAME --title TITLE --start … --end …

``--map "Actions=What we will do"`` (repeatable) says which field a column holds, over the
partnership's remembered mapping and every guess; ``--show-mapping`` prints how each column is
read and stops; ``--create-partnership`` creates the partnership named by ``--partnership`` (with
the plan, in the same transaction); ``--dry-run`` prints the whole preview;
``--keep "HEADING"``, ``--ignore "HEADING"`` (repeatable) and ``--keep-all`` say what becomes of
a column no field holds (importer/extra_columns.py: without a choice for each such column with
cells, the import stops naming them); ``--confirm-agency SLUG`` (repeatable) confirms an owner
that works in other partnerships' plans and in none of this one's (importer/writing.py,
``flag_agencies``).
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from cspplan import uploads
from cspplan.models import Organisation, Partnership
from importer.columns import IGNORE, KEEP, parse_map_option
from importer.models import ColumnMapping, remember
from importer.preview import column_lines, preview_lines
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
        parser.add_argument("--title", required=False)
        parser.add_argument("--start", required=False, help="YYYY-MM-DD")
        parser.add_argument("--end", required=False, help="YYYY-MM-DD")
        parser.add_argument("--target-label", default=None, help="e.g. March 2012")
        parser.add_argument("--publish", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create organisations, officers and funding sources the file names but the "
            "site does not know (by default an unknown name is an error).",
        )
        parser.add_argument(
            "--create-partnership",
            action="store_true",
            help="Create the partnership named by --partnership if there is none of that name.",
        )
        parser.add_argument(
            "--partnership-slug", default=None, help="Its slug, with --create-partnership."
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=HEADING",
            help='Which field a column holds, e.g. --map "Actions=What we will do" '
            '(repeatable; FIELD may be "ignore"). Remembered for the partnership.',
        )
        parser.add_argument(
            "--confirm-agency",
            action="append",
            default=[],
            metavar="SLUG",
            help="An agency of other partnerships' plans (and of none of this partnership's) "
            "that the file names as an owner, confirmed as meant (repeatable); without it such "
            "an agency stops the import.",
        )
        parser.add_argument(
            "--keep",
            action="append",
            default=[],
            metavar="HEADING",
            help="Keep a column no field holds as one of the plan's own columns (repeatable; "
            "remembered for the partnership).",
        )
        parser.add_argument(
            "--ignore",
            action="append",
            default=[],
            metavar="HEADING",
            help="Leave a column's cells out of the plan (repeatable; remembered).",
        )
        parser.add_argument(
            "--keep-all",
            action="store_true",
            help="Keep every column no field holds, and not ignored, as a plan column. Without "
            "a choice for each such column with cells, the import stops naming them.",
        )
        parser.add_argument(
            "--show-mapping",
            action="store_true",
            help="Print which field each column is taken as, and stop.",
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
        found = self._partnership(partnership, options)
        mapping = ColumnMapping.objects.for_partnership(found)
        chosen = {}
        for text in options["map"]:
            try:
                field, heading = parse_map_option(text)
            except ValueError as error:
                raise CommandError(f"--map {error}") from None
            chosen[heading] = field
        for option, field in (("keep", KEEP), ("ignore", IGNORE)):
            for heading in options[option]:
                chosen[heading.strip()] = field
        mapping.update(chosen)
        if options["show_mapping"]:
            self._show_mapping(file, mapping, options["target_label"])
            return
        if not (title and start and end):
            raise CommandError("--title, --start and --end are required to import")
        start_date, end_date = _date(start), _date(end)
        confirmed = []
        for slug in options["confirm_agency"]:
            agency = Organisation.objects.filter(slug=slug).first()
            if agency is None:
                raise CommandError(f"--confirm-agency {slug}: no organisation has that slug")
            confirmed.append(agency.pk)
        try:
            draft = read_draft(
                file.name,
                file.read_bytes(),
                target_label=options["target_label"],
                mapping=mapping,
                keep_all=options["keep_all"],
            )
            summary = preview(draft, found)
            if summary.unchosen:
                # The import stops below for the officer's choices: what looks wrong, and every
                # column, first, so that the choice is made knowing it.
                for warning in summary.warnings:
                    self.stdout.write(f"Check: {warning}")
                for line in column_lines(summary):
                    self.stdout.write(line)
            with transaction.atomic():
                if found is None:
                    found = Partnership.objects.create(
                        name=partnership,
                        slug=options["partnership_slug"] or slugify(partnership)[:50],
                    )
                    done = "Would create" if options["dry_run"] else "Created"
                    self.stdout.write(f"{done} the partnership “{found}”.")
                plan = write_plan(
                    draft=draft,
                    partnership=found,
                    title=title,
                    start=start_date,
                    end=end_date,
                    target_label=options["target_label"],
                    publish=options["publish"],
                    create_missing=options["create_missing"],
                    confirmed_agencies=confirmed,
                )
                remember(found, chosen)
                if options["dry_run"]:
                    self._describe(summary, prefix="Would create", full=True)
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write("Dry run: nothing was written.")
            return
        except PlanImportError as error:
            raise CommandError(f"{path} was not imported; nothing was written.\n{error}") from None
        self._describe(summary, prefix="Created")
        self.stdout.write(self.style.SUCCESS(f"Imported “{plan}” as /plans/{plan.slug}/"))

    def _partnership(self, name, options):
        found = Partnership.objects.filter(slug=name).first() or (
            Partnership.objects.filter(name__iexact=name).first()
            or Partnership.objects.filter(short_name__iexact=name).first()
        )
        if found is None and not options["create_partnership"]:
            raise CommandError(
                f"Unknown partnership “{name}”; create it in the admin, or add "
                "--create-partnership (with --partnership-slug to choose its slug)."
            )
        if found is None:
            slug = options["partnership_slug"] or slugify(name)[:50]
            if not slug:
                raise CommandError(f"“{name}” gives no slug; add --partnership-slug")
            if Partnership.objects.filter(slug=slug).exists():
                raise CommandError(f"A partnership already has the slug “{slug}”")
        return found

    def _show_mapping(self, file, mapping, target_label):
        from importer.services import read_table

        try:
            table = read_table(
                file.name, file.read_bytes(), target_label=target_label, mapping=mapping
            )
            columns = table.columns
        except PlanImportError as error:
            columns = getattr(error, "columns", None)
            if not columns:
                raise CommandError(f"{file} cannot be read.\n{error}") from None
            self.stdout.write(str(error))
        for use in columns:
            how = f"guess: {use.note}" if use.is_guess else use.how
            self.stdout.write(f"  {use.heading} → {use.field_label} ({how})")

    def _describe(self, summary, *, prefix, full=False):
        counts = ", ".join(f"{number} {name}" for name, number in summary.counts.items())
        self.stdout.write(f"{prefix}: {counts}.")
        for kind, name, proposal, where in summary.proposals:
            self.stdout.write(f"  new {kind}: {name} (first in {where}; created as {proposal})")
        for kind, part, leftover, where in summary.unmatched_words:
            self.stdout.write(
                f"  {where}: in {kind} “{part}”, “{leftover}” matches nobody; kept in the "
                "wording only"
            )
        if full:
            for line in preview_lines(summary):
                self.stdout.write(line)
        else:
            for warning in summary.warnings:
                self.stdout.write(self.style.WARNING(f"  Check: {warning}"))
