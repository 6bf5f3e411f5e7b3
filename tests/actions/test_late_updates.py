"""An update recorded after its plan ended is dated on the plan's last day, the day it
describes; every surface says that day and the day it was sent, the one way
(``ActionUpdate.dated``), and its freshness is worded one way (``Assessment.freshness``)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import ActionUpdate
from dashboard.reports import board_report_html
from objectives.figures import long_date
from progress.approval import approve_update
from tests import factories
from tests.personas import in_role, officer_of

pytestmark = pytest.mark.django_db
URL = "/my-actions/"


@pytest.fixture
def late_update(client):
    """An officer reports on an action of an ended 2011–12 plan, today."""
    police = factories.OrganisationFactory(name="Invented Police")
    plan = factories.PlanFactory(slug="invented-ended")
    objective = factories.ObjectiveFactory(plan=plan, number=1)
    target = factories.TargetFactory(objective=objective)
    action = factories.ActionFactory(
        target=target, text="Invented patrols", owners=[police], status="not_reported"
    )
    officer = officer_of(police, name="Ann Invented")
    client.force_login(officer)
    prefix = f"action-{action.pk}"
    response = client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-status": "at_risk",
            f"{prefix}-note": "Final report, sent late.",
            f"{prefix}-version": action.version,
        },
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=action)
    assert update.date == datetime.date(2012, 3, 31)
    return plan, action, update


def sent_words():
    return f"31 March 2012, sent {long_date(timezone.localdate())}"


def test_my_actions_says_which_day_it_describes_and_when_it_was_sent(client, late_update):
    plan, action, update = late_update
    card = client.get(URL).text
    card = card[card.index(f'id="action-{action.pk}"') :]
    assert f"Update for {sent_words()}" in card  # awaiting approval
    approve_update(update_pk=update.pk, by=factories.UserFactory(is_superuser=True))
    card = client.get(URL).text
    card = card[card.index(f'id="action-{action.pk}"') :]
    assert f'<dd class="col-sm-9">{sent_words()}</dd>' in card  # Last update


def test_every_surface_dates_the_late_update_alike_and_words_its_freshness_once(
    client, late_update
):
    plan, action, update = late_update
    approve_update(update_pk=update.pk, by=factories.UserFactory(is_superuser=True))
    freshness = f"Last update {sent_words()}"

    objective_page = client.get(reverse("plans:objective", args=[plan.slug, 1])).text
    assert sent_words() in objective_page
    feed = client.get(reverse("plans:updates_feed", args=[plan.slug])).text
    assert f"update for {sent_words()}" in feed

    client.force_login(in_role("Chair", partnership=plan.partnership))
    drill_down = client.get(reverse("dashboard:objective", args=[plan.slug, 1]))
    [(_, result)] = drill_down.context["actions"]
    assert result.freshness == freshness
    assert "Last update today" not in drill_down.text
    assert sent_words() in board_report_html(plan)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:report_xlsx", args=[plan.slug])).getvalue())
    )
    [row] = [r for r in workbook["Actions"].values if r[1] == "Invented patrols"]
    assert row[5] == freshness
