"""The board report: a PDF (WeasyPrint) and a spreadsheet (openpyxl) of progress against the
plan, for the chair to take to the partnership board.

Both are made from ``board_report_data`` so they always agree. The PDF is laid out for a meeting:
a cover; a one-page summary (measures and actions by status, each objective's colours, who has
reported this quarter); the exceptions — every red and amber measure and action, overdue actions
among them, with why, the lead officers and their commentary, and a chart of each such measure;
then about a page per objective. There, measures with figures and actions with news are rows;
items with nothing reported yet are one line per objective, a count with their lead officers.
Figures are rounded as their unit says (``figures.rounded``: whole fires, not 272.5). The
spreadsheet keeps every measure and action, one row each, for officers to sort and filter.
Approved progress only: the board sees what the public sees.

WeasyPrint must never reach the network: charts are embedded as ``data:`` URIs, the stylesheet
is inlined, and ``NoNetworkFetcher`` refuses every other URL.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from actions.delivery_table import neutralise
from cspplan import spreadsheet
from cspplan.text import clean_text
from dashboard.print_chart import print_chart
from documents.pdf import write_pdf
from objectives import periods
from objectives.figures import (
    expected_for,
    fmt,
    fmt_rounded,
    long_date,
    period_name,
    spreadsheet_number,
)
from objectives.models import Measure
from objectives.wording import under_heading
from progress.accountability import assess_accountability
from progress.assessment import count_actions_by_state
from progress.duties import DutyReport, check_plan
from progress.rag import COLOURS, RagStatus, assess_plan
from progress.reviews import recommendations_by_review
from reviews.models import Review

TEMPLATE = "pdf/board_report.html"
EXCEPTION_STATUSES = (RagStatus.RED, RagStatus.AMBER)
LEAST_REPORTED_SHOWN = 5


class NoNetworkFetcher(URLFetcher):
    """Serves ``data:`` URIs from the document itself; refuses every other URL."""

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            raise ValueError(f"The board report may not fetch {url[:80]!r}: nothing external.")
        meta, _, payload = url[5:].partition(",")
        mime = meta.split(";")[0] or "text/plain"
        body = base64.b64decode(payload) if meta.endswith(";base64") else unquote_to_bytes(payload)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


WORDING_LENGTH = 90


def _wording(words: str, state_label: str, kind: str) -> str:
    """A baseline's or target's own words under its column (``objectives.wording``), cut to fit
    the report's table."""
    rest = under_heading(words, state_label, kind)
    return rest if len(rest) <= WORDING_LENGTH else rest[: WORDING_LENGTH - 1].rstrip() + "…"


@dataclass(frozen=True)
class FigureRow:
    """One line of the table beside a chart, rounded as the measure's unit says."""

    period: str
    actual: str
    expected: str


@dataclass
class MeasureEntry:
    measure: object
    assessment: object
    chart: object
    rows: list  # FigureRow

    @property
    def unit(self):
        return self.measure.unit

    @property
    def baseline(self) -> str:
        if self.assessment.baseline is not None:
            return fmt_rounded(self.assessment.baseline, self.unit)
        measure = self.measure
        return _wording(measure.baseline_wording, measure.get_baseline_state_display(), "baseline")

    @property
    def target(self) -> str:
        if self.assessment.target is not None:
            return fmt_rounded(self.assessment.target, self.unit)
        measure = self.measure
        return _wording(measure.target_wording, measure.get_target_state_display(), "target")

    @property
    def latest(self) -> str:
        latest = self.assessment.latest
        if latest is None:
            return "–"
        shown = latest.get_rating_display() if latest.value is None else None
        return (
            f"{shown or fmt_rounded(latest.value, self.unit)} ({period_name(latest, self.measure)})"
        )

    @property
    def expected(self) -> str:
        """Where the measure should have been at its latest figure (its trajectory then)."""
        return fmt_rounded(self.assessment.trajectory, self.unit)

    @property
    def has_expected(self) -> bool:
        """Whether any of its figures has a line to be read against (not ratings, not trends)."""
        return any(row.expected != "–" for row in self.rows)

    @property
    def is_reported(self) -> bool:
        """A row of its own: it has a figure or a colour. The rest wait for a first figure."""
        return self.assessment.latest is not None or not self.assessment.is_grey

    @property
    def why(self) -> str:
        """How the colour was reached, in the report's rounded figures where the rule drew a
        line (the rule's own sentence, ``assessment.explanation``, keeps two decimals)."""
        a = self.assessment
        if a.trajectory is None or a.latest is None:
            return a.explanation
        text = f"Latest {self.latest}; expected by then {self.expected}"
        if periods.is_year_to_date(a.latest, self.measure):
            text += " (the target for the year, pro rata)"
        if a.status == RagStatus.GREEN:
            return f"{text}: on or better than that."
        if a.worse_by_percent is None:
            return f"{text}: worse than a line at 0, where no tolerance applies."
        worse = fmt_rounded(a.worse_by_percent, Measure.Unit.PERCENT)
        limit = fmt(a.plan.rag_tolerance_percent, Measure.Unit.PERCENT)
        side = "within" if a.status == RagStatus.AMBER else "beyond"
        return f"{text}: {worse} worse, {side} the {limit} tolerance."


@dataclass
class Waiting:
    """Items of one objective with nothing reported yet, listed once: how many, and who leads
    them (a name with the number of such items it leads, when more than one)."""

    count: int
    leads: list  # (name, items)

    @property
    def lead_officers(self) -> str:
        return ", ".join(name if n == 1 else f"{name} ({n})" for name, n in self.leads)


def _waiting(items) -> Waiting:
    """``items``: the actions, or the measures' target rows, with nothing reported yet; each
    names its lead officers (or the plan's words for them)."""
    names = Counter()
    for responsibility in items:
        names.update(_lead_officer_names(responsibility) or ["no lead officer named"])
    leads = sorted(names.items(), key=lambda pair: (-pair[1], pair[0]))
    return Waiting(len(items), leads)


@dataclass
class ObjectiveSection:
    objective: object
    assessment: object
    measures: list  # MeasureEntry
    actions: list  # (action, assessment)

    @property
    def reported_measures(self) -> list:
        return [entry for entry in self.measures if entry.is_reported]

    @property
    def unmeasured(self) -> Waiting:
        """Measures with no figure and no colour yet, by their target row's lead officers."""
        return _waiting([e.measure.target for e in self.measures if not e.is_reported])

    @property
    def reported_actions(self) -> list:
        return [(a, r) for a, r in self.actions if r.status != RagStatus.NO_UPDATE]

    @property
    def no_update(self) -> Waiting:
        return _waiting([a for a, r in self.actions if r.status == RagStatus.NO_UPDATE])

    @property
    def tally(self) -> list:
        """(status, count) of its measures and actions, worst colour first, greys last."""
        counts = self.assessment.counts
        order = [*reversed(COLOURS), *(s for s in RagStatus if s.is_grey)]
        return [(status, counts[status]) for status in order if counts.get(status)]

    @property
    def red_count(self) -> int:
        return self.assessment.counts.get(RagStatus.RED, 0)

    @property
    def amber_count(self) -> int:
        return self.assessment.counts.get(RagStatus.AMBER, 0)

    @property
    def green_count(self) -> int:
        return self.assessment.counts.get(RagStatus.GREEN, 0)

    @property
    def complete_count(self) -> int:
        return self.assessment.counts.get(RagStatus.COMPLETE, 0)

    @property
    def grey_count(self) -> int:
        return sum(n for status, n in self.assessment.counts.items() if status.is_grey)


@dataclass
class ExceptionEntry:
    objective: object
    kind: str  # "Measure" or "Action"
    item: object
    assessment: object
    lead_officers: str
    commentary: str
    entry: MeasureEntry | None = None  # measures: figures, chart and why

    @property
    def title(self) -> str:
        """The measure's name or the action's full text (``str(action)`` is cut at 100)."""
        return self.item.text if self.kind == "Action" else self.item.name

    @property
    def why(self) -> str:
        if self.entry is not None:
            return self.entry.why
        a, action = self.assessment, self.item
        said = (
            f"Latest update {a.last_update.dated}: “{a.last_update.get_status_display()}”"
            if a.last_update is not None
            else "No update yet"
        )
        # A late milestone is a reason of its own (progress.rag: it can make the action at risk).
        milestones = f" Milestones: {a.milestone_evidence}." if a.milestones.late else ""
        if a.is_overdue:
            return (
                f"Overdue: due by {long_date(action.due_date)}, not complete. {said}.{milestones}"
            )
        return f"{said}.{milestones}"


@dataclass
class BoardReport:
    plan: object
    generated_at: object
    assessment: object
    accountability: object
    sections: list
    exceptions: list
    duties: DutyReport  # the statutory checklist, as on the dashboard's duties page
    # The partnership's reviews and their recommendations (``progress.reviews``).
    reviews: list = field(default_factory=list)

    @property
    def overdue_recommendations(self) -> int:
        return sum(row.overdue for row in self.reviews)

    @property
    def reading(self) -> str:
        """Which approvals the colours use: as now on the plan's reporting day; on an earlier
        day those that stood then, or, before the plan was held here, as now by period."""
        if self.assessment.today == self.plan.reporting_day():
            return "approved progress only"
        if self.assessment.from_history:
            return "approved progress as it stood that day"
        return (
            "approved progress for periods up to that day, as approved now (there is no "
            "record of what was approved then)"
        )

    @property
    def measure_exceptions(self) -> list:
        return [e for e in self.exceptions if e.kind == "Measure"]

    @property
    def action_exceptions(self) -> list:
        return [e for e in self.exceptions if e.kind == "Action"]

    @property
    def least_reported_agencies(self) -> list:
        """The agencies with the smallest share of their items updated this quarter (those with
        anything due), so that the summary stays one page."""
        due = [agency for agency in self.accountability.agencies if agency.share.due]
        return due[:LEAST_REPORTED_SHOWN]

    @property
    def summary_rows(self):
        """(status, measures) for every status a measure has, in the statuses' order."""
        measures = Counter(a.status for a in self.assessment.measure_assessments.values())
        return [(status, measures[status]) for status in RagStatus if measures[status]]

    @property
    def action_counts(self) -> list:
        """Actions by state, counted as the home page, /partnerships/ and the dashboard count
        them (``count_actions_by_state``)."""
        return count_actions_by_state(self.assessment.action_assessments.values())


def _lead_officer_names(responsibility) -> list[str]:
    """A target row's or an action's lead officers by name, else the plan's own words."""
    names = [officer.name for officer in responsibility.lead_officers.all()]
    wording = responsibility.lead_officer_wording
    return names or ([wording] if wording else [])


def _lead_officers(responsibility) -> str:
    return ", ".join(_lead_officer_names(responsibility))


def _commentary_for_measure(assessment) -> str:
    latest = assessment.latest
    return latest.note if latest is not None and latest.note else ""


def _figure_rows(measure, assessment, *, plan) -> list[FigureRow]:
    """Each figure (or rating) and where the measure should have been then, rounded."""
    rows = []
    for measurement in assessment.measurements:
        if measurement.value is None:
            actual = measurement.get_rating_display()
        else:
            actual = fmt_rounded(measurement.value, measure.unit)
        line = expected_for(measure, measurement, plan=plan)
        rows.append(
            FigureRow(period_name(measurement, measure), actual, fmt_rounded(line, measure.unit))
        )
    return rows


def board_report_data(plan, *, today=None, with_charts=True, approved_only=False) -> BoardReport:
    """The board report as at ``today``. ``approved_only``: for a reader who may not know how
    much progress awaits approval (a county reader), its accountability counts approved
    progress only (``progress.accountability``); the colours always do."""
    assessment = assess_plan(plan, today=today)
    sections, exceptions = [], []
    for objective in assessment.objectives:
        measures = [m for m in assessment.measures if m.target.objective_id == objective.pk]
        actions = [a for a in assessment.actions if a.target.objective_id == objective.pk]
        entries = []
        for measure in measures:
            result = assessment.for_measure(measure)
            exception = result.status in EXCEPTION_STATUSES
            entry = MeasureEntry(
                measure=measure,
                assessment=result,
                # Charts for the measures the board will discuss: the exceptions.
                chart=(
                    print_chart(measure, result, plan=plan) if with_charts and exception else None
                ),
                rows=_figure_rows(measure, result, plan=plan),
            )
            entries.append(entry)
            if exception:
                exceptions.append(
                    ExceptionEntry(
                        objective=objective,
                        kind="Measure",
                        item=measure,
                        assessment=result,
                        lead_officers=_lead_officers(measure.target),
                        commentary=_commentary_for_measure(result),
                        entry=entry,
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
        accountability=assess_accountability(assessment, approved_only=approved_only),
        sections=sections,
        exceptions=exceptions,
        duties=check_plan(plan, today=today),
        reviews=_reviews(plan, assessment.today, approved_only=approved_only),
    )


def _reviews(plan, today, *, approved_only):
    """The partnership's reviews as at the report's day; the approved-only copy (a county
    reader's) names only those published by that day, as the dashboard does for them."""
    reviews = Review.objects.filter(partnership=plan.partnership_id)
    return recommendations_by_review(reviews, today=today, published_only=approved_only)


def board_report_html(plan, *, today=None, approved_only=False) -> str:
    report = board_report_data(plan, today=today, approved_only=approved_only)
    return render_to_string(TEMPLATE, {"report": report})


def board_report_document(plan, *, today=None, approved_only=False):
    """The laid-out document: its ``pages`` can be counted and inspected."""
    return HTML(
        string=board_report_html(plan, today=today, approved_only=approved_only),
        url_fetcher=NoNetworkFetcher(),
    ).render()


def board_report_pdf(plan, *, today=None, approved_only=False) -> bytes:
    return write_pdf(board_report_document(plan, today=today, approved_only=approved_only))


# --- Spreadsheet ----------------------------------------------------------------------------


def _sheet(workbook, title, headings, rows, widths):
    sheet = workbook.create_sheet(title)
    sheet.append(headings)
    for row in rows:
        # Officer-typed text could start with "=": neutralise so Excel never runs it. XML cannot
        # carry control characters (openpyxl raises): an older row may still hold one.
        sheet.append([neutralise(clean_text(v)) if isinstance(v, str) else v for v in row])
    # Wrapped text in rows that fit it, a frozen, filterable header row, landscape one page wide.
    spreadsheet.format_table(sheet, widths)
    return sheet


def board_report_xlsx(plan, *, today=None, approved_only=False) -> bytes:
    report = board_report_data(plan, today=today, with_charts=False, approved_only=approved_only)
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.append([clean_text(f"{plan.partnership.name}: {plan.title}")])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append(["Board report: progress against targets"])
    cover.append([f"As at {report.assessment.today:%-d %B %Y}; {report.reading}."])
    cover.append([clean_text(f"Accountability this quarter: {report.accountability.plan_share}")])
    cover.column_dimensions["A"].width = 90
    cover.page_setup.orientation = "landscape"
    cover.page_setup.paperSize = cover.PAPERSIZE_A4

    _sheet(
        workbook,
        "Summary",
        ["Kind", "Status", "Count"],
        [("Measures", str(status.label), n) for status, n in report.summary_rows]
        + [("Actions", row.label, row.count) for row in report.action_counts],
        [12, 28, 12],
    )
    objective_rows = [
        (s.objective.in_column, s.objective.title, s.assessment.label, s.assessment.explanation)
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
            a, unit = entry.assessment, entry.measure.unit
            measure_rows.append(
                (
                    section.objective.in_column,
                    entry.measure.name,
                    spreadsheet_number(a.baseline, unit),
                    entry.measure.baseline_wording,
                    spreadsheet_number(a.latest_value, unit),
                    # The period as every surface words it: never blank beside a figure.
                    period_name(a.latest, entry.measure) if a.latest else "",
                    # Where it should have been, rounded as the unit says: whole fires.
                    spreadsheet_number(a.trajectory, unit),
                    spreadsheet_number(a.target, unit),
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
            section.objective.in_column,
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
                e.objective.in_column,
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
    _sheet(
        workbook,
        "Statutory duties",
        ["Duty", "Outcome", "What the records show", "From"],
        [(d.title, d.outcome.label, d.finding, d.regulation) for d in report.duties.duties],
        [44, 14, 70, 40],
    )
    _sheet(
        workbook,
        "Review recommendations",
        ["Review", "Where it stands", "Recommendations", "Open", "Overdue"],
        [(str(row.review), row.stage, row.total, row.open, row.overdue) for row in report.reviews],
        [44, 24, 20, 10, 10],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
