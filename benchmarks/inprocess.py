"""Issue 24's page goals, measured in one process (no HTTP, no waiting for a worker): each page's
median time over a few requests through the whole middleware stack (Django's test client),
against the trivial view's median measured in the same run (the framework's floor).

- the chair's dashboard, as a chair signed in to every partnership reads it again: its
  assessment and tables kept per version of the plan's content (``dashboard/drawn.py``), with
  the local-memory cache every worker has; and drawn afresh (no cache), which is what the first
  request after an edit costs;
- the residents' pages with no cache at all (``CACHE_URL=dummy://`` for the whole process):
  home, an objective, the delivery plan and the county overview (``/partnerships/``).

    DATABASE_URL=... python benchmarks/inprocess.py --plan <slug> [--repeat 5]

Prints JSON: {"floor_ms": …, "pages": {name: {"ms": …, "bytes": …}}}. Never a test.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(client, path, repeat):
    response = client.get(path, HTTP_HOST="127.0.0.1")  # warms the process (and the cache)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, HTTP_HOST="127.0.0.1")
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2), len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    # The residents' pages uncached; the dashboard gets its own local cache below.
    os.environ["CACHE_URL"] = "dummy://"

    import django

    django.setup()
    from django.core.cache.backends.locmem import LocMemCache
    from django.test import Client

    import dashboard.drawn
    from benchmarks.prepare import chair_session

    public, chair = Client(), chair_session()
    floor, _ = median_ms(public, "/bench/trivial/", max(args.repeat, 50))
    pages = {
        "home": (public, "/"),
        "objective": (public, f"/plans/{args.plan}/objectives/6/"),
        "delivery plan": (public, f"/plans/{args.plan}/delivery-plan/"),
        "county overview": (public, "/partnerships/"),
        "dashboard drawn afresh": (chair, f"/dashboard/{args.plan}/"),
    }
    results = {}
    for name, (client, path) in pages.items():
        ms, size = median_ms(client, path, args.repeat)
        results[name] = {"ms": ms, "bytes": size}
    # As every worker has it in production: a local-memory cache (settings' default).
    dashboard.drawn.cache = LocMemCache("bench-dashboard", {})
    ms, size = median_ms(chair, f"/dashboard/{args.plan}/", args.repeat)
    results["dashboard"] = {"ms": ms, "bytes": size}
    print(json.dumps({"floor_ms": floor, "pages": results}))


if __name__ == "__main__":
    main()
