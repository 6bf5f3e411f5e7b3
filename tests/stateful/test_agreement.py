"""The comparison the stateful test relies on (tests/stateful/agreement.py): it must see a
disagreement when there is one, and name the surfaces, or the stateful test could not fail."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cspplan.models import Plan
from tests import factories
from tests.personas import plan_manager_of
from tests.stateful import surfaces
from tests.stateful.agreement import changes, findings
from tests.stateful.forms import find_form, submit
from tests.stateful.surfaces import (
    ActionState,
    Reading,
    action_count_row,
    action_state,
    rag_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_actions():
    objective = factories.ObjectiveFactory(number=1)
    first = factories.ActionFactory(target__objective=objective)
    second = factories.ActionFactory(target=first.target)
    return objective.plan, first.pk, second.pk


def reference(first, second):
    return Reading(
        "objective page",
        actions={first: ActionState("at_risk", True), second: ActionState("on_track", False)},
        objectives={1: "red"},
        lists_every_action=True,
    )


def test_surfaces_that_agree_have_no_findings(two_actions):
    plan, first, second = two_actions
    same = Reading(
        "board report",
        actions={first: ActionState("at_risk", True), second: ActionState("on_track", False)},
        objectives={1: "red"},
        action_counts=Counter({"overdue": 1, "on_track": 1}),
        objective_counts=Counter({"red": 1}),
        completed={1: (0, 2)},
    )
    # A surface that does not say whether an action is overdue is compared on status only.
    silent = Reading("my actions", actions={first: ActionState("at_risk", None)})
    assert findings(plan, reference(first, second), [same, silent]) == []


def test_a_different_state_colour_or_count_is_a_finding_naming_both_surfaces(two_actions):
    plan, first, second = two_actions
    other = Reading(
        "delivery plan page",
        actions={first: ActionState("at_risk", False), second: ActionState("on_track", False)},
        objectives={1: "amber"},
        action_counts=Counter({"at_risk": 1, "on_track": 1}),
        lists_every_action=True,
    )
    found = findings(plan, reference(first, second), [other])
    assert (
        f"action {first}: delivery plan page says at_risk, objective page says at_risk (overdue)"
        in found
    )
    assert "objective 1: delivery plan page says amber, objective page says red" in found
    assert any(f.startswith("delivery plan page counts actions by status") for f in found)


def test_a_count_that_puts_an_overdue_action_under_its_status_is_a_finding(two_actions):
    """Overdue is counted once, as "Overdue" (``count_actions_by_state``): a surface counting
    the overdue "At risk" action as "At risk" disagrees, though its total is right."""
    plan, first, second = two_actions
    by_status = Reading("home", action_counts=Counter({"at_risk": 1, "on_track": 1}))
    twice = Reading("dashboard", action_counts=Counter({"overdue": 1, "at_risk": 1, "on_track": 1}))
    found = findings(plan, reference(first, second), [by_status, twice])
    assert found == [
        "home counts actions by status at_risk 1, on_track 1; objective page shows "
        "on_track 1, overdue 1",
        "dashboard counts actions by status at_risk 1, on_track 1, overdue 1; objective page "
        "shows on_track 1, overdue 1",
    ]


def test_a_surface_that_lists_every_action_and_misses_one_is_a_finding(two_actions):
    plan, first, second = two_actions
    short = Reading("delivery plan CSV", actions={first: ActionState("at_risk", True)})
    short.lists_every_action = True
    assert findings(plan, reference(first, second), [short]) == [
        f"delivery plan CSV: lists actions missing [{second}], extra []"
    ]


def test_labels_read_as_the_pages_word_them():
    # A label with no milestone words says the action has none ("").
    assert action_state("At risk · overdue", "x") == ActionState("at_risk", True, "")
    assert action_state("No update yet", "x") == ActionState("not_reported", False, "")
    assert action_state("At risk · overdue · 0 of 1 milestone done, 1 late", "x") == ActionState(
        "at_risk", True, "0 of 1 milestone done, 1 late"
    )
    assert rag_code("Off track · 3 of 24 assessed", "x") == "red"
    with pytest.raises(AssertionError, match="no action status reads 'Late'"):
        action_state("Late", "x")
    assert action_count_row("Overdue", "x") == "overdue"
    assert action_count_row("No update yet", "x") == "not_reported"
    with pytest.raises(AssertionError, match="no row of actions by state reads"):
        action_count_row("At risk · overdue", "x")


def test_different_milestone_words_are_a_finding(two_actions):
    plan, first, second = two_actions
    reading = reference(first, second)
    reading.actions[second] = ActionState("on_track", False, "1 of 2 milestones done")
    other = Reading(
        "delivery plan page",
        actions={second: ActionState("on_track", False, "2 of 2 milestones done")},
    )
    silent = Reading("admin action list", actions={second: ActionState("on_track", None, None)})
    [finding] = findings(plan, reading, [other, silent])
    assert "[2 of 2 milestones done]" in finding and "[1 of 2 milestones done]" in finding


def test_a_view_read_again_differently_is_a_change():
    before = Reading("dashboard", objectives={1: "green"}, overdue=set())
    after = Reading("dashboard", objectives={1: "amber"}, overdue={7})
    assert changes(before, before) == []
    assert changes(before, after) == ["objective 1: green → amber", "overdue: set() → {7}"]


def test_a_past_plan_is_not_read_from_its_partnerships_current_plan(settings, client):
    """/partnerships/ and a partnership's page count the plan in force; a past plan linked
    beside it must not be given those counts (seed 42 of the stateful test did)."""
    call_command("load_seed_plan", stdout=io.StringIO())
    seed = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = seed.partnership.slug
    manager = Client()
    manager.force_login(plan_manager_of(seed.partnership))
    url = reverse("rollover:form", args=[seed.pk])
    form = find_form(manager.get(url).content, "//main//form[@method='post']")
    assert submit(manager, url, form, {}).status_code == 302
    new = Plan.objects.exclude(pk=seed.pk).get(partnership=seed.partnership)
    for action, plan in (("archive", seed), ("publish", new)):
        manager.post(
            reverse("admin:cspplan_plan_changelist"),
            {"action": action, "_selected_action": [plan.pk]},
        )
    assert set(Plan.objects.values_list("status", flat=True)) == {"archived", "published"}
    for reader in (surfaces.partnerships, surfaces.partnership_page):
        assert reader(client, seed).action_counts is None
        assert reader(client, new).action_counts
