"""Periods as one idea (issue 21): a measure's figures cover one kind of period, a figure that
does not fit is refused naming its field, single months of a yearly count add up to its year
to date (judged against the target pro rata), and every surface words a period one way."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from objectives import periods
from objectives.figures import fmt
from objectives.models import ApprovalStatus, Measure, Measurement
from objectives.services import record_measurement
from progress.assessment import RagStatus
from progress.rag import assess_measure
from tests import factories

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "year_to_date", "words"),
    [
        (D(2011, 10, 1), D(2011, 10, 31), False, "October 2011"),
        (D(2011, 10, 1), D(2011, 12, 31), False, "Q3 2011/12"),
        (D(2012, 1, 1), D(2012, 3, 31), False, "Q4 2011/12"),
        (D(2011, 4, 1), D(2012, 3, 31), False, "2011/12"),
        (D(2011, 1, 1), D(2011, 12, 31), False, "2011"),
        (D(2011, 4, 1), D(2011, 10, 31), True, "April–October 2011 (year to date, 7 of 12 months)"),
        (D(2011, 4, 1), D(2012, 1, 31), True,
         "April 2011–January 2012 (year to date, 10 of 12 months)"),
        (D(2011, 4, 1), D(2012, 3, 31), True, "2011/12"),
        (D(2011, 10, 3), D(2011, 11, 20), False, "3 October 2011 to 20 November 2011"),
    ],
)  # fmt: skip
def test_one_function_words_every_period(start, end, year_to_date, words):
    assert periods.period_words(start, end, year_to_date=year_to_date) == words


def test_an_irregular_period_keeps_its_recorded_name():
    words = periods.period_words(D(2011, 10, 3), D(2011, 11, 20), label="Citizens Survey 2011")
    assert words == "Citizens Survey 2011"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("89.51"), Measure.Unit.COUNT, "90"),
        (Decimal("25.00"), Measure.Unit.COUNT, "25"),
        (Decimal("64.54"), Measure.Unit.PERCENT, "64.5%"),
        (Decimal("1.234"), Measure.Unit.RATE, "1.23"),
        (Decimal("2.5"), None, "2.5"),
    ],
)
def test_counts_are_formatted_as_whole_numbers(value, unit, shown):
    """Issue 21, finding 13: "Trajectory then 89.51", "25.00" fires."""
    assert fmt(value, unit) == shown


# --- Fit ----------------------------------------------------------------------------------------


def _record(measure, start, end, value="25"):
    return record_measurement(
        measure=measure, by=None, value=Decimal(value), period_start=start, period_end=end
    )


@pytest.mark.django_db
def test_a_year_to_date_figure_for_a_quarter_is_refused_naming_the_period_start():
    """Issue 21, finding 2: "my actions" took 01/01/2012–31/03/2012 for a year-to-date measure
    and a quarter's 25 was judged against the full-year 30."""
    fires = factories.MeasureFactory(
        name="Invented building fires", figures_period=Measure.FiguresPeriod.YEAR_TO_DATE
    )
    with pytest.raises(ValidationError) as refused:
        _record(fires, D(2012, 1, 1), D(2012, 3, 31))
    assert list(refused.value.message_dict) == ["period_start"]
    assert (
        "first day of the plan year (01/04/2011)" in refused.value.message_dict["period_start"][0]
    )
    assert not Measurement.objects.exists()
    assert _record(fires, D(2011, 4, 1), D(2012, 3, 31)).period_words == "2011/12"
    assert _record(fires, D(2011, 4, 1), D(2011, 12, 31)).period_words == (
        "April–December 2011 (year to date, 9 of 12 months)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "start", "end", "field"),
    [
        (Measure.FiguresPeriod.YEAR, D(2011, 10, 1), D(2011, 12, 31), "period_end"),
        (Measure.FiguresPeriod.MONTH, D(2011, 10, 2), D(2011, 10, 31), "period_start"),
        (Measure.FiguresPeriod.MONTH, D(2011, 10, 1), D(2011, 11, 30), "period_end"),
        (Measure.FiguresPeriod.QUARTER, D(2011, 11, 1), D(2012, 1, 31), "period_start"),
        (Measure.FiguresPeriod.QUARTER, D(2011, 10, 1), D(2011, 11, 30), "period_end"),
    ],
)
def test_a_figure_whose_period_does_not_fit_its_measure_is_refused(kind, start, end, field):
    measure = factories.MeasureFactory(figures_period=kind)
    with pytest.raises(ValidationError) as refused:
        _record(measure, start, end)
    assert list(refused.value.message_dict) == [field]
    assert measure.name in refused.value.message_dict[field][0]


@pytest.mark.django_db
def test_a_yearly_count_takes_whole_years_and_single_months():
    measure = factories.MeasureFactory(figures_period=Measure.FiguresPeriod.YEAR)
    _record(measure, D(2011, 4, 1), D(2012, 3, 31))
    _record(measure, D(2011, 10, 1), D(2011, 10, 31))
    _record(measure, D(2010, 4, 1), D(2011, 3, 31))  # the year before, for a baseline
    assert Measurement.objects.count() == 3


# --- Months add up to the year to date -----------------------------------------------------------


APRIL_2011 = D(2011, 4, 1)


def _approved_months(measure, values, first=APRIL_2011):
    day = first
    for value in values:
        factories.MeasurementFactory(
            measure=measure,
            period_start=day,
            period_end=periods.month_end(day),
            period_label="",
            value=Decimal(value),
            status=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
        day = periods.add_months(day, 1)


@pytest.mark.django_db
def test_months_of_a_yearly_count_are_judged_as_a_year_to_date_against_the_target_pro_rata():
    """Seven months' 24 fires against a full-year target of 30: by the end of October the
    year should be at about 17.5 — red, although 24 is under 30."""
    fires = factories.MeasureFactory(
        baseline_value=Decimal("40"),
        target_value=Decimal("30"),
        name="Invented fires",
        figures_period=Measure.FiguresPeriod.YEAR,
    )
    _approved_months(fires, ["4", "3", "4", "3", "4", "3", "3"])
    assessment = assess_measure(fires, Measurement.objects.filter(measure=fires), plan=fires.plan)
    latest = assessment.latest
    assert latest.value == 24 and latest.months_held == 7
    assert latest.period_words == "April–October 2011 (year to date, 7 of 12 months)"
    assert assessment.status == RagStatus.RED
    assert 17 < assessment.trajectory < 18
    assert "April–October 2011 (year to date, 7 of 12 months)" in assessment.explanation
    assert "pro rata" in assessment.explanation
    # The readings are running totals, one per month.
    assert [m.value for m in assessment.measurements] == [4, 7, 11, 14, 18, 21, 24]


@pytest.mark.django_db
def test_a_gap_ends_the_running_total():
    measure = factories.MeasureFactory(figures_period=Measure.FiguresPeriod.YEAR)
    _approved_months(measure, ["4", "3"])
    _approved_months(measure, ["5"], first=D(2011, 7, 1))  # June missing
    assessment = assess_measure(
        measure, Measurement.objects.filter(measure=measure), plan=measure.plan
    )
    assert [(m.period_words, m.value) for m in assessment.measurements] == [
        ("April 2011 (year to date, 1 of 12 months)", 4),
        ("April–May 2011 (year to date, 2 of 12 months)", 7),
    ]  # July waits for June: a total with a month missing is not the year to date


@pytest.mark.django_db
def test_a_downward_trend_of_months_compares_the_same_months_a_year_earlier():
    asb = factories.MeasureFactory(
        figures_period=Measure.FiguresPeriod.YEAR,
        direction=Measure.Direction.DOWNWARD_TREND,
        baseline_state=Measure.ValueState.TO_BE_ESTABLISHED,
        baseline_value=None,
        target_state=Measure.ValueState.NOT_APPLICABLE,
        target_value=None,
    )
    _approved_months(asb, ["10", "10"], first=D(2010, 4, 1))
    _approved_months(asb, ["9", "10"])
    assessment = assess_measure(asb, Measurement.objects.filter(measure=asb), plan=asb.plan)
    # 19 against 20 a year earlier: down, green — not "up on the previous period" (9).
    assert assessment.status == RagStatus.GREEN
    assert "a year earlier (20, April–May 2010 (year to date, 2 of 12 months))" in (
        assessment.explanation
    )
    assert "previous period" not in assessment.explanation.split("→")[0].split(":")[1]


# --- The admin -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_lists_a_count_whole_with_its_period_worded(client):
    from tests.personas import plan_manager_of

    fires = factories.MeasureFactory(name="Invented building fires")
    factories.MeasurementFactory(measure=fires, value=Decimal("25.00"), period_label="")
    client.force_login(plan_manager_of(fires.plan.partnership))
    page = client.get("/admin/objectives/measurement/").content.decode()
    assert '<td class="field-figure">25</td>' in page
    assert '<td class="field-period">Q1 2011/12</td>' in page


@pytest.mark.django_db
def test_the_admin_form_for_a_year_to_date_measure_says_so_and_starts_the_year(client):
    from tests.personas import plan_manager_of

    fires = factories.MeasureFactory(figures_period=Measure.FiguresPeriod.YEAR_TO_DATE)
    client.force_login(plan_manager_of(fires.plan.partnership))
    page = client.get(f"/admin/objectives/measurement/add/?measure={fires.pk}").content.decode()
    assert 'name="period_start" value="01/04/2011"' in page
    assert 'name="period_end" value="31/03/2012"' in page
    assert "Year to date from" in page


def test_the_chart_table_gives_a_counts_trajectory_whole():
    """Issue 21, finding 13: "Trajectory then 89.51" on the objective page's chart table."""
    from dashboard.charts import chart_rows

    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(
        figures_period=Measure.FiguresPeriod.QUARTER,
        baseline_value=Decimal("100"),
        target_value=Decimal("80"),
    )
    figure = factories.MeasurementFactory.build(
        measure=measure, period_start=D(2011, 7, 1), period_end=D(2011, 9, 30), value=Decimal(95)
    )
    assessment = assess_measure(measure, [figure], plan=plan)
    rows = chart_rows(measure, assessment, plan=plan)
    # 100 → 80 over 365 days, read at 30 September (182 days): 90.03…
    assert [(row.period, row.actual, row.trajectory) for row in rows] == [
        ("Q2 2011/12", "95", "90")
    ]


@pytest.mark.parametrize(
    ("kind", "unit", "day", "period"),
    [
        ("year_to_date", "count", D(2011, 11, 15), (D(2011, 4, 1), D(2011, 12, 31))),
        ("year_to_date", "count", D(2012, 3, 31), (D(2011, 4, 1), D(2012, 3, 31))),
        ("month", "count", D(2011, 11, 15), (D(2011, 11, 1), D(2011, 11, 30))),
        ("quarter", "count", D(2011, 11, 15), (D(2011, 10, 1), D(2011, 12, 31))),
        ("year", "count", D(2011, 11, 15), (D(2011, 11, 1), D(2011, 11, 30))),
        ("year", "count", D(2012, 3, 31), (D(2011, 4, 1), D(2012, 3, 31))),
        ("year", "percent", D(2011, 11, 15), (D(2011, 10, 1), D(2011, 12, 31))),
    ],
)
def test_a_new_figures_period_starts_as_its_measures_kind_says(kind, unit, day, period):
    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(figures_period=kind, unit=unit)
    assert periods.default_period(measure, plan, day) == period
    start, end = period
    assert periods.period_problem(measure, start, end, plan) is None


def test_a_small_month_is_not_given_away_by_two_year_to_date_totals():
    """Months added up: 10 in April and 2 in May would be 10 and 12 year to date, and 12 − 10
    tells a reader May's small count. Totals holding a small month are withheld."""
    from progress.disclosure import Policy, suppress_for_public

    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(
        sensitive=True, figures_period=Measure.FiguresPeriod.YEAR
    )
    months = []
    for day, value in ((D(2011, 4, 1), 10), (D(2011, 5, 1), 2), (D(2011, 6, 1), 10)):
        months.append(
            factories.MeasurementFactory.build(
                measure=measure,
                period_start=day,
                period_end=periods.month_end(day),
                value=Decimal(value),
            )
        )
    totals = assess_measure(measure, months, plan=plan).measurements
    assert [m.value for m in totals] == [10, 12, 22]
    public = suppress_for_public(measure, totals, policy=Policy(threshold=5))
    assert [(m.value, m.withheld) for m in public] == [
        (10, ""),
        (None, "withheld"),
        (None, "withheld"),
    ]
