"""Charts: SVG drawn on the server, never fetching anything, each with a data table."""

import datetime
from collections import OrderedDict
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from dashboard.charts import chart_rows, measure_chart, sparkline
from objectives.models import ApprovalStatus, Measure, Measurement
from progress.rag import assess_measure, assess_plan
from tests.factories import MeasureFactory, MeasurementFactory, PlanFactory

PLAN = PlanFactory.build()


def quarterly(measure, *values):
    """Figures for the first quarters of 2011/12, in order (the measure's figures: per
    quarter)."""
    measure.figures_period = measure.FiguresPeriod.QUARTER
    ends = [datetime.date(2011, 6, 30), datetime.date(2011, 9, 30), datetime.date(2011, 12, 31)]
    return [
        MeasurementFactory.build(
            measure=measure,
            value=Decimal(value),
            period_start=end.replace(day=1, month=end.month - 2),
            period_end=end,
            period_label=f"Q{number} 2011/12",
        )
        for number, (value, end) in enumerate(zip(values, ends, strict=False), start=1)
    ]


def test_a_measure_chart_is_svg_with_actual_trajectory_and_target_and_no_scripts():
    measure = MeasureFactory.build(name="Accidental dwelling fires")
    assessment = assess_measure(measure, quarterly(measure, "95", "92"), plan=PLAN)
    chart = measure_chart(measure, assessment, plan=PLAN)
    assert chart.svg.startswith("<svg")
    for series in ("Actual", "Trajectory", "Target"):
        assert series in chart.svg
    assert "<script" not in chart.svg
    assert "http://" not in chart.svg.replace("http://www.w3.org", "").replace(
        "http://pygal.org", ""
    ).replace("http://github.com/Kozea/pygal", "")
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    assert "Accidental dwelling fires" in chart.alt


def test_a_measure_with_a_tbc_target_draws_only_its_baseline_and_actuals():
    measure = MeasureFactory.build(
        target_state=Measure.ValueState.TO_BE_CONFIRMED, target_value=None
    )
    assessment = assess_measure(measure, quarterly(measure, "95"), plan=PLAN)
    chart = measure_chart(measure, assessment, plan=PLAN)
    assert "Trajectory" not in chart.svg
    assert "Baseline" in chart.svg
    assert [row.trajectory for row in chart_rows(measure, assessment, plan=PLAN)] == ["–"]


def test_the_table_gives_each_period_its_actual_and_the_trajectory_then():
    measure = MeasureFactory.build(baseline_value=Decimal(100), target_value=Decimal(80))
    assessment = assess_measure(measure, quarterly(measure, "95", "92"), plan=PLAN)
    rows = chart_rows(measure, assessment, plan=PLAN)
    assert [(r.period, r.actual) for r in rows] == [("Q1 2011/12", "95"), ("Q2 2011/12", "92")]
    # 90 of 365 days: 100 - 20 × 90/365 = 95.07, and fires are counted whole.
    assert rows[0].trajectory == "95"


def test_a_sparkline_needs_two_figures():
    measure = MeasureFactory.build()
    one = assess_measure(measure, quarterly(measure, "95"), plan=PLAN)
    two = assess_measure(measure, quarterly(measure, "95", "90"), plan=PLAN)
    assert sparkline(measure, one) is None
    spark = sparkline(measure, two)
    assert "<svg" in spark.svg
    assert spark.alt == "Trend of 2 figures from 95 (Q1 2011/12) to 90 (Q2 2011/12)"


def test_a_qualitative_measure_has_no_chart_but_a_table_of_ratings():
    measure = MeasureFactory.build(
        direction=Measure.Direction.DELIVER,
        baseline_state=Measure.ValueState.NOT_APPLICABLE,
        baseline_value=None,
        target_state=Measure.ValueState.NOT_APPLICABLE,
        target_value=None,
    )
    rated = MeasurementFactory.build(measure=measure, value=None, rating=Measurement.Rating.GREEN)
    assessment = assess_measure(measure, [rated], plan=PLAN)
    assert measure_chart(measure, assessment, plan=PLAN) is None
    assert chart_rows(measure, assessment, plan=PLAN)[0].actual == "On track"


@pytest.mark.django_db
def test_the_measure_progress_include_shows_status_explanation_chart_and_captioned_table():
    plan = PlanFactory()
    measure = MeasureFactory(target__objective__plan=plan, name="Deliberate secondary fires")
    MeasurementFactory(measure=measure, status=ApprovalStatus.APPROVED, approved_at=timezone.now())
    assessment = assess_plan(plan).for_measure(measure)
    html = render_to_string(
        "includes/measure_progress.html", {"measure": measure, "assessment": assessment}
    )
    assert "<details" in html and assessment.explanation in html.replace("&gt;", ">")
    assert '<img src="data:image/svg+xml;base64,' in html
    assert "<caption>Figures for Deliberate secondary fires</caption>" in html
    assert '<th scope="row">Q1 2011/12</th>' in html


def test_a_measure_without_figures_has_no_empty_chart():
    measure = MeasureFactory.build()
    assessment = assess_measure(measure, [], plan=PLAN)
    assert measure_chart(measure, assessment, plan=PLAN) is None


def test_the_x_axis_is_labelled_at_each_quarter_end_in_whole_words():
    measure = MeasureFactory.build()
    assessment = assess_measure(measure, quarterly(measure, "95"), plan=PLAN)
    svg = measure_chart(measure, assessment, plan=PLAN).svg
    for label in ("Apr 2011", "Jun 2011", "Sep 2011", "Dec 2011", "Mar 2012"):
        assert label in svg
    assert "Apr…" not in svg


def test_a_chart_drawn_twice_is_the_same_bytes_its_ids_derived_from_its_content():
    # pygal names each chart "chart-<uuid4>": two workers drew different bytes for one page, and
    # a conditional request answered by the other worker missed (issue 22, finding 5).
    measure = MeasureFactory.build(name="Accidental dwelling fires")
    assessment = assess_measure(measure, quarterly(measure, "95", "92"), plan=PLAN)
    first, second = (measure_chart(measure, assessment, plan=PLAN) for _ in range(2))
    assert first.svg == second.svg
    assert sparkline(measure, assessment).svg == sparkline(measure, assessment).svg
    other = assess_measure(measure, quarterly(measure, "95", "90"), plan=PLAN)
    ids = {
        chart.svg.split('id="', 1)[1].split('"', 1)[0]
        for chart in (first, measure_chart(measure, other, plan=PLAN))
    }
    assert len(ids) == 2  # different figures, different ids: two charts on a page never clash


def test_a_sparkline_is_a_word_sized_polyline_of_its_figures_in_order():
    # The dashboard draws one per measure (over 100 at county scale): pygal's sparkline was
    # 15 KB of SVG and 17 ms each, most of the dashboard's time and bytes (issue 24).
    measure = MeasureFactory.build()
    assessment = assess_measure(measure, quarterly(measure, "95", "90", "100"), plan=PLAN)
    svg = sparkline(measure, assessment).svg
    assert len(svg) < 600
    assert 'width="120" height="30"' in svg and "<script" not in svg
    points = svg.split('points="', 1)[1].split('"', 1)[0].split()
    xs, ys = zip(*((float(x), float(y)) for x, y in (p.split(",") for p in points)), strict=True)
    assert len(points) == 3 and xs == tuple(sorted(xs))
    # Higher figures are drawn higher (a smaller y): 100 at the top, 90 at the bottom.
    assert ys[2] < ys[0] < ys[1]
    assert all(0 <= x <= 120 for x in xs) and all(0 <= y <= 30 for y in ys)


def test_a_chart_is_drawn_once_for_the_same_figures_and_again_when_they_change(monkeypatch):
    # pygal takes 15 to 40 ms a chart, most of a county objective page's time (issue 24): the
    # drawing depends only on what is drawn, so the same figures are never drawn twice.
    import pygal

    from dashboard import charts

    drawn = []
    real_render = pygal.DateLine.render

    def counting_render(chart, *args, **kwargs):
        drawn.append(chart)
        return real_render(chart, *args, **kwargs)

    monkeypatch.setattr(pygal.DateLine, "render", counting_render)
    monkeypatch.setattr(charts, "_DRAWN", OrderedDict())  # nothing kept by earlier tests
    measure = MeasureFactory.build(name="Criminal damage (drawn once)")
    assessment = assess_measure(measure, quarterly(measure, "95", "92"), plan=PLAN)
    first = measure_chart(measure, assessment, plan=PLAN)
    again = measure_chart(measure, assessment, plan=PLAN)
    assert len(drawn) == 1 and again == first
    changed = assess_measure(measure, quarterly(measure, "95", "91"), plan=PLAN)
    assert measure_chart(measure, changed, plan=PLAN).svg != first.svg
    assert len(drawn) == 2
    renamed = MeasureFactory.build(name="Arson (drawn once)")
    assessment = assess_measure(renamed, quarterly(renamed, "95", "92"), plan=PLAN)
    assert "Arson" in measure_chart(renamed, assessment, plan=PLAN).alt
