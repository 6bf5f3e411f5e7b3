"""Every list of the API costs the same number of queries whatever the size of the data.

Each list is read for a small plan and for one with many more objectives, rows, measures and
actions (a page of up to 200 records, so the whole of both); the count is spelled out per list
and must be the same at both sizes.
"""

import pytest
from django.urls import reverse

from consultation.models import EventPartner
from tests import factories
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db

SIZES = {
    "small": {
        "objectives": 2,
        "targets_per_objective": 1,
        "actions_per_target": 1,
        "measures_per_target": 1,
    },
    "larger": {
        "objectives": 3,
        "targets_per_objective": 3,
        "actions_per_target": 4,
        "measures_per_target": 3,
    },
}

# Every list: its count and its page. Then Last-Modified: the latest history date of the plans
# and of each model the list shows (one query each) and the public plans' publishing dates.
PAGE = 2


def _dated(models):
    return 1 + models + 1


LISTS = {
    # partnerships; their public plans.
    "api:partnership_list": PAGE + 1 + _dated(1),
    # plans with their partnership.
    "api:plan_list": PAGE + _dated(1),
    # priorities with plan and theme; their objectives.
    "api:priority_list": PAGE + 1 + _dated(3),
    # objectives with plan; targets; their measures; approved measurements; actions; approved
    # updates; milestones; priorities. The status reads those same rows.
    "api:objective_list": PAGE + 7 + _dated(7),
    # targets with objective and plan; owners; lead officers; funding; measure ids; action ids;
    # values of the plan's own columns.
    "api:target_list": PAGE + 6 + _dated(7),
    # measures with row, objective and plan; approved measurements.
    "api:measure_list": PAGE + 1 + _dated(4),
    # actions with row, objective and plan; approved updates; milestones; owners; lead
    # officers; funding; values of the plan's own columns.
    "api:action_list": PAGE + 6 + _dated(7),
    # events with plan; who was there, with their organisations.
    "api:engagement_event_list": PAGE + 1 + _dated(1),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", LISTS)
def test_the_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries, name, size):
    built = build_public_plan(**SIZES[size])
    for action in built.actions:
        event = factories.EngagementEventFactory(
            plan=built.plan, action=action, published=True, date=built.plan.period_start
        )
        for owner in action.owners.all():
            EventPartner.objects.create(event=event, organisation=owner, senior=True)
    with django_assert_num_queries(LISTS[name]):
        response = client.get(reverse(name), {"page_size": 200})
    assert response.status_code == 200
    assert response.json()["count"] >= 1
