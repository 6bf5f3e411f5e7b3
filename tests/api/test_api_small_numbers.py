"""A sensitive measure's small count never leaves through the API (progress/disclosure.py):
the count from 1 to 4 is null with "fewer than 5", a figure that would give it away is
"withheld", officers' notes on its figures are left out, and nothing the API says changes when
the small count does (read twice: as stored, then with the 3 made a 1 and the total with it)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from objectives.models import ApprovalStatus, Measurement
from tests import factories
from tests.api.helpers import every_text
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db

QUARTERS = [
    (datetime.date(2011, 4, 1), datetime.date(2011, 6, 30), 3),
    (datetime.date(2011, 7, 1), datetime.date(2011, 9, 30), 12),
    (datetime.date(2011, 10, 1), datetime.date(2011, 12, 31), 9),
    (datetime.date(2012, 1, 1), datetime.date(2012, 3, 31), 10),
]


@pytest.fixture
def sensitive():
    built = build_public_plan(objectives=1, targets_per_objective=1, actions_per_target=1)
    measure = factories.MeasureFactory(
        target=built.targets[0], order=9, name="Invented sensitive count", sensitive=True,
        baseline_value=Decimal("40"), baseline_wording="40", target_value=Decimal("30"),
        target_wording="30",
    )  # fmt: skip
    approved = {"status": ApprovalStatus.APPROVED, "approved_at": timezone.now()}
    for start, end, value in QUARTERS:
        factories.MeasurementFactory(
            measure=measure, period_start=start, period_end=end, value=Decimal(value),
            note=f"{value} incidents this quarter", **approved,
        )  # fmt: skip
    factories.MeasurementFactory(
        measure=measure, period_start=QUARTERS[0][0], period_end=QUARTERS[-1][1],
        value=Decimal(34), period_label="Invented whole year", **approved,
    )  # fmt: skip
    return measure


def test_a_small_count_is_fewer_than_5_and_the_total_that_reveals_it_withheld(client, sensitive):
    body = client.get(reverse("api:measure", args=[sensitive.pk])).json()
    assert body["sensitive"] is True
    shown = [(m["period_end"], m["value"], m["withheld"]) for m in body["measurements"]]
    assert ("2011-06-30", None, "fewer than 5") in shown
    assert ("2011-09-30", "12", None) in shown
    assert ("2012-03-31", None, "withheld") in [
        (m["period_end"], m["value"], m["withheld"])
        for m in body["measurements"]
        if m["period_label"] == "2011/12"  # the whole year, worded as every page words it
    ]
    assert all(m["note"] == "" for m in body["measurements"])
    assert "incidents this quarter" not in client.get(reverse("api:measure_list")).content.decode()


def test_nothing_the_api_says_changes_with_the_small_count(client, sensitive):
    before = every_text(client)
    small = Measurement.objects.get(measure=sensitive, period_end=QUARTERS[0][1])
    small.value = Decimal(1)
    small.save()
    Measurement.objects.filter(measure=sensitive, period_label="Invented whole year").update(
        value=Decimal(32)
    )
    after = every_text(client)
    assert before.keys() == after.keys()
    for url in before:
        assert before[url] == after[url], url
