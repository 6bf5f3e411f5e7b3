"""python manage.py sweep_uploads — remove temporary uploads older than a day.

Plan imports and bulk progress imports keep an upload between its preview and its confirmation;
one never confirmed would stay for ever. Every upload sweeps too; run this daily from cron so a
quiet site is swept as well.
"""

from django.core.management.base import BaseCommand

from cspplan import uploads
from cspplan.text import counted


class Command(BaseCommand):
    help = "Remove temporary uploads (plan and progress imports) older than a day."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age-hours",
            type=float,
            default=uploads.MAX_AGE_SECONDS / 3600,
            help="Remove files older than this many hours (default 24).",
        )

    def handle(self, *args, max_age_hours, **options):
        removed = uploads.sweep(max_age=int(max_age_hours * 3600))
        self.stdout.write(f"Removed {counted(removed, 'temporary upload')}.")
