"""manage.py purge_followers [--older-than 24m]: followers' addresses under the residents'
retention rules (notices/retention.py). Run it daily beside purge_feedback; the default period
is the same (CSPPLAN_FEEDBACK_RETENTION_MONTHS)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consultation import retention
from notices.retention import purge


class Command(BaseCommand):
    help = "Delete unconfirmed and finished follows; forget old e-mail addresses."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            default=f"{settings.FEEDBACK_RETENTION_MONTHS}m",
            help="The retention period: months (24m) or days (730d). Default: "
            f"{settings.FEEDBACK_RETENTION_MONTHS}m, as for feedback.",
        )

    def handle(self, *args, older_than, **options):
        try:
            before = retention.cutoff_for(older_than)
        except retention.BadPeriod as error:
            raise CommandError(f"--older-than: {error}") from None
        result = purge(received_before=before)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {result.unconfirmed} unconfirmed follow request(s) and "
                f"{result.of_archived_plans} follow(s) of plans archived before "
                f"{before:%-d %B %Y}; forgot the address of {result.message_addresses} "
                "e-mail(s) sent before then."
            )
        )
