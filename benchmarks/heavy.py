"""The heavy work of `make bench`, in its own process on the county database: importing a
10,000-row delivery plan against merely reading the same file with openpyxl, and rendering the
PDFs (the delivery plan and the board report) with the functions the documents worker calls,
each in a fresh process. Prints JSON; times are wall and CPU (the machine is shared).

    python benchmarks/heavy.py --plan SLUG [--rows 10000] [--skip-pdf]
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROWS_PER_TARGET = 10
TARGETS_PER_OBJECTIVE = 90


def delivery_plan_workbook(plan, rows):
    """A delivery-plan table of ``rows`` action rows in the layout the importer reads (the one
    the site exports): 11 objectives, a target row every 10 actions, the plan's own agencies,
    officers and funding, so every name resolves."""
    from openpyxl import Workbook

    from actions import delivery_table

    headings = delivery_table.headings(plan)[:8]
    agencies = sorted({action.owner_wording for action in _actions(plan)})
    officers = sorted({action.lead_officer_wording for action in _actions(plan)})
    funding = sorted({action.funding_wording for action in _actions(plan)})
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Delivery plan")
    sheet.append(headings)
    for number in range(rows):
        target, action = divmod(number, ROWS_PER_TARGET)
        objective, target_in_objective = divmod(target, TARGETS_PER_OBJECTIVE)
        first_of_target = action == 0
        sheet.append(
            [
                f"Objective {objective + 1}: Invented objective {objective + 1}"
                if first_of_target and target_in_objective == 0
                else "",
                f"Invented target {target + 1}: a 5% reduction" if first_of_target else "",
                "A 5% reduction on the baseline (invented)" if first_of_target else "",
                agencies[number % len(agencies)],
                f"Invented action {number + 1}",
                officers[number % len(officers)],
                funding[number % len(funding)],
                "On track",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _actions(plan):
    from actions.models import Action

    return Action.objects.filter(target__objective__plan=plan)


def time_import(plan, rows):
    from django.db import transaction
    from openpyxl import load_workbook

    from importer.services import preview, read_draft, write_plan

    data = delivery_plan_workbook(plan, rows)
    with Clock() as read:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        cells = sum(len(row) for row in workbook.active.iter_rows(values_only=True))

    with Clock() as imported_in:
        draft = read_draft("bench.xlsx", data, target_label=plan.target_label)
        preview(draft, plan.partnership)
        with transaction.atomic():
            imported = write_plan(
                draft=draft,
                partnership=plan.partnership,
                title="Bench import (invented)",
                start=plan.period_start,
                end=plan.period_end,
                target_label=plan.target_label,
                publish=False,
                create_missing=False,
            )
            actions = _actions(imported).count()
            transaction.set_rollback(True)  # measured, not kept
    return {
        "rows": rows,
        "cells": cells,
        "bytes": len(data),
        "actions_written": actions,
        "openpyxl_read_seconds": round(read.wall, 2),
        "openpyxl_read_cpu_seconds": round(read.cpu, 2),
        "import_seconds": round(imported_in.wall, 2),
        "import_cpu_seconds": round(imported_in.cpu, 2),
        "ratio": round(imported_in.wall / read.wall, 2),
        "cpu_ratio": round(imported_in.cpu / read.cpu, 2),
    }


class Clock:
    """Wall time and this process's CPU time of a ``with`` block. On the shared machine the
    wall time also holds other processes' turns on the cores; the CPU time does not hold the
    database server's own work (PostgreSQL is another process)."""

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


# The documents the worker draws, each timed in a process of its own (as a worker's first job):
# name -> the function the worker's job calls.
DOCUMENTS = {
    "delivery plan PDF": "public.exports.pdf.delivery_plan_pdf",
    "board report PDF": "dashboard.reports.board_report_pdf",
}


def time_render(plan, name):
    """One document drawn in this process: CPU and wall time, its size, and the process's
    peak resident memory (what a worker holds: Django, WeasyPrint and the document)."""
    import importlib

    module, function = DOCUMENTS[name].rsplit(".", 1)
    render = getattr(importlib.import_module(module), function)
    with Clock() as drawn:
        size = len(render(plan))
    return {
        "name": name,
        "seconds": round(drawn.wall, 2),
        "cpu_seconds": round(drawn.cpu, 2),
        "bytes": size,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def render_apart(plan_slug, name):
    """``time_render`` in a fresh process, so one document's memory is not the other's."""
    command = [sys.executable, __file__, "--plan", plan_slug, "--render", name]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--render", choices=DOCUMENTS, help="draw this one document only")
    args = parser.parse_args()

    import django

    django.setup()
    from cspplan.models import Plan

    plan = Plan.objects.get(slug=args.plan)
    if args.render:
        print(json.dumps(time_render(plan, args.render)))
        return
    result = {"import": time_import(plan, args.rows) if args.rows else None, "pdf": []}
    if not args.skip_pdf:
        result["pdf"] = [render_apart(args.plan, name) for name in DOCUMENTS]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
