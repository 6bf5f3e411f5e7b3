"""The board report: a PDF (WeasyPrint) and a spreadsheet (openpyxl) of progress against the
plan, for the chair to take to the partnership board.

Both are made from ``board_report_data`` so they always agree: a cover, the summary, one section
per objective with its measures (and charts, in the PDF) and actions, and the exceptions — every
red and amber measure and action, with the lead officers' commentary (the latest update's note,
or the latest measurement's note). Approved progress only: the board sees what the public sees.

WeasyPrint must never reach the network: charts are embedded as ``data:`` URIs, the stylesheet
is inlined, and ``NoNetworkFetcher`` refuses every other URL.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import unquote_to_bytes

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from actions.delivery_table import neutralise
from cspplan import spreadsheet
from dashboard import charts
from objectives.figures import rounded
from progress.accountability import assess_accountability
from progress.rag import RagStatus, assess_plan

TEMPLATE = "pdf/board_report.html"
EXCEPTION_STATUSES = (RagStatus.RED, RagStatus.AMBER)


class NoNetworkFetcher(URLFetcher):
    """Serves ``data:`` URIs from the document itself; refuses every other URL."""

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            raise ValueError(f"The board report may not fetch {url[:80]!r}: nothing external.")
        meta, _, payload = url[5:].partition(",")
        mime = meta.split(";")[0] or "text/plain"
        body = base64.b64decode(payload) if meta.endswith(";base64") else unquote_to_bytes(payload)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


@dataclass
class MeasureEntry:
    measure: object
    assessment: object
    chart: object
    rows: list


@dataclass
class ObjectiveSection:
    objective: object
    assessment: object
    measures: list  # MeasureEntry
    actions: list  # (action, assessment)


@dataclass
class ExceptionEntry:
    objective: object
    kind: str  # "Measure" or "Action"
    item: object
    assessment: object
    lead_officers: str
    commentary: str

    @property
    def title(self) -> str:
        """The measure's name or the action's full text (``str(action)`` is cut at 100)."""
        return self.item.text if self.kind == "Action" else self.item.name


@dataclass
class BoardReport:
    plan: object
    generated_at: object
    assessment: object
    accountability: object
    sections: list
    exceptions: list

    @property
    def summary_rows(self):
        """(status, measures, actions) for every status that occurs."""
        measures = [a.status for a in self.assessment.measure_assessments.values()]
        actions = [a.status for a in self.assessment.action_assessments.values()]
        return [
            (status, measures.count(status), actions.count(status))
            for status in RagStatus
            if status in measures or status in actions
        ]


def _lead_officers(responsibility) -> str:
    """A target row's or an action's lead officers by name, else the plan's own words."""
    names = ", ".join(officer.name for officer in responsibility.lead_officers.all())
    return names or responsibility.lead_officer_wording


def _commentary_for_measure(assessment) -> str:
    latest = assessment.latest
    return latest.note if latest is not None and latest.note else ""


def board_report_data(plan, *, today=None, with_charts=True) -> BoardReport:
    assessment = assess_plan(plan, today=today)
    sections, exceptions = [], []
    for objective in assessment.objectives:
        measures = [m for m in assessment.measures if m.target.objective_id == objective.pk]
        actions = [a for a in assessment.actions if a.target.objective_id == objective.pk]
        entries = []
        for measure in measures:
            result = assessment.for_measure(measure)
            entries.append(
                MeasureEntry(
                    measure=measure,
                    assessment=result,
                    chart=charts.measure_chart(measure, result, plan=plan) if with_charts else None,
                    rows=charts.chart_rows(measure, result, plan=plan),
                )
            )
            if result.status in EXCEPTION_STATUSES:
                exceptions.append(
                    ExceptionEntry(
                        objective=objective,
                        kind="Measure",
                        item=measure,
                        assessment=result,
                        lead_officers=_lead_officers(measure.target),
                        commentary=_commentary_for_measure(result),
                    )
                )
        action_entries = []
        for action in actions:
            result = assessment.for_action(action)
            action_entries.append((action, result))
            if result.status in EXCEPTION_STATUSES:
                exceptions.append(
                    ExceptionEntry(
                        objective=objective,
                        kind="Action",
                        item=action,
                        assessment=result,
                        lead_officers=_lead_officers(action),
                        commentary=result.last_update.note if result.last_update else "",
                    )
                )
        sections.append(
            ObjectiveSection(
                objective=objective,
                assessment=assessment.for_objective(objective),
                measures=entries,
                actions=action_entries,
            )
        )
    # Reds before ambers, then in plan order.
    exceptions.sort(key=lambda e: -e.assessment.status.severity)
    return BoardReport(
        plan=plan,
        generated_at=timezone.localtime(),
        assessment=assessment,
        accountability=assess_accountability(assessment),
        sections=sections,
        exceptions=exceptions,
    )


def board_report_html(plan, *, today=None) -> str:
    return render_to_string(TEMPLATE, {"report": board_report_data(plan, today=today)})


def board_report_document(plan, *, today=None):
    """The laid-out document: its ``pages`` can be counted and inspected."""
    return HTML(
        string=board_report_html(plan, today=today), url_fetcher=NoNetworkFetcher()
    ).render()


def board_report_pdf(plan, *, today=None) -> bytes:
    return board_report_document(plan, today=today).write_pdf()


# --- Spreadsheet ----------------------------------------------------------------------------


def _sheet(workbook, title, headings, rows, widths):
    sheet = workbook.create_sheet(title)
    sheet.append(headings)
    for row in rows:
        # Officer-typed text could start with "=": neutralise so Excel never runs it.
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    # Wrapped text in rows that fit it, a frozen, filterable header row, landscape one page wide.
    spreadsheet.format_table(sheet, widths)
    return sheet


def _number(value):
    """Figures stay numbers in the spreadsheet (officers sum and chart them), to 2 places;
    an unknown stays an empty cell, never 0."""
    return None if value is None else value.quantize(Decimal("0.01"))


def board_report_xlsx(plan, *, today=None) -> bytes:
    report = board_report_data(plan, today=today, with_charts=False)
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.append([f"{plan.partnership.name}: {plan.title}"])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append(["Board report: progress against targets"])
    cover.append([f"As at {report.assessment.today:%-d %B %Y}; approved progress only."])
    cover.append([f"Accountability this quarter: {report.accountability.plan_share}"])
    cover.column_dimensions["A"].width = 90
    cover.page_setup.orientation = "landscape"
    cover.page_setup.paperSize = cover.PAPERSIZE_A4

    _sheet(
        workbook,
        "Summary",
        ["Status", "Measures", "Actions"],
        [(status.label, m, a) for status, m, a in report.summary_rows],
        [28, 12, 12],
    )
    objective_rows = [
        (s.objective.number, s.objective.title, s.assessment.label, s.assessment.explanation)
        for s in report.sections
    ]
    _sheet(
        workbook,
        "Objectives",
        ["Objective", "Title", "Status", "How this was worked out"],
        objective_rows,
        [10, 36, 16, 80],
    )
    measure_rows = []
    for section in report.sections:
        for entry in section.measures:
            a = entry.assessment
            measure_rows.append(
                (
                    section.objective.number,
                    entry.measure.name,
                    _number(a.baseline),
                    entry.measure.baseline_wording,
                    _number(a.latest_value),
                    a.latest.period_label if a.latest else "",
                    # Where it should have been, rounded as the unit says: whole fires.
                    _number(rounded(a.trajectory, entry.measure.unit)),
                    _number(a.target),
                    entry.measure.target_wording,
                    a.label,
                    a.explanation,
                )
            )
    _sheet(
        workbook,
        "Measures",
        [
            "Objective",
            "Measure",
            "Baseline",
            "Baseline as published",
            "Latest",
            "Period",
            "Trajectory then",
            "Target",
            "Target as published",
            "Status",
            "How this was worked out",
        ],
        measure_rows,
        [10, 32, 10, 20, 10, 14, 12, 10, 20, 14, 60],
    )
    action_rows = [
        (
            section.objective.number,
            action.text,
            _lead_officers(action),
            action.due_date,
            result.label,
            result.freshness,
            result.explanation,
        )
        for section in report.sections
        for action, result in section.actions
    ]
    _sheet(
        workbook,
        "Actions",
        ["Objective", "Action", "Lead officers", "Due", "Status", "Last update", "How"],
        action_rows,
        [10, 50, 20, 12, 14, 18, 56],
    )
    _sheet(
        workbook,
        "Exceptions",
        ["Objective", "Kind", "Item", "Status", "Lead officers", "Commentary", "How"],
        [
            (
                e.objective.number,
                e.kind,
                e.title,
                e.assessment.label,
                e.lead_officers,
                e.commentary,
                e.assessment.explanation,
            )
            for e in report.exceptions
        ],
        [10, 10, 44, 14, 20, 44, 50],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
