"""Two years side by side (issue 13): /plans/<plan>/compare/<other>/ and its CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from cspplan.models import Plan
from objectives.models import ApprovalStatus, Measure
from progress.rollover import roll_over
from tests import factories
from tests.public.test_public_queries import SIZES, VERSION
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


def _two_years():
    """An invented plan and next year's, rolled over and then edited."""
    built = build_public_plan(partnership_slug="invented-csp")
    old = built.plan
    new = roll_over(
        old,
        title="Invented Plan 2012 to 2013",
        start=datetime.date(2012, 4, 1),
        end=datetime.date(2013, 3, 31),
    ).plan
    new.publish()
    new.save()
    objective = new.objectives.get(number=1)
    objective.title = "A renamed objective"
    objective.save()
    factories.ObjectiveFactory(plan=new, number=9, title="An invented new objective")
    new.objectives.get(number=2).delete()
    action = Action.objects.for_plan(new).filter(target__objective__number=1).first()
    action.owner_wording = "Invented Borough Council"
    action.save()
    return old, new


def _url(name, first, second):
    return reverse(name, args=[first.slug, second.slug])


def test_the_comparison_shows_what_was_added_removed_and_changed(client):
    old, new = _two_years()
    text = client.get(_url("plans:compare", new, old)).content.decode()
    assert f"Comparing {old.title} with {new.title}" in text  # earlier first, either way round
    assert "Objective: Objective 9: An invented new objective" in text
    assert "Objective: Objective 1: A renamed objective" in text
    assert "Objective: Objective 2: Objective title 2" in text  # removed
    assert "Invented Borough Council" in text
    assert '<table class="table compare-table">' in text
    assert 'role="region" aria-labelledby="changes-caption" tabindex="0"' in text
    assert '<caption id="measures-caption">' in text


def test_measures_carried_over_show_baseline_target_and_outturn_for_both_years(client):
    old, new = _two_years()
    measure = Measure.objects.for_plan(old).filter(target__objective__number=1).first()
    factories.MeasurementFactory(
        measure=measure,
        period_start=datetime.date(2012, 1, 1),
        period_end=datetime.date(2012, 3, 31),
        value=Decimal("42"),
        period_label="Q4 2011/12",
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    text = client.get(_url("plans:compare", old, new)).content.decode()
    assert "Measures carried over" in text
    assert "42 (Q4 2011/12)" in text


def test_the_comparison_as_csv(client):
    old, new = _two_years()
    response = client.get(_url("plans:compare_csv", old, new))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{old.slug}-compared-with-{new.slug}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Objective", "What", "Change", "Name", "Before", "After"]
    assert ["9", "Objective", "added", "Objective 9: An invented new objective", "", ""] in rows
    # A second request comes from the cache with the same file name.
    again = client.get(_url("plans:compare_csv", old, new))
    assert again["Content-Disposition"] == response["Content-Disposition"]


def test_a_draft_is_never_compared_for_the_public(client):
    old, new = _two_years()
    new.status = Plan.Status.DRAFT
    new.save()
    assert client.get(_url("plans:compare", old, new)).status_code == 404
    assert client.get(_url("plans:compare_csv", old, new)).status_code == 404
    assert client.get(_url("plans:compare", old, old)).status_code == 404


def test_a_past_plan_is_compared_and_linked_from_the_plan_page(client):
    old, new = _two_years()
    old.archive()
    old.save()
    assert client.get(_url("plans:compare", old, new)).status_code == 200
    overview = client.get(new.get_absolute_url()).content.decode()
    assert f'href="{_url("plans:compare", new, old)}"' in overview
    assert "(past plan)" in overview


# the version; both plans; for each: objectives, targets, measures, approved figures, actions.
COMPARE_QUERIES = VERSION + 2 + 2 * 5


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["plans:compare", "plans:compare_csv"])
def test_the_comparison_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries, size, name
):
    first = build_public_plan(partnership_slug="invented-csp", **SIZES[size]).plan
    second = build_public_plan(partnership_slug="invented-csp", label="TWO", **SIZES[size]).plan
    cache.clear()
    with django_assert_num_queries(COMPARE_QUERIES):
        response = client.get(_url(name, first, second))
    assert response.status_code == 200


def _tbc_baseline_in_both_years():
    """Two years whose carried-over measure's baseline is worded as the seed words it."""
    old, new = _two_years()
    for plan in (old, new):
        measure = Measure.objects.for_plan(plan).filter(target__objective__number=1).first()
        measure.baseline_state = Measure.ValueState.TO_BE_CONFIRMED
        measure.baseline_value = None
        measure.baseline_wording = "Baseline: (TBC)"
        measure.target_wording = "Target to be agreed"
        measure.save()
    return old, new


def test_a_baseline_worded_baseline_says_the_word_once(client):
    old, new = _tbc_baseline_in_both_years()
    text = client.get(_url("plans:compare", old, new)).content.decode()
    assert "Baseline: (TBC)" not in text
    assert "<dt>Baseline</dt><dd>To be confirmed</dd>" in text
    assert "<dt>Target</dt><dd>To be agreed</dd>" in text
    rows = list(csv.reader(io.StringIO(client.get(_url("plans:compare_csv", old, new)).text)))
    cells = [cell for row in rows for cell in row]
    assert not any("Baseline: Baseline" in cell or "Target: Target" in cell for cell in cells)


def test_the_comparison_csv_is_one_table_headed_on_its_first_row(client):
    old, new = _tbc_baseline_in_both_years()
    response = client.get(_url("plans:compare_csv", old, new))
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames == ["Objective", "What", "Change", "Name", "Before", "After"]
    rows = list(reader)
    assert all(None not in row and all(v is not None for v in row.values()) for row in rows)
    assert {row["Change"] for row in rows} == {"added", "removed", "changed", "carried over"}
    carried = [row for row in rows if row["Change"] == "carried over"]
    assert carried and all(row["What"] == "Measure" for row in carried)
    assert carried[0]["Before"].startswith("Baseline: To be confirmed\nTarget: To be agreed\n")
    assert "Outturn: " in carried[0]["After"]
