"""Issue 24's page goals, measured in one process (no HTTP, no waiting for a worker): each page's
median time over a few requests through the whole middleware stack (Django's test client),
against the trivial view's median measured in the same run (the framework's floor).

- the chair's dashboard, as a chair signed in to every partnership reads it again: its
  assessment and tables kept per version of the plan's content (``dashboard/drawn.py``), with
  the local-memory cache every worker has; and drawn afresh (no cache), which is what the first
  request after an edit costs;
- the residents' pages with no cache at all (``CACHE_URL=dummy://`` for the whole process):
  home, an objective, the delivery plan and the county overview (``/partnerships/``); home and
  the county overview read each plan's kept summary (``progress/kept.py``, in the database),
  so they are measured again as the first request after an edit of the plan, which draws it,
  and as the first request after the worker has drawn it (``progress.tasks``, run once an edit
  commits), with the worker's drawing timed on its own.

    DATABASE_URL=... python benchmarks/inprocess.py --plan <slug> [--repeat 5]

Prints JSON: {"floor_ms": …, "floor_cpu_ms": …, "pages": {name: {"ms": …, "cpu_ms": …,
"bytes": …}}, "worker_drawing_cpu_ms": …}: wall and CPU time (this process's), medians.
Never a test.
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


def median_ms(client, path, repeat, before=None):
    """(wall ms, CPU ms, bytes): medians of ``repeat`` requests after a first that warms the
    process (and the cache). On a shared machine the wall time holds the time other processes
    had the cores; the CPU time of this process is what the request itself cost. ``before``
    runs before each request, untimed (an edit)."""
    response = client.get(path, HTTP_HOST="127.0.0.1")
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path, HTTP_HOST="127.0.0.1")
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return _ms(wall), _ms(cpu), len(response.content)


def _ms(seconds):
    return round(statistics.median(seconds) * 1000, 2)


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
    from django.db.models import F
    from django.test import Client

    import dashboard.drawn
    from benchmarks.prepare import chair_session
    from cspplan.models import Plan
    from progress.kept import keep_current_summaries
    from progress.models import PlanChangeCount

    public, chair = Client(), chair_session()
    floor, floor_cpu, _ = median_ms(public, "/bench/trivial/", max(args.repeat, 50))
    pages = {
        "home": (public, "/"),
        "objective": (public, f"/plans/{args.plan}/objectives/6/"),
        "delivery plan": (public, f"/plans/{args.plan}/delivery-plan/"),
        "county overview": (public, "/partnerships/"),
        "dashboard drawn afresh": (chair, f"/dashboard/{args.plan}/"),
    }
    results = {}
    for name, (client, path) in pages.items():
        ms, cpu, size = median_ms(client, path, args.repeat)
        results[name] = {"ms": ms, "cpu_ms": cpu, "bytes": size}
    # The first request after an edit of the plan: its kept summary (progress/kept.py) is
    # drawn again, the other plans' are read.
    plan = Plan.objects.get(slug=args.plan)

    def edit():
        PlanChangeCount.objects.filter(plan=plan).update(count=F("count") + 1)

    for name, path in (("home", "/"), ("county overview", "/partnerships/")):
        ms, cpu, size = median_ms(public, path, args.repeat, before=edit)
        results[f"{name}, its plan just edited"] = {"ms": ms, "cpu_ms": cpu, "bytes": size}

    # What the worker does once an edit commits (progress.tasks): the changed plan's summary
    # drawn off the request. Timed on its own, then the reader's request after it.
    drawing = []

    def edit_then_worker():
        edit()
        started = time.process_time()
        keep_current_summaries()
        drawing.append(time.process_time() - started)

    for name, path in (("home", "/"), ("county overview", "/partnerships/")):
        ms, cpu, size = median_ms(public, path, args.repeat, before=edit_then_worker)
        results[f"{name}, after an edit the worker has drawn"] = {
            "ms": ms,
            "cpu_ms": cpu,
            "bytes": size,
        }
    # As every worker has it in production: a local-memory cache (settings' default).
    dashboard.drawn.cache = LocMemCache("bench-dashboard", {})
    ms, cpu, size = median_ms(chair, f"/dashboard/{args.plan}/", args.repeat)
    results["dashboard"] = {"ms": ms, "cpu_ms": cpu, "bytes": size}
    print(
        json.dumps(
            {
                "floor_ms": floor,
                "floor_cpu_ms": floor_cpu,
                "pages": results,
                "worker_drawing_cpu_ms": _ms(drawing),
            }
        )
    )


if __name__ == "__main__":
    main()
