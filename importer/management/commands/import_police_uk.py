"""python manage.py import_police_uk FILE_OR_FOLDER... --measure ID --crime-type TYPE
[--lsoa-prefix "West Lancashire"] [--dry-run]

Counts one crime type in police.uk's monthly street files and records each month as a
measurement of the measure, waiting for a plan manager's approval (importer/police_uk.py says
how months map to a measure, and which older crime types are counted as today's).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from importer import police_uk
from objectives.models import Measure


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Record monthly counts of a crime type from police.uk street-level files as "
        "measurements of a count measured per month, per year or year to date (months add up to "
        "its year to date), for approval. Nothing is written unless every "
        "file is good; errors name the file and row."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        parser.add_argument("--measure", required=True, type=int, help="The measure's id.")
        parser.add_argument(
            "--crime-type", required=True, help="e.g. “Anti-social behaviour” (as police.uk)."
        )
        parser.add_argument(
            "--lsoa-prefix",
            default="",
            help="Count only rows whose LSOA name starts with this, e.g. “West Lancashire”.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be recorded.")

    def handle(self, *args, **options):
        measure = (
            Measure.objects.select_related("target__objective__plan")
            .filter(pk=options["measure"])
            .first()
        )
        if measure is None:
            raise CommandError(f"There is no measure with id {options['measure']}.")
        crime_type, prefix = options["crime_type"].strip(), options["lsoa_prefix"].strip()
        try:
            police_uk.check_measure(measure)
            counts = police_uk.read_counts(
                police_uk.street_files(options["paths"]), crime_type=crime_type, lsoa_prefix=prefix
            )
            with transaction.atomic():
                plans = police_uk.write_counts(
                    measure=measure, counts=counts, by=None, crime_type=crime_type,
                    lsoa_prefix=prefix,
                )  # fmt: skip
                if options["dry_run"]:
                    raise DryRunRollback
        except police_uk.PoliceUkError as error:
            raise CommandError("Nothing was imported.\n" + str(error)) from None
        except DryRunRollback:
            plans = police_uk.plan_months(measure, counts)
            self.stdout.write("Dry run: nothing was written.")
        for item in plans:
            before = "" if item.recorded is None else f" (was {item.recorded.normalize():f})"
            self.stdout.write(f"{item.month.label}: {item.month.count} – {item.action}{before}")
        self.stdout.write(f"{measure}: {police_uk.summary(plans)}.")
