"""Start next year's plan from this year's, as a draft (progress/rollover.py says what is copied).

    python manage.py rollover_plan <plan-slug> --title TITLE --start YYYY-MM-DD --end YYYY-MM-DD
        [--target-label LABEL] [--slug SLUG] [--clear-due-dates]

The carried actions' due dates move into the new plan's year, or with --clear-due-dates are
cleared for the manager to set ("Due date to be set"). The old plan is only read.
Publish the new draft from the list of plans once it is ready.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cspplan.models import Plan
from progress.rollover import DueDates, roll_over


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Dates are written like 2012-04-01, not {text!r}.") from error


class Command(BaseCommand):
    help = "Start next year's plan as a draft copy of a plan: open actions, measures, priorities."

    def add_arguments(self, parser):
        parser.add_argument("plan_slug", help="The address of the plan to roll over.")
        parser.add_argument("--title", required=True, help="e.g. Partnership Plan 2012 to 2013")
        parser.add_argument("--start", required=True, type=_date, help="First day, 2012-04-01")
        parser.add_argument("--end", required=True, type=_date, help="Last day, 2013-03-31")
        parser.add_argument(
            "--target-label", default=None, help="Targets column heading (default: March 2013)"
        )
        parser.add_argument(
            "--slug", default=None, help="The new plan's address (default: made up)"
        )
        parser.add_argument(
            "--clear-due-dates",
            action="store_true",
            help="Clear the carried actions' due dates for you to set (default: move them into "
            "the new plan's year)",
        )

    def handle(
        self, *args, plan_slug, title, start, end, target_label, slug, clear_due_dates, **options
    ):
        plan = Plan.objects.filter(slug=plan_slug).select_related("partnership").first()
        if plan is None:
            raise CommandError(f"No plan with the address {plan_slug!r}.")
        try:
            summary = roll_over(
                plan,
                title=title,
                start=start,
                end=end,
                target_label=target_label,
                slug=slug,
                due_dates=DueDates.CLEAR if clear_due_dates else DueDates.MOVE,
            )
        except ValidationError as error:
            messages = [m for ms in error.message_dict.values() for m in ms]
            raise CommandError(" ".join(messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Rolled over {plan.title} into {summary}"))
