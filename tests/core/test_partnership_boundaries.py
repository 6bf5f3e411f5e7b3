"""Issue 10, findings 1 and 3: the boundary between partnerships in the admin's forms and saves,
on the dashboard, on draft previews and in the chair's reads (feedback, reminders). The officer
records of finding 2 are in test_officer_records.py; both use tests/core/partnership_world.py.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from actions.models import Action
from consultation.models import Feedback
from cspplan import roles
from cspplan.admin import ScopedAdmin, ScopedInline
from cspplan.models import Plan, PlanSection
from objectives.models import Objective, ReminderLog
from priorities.models import Priority, PriorityTheme
from tests import factories
from tests.core.partnership_world import action_data, add_url, change_url, form_errors, world
from tests.personas import chair, officer_of

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the fixture, used by name


# --- Finding 1: a plan manager cannot write into another partnership's plans ------------------


def test_an_objective_cannot_be_added_to_another_partnerships_plan(client, world):
    client.force_login(world["manager_a"])
    data = {
        "plan": world["b"]["plan"].pk,
        "number": 7,
        "title": "Written into B",
        "summary": "",
        "targets-TOTAL_FORMS": 0,
        "targets-INITIAL_FORMS": 0,
    }
    response = client.post(add_url(Objective), data)
    assert response.status_code == 200
    assert "plan" in form_errors(response)
    assert not Objective.objects.filter(title="Written into B").exists()
    # Their own plan is accepted.
    response = client.post(add_url(Objective), {**data, "plan": world["a"]["plan"].pk})
    assert response.status_code == 302
    assert Objective.objects.get(title="Written into B").plan == world["a"]["plan"]


def test_a_plan_section_cannot_be_added_to_another_partnerships_plan(client, world):
    client.force_login(world["manager_a"])
    response = client.post(
        add_url(PlanSection),
        {"plan": world["b"]["plan"].pk, "order": 1, "slug": "x", "title": "X", "body": "Text"},
    )
    assert "plan" in form_errors(response)
    assert not PlanSection.objects.exists()


def test_a_plan_cannot_be_added_to_another_partnership(client, world):
    client.force_login(world["manager_a"])
    response = client.post(
        add_url(Plan),
        {
            "partnership": world["b"]["partnership"].pk,
            "title": "Planted plan",
            "slug": "planted",
            "period_start": "2012-04-01",
            "period_end": "2013-03-31",
            "target_date": "2013-03-31",
            "target_label": "March 2013",
            "status": "draft",
            "rag_tolerance_percent": "5",
            "objectives-TOTAL_FORMS": 0,
            "objectives-INITIAL_FORMS": 0,
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
        },
    )
    assert "partnership" in form_errors(response)
    assert not Plan.objects.filter(slug="planted").exists()


def test_an_action_cannot_be_added_to_another_partnerships_target(client, world):
    client.force_login(world["manager_a"])
    data = action_data(world["a"]["action"], target=world["b"]["target"].pk, order=9)
    data.pop("loaded_version")
    response = client.post(add_url(Action), {**data, "text": "Planted action"})
    assert "target" in form_errors(response)
    assert not Action.objects.filter(text="Planted action").exists()


def test_an_own_action_cannot_be_moved_to_another_partnerships_target(client, world):
    action = world["a"]["action"]
    client.force_login(world["manager_a"])
    data = action_data(action, target=world["b"]["target"].pk, order=5)
    response = client.post(change_url(action), data)
    assert response.status_code == 200
    assert "target" in form_errors(response)
    action.refresh_from_db()
    assert action.target == world["a"]["target"]
    assert action.version == 1


def test_the_drop_downs_do_not_list_another_partnerships_drafts(client, world):
    client.force_login(world["manager_a"])
    for model in (Objective, PlanSection, PriorityTheme):
        page = client.get(add_url(model)).text
        assert "Ashdown Vale draft plan" in page
        assert "Brindle Moor draft plan" not in page, model
    page = client.get(change_url(world["a"]["action"])).text
    assert "Brindle Moor target" not in page


def test_an_inline_keeps_to_the_users_partnerships(client, world):
    """A priority added through its theme's inline, naming B's plan and objective."""
    theme = factories.PriorityThemeFactory(plan=world["a"]["plan"])
    client.force_login(world["manager_a"])
    response = client.post(
        change_url(theme),
        {
            "plan": world["a"]["plan"].pk,
            "name": theme.name,
            "slug": theme.slug,
            "order": theme.order,
            "priorities-TOTAL_FORMS": 1,
            "priorities-INITIAL_FORMS": 0,
            "priorities-0-order": 1,
            "priorities-0-name": "Planted priority",
            "priorities-0-slug": "planted",
            "priorities-0-description": "",
            "priorities-0-plan": world["b"]["plan"].pk,
            "priorities-0-objectives": [world["b"]["objective"].pk],
        },
    )
    assert response.status_code == 200
    [inline_errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert {"plan", "objectives"} <= set(inline_errors)
    assert not Priority.objects.exists()


def test_list_filters_name_only_the_users_own_plans(client, world):
    factories.PriorityThemeFactory(plan=world["a"]["plan"])
    factories.PriorityThemeFactory(plan=world["b"]["plan"])
    client.force_login(world["manager_a"])
    page = client.get(reverse("admin:priorities_prioritytheme_changelist")).text
    assert "Ashdown Vale draft plan" in page
    assert "Brindle Moor draft plan" not in page
    page = client.get(reverse("admin:objectives_target_changelist")).text
    assert "Brindle Moor objective" not in page


def test_a_save_outside_the_users_rows_is_refused_even_if_a_form_let_it_through(
    client, world, monkeypatch
):
    """The check on the record as saved stands behind the forms' choices: were a field ever
    left unrestricted, the save would still be refused and rolled back."""
    monkeypatch.setattr("cspplan.admin.choices_for", lambda db_field, request: None)
    client.force_login(world["manager_a"])
    response = client.post(
        add_url(PlanSection),
        {"plan": world["b"]["plan"].pk, "order": 1, "slug": "x", "title": "X", "body": "Text"},
    )
    assert response.status_code == 403
    assert not PlanSection.objects.exists()


def test_every_inline_of_a_scoped_admin_keeps_to_the_users_partnerships():
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, ScopedAdmin):
            for inline in model_admin.inlines:
                assert issubclass(inline, ScopedInline), (model_admin, inline)


def test_a_plan_manager_keeps_themselves_among_a_partnerships_members(client, world):
    partnership = world["a"]["partnership"]
    client.force_login(world["manager_a"])
    response = client.post(
        change_url(partnership),
        {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "slug": partnership.slug,
            "area": "",
            "website": "",
            "members": [world["manager_b"].pk],
        },
    )
    assert "members" in form_errors(response)
    assert set(partnership.members.all()) == {world["manager_a"], world["chair_a"]}


# --- Finding 3: dashboard, drafts, feedback ----------------------------------------------------

DASHBOARD_PAGES = ("plan", "approvals", "report_pdf", "report_xlsx")


@pytest.mark.parametrize("who", ["manager_a", "chair_a"])
def test_another_partnerships_dashboard_is_404(client, world, who):
    client.force_login(world[who])
    b_plan = world["b"]["plan"]
    for name in DASHBOARD_PAGES:
        assert client.get(reverse(f"dashboard:{name}", args=[b_plan.slug])).status_code == 404
        assert client.get(reverse(f"dashboard:{name}", args=["no-such-plan"])).status_code == 404
    objective = reverse("dashboard:objective", args=[b_plan.slug, 1])
    assert client.get(objective).status_code == 404
    assert client.get(reverse("dashboard:index"), {"plan": b_plan.slug}).status_code == 404
    response = client.post(
        reverse("dashboard:approvals", args=[b_plan.slug]),
        {"decision": "approve-all", "expected": "0"},
    )
    assert response.status_code == 404
    # Their own plan opens.
    assert client.get(reverse("dashboard:plan", args=[world["a"]["plan"].slug])).status_code == 200


def test_the_dashboard_index_goes_to_a_plan_of_the_users_own_partnership(client, world):
    # B's plan is newer and published: it would be everyone's default.
    Plan.objects.filter(pk=world["b"]["plan"].pk).update(
        status=Plan.Status.PUBLISHED,
        published_at=datetime.datetime(2012, 4, 1, tzinfo=datetime.UTC),
        period_start=datetime.date(2012, 4, 1),
        period_end=datetime.date(2013, 3, 31),
        target_date=datetime.date(2013, 3, 31),
    )
    for who in ("manager_a", "chair_a"):
        client.force_login(world[who])
        response = client.get(reverse("dashboard:index"))
        assert response.url == reverse("dashboard:plan", args=[world["a"]["plan"].slug])
        page = client.get(response.url).text
        assert "Brindle Moor" not in page


def test_a_chair_of_no_partnership_sees_no_plans(client, world):
    client.force_login(chair(username="chair-of-nothing"))
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert response.templates[0].name == "dashboard/no_plans.html"


def test_staff_preview_only_their_own_partnerships_drafts(client, world):
    a_plan, b_plan = world["a"]["plan"], world["b"]["plan"]
    b_json = reverse("plans:delivery_plan_json", args=[b_plan.slug])
    for who in ("manager_a", "chair_a"):
        client.force_login(world[who])
        assert client.get(a_plan.get_absolute_url()).status_code == 200
        assert client.get(b_plan.get_absolute_url()).status_code == 404
        assert client.get(b_json).status_code == 404
        assert "Brindle Moor draft plan" not in client.get(reverse("plans:list")).text
    client.force_login(factories.UserFactory(is_staff=True, username="staff-of-nothing"))
    assert client.get(a_plan.get_absolute_url()).status_code == 404
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    assert client.get(b_json).status_code == 200


def test_an_officer_previews_the_drafts_in_which_their_agency_has_work(client, world):
    client.force_login(officer_of(world["police"], username="police-officer"))
    assert client.get(world["a"]["plan"].get_absolute_url()).status_code == 200
    client.force_login(officer_of(world["fire"], username="fire-officer"))
    assert client.get(world["a"]["plan"].get_absolute_url()).status_code == 404


def test_the_chair_reads_no_other_partnerships_residents(client, world):
    ours = factories.FeedbackFactory(plan=world["a"]["plan"], name="Ada Ours")
    theirs = factories.FeedbackFactory(
        plan=world["b"]["plan"], name="Bea Theirs", email="bea@example.org"
    )
    client.force_login(world["chair_a"])
    changelist = client.get(reverse("admin:consultation_feedback_changelist"))
    assert list(changelist.context["cl"].result_list) == [ours]
    assert client.get(change_url(ours)).status_code == 200
    assert client.get(change_url(theirs)).status_code == 404
    assert client.get(
        reverse("admin:consultation_feedback_history", args=[theirs.pk])
    ).status_code in (
        403,
        404,
    )
    assert Feedback.objects.count() == 2


def test_the_chair_reads_every_record_of_their_own_partnership_only(client, world):
    client.force_login(world["chair_a"])
    actions = client.get(reverse("admin:actions_action_changelist")).context["cl"].result_list
    assert list(actions) == [world["a"]["action"]]
    assert client.get(change_url(world["b"]["action"])).status_code == 404
    assert client.get(change_url(world["b"]["plan"])).status_code == 404


def test_the_chair_reads_only_their_partnerships_reminders(client, world):
    ours, theirs = factories.OfficerFactory(), factories.OfficerFactory()
    world["a"]["action"].lead_officers.set([ours])
    world["b"]["action"].lead_officers.set([theirs])
    logs = [
        ReminderLog.objects.create(
            officer=officer,
            quarter_start=datetime.date(2011, 7, 1),
            sent_at=datetime.datetime(2011, 8, 3, tzinfo=datetime.UTC),
            sent_to=officer.email,
        )
        for officer in (ours, theirs)
    ]
    client.force_login(world["chair_a"])
    listed = client.get(reverse("admin:objectives_reminderlog_changelist")).context["cl"]
    assert list(listed.result_list) == [logs[0]]


def test_a_revert_to_a_past_version_is_a_change_refused_to_who_may_not_change(client, world):
    """simple_history's "revert" page asked only for the view permission: the chair, who reads
    the section, could save an old version of it; so could an officer an organisation's."""
    section = factories.PlanSectionFactory(plan=world["a"]["plan"], title="Old title")
    section.title = "New title"
    section.save()
    old = section.history.earliest()
    url = reverse("admin:cspplan_plansection_simple_history", args=[section.pk, old.history_id])
    data = {
        "plan": world["a"]["plan"].pk,
        "order": section.order,
        "slug": section.slug,
        "title": "Old title",
        "body": section.body,
        "signatory_name": "",
        "signatory_role": "",
    }
    client.force_login(world["chair_a"])
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    section.refresh_from_db()
    assert section.title == "New title"

    organisation = world["police"]
    organisation.name = "Renamed Constabulary"
    organisation.save()
    old = organisation.history.earliest()
    client.force_login(officer_of(world["police"], username="police-officer"))
    url = reverse(
        "admin:cspplan_organisation_simple_history", args=[organisation.pk, old.history_id]
    )
    response = client.post(
        url, {"name": "Invented Constabulary", "slug": organisation.slug, "kind": "other"}
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Renamed Constabulary"

    client.force_login(world["manager_a"])
    assert (
        client.post(
            reverse(
                "admin:cspplan_plansection_simple_history",
                args=[section.pk, section.history.earliest().history_id],
            ),
            data,
        ).status_code
        == 302
    )
    section.refresh_from_db()
    assert section.title == "Old title"


def test_a_bulk_action_acts_only_on_rows_the_user_edits_not_on_those_they_read(client, world):
    """The chair of A who is also an officer of the fire service reads A's actions but sets
    the status of the fire service's only."""
    fire_action = factories.ActionFactory(target=world["b"]["target"], order=2, text="B fire")
    fire_action.owners.set([world["fire"]])
    both = officer_of(world["fire"], username="chair-a-fire-officer", name="Dual Role")
    both.groups.add(Group.objects.get(name=roles.CHAIR))
    world["a"]["partnership"].members.add(both)
    client.force_login(both)
    a_action = world["a"]["action"]
    assert client.get(change_url(a_action)).status_code == 200
    response = client.post(
        reverse("admin:actions_action_changelist"),
        {"action": "mark_complete", "_selected_action": [a_action.pk, fire_action.pk]},
    )
    assert response.status_code == 302
    # An officer's new status is an update waiting for approval (one status per action).
    assert not a_action.updates.exists()
    assert fire_action.updates.get().status == "completed"
