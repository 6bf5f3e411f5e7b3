"""manage.py purge_feedback [--older-than 24m] [--dry-run]: remove personal data from feedback
older than the retention period (consultation/retention.py says what goes and what stays).

Run it daily or monthly from cron. Without --older-than it uses the period residents are told
of on the "have your say" form (CSPPLAN_FEEDBACK_RETENTION_MONTHS, 24 by default).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from consultation import retention


class Command(BaseCommand):
    help = "Remove residents' personal data from feedback older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            default=f"{settings.FEEDBACK_RETENTION_MONTHS}m",
            help="How old feedback must be: months (24m) or days (730d). Default: "
            f"{settings.FEEDBACK_RETENTION_MONTHS}m, the period the form tells residents.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args, older_than, dry_run, **options):
        try:
            before = retention.cutoff_for(older_than)
        except retention.BadPeriod as error:
            raise CommandError(f"--older-than: {error}") from None
        result = retention.remove_personal_data(received_before=before, dry_run=dry_run)
        n, rows = result.feedback, result.history_rows
        what = (
            f"personal data from {n} feedback record{pluralize(n)} received before "
            f"{before:%-d %B %Y} ({rows} history row{pluralize(rows)}), and the words of "
            f"{result.written_answers} consultation answer{pluralize(result.written_answers)}"
        )
        if dry_run:
            self.stdout.write(f"Would remove {what}. Nothing was changed (--dry-run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Removed {what}."))
