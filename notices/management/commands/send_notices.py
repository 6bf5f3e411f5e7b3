"""Send what is due: followers' digests, staff notices, the chair's digest before a board
meeting, and messages whose delivery failed and is due again. Run it every few minutes (cron,
or any scheduler): each event is sent once however often it runs (docs/notices.md).

    python manage.py send_notices
"""

from django.core.management.base import BaseCommand

from notices import chair, digests, staff
from outbox import sending


class Command(BaseCommand):
    help = (
        "Send followers' digests, staff notices and chairs' digests that are due; "
        "retry failed e-mails."
    )

    def handle(self, *args, **options):
        retried = sending.retry_due()
        sent = digests.send_due()
        notices = staff.send_all()
        chair_digests = chair.send_chair_digests()
        self.stdout.write(
            f"Digests: {sent}. Notices: {notices['returned']} returned, "
            f"{notices['milestones']} milestones, {notices['waiting']} waiting for approval, "
            f"{chair_digests} chair's digests before a board meeting. "
            f"E-mails queued again: {retried}."
        )
