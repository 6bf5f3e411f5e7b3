"""manage.py purge_sign_in_events [--dry-run]: remove the sign-in audit trail's events older
than CSPPLAN_SIGN_IN_AUDIT_DAYS (365 by default). Run it daily from cron, beside purge_feedback.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from cspplan.models import SignInEvent


def purge(*, now=None, dry_run=False) -> int:
    before = (now or timezone.now()) - datetime.timedelta(days=settings.CSPPLAN_SIGN_IN_AUDIT_DAYS)
    old = SignInEvent.objects.filter(at__lt=before)
    count = old.count()
    if not dry_run:
        old.delete()
    return count


class Command(BaseCommand):
    help = "Remove sign-in audit events older than CSPPLAN_SIGN_IN_AUDIT_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        count = purge(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"{verb} {count} sign-in event(s) older than "
            f"{settings.CSPPLAN_SIGN_IN_AUDIT_DAYS} days."
        )
