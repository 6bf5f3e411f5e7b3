"""The board report's chart: the pages' lines drawn as a few SVG elements (issue 24: pygal's
stylesheet and 150 elements a chart were a fifth of the county report's layout)."""

import re
from decimal import Decimal

import pytest

from dashboard.charts import ACTUAL_COLOUR, TARGET_COLOUR, TRAJECTORY_COLOUR, measure_chart
from dashboard.print_chart import print_chart
from objectives.models import Measure
from progress.rag import assess_measure
from tests.dashboard.test_charts import PLAN, quarterly
from tests.factories import MeasureFactory


def elements(svg):
    return re.findall(r"<([a-z]+)\b", svg)


def test_the_print_chart_draws_the_pages_lines_with_their_names_colours_and_dashes():
    measure = MeasureFactory.build(
        name="Accidental dwelling fires", baseline_value=Decimal("100"), target_value=Decimal("80")
    )
    assessment = assess_measure(measure, quarterly(measure, "95", "92", "97"), plan=PLAN)
    page, printed = (draw(measure, assessment, plan=PLAN) for draw in (measure_chart, print_chart))
    assert printed.alt == page.alt
    svg = printed.svg
    for name in ("Actual", "Trajectory", "Target"):
        assert f">{name}</text>" in svg
    for colour in (ACTUAL_COLOUR, TRAJECTORY_COLOUR, TARGET_COLOUR):
        assert f'stroke="{colour}"' in svg
    assert 'stroke-dasharray="8,4"' in svg and 'stroke-dasharray="2,4"' in svg
    # The same quarter ends along the x axis as the pages' chart.
    months = re.findall(r">([A-Z][a-z]{2} \d{4})</text>", svg)
    assert months and all(month in page.svg for month in months)
    # One line through the three figures, a dot on each.
    actual = re.search(rf'<path d="M([^"]+)" stroke="{ACTUAL_COLOUR}"', svg).group(1)
    assert actual.count("L") == 2
    dots = re.search(rf'<path d="([^"]+)" fill="{ACTUAL_COLOUR}"', svg).group(1)
    assert dots.count("M") == 3


def test_the_print_chart_has_no_stylesheet_no_script_and_few_elements():
    measure = MeasureFactory.build(baseline_value=Decimal("100"), target_value=Decimal("80"))
    assessment = assess_measure(measure, quarterly(measure, "95", "92", "97"), plan=PLAN)
    svg = print_chart(measure, assessment, plan=PLAN).svg
    assert "<style" not in svg and "<script" not in svg and "class=" not in svg
    pages_chart = measure_chart(measure, assessment, plan=PLAN).svg
    assert len(elements(svg)) < 40 < len(elements(pages_chart))


@pytest.mark.parametrize(
    ("unit", "values", "labels"),
    [
        (Measure.Unit.COUNT, ("95", "92"), ["0", "20", "40", "60", "80", "100"]),
        (Measure.Unit.PERCENT, ("52.6", "61.9"), ["0%", "20%", "40%", "60%", "80%", "100%"]),
    ],
)
def test_the_y_axis_runs_from_zero_in_round_steps_written_as_the_unit_says(unit, values, labels):
    measure = MeasureFactory.build(
        unit=unit, baseline_value=Decimal("100"), target_value=Decimal("80")
    )
    assessment = assess_measure(measure, quarterly(measure, *values), plan=PLAN)
    svg = print_chart(measure, assessment, plan=PLAN).svg
    shown = re.findall(r'text-anchor="end"[^>]*>([^<]+)</text>', svg)
    assert shown[: len(labels)] == labels


def test_a_measure_with_no_figures_has_no_print_chart_as_it_has_no_chart_on_the_pages():
    measure = MeasureFactory.build()
    assessment = assess_measure(measure, [], plan=PLAN)
    assert print_chart(measure, assessment, plan=PLAN) is None
    assert measure_chart(measure, assessment, plan=PLAN) is None
