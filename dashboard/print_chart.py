"""A measure's chart for the board report's PDF, drawn by hand as a few SVG elements.

The same lines as the pages' chart (``charts.chart_series``: the same figures, names, colours
and dash patterns, the same quarter ends on the x axis), without pygal. WeasyPrint parses each
chart's stylesheet and lays out each of its elements: pygal's were about 15 KB, 150 elements
and a stylesheet of some 80 rules each, a fifth of the county board report's layout time for
its 102 charts (docs/benchmarks.md). This one has no stylesheet (presentation attributes only)
and draws each line, the grid and the dots as one path each: about 25 elements. The figures
are in the table beside every chart, which is the accessible equivalent.
"""

from __future__ import annotations

import math
from decimal import Decimal
from xml.sax.saxutils import escape

from dashboard.charts import Chart, chart_series
from objectives.figures import fmt

WIDTH, HEIGHT = 640, 360
# The plot's box inside the drawing: room for the y labels at the left, the x labels and the
# legend below.
LEFT, RIGHT, TOP, BOTTOM = 64, 600, 16, 286
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
TEXT_COLOUR, GRID_COLOUR = "#212529", "#595959"
DOT_RADIUS = 4
Y_TICKS = 7


def _nice_step(span: float, ticks: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` intervals."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _y_axis(values) -> tuple[float, float, list[float]]:
    """The axis from 0 (or the lowest figure, when below 0) to above the highest, in round
    steps, as pygal's ``include_x_axis`` drew it."""
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1
    step = _nice_step(high - low, Y_TICKS)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    count = round((top - bottom) / step)
    return bottom, top, [bottom + i * step for i in range(count + 1)]


def print_chart(measure, assessment, *, plan) -> Chart | None:
    """The board report's chart of a measure; None when the pages show none either."""
    drawn = chart_series(measure, assessment, plan=plan)
    if drawn is None:
        return None
    days = [day for _, points, *_ in drawn.series for day, _ in points] + drawn.labels
    first, last = min(days), max(days)
    values = [value for _, points, *_ in drawn.series for _, value in points]
    bottom, top, ticks = _y_axis(values)

    def x(day) -> float:
        return LEFT + (RIGHT - LEFT) * ((day - first).days / max((last - first).days, 1))

    def y(value) -> float:
        return BOTTOM - (BOTTOM - TOP) * ((value - bottom) / (top - bottom))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
    ]
    # The grid: a guide at each round figure, then the axes.
    guides = " ".join(f"M{LEFT} {y(t):.1f}H{RIGHT}" for t in ticks)
    parts.append(
        f'<path d="{guides}" stroke="{GRID_COLOUR}" stroke-width="0.5" '
        'stroke-dasharray="4,4" fill="none"/>'
    )
    parts.append(f'<path d="M{LEFT} {TOP}V{BOTTOM}H{RIGHT}" stroke="{TEXT_COLOUR}" fill="none"/>')
    text = f'{FONT} font-size="12" fill="{TEXT_COLOUR}"'
    for tick in ticks:
        label = escape(fmt(Decimal(str(tick)), measure.unit))
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" {text}>{label}</text>'
        )
    for day in drawn.labels:
        parts.append(
            f'<text x="{x(day):.1f}" y="{BOTTOM + 18}" text-anchor="middle" {text}>'
            f"{day:%b %Y}</text>"
        )
    # The lines, in the legend's order; the actual figures with a dot at each.
    for _name, points, options, colour in drawn.series:
        style = options.get("stroke_style", {})
        dashes = f' stroke-dasharray="{style["dasharray"]}"' if "dasharray" in style else ""
        width = style.get("width", 2)
        path = "M" + "L".join(f"{x(day):.1f} {y(value):.1f}" for day, value in points)
        parts.append(
            f'<path d="{path}" stroke="{colour}" stroke-width="{width}"{dashes} fill="none" '
            'stroke-linejoin="round"/>'
        )
        if options.get("show_dots", True):
            dots = "".join(
                f"M{x(day) - DOT_RADIUS:.1f} {y(value):.1f}a{DOT_RADIUS} {DOT_RADIUS} 0 1 0 "
                f"{2 * DOT_RADIUS} 0a{DOT_RADIUS} {DOT_RADIUS} 0 1 0 {-2 * DOT_RADIUS} 0"
                for day, value in points
            )
            parts.append(f'<path d="{dots}" fill="{colour}"/>')
    # The legend below, in three columns: each line's own colour and dashes, and its name.
    column = (RIGHT - LEFT) / 3
    for index, (name, _points, options, colour) in enumerate(drawn.series):
        left, line_y = LEFT + index * column, HEIGHT - 24
        style = options.get("stroke_style", {})
        dashes = f' stroke-dasharray="{style["dasharray"]}"' if "dasharray" in style else ""
        parts.append(
            f'<path d="M{left:.1f} {line_y}h28" stroke="{colour}" '
            f'stroke-width="{style.get("width", 3)}"{dashes}/>'
        )
        parts.append(
            f'<text x="{left + 34:.1f}" y="{line_y + 4}" {FONT} font-size="13" '
            f'fill="{TEXT_COLOUR}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Chart(svg="".join(parts), alt=drawn.alt)
