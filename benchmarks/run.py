"""Speed and memory of the pages people use, on the seed plan and on a plan ten times larger.

Run with ``make bench``. This is deliberately not part of ``make test``: timings depend on the
machine, so goals are checked here, never in timed tests. Query counts are exact and are
enforced by the test suite; they are printed here only to explain a slow page.

Every request renders afresh (the cache is a dummy), so the numbers are the cost of a cold page.
Exit status is 1 when a goal is missed, so the suite can gate a release if wanted.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Goals for a 2-core machine: (median seconds, peak MiB of Python allocations) per kind of page.
GOALS = {
    "page": (0.5, 60),
    # Staff analytics are computed live for every request (never cached, since they must show
    # the latest submissions), so they get more time than residents' pages.
    "staff": (1.0, 80),
    "download": (1.5, 120),
    "pdf": (15.0, 400),
}

PLAN = "west-lancashire-2011-12"
PAGES = [
    ("page", "home", "/"),
    ("page", "plan overview", f"/plans/{PLAN}/"),
    ("page", "priorities", f"/plans/{PLAN}/priorities/"),
    ("page", "objective 6", f"/plans/{PLAN}/objectives/6/"),
    ("page", "objective 8", f"/plans/{PLAN}/objectives/8/"),
    ("page", "delivery plan", f"/plans/{PLAN}/delivery-plan/"),
    ("page", "agency page", f"/plans/{PLAN}/organisations/lancashire-fire-and-rescue-service/"),
    ("page", "search", "/search/?q=fire+safety"),
    ("download", "delivery plan CSV", f"/plans/{PLAN}/delivery-plan.csv"),
    ("download", "delivery plan XLSX", f"/plans/{PLAN}/delivery-plan.xlsx"),
    ("download", "delivery plan JSON", f"/plans/{PLAN}/delivery-plan.json"),
    ("download", "delivery plan DOCX", f"/plans/{PLAN}/delivery-plan.docx"),
    ("download", "progress feed", f"/plans/{PLAN}/updates.atom"),
    ("pdf", "delivery plan PDF", f"/plans/{PLAN}/delivery-plan.pdf"),
    ("staff", "dashboard (chair)", f"/dashboard/{PLAN}/"),
    ("staff", "objective drill-down (chair)", f"/dashboard/{PLAN}/objectives/6/"),
    ("staff", "approval queue (chair)", f"/dashboard/{PLAN}/approvals/"),
    ("download", "board report XLSX (chair)", f"/dashboard/{PLAN}/report.xlsx"),
    ("pdf", "board report PDF (chair)", f"/dashboard/{PLAN}/report.pdf"),
]


def configure(database_path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "cspplan.test_settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ["CACHE_URL"] = "dummy://"
    import django

    django.setup()


def load_data(scale):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    if scale > 1:
        multiply_actions(scale)


def multiply_actions(scale):
    """Give every target ``scale`` times its actions, copying owners and lead officers."""
    from django.db import transaction

    from actions.models import Action

    with transaction.atomic():
        originals = list(Action.objects.prefetch_related("owners", "lead_officers"))
        for copy in range(1, scale):
            for action in originals:
                clone = Action.objects.create(
                    target_id=action.target_id,
                    order=action.order + 1000 * copy,
                    text=f"{action.text} (copy {copy})",
                    status=action.status,
                    owner_wording=action.owner_wording,
                    lead_officer_wording=action.lead_officer_wording,
                    funding_wording=action.funding_wording,
                )
                clone.owners.set(action.owners.all())
                clone.lead_officers.set(action.lead_officers.all())


def chair_client():
    from django.test import Client

    from cspplan.models import Partnership
    from tests.personas import chair

    user = chair(username="bench-chair")
    user.partnerships.set(Partnership.objects.all())  # a member, as create_demo_users makes her
    client = Client()
    client.force_login(user)
    return client


def measure(client, url, repeats):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        client.get(url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return statistics.median(timings), peak / 2**20, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="actions multiplied by this")
    parser.add_argument("--repeats", type=int, default=5, help="requests timed per page")
    parser.add_argument("--skip-pdf", action="store_true", help="leave out the PDFs (slow)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder) / "bench.sqlite3")
        load_data(args.scale)
        from django.test import Client

        from actions.models import Action

        public, chair = Client(), chair_client()
        print(
            f"cspplan benchmarks: seed plan with {Action.objects.count()} actions "
            f"(x{args.scale}), median of {args.repeats} cold requests\n"
        )
        print(f"{'page':32} {'median':>9} {'goal':>7} {'peak MiB':>9} {'goal':>6} {'queries':>8}")
        missed = []
        for kind, name, url in PAGES:
            if args.skip_pdf and kind == "pdf":
                continue
            client = chair if "(chair)" in name else public
            repeats = 1 if kind == "pdf" else args.repeats
            seconds, mib, queries = measure(client, url, repeats)
            goal_seconds, goal_mib = GOALS[kind]
            ok = seconds <= goal_seconds and mib <= goal_mib
            if not ok:
                missed.append(name)
            print(
                f"{name:32} {seconds * 1000:7.0f}ms {goal_seconds * 1000:5.0f}ms "
                f"{mib:9.1f} {goal_mib:6} {queries:8}{'' if ok else '  MISSED'}"
            )
        print()
        if missed:
            print("Goals missed: " + ", ".join(missed))
            return 1
        print("All goals met.")
        return 0


if __name__ == "__main__":
    sys.exit(main())
