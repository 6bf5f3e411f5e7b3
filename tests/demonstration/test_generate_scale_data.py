"""generate_scale_data: invented partnerships at county scale, the same for the same seed, shaped
like the issue asks (demonstration/scale_data.py). Run here at a tiny size."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from actions.models import Action, ActionUpdate
from consultation.models import EngagementEvent, Feedback
from cspplan import pagecache
from cspplan.models import Organisation, Partnership, Plan
from objectives.models import Measure, Measurement, Objective, Target
from progress.models import KeptPlanSummary, PlanChangeCount

pytestmark = pytest.mark.django_db


def fingerprint():
    """What a resident would read, in a fixed order: plans, rows, actions, figures, feedback."""
    return (
        list(Plan.objects.order_by("slug").values_list("slug", "status")),
        list(
            Target.objects.order_by(
                "objective__plan__slug", "objective__number", "order"
            ).values_list("wording", flat=True)
        ),  # fmt: skip
        list(
            Action.objects.order_by(
                "target__objective__plan__slug",
                "target__objective__number",
                "target__order",
                "order",
            ).values_list("text", "status", "due_date")
        ),  # fmt: skip
        list(
            Measurement.objects.order_by(
                "measure__target__objective__plan__slug", "measure__pk", "period_start"
            ).values_list("value", "status")
        ),  # fmt: skip
        list(Feedback.objects.order_by("uid").values_list("uid", "comment", "moderation")),
    )


def generated(**options):
    with transaction.atomic():
        call_command("generate_scale_data", stdout=StringIO(), **options)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = generated(partnerships=1, years=1, seed=7)
    assert first == generated(partnerships=1, years=1, seed=7)
    assert first != generated(partnerships=1, years=1, seed=8)


def test_the_shape_of_a_tiny_county():
    call_command("generate_scale_data", partnerships=2, years=2, stdout=StringIO())
    partnerships = Partnership.objects.filter(slug__endswith="-invented")
    assert partnerships.count() == 2
    assert all("(invented)" in name for name in partnerships.values_list("name", flat=True))
    plans = Plan.objects.filter(partnership__in=partnerships)
    assert plans.count() == 4
    # Each partnership's latest year is its published plan, the older one archived.
    assert Counter(plans.values_list("status", flat=True)) == {"published": 2, "archived": 2}

    assert Counter(Objective.objects.values_list("plan", flat=True)) == dict.fromkeys(
        plans.values_list("pk", flat=True), 11
    )
    rows_per_objective = Counter(Target.objects.values_list("objective", flat=True)).values()
    assert set(rows_per_objective) <= {4, 5, 6} and 4.5 <= _mean(rows_per_objective) <= 5.5
    assert set(Counter(Measure.objects.values_list("target", flat=True)).values()) == {2}
    assert set(Counter(Measurement.objects.values_list("measure", flat=True)).values()) == {12}
    actions_per_row = Counter(Action.objects.values_list("target", flat=True)).values()
    assert set(actions_per_row) <= set(range(6, 11)) and 7 <= _mean(actions_per_row) <= 9
    assert not Action.objects.filter(updates__isnull=True).exists()
    assert ActionUpdate.objects.count() >= Action.objects.count()
    assert set(Counter(EngagementEvent.objects.values_list("plan", flat=True)).values()) == {4}
    assert set(Counter(Feedback.objects.values_list("plan", flat=True)).values()) == {20}
    # Every agency is invented, and every target row has an owner and a lead officer.
    assert all("(invented)" in name for name in Organisation.objects.values_list("name", flat=True))
    assert not Target.objects.filter(owners__isnull=True).exists()
    assert not Target.objects.filter(lead_officers__isnull=True).exists()
    # History rows too: "as at" a past day and the history pages see the data.
    assert Action.history.count() == Action.objects.count()


def test_a_generated_plan_is_served_to_residents(client):
    call_command("generate_scale_data", partnerships=1, years=1, stdout=StringIO())
    plan = Plan.objects.get(status="published")
    objective = plan.objectives.get(number=4)
    page = client.get(objective.get_absolute_url())
    assert page.status_code == 200 and objective.targets.first().wording in page.text
    # Its summary is kept from the first request on, as a plan saved one by one would have it
    # (bulk_create sends no signal: progress/kept.py).
    assert PlanChangeCount.objects.filter(plan=plan).exists()
    assert client.get(reverse("partnerships")).status_code == 200
    assert KeptPlanSummary.objects.filter(plan=plan).exists()


def test_the_residents_pages_are_told_of_the_new_data(django_capture_on_commit_callbacks):
    before = pagecache.current_stamp()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_scale_data", partnerships=1, years=1, stdout=StringIO())
    assert pagecache.current_stamp() != before


def test_a_second_run_into_the_same_database_is_refused_and_writes_nothing():
    call_command("generate_scale_data", partnerships=1, years=1, stdout=StringIO())
    plans = Plan.objects.count()
    with pytest.raises(CommandError, match="already holds invented partnerships.*ashvale"):
        call_command("generate_scale_data", partnerships=2, years=1)
    assert Plan.objects.count() == plans


@pytest.mark.parametrize(
    ("options", "message"),
    [({"partnerships": 0}, "--partnerships"), ({"years": 11}, "--years")],
)
def test_impossible_sizes_are_refused_by_name(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_scale_data", **options)
    assert not Plan.objects.exists()


def _mean(values):
    values = list(values)
    return sum(values) / len(values)
