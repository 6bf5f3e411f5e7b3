"""With the seed plan and the demo progress loaded, the dashboard is truthful: every colour
comes with the sentence that explains it, and the figures give the colours the rules say."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import ActionStatus
from cspplan import roles
from cspplan.models import Partnership
from progress.rag import RagStatus
from tests.personas import in_role

pytestmark = pytest.mark.django_db
SLUG = "west-lancashire-2011-12"


@pytest.fixture
def dashboard(client):
    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    # The chair of the seed plan's partnership: a chair reads their own partnership's plans.
    client.force_login(in_role(roles.CHAIR, partnership=Partnership.objects.get()))
    response = client.get(reverse("dashboard:plan", args=[SLUG]), {"as_at": "2012-01-20"})
    assert response.status_code == 200
    return response.context["dashboard"]


def by_name(dashboard):
    return {row.measure.name: row.assessment for row in dashboard.measure_rows}


def test_every_colour_ends_with_the_rule_that_gave_it(dashboard):
    rows = dashboard.measure_rows + dashboard.action_rows + dashboard.objective_rows
    for row in rows:
        explanation = row.assessment.explanation
        assert "→" in explanation, explanation
        # The colour's words end the rule that gave it…
        assert row.assessment.status.label.lower() in explanation.lower(), explanation
    for row in dashboard.action_rows:
        # …and an action's own status, the words its badge shows, is the one the rule read.
        words = row.assessment.label.removesuffix(" · overdue")
        if row.assessment.action_status == ActionStatus.NOT_REPORTED:
            # Said as a person would, not quoted: "No update has been reported yet".
            assert "No update" in row.assessment.explanation, row.assessment.explanation
        else:
            assert f"“{words}”" in row.assessment.explanation, row.assessment.explanation


def test_year_to_date_fires_and_casualties_are_judged_pro_rata(dashboard):
    measures = by_name(dashboard)
    assert measures["Accidental dwelling fires"].status == RagStatus.AMBER
    assert (
        "the target 68 for the year pro rata" in measures["Accidental dwelling fires"].explanation
    )
    assert measures["Deliberate secondary fires"].status == RagStatus.RED


def test_no_tbc_or_unmeasured_measure_is_coloured(dashboard):
    for row in dashboard.measure_rows:
        measure, result = row.measure, row.assessment
        if result.latest is None and measure.direction != "establish_baseline":
            assert result.is_grey, measure.name
        if measure.direction in {"reduce", "increase"} and measure.target_state != "known":
            assert result.status == RagStatus.TO_BE_AGREED or result.latest is None


def test_objective_colours_are_the_worst_of_their_members(dashboard):
    severity = {row.objective.pk: -1 for row in dashboard.objective_rows}
    for row in dashboard.measure_rows + dashboard.action_rows:
        objective = row.objective.pk
        severity[objective] = max(severity[objective], row.assessment.status.severity)
    for row in dashboard.objective_rows:
        assert row.assessment.status.severity == severity[row.objective.pk]


def test_as_at_the_end_of_the_plan_year_every_open_action_with_a_due_date_is_overdue(dashboard):
    assert dashboard.today == datetime.date(2012, 1, 20)
    for row in dashboard.overdue_rows:
        assert row.action.due_date < dashboard.today
        assert row.assessment.status == RagStatus.RED
