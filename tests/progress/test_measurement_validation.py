"""A figure must make sense for its measure: counts whole and not negative, percentages 0–100,
periods within the plan or the year before it. Each refusal names its field; nothing is saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from objectives.models import Measure, Measurement
from objectives.services import record_measurement
from tests.factories import MeasureFactory, OrganisationFactory
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
IN_PLAN = {"period_start": datetime.date(2011, 4, 1), "period_end": datetime.date(2011, 6, 30)}


@pytest.mark.parametrize(
    ("unit", "value", "field_message"),
    [
        (Measure.Unit.COUNT, Decimal("-5"), "A count is a whole number of 0 or more, not -5."),
        (Measure.Unit.COUNT, Decimal("2.5"), "A count is a whole number of 0 or more, not 2.5."),
        (Measure.Unit.PERCENT, Decimal("101"), "A percentage is between 0 and 100, not 101."),
        (Measure.Unit.PERCENT, Decimal("-1"), "A percentage is between 0 and 100, not -1."),
        (Measure.Unit.RATE, Decimal("-0.5"), "A rate cannot be negative (-0.5)."),
    ],
)
def test_a_figure_that_cannot_be_is_refused_naming_the_value(unit, value, field_message):
    measure = MeasureFactory(unit=unit)
    with pytest.raises(ValidationError) as refused:
        record_measurement(measure=measure, by=None, value=value, **IN_PLAN)
    assert refused.value.message_dict == {"value": [field_message]}
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        (Measure.Unit.COUNT, Decimal("0")),
        (Measure.Unit.COUNT, Decimal("68")),
        (Measure.Unit.PERCENT, Decimal("100")),
        (Measure.Unit.RATE, Decimal("12.5")),
    ],
)
def test_a_sensible_figure_is_kept(unit, value):
    measure = MeasureFactory(unit=unit)
    assert record_measurement(measure=measure, by=None, value=value, **IN_PLAN).value == value


def test_periods_outside_the_plan_and_the_year_before_are_refused():
    measure = MeasureFactory(figures_period=Measure.FiguresPeriod.YEAR)  # a 2011–12 plan
    with pytest.raises(ValidationError) as refused:
        record_measurement(
            measure=measure,
            by=None,
            value=Decimal("3"),
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 12, 31),
        )
    assert refused.value.message_dict == {
        "period_end": ["The period must end by 31/03/2012, the plan's last day."]
    }
    with pytest.raises(ValidationError) as refused:
        record_measurement(
            measure=measure,
            by=None,
            value=Decimal("3"),
            period_start=datetime.date(2009, 4, 1),
            period_end=datetime.date(2010, 3, 31),
        )
    assert list(refused.value.message_dict) == ["period_start"]
    # A baseline year just before the plan is fine.
    record_measurement(
        measure=measure,
        by=None,
        value=Decimal("3"),
        period_start=datetime.date(2010, 4, 1),
        period_end=datetime.date(2011, 3, 31),
    )


def test_my_actions_shows_the_refusal_beside_the_field_and_saves_nothing(client):
    police = OrganisationFactory(name="Invented Police")
    officer = officer_of(police)
    measure = MeasureFactory(unit=Measure.Unit.COUNT)
    measure.target.owners.set([police])
    client.force_login(officer)
    prefix = f"measure-{measure.pk}"
    response = client.post(
        reverse("my_actions:index"),
        {
            "item": prefix,
            f"{prefix}-period_start": "2011-04-01",
            f"{prefix}-period_end": "2011-06-30",
            f"{prefix}-value": "-5",
        },
    )
    assert response.status_code == 400
    assert "A count is a whole number of 0 or more, not -5." in response.text
    assert not Measurement.objects.exists()


def test_every_demonstration_figure_passes_the_rules():
    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    for measurement in Measurement.objects.select_related("measure__target__objective__plan"):
        measurement.full_clean(validate_unique=False)
