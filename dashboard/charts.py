"""Server-side SVG charts: a sparkline per measure (one polyline, drawn here) and a chart of
actuals against the trajectory and the target line (pygal). They are rendered on the server so
they work without JavaScript, in print and in the PDF; pygal's own scripts are switched off
(``js=[]``) because they would be fetched from the internet.

Every chart is returned as a ``Chart`` with a data URI for an ``<img>`` and the alt text; the
figures themselves are always shown in a table beside the chart (``chart_rows``), which is the
accessible equivalent.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

import pygal
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from pygal.style import Style

from objectives import periods
from objectives.figures import expected_at, expected_for, fmt, period_name
from progress.disclosure import shown_value
from progress.rag import Assessment

# Colours with at least 4.5:1 contrast on white; the lines also differ by dash pattern, so the
# chart reads in black and white too.
ACTUAL_COLOUR = "#0b3d91"
TRAJECTORY_COLOUR = "#595959"
TARGET_COLOUR = "#1b6b35"

_STYLE_SETTINGS = {
    "background": "white",
    "plot_background": "white",
    "foreground": "#212529",
    "foreground_strong": "#212529",
    "foreground_subtle": "#595959",
    "font_family": "DejaVu Sans, Arial, sans-serif",
    "label_font_size": 12,
    "major_label_font_size": 12,
    "legend_font_size": 13,
    "title_font_size": 14,
    "stroke_width": 2,
}


# pygal always writes a small configuration script into the SVG; charts are shown as images,
# where scripts never run, so it is dead weight (and a CSP reviewer would ask about it).
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>|<script\b[^>]*/>", re.DOTALL)


def _without_scripts(svg: str) -> str:
    return _SCRIPT.sub("", svg)


def _rendered(chart, svg: str) -> str:
    """The SVG without scripts, its random id (pygal's ``chart-<uuid4>``) replaced by one
    derived from the drawing itself: every worker draws the same page to the same bytes, so a
    page's ETag holds across workers (issue 22). Each chart is its own document (an ``<img>``'s
    data URI), so two charts drawn alike sharing an id clash with nothing."""
    svg = _without_scripts(svg)
    digest = hashlib.sha256(svg.replace(chart.uuid, "").encode()).hexdigest()[:32]
    return svg.replace(chart.uuid, digest)


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class ChartRow:
    """One line of the table that goes with a chart."""

    period: str
    period_end: datetime.date
    actual: str
    trajectory: str


def _float(value: Decimal | None):
    return None if value is None else float(value)


def _month(day) -> str:
    return date_format(day, "M Y")  # "Apr 2026", "Ebr 2026": the reader's language


def _quarter_ends(start, end, points):
    """The plan's start, each quarter's last day to the target date, and any later figure."""
    labels, day = [start], start
    while True:
        month = day.month + 3
        year = day.year + (month - 1) // 12
        day = datetime.date(year, (month - 1) % 12 + 1, 1)
        if day - datetime.timedelta(days=1) > end:
            break
        labels.append(day - datetime.timedelta(days=1))
    later = [when for when, _ in points if when > labels[-1]]
    return labels + later


@dataclass(frozen=True)
class ChartSeries:
    """What a measure's chart draws, whoever draws it (pygal on the pages, ``print_chart`` in
    the board report): the lines, in the order they are drawn and named in the legend, as
    (name, [(day, value)], pygal options, colour); the days labelled on the x axis; the alt
    text."""

    series: list
    labels: list
    alt: str


def chart_series(measure, assessment: Assessment, *, plan) -> ChartSeries | None:
    """Actual figures against the trajectory and the target line; None for a measure with no
    figures to draw (qualitative measures: their table of ratings says it all)."""
    points = [
        (m.period_end, _float(m.value)) for m in assessment.measurements if m.value is not None
    ]
    baseline, target = assessment.baseline, assessment.target
    if not points:
        # An empty frame tells nobody anything; the page says "no figures yet" instead.
        return None
    start, end = plan.period_start, plan.target_date
    # (name, points, options, colour): pygal colours series in the order they are added.
    series = [(gettext("Actual"), points, {}, ACTUAL_COLOUR)]
    # Totals so far this year (recorded so, or months added up) are read against the target
    # pro rata, as the rules read them.
    year_to_date = any(periods.is_year_to_date(m, measure) for m in assessment.measurements)
    line_start = expected_at(measure, plan=plan, on=start, year_to_date=year_to_date)
    line_end = expected_at(measure, plan=plan, on=end, year_to_date=year_to_date)
    line_name = gettext("Target pro rata") if year_to_date else gettext("Trajectory")
    if line_start is not None:
        line = [(start, _float(line_start)), (end, _float(line_end))]
        series.append((line_name, line, DASHED, TRAJECTORY_COLOUR))
    if target is not None:
        level = [(start, _float(target)), (end, _float(target))]
        series.append((gettext("Target"), level, DOTTED, TARGET_COLOUR))
    elif baseline is not None:
        level = [(start, _float(baseline)), (end, _float(baseline))]
        series.append((gettext("Baseline"), level, DOTTED, TRAJECTORY_COLOUR))
    if line_start is None:
        alt = gettext(
            "Chart of %(name)s: actual figures — the figures are in the table that follows."
        )
    elif year_to_date:
        alt = gettext(
            "Chart of %(name)s: actual figures against the target pro rata and the target — "
            "the figures are in the table that follows."
        )
    else:
        alt = gettext(
            "Chart of %(name)s: actual figures against the trajectory and the target — the "
            "figures are in the table that follows."
        )
    return ChartSeries(
        series=series,
        labels=_quarter_ends(start, end, points),
        alt=alt % {"name": measure.name},
    )


# The lines other than the actual figures: dashed (the trajectory) and dotted (a level).
DASHED = {"show_dots": False, "stroke_style": {"dasharray": "8,4", "width": 2}}
DOTTED = {"show_dots": False, "stroke_style": {"dasharray": "2,4", "width": 3}}


def measure_chart(measure, assessment: Assessment, *, plan) -> Chart | None:
    """The chart the pages show (pygal), from ``chart_series``."""
    drawn = chart_series(measure, assessment, plan=plan)
    if drawn is None:
        return None
    # The drawing depends on nothing else: the same figures are drawn once (see _DRAWN).
    # The month names of its axis are in the reader's language: drawn once per language.
    key = repr((measure.unit, drawn.labels, drawn.series, get_language()))
    svg = _drawn(key, lambda: _draw_date_chart(drawn.series, drawn.labels, measure.unit))
    return Chart(svg=svg, alt=drawn.alt)


def _draw_date_chart(series, labels, unit) -> str:
    chart = pygal.DateLine(
        js=[],
        style=Style(colors=tuple(colour for *_, colour in series), **_STYLE_SETTINGS),
        disable_xml_declaration=True,
        width=640,
        height=360,
        show_dots=True,
        dots_size=4,
        x_value_formatter=_month,
        value_formatter=lambda v: fmt(Decimal(str(v)), unit),
        # Quarter ends across the plan year, whole words: no "Apr…" truncation.
        x_labels=labels,
        truncate_label=-1,
        truncate_legend=-1,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        legend_box_size=14,
        margin=16,
        margin_bottom=28,
        include_x_axis=True,
        x_label_rotation=0,
    )
    for name, values, options, _colour in series:
        chart.add(name, values, **options)
    return _rendered(chart, chart.render(is_unicode=True))


# pygal takes 15 to 40 ms a chart, most of a county objective page's time (docs/benchmarks.md).
# A chart's SVG depends only on what is drawn (the series, the axis labels, the unit its figures
# are written in), so this process keeps the last few hundred drawings by that key: the same
# figures are never drawn twice, and a new or changed figure is a new key. Nothing to
# invalidate, so it needs no cache and works with none; about 20 KB a drawing.
_DRAWN: OrderedDict[str, str] = OrderedDict()
_DRAWN_MAX = 256
_DRAWN_LOCK = threading.Lock()


def _drawn(key, draw) -> str:
    with _DRAWN_LOCK:
        svg = _DRAWN.get(key)
        if svg is not None:
            _DRAWN.move_to_end(key)
            return svg
    svg = draw()
    with _DRAWN_LOCK:
        _DRAWN[key] = svg
        while len(_DRAWN) > _DRAWN_MAX:
            _DRAWN.popitem(last=False)
    return svg


SPARK_WIDTH, SPARK_HEIGHT, _SPARK_MARGIN = 120, 30, 2


def sparkline(measure, assessment: Assessment) -> Chart | None:
    """A word-sized line of the actual figures, for tables; None with fewer than two figures.

    Drawn by hand as one ``<polyline>``, not by pygal: the dashboard shows one per measure
    (over a hundred at county scale), and pygal's were 15 KB and 17 ms each, most of the
    page's bytes and time (docs/benchmarks.md). The figures are in the table beside it."""
    values = [_float(m.value) for m in assessment.measurements if m.value is not None]
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    spread = (high - low) or 1.0  # a level line is drawn across the middle
    inner_width = SPARK_WIDTH - 2 * _SPARK_MARGIN
    inner_height = SPARK_HEIGHT - 2 * _SPARK_MARGIN
    step = inner_width / (len(values) - 1)
    points = " ".join(
        f"{_SPARK_MARGIN + index * step:.1f},"
        f"{_SPARK_MARGIN + inner_height * ((high - value) / spread if high != low else 0.5):.1f}"
        for index, value in enumerate(values)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
        f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}"><polyline fill="none" '
        f'stroke="{ACTUAL_COLOUR}" stroke-width="2" stroke-linejoin="round" '
        f'points="{points}"/></svg>'
    )
    first, last = assessment.measurements[0], assessment.measurements[-1]
    alt = (
        f"Trend of {len(values)} figures from {fmt(values[0], measure.unit)} "
        f"({period_name(first, measure)}) to {fmt(values[-1], measure.unit)} "
        f"({period_name(last, measure)})"
    )
    return Chart(svg=svg, alt=alt)


def chart_rows(measure, assessment: Assessment, *, plan) -> list[ChartRow]:
    """The table beside a chart: each period's actual (or rating) and the trajectory then."""
    rows = []
    for measurement in assessment.measurements:
        if measurement.value is not None:
            actual = fmt(measurement.value, measure.unit)
        else:
            # A public copy of a sensitive measure's small count says "fewer than 5".
            actual = shown_value(measurement) or measurement.get_rating_display()
        line = expected_for(measure, measurement, plan=plan)
        trajectory = fmt(line, measure.unit) if line is not None else "–"
        rows.append(
            ChartRow(
                period=period_name(measurement, measure),
                period_end=measurement.period_end,
                actual=actual,
                trajectory=trajectory,
            )
        )
    return rows
