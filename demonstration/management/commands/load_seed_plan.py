"""Load the seed plan into an empty database (what `make run` does on every start).

Idempotent: when the database already holds a plan, nothing is loaded, so officers' edits are
never overwritten by a restart.

The demonstration progress is loaded as fixtures, past the recording services, so each action is
then given the status of its latest approved update (``bring_statuses_in_step``): one status on
every page, as if the updates had been approved one by one.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from actions.services import bring_statuses_in_step
from cspplan.models import Plan
from demonstration.engagement import load_demo_engagement
from demonstration.statutory import load_demo_statutory

SEED_FIXTURE = "west_lancashire_2011_12"
DEMO_FIXTURE = "demo_progress"
SEED_PLAN = "west-lancashire-2011-12"


class Command(BaseCommand):
    help = "Load the West Lancashire 2011-12 plan into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also load illustrative progress and create the demo logins (development only).",
        )

    def handle(self, *args, demo=False, **options):
        if Plan.objects.exists():
            self.stdout.write("The database already holds a plan; nothing loaded.")
        else:
            with transaction.atomic():
                call_command("loaddata", SEED_FIXTURE, verbosity=0)
                if demo:
                    call_command("loaddata", DEMO_FIXTURE, verbosity=0)
                    bring_statuses_in_step()
                    seed = Plan.objects.get(slug=SEED_PLAN)
                    load_demo_engagement(seed)
                    load_demo_statutory(seed.partnership)
            self.stdout.write(self.style.SUCCESS(f"Loaded {SEED_FIXTURE}."))
            if demo:
                self.stdout.write(self.style.SUCCESS(f"Loaded {DEMO_FIXTURE}."))
        if demo:
            call_command("create_demo_users", stdout=self.stdout)
