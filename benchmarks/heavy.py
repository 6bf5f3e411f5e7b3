"""The heavy work of `make bench`, in its own process on the county database: importing a
10,000-row delivery plan against merely reading the same file with openpyxl, and rendering the
PDFs (the delivery plan and the board report) with the functions the views call. Prints JSON.

    python benchmarks/heavy.py --plan SLUG [--rows 10000] [--skip-pdf]
"""

import argparse
import io
import json
import sys
import time
import tracemalloc
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


def time_render(name, render):
    tracemalloc.start()
    started = time.perf_counter()
    size = len(render())
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "name": name,
        "seconds": round(seconds, 2),
        "bytes": size,
        "peak_python_mib": round(peak / 2**20, 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from cspplan.models import Plan

    plan = Plan.objects.get(slug=args.plan)
    result = {"import": time_import(plan, args.rows) if args.rows else None, "pdf": []}
    if not args.skip_pdf:
        from dashboard.reports import board_report_pdf
        from public.exports.pdf import delivery_plan_pdf

        result["pdf"] = [
            time_render("delivery plan PDF", lambda: delivery_plan_pdf(plan)),
            time_render("board report PDF", lambda: board_report_pdf(plan)),
        ]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
