"""Load the invented bilingual partnership and its plan (demonstration/bilingual.py): what
`make run` does after the seed plan, so the Welsh pages can be seen. Loading it again changes
nothing."""

from django.core.management.base import BaseCommand

from demonstration.bilingual import PLAN_SLUG, load_bilingual_demo


class Command(BaseCommand):
    help = "Load an invented Welsh and English partnership plan (demonstration only)."

    def handle(self, *args, **options):
        plan = load_bilingual_demo()
        if plan is None:
            self.stdout.write(f"The bilingual demonstration plan {PLAN_SLUG} is there already.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded the bilingual demonstration: {plan}."))
