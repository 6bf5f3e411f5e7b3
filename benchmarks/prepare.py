"""One size of `make bench`, prepared in its own process (DATABASE_URL says which database):
load the data, make a signed-in chair, count each page's SQL queries cold and cached, and copy
each public page's bytes into a static file of the same size. Prints what the runner needs as JSON.

    python benchmarks/prepare.py --size seed|county
"""

import argparse
import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_PLAN = "west-lancashire-2011-12"
# The county's busiest partnership: the first invented one, its latest (published) plan.
COUNTY_PARTNERSHIP = "ashvale-csp-invented"
# Public pages measured against a static file of their own bytes.
STATIC_TWINS = {"home": "home", "objective": "objective", "delivery plan": "delivery-plan"}


def pages(plan_slug):
    """(name, path, signed in?) of every page measured."""
    return [
        ("home", "/", False),
        ("objective", f"/plans/{plan_slug}/objectives/6/", False),
        ("delivery plan", f"/plans/{plan_slug}/delivery-plan/", False),
        ("delivery plan CSV", f"/plans/{plan_slug}/delivery-plan.csv", False),
        ("dashboard", f"/dashboard/{plan_slug}/", True),
        ("trivial view", "/bench/trivial/", False),
    ]


def load(size, partnerships, years):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_seed_plan", "--demo", stdout=io.StringIO())
    loaded = {"seed": round(time.perf_counter() - started, 1)}
    if size == "county":
        started = time.perf_counter()
        call_command(
            "generate_scale_data",
            partnerships=partnerships,
            years=years,
            stdout=io.StringIO(),
        )
        loaded["generate_scale_data"] = round(time.perf_counter() - started, 1)
    return loaded


def chair_session():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.test import Client

    from cspplan.models import Partnership
    from tests.personas import chair

    # The same chair when a later step of the run (benchmarks/inprocess.py) signs in again.
    user = get_user_model().objects.filter(username="bench-chair").first()
    user = user or chair(username="bench-chair")
    user.partnerships.set(Partnership.objects.all())
    # A chair has an authenticator app (cspplan/second_factor.py): without one every staff
    # page redirects to setting it up, and the dashboard would measure a redirect.
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


def count_queries(client, path):
    """SQL queries of a cold request (empty cache) and of the next one (kept page)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(path, HTTP_HOST="127.0.0.1")
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as kept:
        client.get(path, HTTP_HOST="127.0.0.1")
    return len(cold), len(kept), response.content


def sizes():
    from actions.models import Action, ActionUpdate
    from cspplan.models import Partnership, Plan
    from objectives.models import Measurement, Target

    return {
        "partnerships": Partnership.objects.count(),
        "plans": Plan.objects.count(),
        "target rows": Target.objects.count(),
        "actions": Action.objects.count(),
        "progress updates": ActionUpdate.objects.count(),
        "measurements": Measurement.objects.count(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=("seed", "county"), required=True)
    parser.add_argument("--partnerships", type=int, default=14)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--static-dir", required=True, help="where to copy the pages' bytes")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from cspplan.models import Plan

    loaded = load(args.size, args.partnerships, args.years)
    if args.size == "county":
        plan_slug = Plan.objects.get(
            partnership__slug=COUNTY_PARTNERSHIP, status=Plan.Status.PUBLISHED
        ).slug
    else:
        plan_slug = SEED_PLAN
    public, chair = Client(), chair_session()
    results = []
    for name, path, signed_in in pages(plan_slug):
        cold, kept, content = count_queries(chair if signed_in else public, path)
        results.append(
            {
                "name": name,
                "path": path,
                "signed_in": signed_in,
                "queries_cold": cold,
                "queries_kept": kept,
            }
        )
        if not signed_in and name in STATIC_TWINS:
            # The same bytes as a static file: the most this server could do for this page.
            copy = Path(args.static_dir) / f"{args.size}-{STATIC_TWINS[name]}.html"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(content)
            results[-1]["static_twin"] = copy.name
    print(
        json.dumps(
            {
                "plan": plan_slug,
                "loaded_seconds": loaded,
                "sizes": sizes(),
                "pages": results,
                "session_cookie": chair.cookies["sessionid"].value,
            }
        )
    )


if __name__ == "__main__":
    main()
