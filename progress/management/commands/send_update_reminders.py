"""E-mail each lead officer the actions and measures they lead that have no update this quarter.

    python manage.py send_update_reminders [--dry-run] [--plan SLUG ...] [--base-url URL]

Run it from a scheduler (say weekly): an officer is reminded at most once per quarter.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cspplan.text import counted
from progress.reminders import send_update_reminders


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today must be a date like 2011-11-15, not {text!r}.") from error


class Command(BaseCommand):
    help = "E-mail lead officers the actions and measures they have not updated this quarter."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be reminded; send nothing."
        )
        parser.add_argument(
            "--plan",
            action="append",
            dest="plans",
            metavar="SLUG",
            help="Only this plan (repeatable). Default: published plans running today.",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address for the link in the e-mail, e.g. https://csp.example.org",
        )
        parser.add_argument(
            "--today", type=_date, default=None, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args, dry_run, plans, base_url, today, **options):
        try:
            run = send_update_reminders(
                today=today, plan_slugs=plans, dry_run=dry_run, base_url=base_url
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        verb = "Would remind" if dry_run else "Reminded"
        for due in run.sent:
            actions, measures = (
                counted(len(due.actions), "action"),
                counted(len(due.measures), "measure"),
            )
            self.stdout.write(f"{verb} {due.officer} <{due.officer.email}>: {actions}, {measures}.")
        for due in run.already_reminded:
            self.stdout.write(f"Already reminded this quarter: {due.officer}.")
        for due in run.no_email:
            self.stdout.write(f"Cannot remind {due.officer}: no e-mail address on record.")
        for due in run.turned_off:
            self.stdout.write(f"Not reminded: {due.officer} turned these reminders off.")
        officers = counted(len(run.sent), "officer")
        self.stdout.write(f"{verb} {officers} for the quarter from {run.quarter_start:%-d %B %Y}.")
