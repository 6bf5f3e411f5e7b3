"""The reminders log in the admin: who was reminded, when and for which quarter. Read only;
plan managers and the chair see the reminders of their own partnerships' lead officers,
officers none."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from objectives.models import ReminderLog
from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:objectives_reminderlog_changelist")
JULY = datetime.date(2011, 7, 1)
OCTOBER = datetime.date(2011, 10, 1)


def reminder(officer, quarter_start=JULY, **extra):
    return ReminderLog.objects.create(
        officer=officer,
        quarter_start=quarter_start,
        sent_at=timezone.make_aware(datetime.datetime(2011, 8, 3, 9, 30)),
        sent_to=officer.email,
        **extra,
    )


def change_url(log):
    return reverse("admin:objectives_reminderlog_change", args=[log.pk])


@pytest.fixture
def two_partnerships():
    """A lead officer of an action in our plan, one of a target row in our plan, and one who
    leads only in another partnership's plan; one reminder each."""
    ours = factories.PlanFactory()
    action_lead = factories.OfficerFactory(name="Andrew Hill")
    factories.ActionFactory(target__objective__plan=ours, lead_officers=[action_lead])
    target_lead = factories.OfficerFactory(name="Geoff Hurst")
    factories.TargetFactory(objective__plan=ours).lead_officers.set([target_lead])
    elsewhere = factories.OfficerFactory(name="Someone Elsewhere")
    factories.ActionFactory(lead_officers=[elsewhere])
    return {
        "plan": ours,
        "action_lead": reminder(action_lead, action_count=3, measure_count=1),
        "target_lead": reminder(target_lead, quarter_start=OCTOBER),
        "elsewhere": reminder(elsewhere),
    }


def test_a_plan_manager_sees_the_reminders_of_their_plans_lead_officers(client, two_partnerships):
    client.force_login(plan_manager_of(two_partnerships["plan"].partnership))

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {
        two_partnerships["action_lead"],
        two_partnerships["target_lead"],
    }
    page = response.content.decode()
    assert "Andrew Hill" in page and "Jul–Sep 2011" in page and "Oct–Dec 2011" in page
    assert "Someone Elsewhere" not in page


def test_a_plan_manager_gets_404_for_another_partnerships_reminder(client, two_partnerships):
    client.force_login(plan_manager_of(two_partnerships["plan"].partnership))

    assert client.get(change_url(two_partnerships["elsewhere"])).status_code == 404
    assert client.get(change_url(two_partnerships["action_lead"])).status_code == 200


def test_a_plan_manager_of_no_partnership_sees_no_reminders(client, two_partnerships):
    manager = plan_manager_of(two_partnerships["plan"].partnership)
    manager.partnerships.clear()
    client.force_login(manager)

    assert list(client.get(CHANGELIST).context["cl"].result_list) == []


def test_the_chair_reads_the_reminders_of_their_partnerships_lead_officers(
    client, two_partnerships
):
    client.force_login(chair(two_partnerships["plan"].partnership))

    response = client.get(CHANGELIST)

    assert set(response.context["cl"].result_list) == {
        two_partnerships["action_lead"],
        two_partnerships["target_lead"],
    }
    assert client.get(change_url(two_partnerships["elsewhere"])).status_code == 404


def test_an_officer_cannot_read_the_reminders(client, two_partnerships):
    client.force_login(officer_of(factories.OrganisationFactory()))

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(two_partnerships["action_lead"])).status_code == 404
    index = client.get(reverse("admin:index")).content.decode()
    assert "Reminder logs" not in index


def test_nobody_adds_changes_or_deletes_a_reminder_here(client, two_partnerships):
    log = two_partnerships["action_lead"]
    client.force_login(plan_manager_of(two_partnerships["plan"].partnership))

    page = client.get(change_url(log))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "3" in page.content.decode() and log.sent_to in page.content.decode()
    assert client.get(reverse("admin:objectives_reminderlog_add")).status_code == 403
    assert client.post(change_url(log), {"sent_to": "x@example.org"}).status_code == 403
    delete = reverse("admin:objectives_reminderlog_delete", args=[log.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    log.refresh_from_db()
    assert log.sent_to != "x@example.org"
    assert ReminderLog.objects.count() == 3


def test_the_quarter_filter_offers_the_quarters_in_words_and_filters(client, two_partnerships):
    client.force_login(chair(two_partnerships["plan"].partnership))

    response = client.get(CHANGELIST + "?quarter=2011-10-01")

    [quarter_filter] = response.context["cl"].filter_specs
    assert [title for _, title in quarter_filter.lookup_choices] == [
        "Oct–Dec 2011",
        "Jul–Sep 2011",
    ]
    assert list(response.context["cl"].result_list) == [two_partnerships["target_lead"]]


# Session, user, group names (roles); the filter's quarters; the count and the unfiltered count;
# the user's and their groups' permissions (2, for the admin's navigation); one page of
# reminders with their officers and organisations; the staff header's officer record and plan.
# The partnership scope is a subquery of each.
@pytest.mark.parametrize("officers", [2, 12])
def test_the_reminders_list_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, officers
):
    plan = factories.PlanFactory()
    for index in range(officers):
        lead = factories.OfficerFactory()
        factories.ActionFactory(target__objective__plan=plan, lead_officers=[lead])
        reminder(lead, quarter_start=JULY if index % 2 else OCTOBER)
    client.force_login(plan_manager_of(plan.partnership))
    client.get(CHANGELIST)  # warm the content-type cache, as a running site has it warm

    with django_assert_num_queries(11):
        response = client.get(CHANGELIST)

    assert response.context["cl"].result_count == officers
