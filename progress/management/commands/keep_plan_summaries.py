"""Draw every plan's summary that a new day made stale (an action becomes overdue at midnight
with no edit at all): run it from cron just after midnight, so the day's first reader does not
draw it (progress/kept.py)."""

from django.core.management.base import BaseCommand

from progress.kept import keep_current_summaries


class Command(BaseCommand):
    help = "Draw the kept summary of every plan not archived whose summary is out of date."

    def handle(self, *args, **options):
        drawn = keep_current_summaries()
        self.stdout.write(f"{drawn} plan summar{'y' if drawn == 1 else 'ies'} drawn.")
