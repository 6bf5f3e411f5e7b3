"""Staff see how many follow a plan, an objective and an action by e-mail, never who
(issue 28): one count (notices/counts.py), on the dashboard and its objective drill-down."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notices import following
from notices.counts import audience
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


def follow(email, plan, **kwargs):
    found = following.ask_to_follow(email=email, plan=plan, frequency="daily", **kwargs)
    following.confirm(following.confirm_token(found))
    return found


@pytest.fixture
def plan_with_followers():
    plan = factories.running_plan(slug="invented-counted")
    objective = factories.ObjectiveFactory(plan=plan, number=1)
    other_objective = factories.ObjectiveFactory(plan=plan, number=2)
    action = factories.ActionFactory(target__objective=objective, text="Invented counted action")
    other = factories.ActionFactory(target__objective=other_objective)
    follow("whole@example.net", plan)
    follow("objective@example.net", plan, objective=objective)
    follow("action@example.net", plan, objective=objective, action=action)
    # The same person following the action and the whole plan is one person.
    follow("whole@example.net", plan, objective=objective, action=action)
    # A request never confirmed is nobody yet.
    following.ask_to_follow(email="unsure@example.net", plan=plan, frequency="daily")
    staff = plan_manager_of(plan.partnership, username="manager-counted")
    following.staff_follow(user=staff, action=other)
    return plan, objective, other_objective, action, other, staff


def test_each_person_is_counted_once_for_what_their_digest_tells_of(plan_with_followers):
    plan, objective, other_objective, action, other, _staff = plan_with_followers
    counted = audience(plan)
    assert counted.of_plan() == 1  # whole@
    assert counted.of_objective(objective) == 2  # whole@, objective@
    assert counted.of_objective(other_objective) == 1
    assert counted.of_action(action) == 3  # whole@, objective@, action@
    assert counted.of_action(other) == 2  # whole@, the member of staff


def test_the_dashboard_shows_the_counts_and_never_an_address(plan_with_followers, client):
    plan, objective, _other_objective, action, _other, staff = plan_with_followers
    client.force_login(staff)
    session = client.session
    session["cspplan_second_factor_at"] = timezone.now().isoformat()
    page = client.get(reverse("dashboard:plan", args=[plan.slug])).content.decode()
    assert "Followed by e-mail: 1 person follows the whole plan" in page
    drill_down = client.get(reverse("dashboard:objective", args=[plan.slug, objective.number]))
    html = drill_down.content.decode()
    assert "Followed by e-mail: 2 people" in html
    assert '<th scope="col">Followers</th>' in html
    row = html.split(f'data-action-id="{action.pk}"')[1].split("</tr>")[0]
    assert row.rstrip().endswith("<td>3</td>")
    for text in (page, html):
        assert "@example.net" not in text
