"""One status per action: the stored status is the status of the action's latest approved
update, whichever way progress arrived, and every surface shows that one status."""

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actions.models import Action, ActionStatus, ActionUpdate
from actions.services import change_status
from cspplan.models import Plan
from objectives.models import ApprovalStatus
from progress.approval import approve_update
from tests import factories
from tests.personas import in_role, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
CHILDSAFE = "Deliver child fire safety education (CHILDSAFE)"


def latest_approved_status(action):
    latest = action.updates.approved().order_by("-date", "-created_at").first()
    return latest.status if latest else None


@pytest.fixture
def demo(settings):
    """What `make run` loads: the seed plan, the demonstration progress and the demo logins."""
    call_command("load_seed_plan", demo=True, stdout=io.StringIO())
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    return plan


def test_every_demo_action_has_the_status_of_its_latest_approved_update(demo):
    with_updates = 0
    for action in Action.objects.for_plan(demo).prefetch_related("updates"):
        latest = latest_approved_status(action)
        if latest is not None:
            with_updates += 1
            assert action.status == latest, action
        else:
            assert action.status == ActionStatus.NOT_REPORTED, action
    assert with_updates == 12  # the actions the demonstration progress reports on


def test_one_action_reads_the_same_on_every_surface(client, demo):
    action = Action.objects.get(text__startswith=CHILDSAFE)
    assert action.status == ActionStatus.ONGOING
    label = "Ongoing (business as usual)"

    # The objective page: the action's badge.
    page = client.get(reverse("plans:objective", args=[demo.slug, 6]))
    shown = {a.pk: a.assessment.label for t in page.context["targets"] for a in t.actions.all()}
    assert shown[action.pk] == label
    # The objective's own badge says how much of it was assessed.
    evidence = page.context["objective"].assessment.evidence
    assert evidence.endswith("assessed") and f" · {evidence}</span>" in page.text

    # The delivery plan page.
    html = client.get(reverse("plans:delivery_plan", args=[demo.slug])).text
    after = html[html.index("CHILDSAFE") :]
    assert re.search(r'class="action-status small">Status: ([^;<]+)', after).group(1) == label

    # Search.
    found = client.get(reverse("search"), {"q": "CHILDSAFE"}).text
    assert f"Status: {label}." in found

    # Open data.
    data = json.loads(client.get(reverse("plans:delivery_plan_json", args=[demo.slug])).content)
    [entry] = [
        a for o in data["objectives"] for t in o["targets"] for a in t["actions"]
        if a["id"] == action.pk
    ]  # fmt: skip
    assert (entry["status"], entry["status_label"]) == ("ongoing", label)
    statuses = {a["status"] for o in data["objectives"] for t in o["targets"] for a in t["actions"]}
    assert statuses != {"not_reported"}

    # The downloads: CSV and Excel (a Status column) and Word (a Status column per objective).
    csv_text = client.get(reverse("plans:delivery_plan_csv", args=[demo.slug])).content
    rows = list(csv.DictReader(io.StringIO(csv_text.decode("utf-8-sig"))))
    [csv_row] = [r for r in rows if r["Action ID"] == str(action.pk)]
    assert csv_row["Status"] == label
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("plans:delivery_plan_xlsx", args=[demo.slug])).content)
    )
    sheet, ids = workbook["Delivery plan"], workbook["Data for re-importing"]  # ids: hidden
    header = [cell.value for cell in sheet[1]]
    id_header = [cell.value for cell in ids[1]]
    [row_number] = [
        line[id_header.index("Row")] for line in ids.iter_rows(min_row=2, values_only=True)
        if line[id_header.index("Action ID")] == action.pk
    ]  # fmt: skip
    assert sheet.cell(row_number, header.index("Status") + 1).value == label
    document = Document(
        io.BytesIO(client.get(reverse("plans:delivery_plan_docx", args=[demo.slug])).getvalue())
    )
    cells = [
        [cell.text for cell in row.cells]
        for table in document.tables
        if table.rows[0].cells[-1].text == "Status"
        for row in table.rows
    ]
    [docx_row] = [row for row in cells if any(CHILDSAFE in text for text in row)]
    assert docx_row[-1] == label

    # The plan's Atom feed: the update's entry.
    feed = client.get(reverse("plans:updates_feed", args=[demo.slug])).text
    assert f"Objective 6: {label} – {CHILDSAFE}" in feed

    # Staff: the chair's dashboard, the board report, the admin list and the officer's page.
    chair = in_role("Chair", partnership=demo.partnership)
    client.force_login(chair)
    dashboard = client.get(reverse("dashboard:plan", args=[demo.slug])).context["dashboard"]
    [row] = [r for r in dashboard.action_rows if r.action.pk == action.pk]
    assert row.assessment.label == label
    report = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:report_xlsx", args=[demo.slug])).getvalue())
    )
    rows = [r for r in report["Actions"].values if r[1] and str(r[1]).startswith(CHILDSAFE)]
    assert [r[4] for r in rows] == [label]

    manager = plan_manager_of(demo.partnership, username="one-status-manager")
    client.force_login(manager)
    listing = client.get(reverse("admin:actions_action_changelist"), {"q": "CHILDSAFE"})
    [form] = [f for f in listing.context["cl"].formset.forms if f.instance.pk == action.pk]
    assert form.initial["status"] == ActionStatus.ONGOING

    officer = officer_of(action.owners.first(), username="one-status-officer", name="Ann Invented")
    client.force_login(officer)
    mine = client.get(reverse("my_actions:index")).text
    item = mine[mine.index("CHILDSAFE") :]
    assert (
        re.search(r'<dt class="col-sm-3">Status</dt><dd class="col-sm-9">([^<]+)<', item).group(1)
        == label
    )


def test_an_officers_status_set_in_the_admin_waits_for_approval_then_applies():
    police = factories.OrganisationFactory(name="Invented Police")
    action = factories.ActionFactory(owners=[police], status=ActionStatus.ON_TRACK)
    officer = officer_of(police)
    update = change_status(action=action, by=officer, status=ActionStatus.AT_RISK)
    action.refresh_from_db()
    assert (update.approval, action.status) == (ApprovalStatus.SUBMITTED, ActionStatus.ON_TRACK)

    manager = plan_manager_of(action.target.objective.plan.partnership)
    approve_update(update_pk=update.pk, by=manager)
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK == latest_approved_status(action)


def test_a_managers_status_set_in_the_admin_applies_at_once_as_an_approved_update(client):
    action = factories.ActionFactory(status=ActionStatus.ON_TRACK)
    manager = plan_manager_of(action.target.objective.plan.partnership)
    client.force_login(manager)
    response = client.post(
        reverse("admin:actions_action_changelist"),
        {"action": "mark_complete", "_selected_action": [action.pk]},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    [update] = ActionUpdate.objects.filter(action=action)
    assert (update.approval, update.approved_by) == (ApprovalStatus.APPROVED, manager)
    assert action.status == ActionStatus.COMPLETED == latest_approved_status(action)
