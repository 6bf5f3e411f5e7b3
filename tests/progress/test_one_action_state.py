"""One action state: an action's status as at a day (its latest approved update dated by then),
whether it is overdue, its words, its colour and its code come from one rule
(``progress.rag.assess_action``), and every surface and every count shows that one state.

The plan is invented: a 2011–12 plan (ended, so judged as at 31 March 2012) with an action
overdue and at risk, one on track, one with no update, and one whose only update is dated on
the plan's last day.
"""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from actions.models import ActionStatus
from dashboard.overview import build_dashboard
from dashboard.reports import board_report_data
from objectives.models import ApprovalStatus
from progress import rag
from progress.approval import approve_update
from progress.assessment import RagStatus, count_actions_by_state
from tests import factories
from tests.personas import in_role
from tests.progress.test_as_at import day, on, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db

OVERDUE_LABEL = "At risk · overdue"


def approved_update(**kwargs):
    return factories.ActionUpdateFactory(
        approval=ApprovalStatus.APPROVED, approved_at=timezone.now(), **kwargs
    )


@pytest.fixture
def plan(settings):
    plan = factories.PlanFactory(slug="invented-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    objective = factories.ObjectiveFactory(plan=plan, number=1)
    target = factories.TargetFactory(objective=objective)
    late = factories.ActionFactory(
        target=target,
        order=1,
        text="Invented overdue action",
        due_date=datetime.date(2011, 7, 31),
        status=ActionStatus.AT_RISK,
    )
    approved_update(action=late, date=datetime.date(2011, 6, 30), status=ActionStatus.AT_RISK)
    on_track = factories.ActionFactory(
        target=target, order=2, text="Invented action on track", status=ActionStatus.ON_TRACK
    )
    approved_update(action=on_track, date=datetime.date(2011, 9, 30))
    factories.ActionFactory(
        target=target, order=3, text="Invented quiet action", status=ActionStatus.NOT_REPORTED
    )
    final = factories.ActionFactory(
        target=target, order=4, text="Invented action reported at the end", status="at_risk"
    )
    approved_update(action=final, date=datetime.date(2012, 3, 31), status=ActionStatus.AT_RISK)
    return plan


EXPECTED_COUNTS = [("overdue", "Overdue", 1), ("not_reported", "No update yet", 1),
                   ("on_track", "On track", 1), ("at_risk", "At risk", 1)]  # fmt: skip


def as_tuples(counts):
    return sorted((c.status, c.label, c.count) for c in counts)


def test_the_rule_counts_an_overdue_action_as_overdue_once(plan):
    assessment = rag.assess_plan(plan)
    counts = count_actions_by_state(assessment.action_assessments.values())
    assert as_tuples(counts) == sorted(EXPECTED_COUNTS)
    assert counts[0].status == "overdue"  # the worst first


def test_home_partnerships_dashboard_and_board_report_count_actions_alike(client, plan):
    expected = sorted(EXPECTED_COUNTS)
    home = client.get(reverse("home"))
    assert as_tuples(home.context["progress"]["actions"]) == expected
    listing = client.get(reverse("partnerships"))
    [years] = listing.context["partnerships"]
    assert as_tuples(years.action_counts) == expected
    detail = client.get(reverse("partnership", args=[plan.partnership.slug]))
    assert as_tuples(detail.context["progress"]["actions"]) == expected
    assert as_tuples(build_dashboard(plan).actions_by_status) == expected
    report = board_report_data(plan, with_charts=False)
    assert as_tuples(report.action_counts) == expected

    client.force_login(in_role("Chair", partnership=plan.partnership))
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:report_xlsx", args=[plan.slug])).getvalue())
    )
    rows = [r for r in workbook["Summary"].values if r[0] == "Actions"]
    assert sorted((r[1], r[2]) for r in rows) == sorted((label, n) for _, label, n in expected)


def test_every_delivery_plan_surface_says_overdue(client, plan):
    html = client.get(reverse("plans:delivery_plan", args=[plan.slug])).text
    assert f"Status: {OVERDUE_LABEL}" in html
    found = client.get(reverse("search"), {"q": "Invented"}).text
    assert f"Status: {OVERDUE_LABEL}." in found

    data = json.loads(client.get(reverse("plans:delivery_plan_json", args=[plan.slug])).content)
    actions = {a["text"]: a for o in data["objectives"] for t in o["targets"] for a in t["actions"]}
    late = actions["Invented overdue action"]
    assert (late["status"], late["status_label"], late["overdue"]) == (
        "at_risk",
        OVERDUE_LABEL,
        True,
    )
    assert actions["Invented quiet action"]["overdue"] is False

    body = client.get(reverse("plans:delivery_plan_csv", args=[plan.slug])).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    statuses = {r["Actions"]: r["Status"] for r in rows}
    assert statuses["Invented overdue action"] == OVERDUE_LABEL

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("plans:delivery_plan_xlsx", args=[plan.slug])).content)
    ).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert OVERDUE_LABEL in values

    document = Document(
        io.BytesIO(client.get(reverse("plans:delivery_plan_docx", args=[plan.slug])).getvalue())
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert OVERDUE_LABEL in cells


def test_the_feed_and_the_api_use_the_same_state_and_codes(client, plan):
    feed = client.get(reverse("plans:updates_feed", args=[plan.slug])).text
    assert f"Objective 1: {OVERDUE_LABEL} – Invented overdue action" not in feed  # as at 30 June
    assert "Objective 1: At risk – Invented overdue action" in feed

    response = client.get(reverse("api:action_list"), {"plan": plan.slug})
    actions = {a["text"]: a for a in response.json()["results"]}
    quiet = actions["Invented quiet action"]
    # One vocabulary: the status and its assessment say "not_reported" for "No update yet".
    assert quiet["status"] == quiet["assessment"]["status"] == "not_reported"
    late = actions["Invented overdue action"]
    assert (late["status"], late["status_label"], late["assessment"]["label"]) == (
        "at_risk",
        OVERDUE_LABEL,
        OVERDUE_LABEL,
    )
    assert late["overdue"] is True


def test_an_action_past_its_due_date_reads_overdue_in_the_admin_list(client, plan):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:actions_action_changelist"), {"q": "Invented overdue"})
    assert "31 Jul 2011 · overdue" in listing.text


# --- Past days ------------------------------------------------------------------------------


def test_a_past_day_never_shows_the_status_of_a_later_update(plan):
    """The plan has no history before 2011 (its records were made now), so the day is read as
    approved now, by date: the update of 31 March 2012 did not exist on 31 December 2011."""
    day = datetime.date(2011, 12, 31)
    assessment = rag.assess_plan(plan, today=day)
    final = next(a for a in assessment.actions if a.text.startswith("Invented action reported"))
    result = assessment.for_action(final)
    assert result.action_status == ActionStatus.NOT_REPORTED
    assert result.status == RagStatus.NO_UPDATE
    assert result.label == "No update yet"
    assert "At risk" not in result.explanation
    [objective] = assessment.objectives
    # Overdue (red), on track (green): 2 of 4 assessed; the later update is not counted.
    assert assessment.for_objective(objective).evidence == "2 of 4 assessed"


def test_read_from_history_an_update_dated_later_is_left_out_though_approved_earlier(world):  # noqa: F811
    """On 10 January an update dated on the plan's last day was approved, and the action took
    its status; as at 1 February that update describes a day still to come."""
    action, plan = world["action"], world["plan"]
    with on(day(1, 10)):
        update = factories.ActionUpdateFactory(
            action=action, date=day(3, 31), status=ActionStatus.AT_RISK
        )
        approve_update(update_pk=update.pk, by=world["manager"])
    then = rag.assess_plan(plan, today=day(2, 1))
    assert then.from_history
    result = then.for_action(action)
    assert (result.label, result.last_update, result.status) == (
        "No update yet",
        None,
        RagStatus.NO_UPDATE,
    )
    assert rag.assess_plan(plan).for_action(action).label == "At risk"


def test_every_as_at_surface_leaves_out_a_later_update(client, plan):
    client.force_login(in_role("Chair", partnership=plan.partnership))
    as_at = {"as_at": "2011-12-31"}
    page = client.get(reverse("dashboard:objective", args=[plan.slug, 1]), as_at)
    rows = {action.text: result for action, result in page.context["actions"]}
    assert rows["Invented action reported at the end"].label == "No update yet"
    assert "2 of 4 assessed" in page.text

    dashboard = client.get(reverse("dashboard:plan", args=[plan.slug]), as_at).context
    [row] = [r for r in dashboard["dashboard"].action_rows if r.action.text.endswith("at the end")]
    assert row.assessment.label == "No update yet"

    report = board_report_data(plan, today=datetime.date(2011, 12, 31), with_charts=False)
    assert ("at_risk", "At risk", 1) not in as_tuples(report.action_counts)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:report_xlsx", args=[plan.slug]), as_at).getvalue())
    )
    statuses = {r[1]: r[4] for r in workbook["Actions"].values}
    assert statuses["Invented action reported at the end"] == "No update yet"


# --- Words ----------------------------------------------------------------------------------


def test_no_update_reads_as_a_person_would_write_it(plan):
    assessment = rag.assess_plan(plan)
    quiet = next(a for a in assessment.actions if a.text == "Invented quiet action")
    text = assessment.for_action(quiet).explanation
    assert text == "No update has been reported yet → no update yet."
    assert "the plan records" not in text


def test_an_update_dated_in_the_future_of_a_running_plan_does_not_complete_it_yet(client):
    """A completion dated next week, approved today: the action takes its status (stored), but
    as at today every surface still reads the status before it, counts included."""
    plan = factories.running_plan(slug="invented-running")
    objective = factories.ObjectiveFactory(plan=plan, number=1)
    action = factories.ActionFactory(
        target__objective=objective, text="Invented future work", status=ActionStatus.COMPLETED
    )
    approved_update(
        action=action,
        date=timezone.localdate() + datetime.timedelta(days=7),
        status=ActionStatus.COMPLETED,
    )
    page = client.get(reverse("plans:detail", args=[plan.slug]))
    [listed] = page.context["objectives"]
    assert listed.completed_action_count == 0
    assert rag.assess_plan(plan).for_action(action).label == "No update yet"


def test_one_actions_state_can_be_asked_on_its_own(plan):
    late = plan.objectives.get().targets.get().actions.get(order=1)
    assert rag.action_state(late).label == OVERDUE_LABEL
    # As at a day before it was due, and before its update: no update yet, not overdue.
    early = rag.action_state(late, day=datetime.date(2011, 5, 1))
    assert (early.label, early.is_overdue) == ("No update yet", False)
