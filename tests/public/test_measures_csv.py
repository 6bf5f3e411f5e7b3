"""The open-data measures CSV (issue 21, finding 12): the delivery plan's measures, a row each,
at /plans/<plan>/delivery-plan-measures.csv, joined to the delivery plan's CSV by Target ID,
which therefore carries no column of JSON."""

import csv
import io

import pytest
from django.urls import reverse

from actions import delivery_table
from objectives.models import Measure
from tests.public.test_delivery_plan_page import build_plan
from tests.public.test_exports import csv_rows, download

pytestmark = pytest.mark.django_db


def measures_csv(client, plan):
    return client.get(reverse("plans:delivery_plan_measures_csv", args=[plan.slug]))


def test_the_measures_are_a_csv_of_their_own_joined_by_target_id(client):
    plan = build_plan(objectives=2)
    response = measures_csv(client, plan)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{plan.slug}-delivery-plan-measures.csv"'
    )
    text = response.getvalue().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == list(delivery_table.MEASURES_CSV_COLUMNS)
    rows = list(reader)
    measures = Measure.objects.for_plan(plan).order_by(
        "target__objective__number", "target__order", "order"
    )
    assert [(row["Target ID"], row["Name"]) for row in rows] == [
        (str(m.target_id), m.name) for m in measures
    ]
    targets = {row[-2] for row in csv_rows(download(client, plan, "csv"))[1:]}
    assert {row["Target ID"] for row in rows} <= targets


def test_the_measures_csv_keeps_a_tbc_measure_as_to_be_confirmed_never_zero(client):
    rows = list(
        csv.DictReader(
            io.StringIO(measures_csv(client, build_plan(objectives=1)).text.lstrip("\ufeff"))
        )
    )
    tbc = rows[1]
    assert tbc["Target state"] == "tbc"
    assert tbc["Target value"] == ""
    assert tbc["Target wording"] == "TBC"
    assert tbc["Figures period"] in {"month", "quarter", "year", "year_to_date"}
    measures = Measure.objects.filter(target_id=tbc["Target ID"]).order_by("order")
    measure = measures[int(tbc["Measure order"]) - 1]
    assert tbc["Figures period"] == measure.figures_period


def test_a_draft_plans_measures_csv_is_404_to_the_public(client):
    assert measures_csv(client, build_plan(objectives=1, draft=True)).status_code == 404


def test_the_plan_page_and_the_delivery_plan_page_link_to_the_measures_csv(client):
    plan = build_plan(objectives=1)
    href = f'href="{reverse("plans:delivery_plan_measures_csv", args=[plan.slug])}"'
    assert href in client.get(reverse("plans:delivery_plan", args=[plan.slug])).text
    assert href in client.get(plan.get_absolute_url()).text
