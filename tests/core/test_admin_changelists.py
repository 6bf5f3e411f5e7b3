"""The admin lists officers use most run a fixed number of queries, however long the plan."""

import pytest
from django.urls import reverse

from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


def build_rows(plan, count):
    """``count`` rows of each kind, spread over ``count // 2`` plans of the same partnership,
    so that the filters' choices grow too."""
    police = factories.OrganisationFactory()
    officer = factories.OfficerFactory(organisation=police)
    plans = [plan] + [
        factories.PlanFactory(partnership=plan.partnership) for _ in range(count // 2 - 1)
    ]
    for index in range(count):
        target = factories.TargetFactory(objective__plan=plans[index % len(plans)])
        target.owners.set([police])
        action = factories.ActionFactory(target=target, owners=[police], lead_officers=[officer])
        factories.ActionUpdateFactory(action=action)
        measure = factories.MeasureFactory(target=target)
        factories.MeasurementFactory(measure=measure)


# Every changelist: session, user, the user's and their groups' permissions (2), group names
# (roles), then the filters' choices (plans with their partnerships in one query; objectives,
# organisations and officers for actions), the count, the unfiltered count and one page of rows
# with select_related and the "last update" annotation; and the staff header's two (the user's
# officer record, for the greeting and "My actions"; the dashboard's plan, for the product's
# name and the approval queue and board report links).
CHANGELISTS = [
    ("actions_action", 15),  # and the actions' milestones, for the State column
    ("actions_actionupdate", 11),
    ("objectives_target", 12),
    ("objectives_measure", 11),
    ("objectives_measurement", 11),
]


@pytest.mark.parametrize(("changelist", "queries"), CHANGELISTS)
@pytest.mark.parametrize("rows", [2, 12])
def test_the_changelist_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, changelist, queries, rows
):
    plan = factories.PlanFactory()
    build_rows(plan, rows)
    client.force_login(plan_manager_of(plan.partnership))
    url = reverse(f"admin:{changelist}_changelist")
    client.get(url)  # warm the content-type cache, as a running site has it warm

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


def test_the_plan_filter_offers_only_the_plans_of_rows_the_user_sees(client):
    ours = factories.PlanFactory(title="Our plan")
    build_rows(ours, 2)
    factories.ActionFactory(target__objective__plan__title="Another partnership's plan")
    client.force_login(plan_manager_of(ours.partnership))

    response = client.get(reverse("admin:actions_action_changelist"))

    [plan_filter] = [f for f in response.context["cl"].filter_specs if f.title == "plan"]
    assert [title for _, title in plan_filter.lookup_choices] == [str(ours)]
