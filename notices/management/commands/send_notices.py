"""Send what is due: followers' digests, staff notices, and messages whose delivery failed and
is due again. Run it every few minutes (cron, or any scheduler): each event is sent once
however often it runs (docs/notices.md).

    python manage.py send_notices
"""

from django.core.management.base import BaseCommand

from notices import digests, staff
from outbox import sending


class Command(BaseCommand):
    help = "Send followers' digests and staff notices that are due; retry failed e-mails."

    def handle(self, *args, **options):
        retried = sending.retry_due()
        sent = digests.send_due()
        notices = staff.send_all()
        self.stdout.write(
            f"Digests: {sent}. Notices: {notices['returned']} returned, "
            f"{notices['milestones']} milestones, {notices['waiting']} waiting for approval. "
            f"E-mails queued again: {retried}."
        )
