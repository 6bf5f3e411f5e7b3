"""Issue 10, finding 7: a note holding a control character (\\x01, \\x0b, \\x0c), once approved,
made both Atom feeds and the board report XLSX answer 500. Text is cleaned at input (forms,
admin, imports, services) and again at output, for rows saved before."""

import datetime
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.forms import ActionProgressForm, MeasurementForm
from actions.models import ActionStatus, ActionUpdate
from actions.resources import ActionProgressResource
from actions.services import record_action_update
from consultation.models import Feedback
from cspplan import roles
from cspplan.text import clean_text, has_control_characters
from dashboard.reports import board_report_xlsx
from importer.reading import read_table
from objectives.models import ApprovalStatus, Measurement
from tests import factories
from tests.importer_helpers import csv_bytes
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
NASTY = "Patrols\x01 doubled\x0b in July\x0c."


def test_clean_text_keeps_tabs_and_new_lines_and_drops_other_control_characters():
    assert clean_text(NASTY) == "Patrols doubled in July."
    assert clean_text("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert clean_text("\x00\x1f\x7f\x85\ud800\uffff") == ""
    assert clean_text(42) == 42


@pytest.fixture
def legacy(settings):
    """A published plan with approved progress saved before cleaning existed (QuerySet.update
    writes without the pre_save cleaning)."""
    plan = factories.PlanFactory(slug="west-lancs")
    objective = factories.ObjectiveFactory(plan=plan, number=6, title="Reduce fires")
    measure = factories.MeasureFactory(target__objective=objective, name="Fires")
    measurement = factories.MeasurementFactory(
        measure=measure,
        value=Decimal("17"),
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    action = factories.ActionFactory(target=measure.target, text="Operation Summer Nights")
    update = factories.ActionUpdateFactory(
        action=action, approval=ApprovalStatus.APPROVED, approved_at=timezone.now()
    )
    ActionUpdate.objects.filter(pk=update.pk).update(note=NASTY, author_name="Insp\x01ector")
    Measurement.objects.filter(pk=measurement.pk).update(note=NASTY, source="iQuanta\x0c")
    factories.ActionFactory(target=measure.target, text="Legacy action")
    from actions.models import Action

    assert Action.objects.filter(text="Legacy action").update(text="Legacy\x0b\x01 action") == 1
    return plan


@pytest.mark.parametrize("feed", ["plan", "objective"])
def test_the_atom_feeds_survive_a_legacy_note_with_control_characters(client, legacy, feed):
    url = (
        reverse("plans:updates_feed", args=[legacy.slug])
        if feed == "plan"
        else reverse("plans:objective_updates_feed", args=[legacy.slug, 6])
    )
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    ET.fromstring(response.content)  # well-formed XML
    assert "Patrols doubled" in text
    assert not has_control_characters(text)


def test_the_board_report_spreadsheet_survives_legacy_control_characters(client, legacy):
    chair = factories.UserFactory(is_staff=True)
    chair.groups.add(Group.objects.get(name=roles.CHAIR))
    legacy.partnership.members.add(chair)  # a chair reads their own partnership's plans
    client.force_login(chair)
    response = client.get(reverse("dashboard:report_xlsx", args=[legacy.slug]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    texts = [cell for sheet in workbook for row in sheet.values for cell in row]
    assert "Legacy action" in texts
    data = board_report_xlsx(legacy, today=datetime.date(2011, 11, 15))
    assert data.startswith(b"PK")


def test_the_progress_forms_strip_control_characters():
    form = ActionProgressForm({"status": ActionStatus.AT_RISK, "note": NASTY, "version": 1})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "Patrols doubled in July."
    form = MeasurementForm(
        {
            "period_start": "2011-07-01",
            "period_end": "2011-09-30",
            "value": "3",
            "note": NASTY,
            "source": "iQ\x01uanta",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["source"] == "iQuanta"
    assert not has_control_characters(form.cleaned_data["note"])


def test_a_service_saves_no_control_characters(legacy):
    action = factories.ActionFactory(target__objective=legacy.objectives.get())
    update = record_action_update(
        action=action, by=factories.UserFactory(), status=ActionStatus.ON_TRACK, note=NASTY
    )
    update.refresh_from_db()
    assert update.note == "Patrols doubled in July."


def test_resident_feedback_is_saved_without_control_characters(client, legacy):
    response = client.post(
        reverse("plans:have_your_say", args=[legacy.slug]),
        {"comment": "Speeding\x01 on\x0c the A59", "name": "Sam\x0b Smith"},
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.comment, feedback.name) == ("Speeding on the A59", "Sam Smith")


def test_an_admin_form_strips_control_characters(client, legacy):
    client.force_login(plan_manager_of(legacy.partnership))
    response = client.post(
        reverse("admin:cspplan_plansection_add"),
        {
            "plan": legacy.pk,
            "order": 1,
            "slug": "foreword",
            "title": "Fore\x01word",
            "body": "First\x0c paragraph.",
        },
    )
    assert response.status_code == 302
    section = legacy.sections.get()
    assert (section.title, section.body) == ("Foreword", "First paragraph.")


def test_the_plan_importer_strips_control_characters_from_cells():
    # XLSX and DOCX are XML, which cannot hold these characters; a CSV can hold anything.
    headings = ["Objective", "Target & Base Line", "March 2012", "Owner", "Actions",
                "Lead Officer", "Funding"]  # fmt: skip
    row = ["Objective 1: Reduce\x01 crime", "Reduce crime", "10% fewer", "Police",
           "Patrols\x0b at night", "Andrew Hill", "Existing budgets"]  # fmt: skip
    table = read_table("plan.csv", csv_bytes(headings, [row]))
    cells = table.rows[0].cells
    assert not any(has_control_characters(value) for value in cells.values())
    assert "Patrols at night" in cells.values()


def test_the_bulk_progress_import_strips_control_characters():
    police = factories.OrganisationFactory(name="Police")
    officer = officer_of(police)
    action = factories.ActionFactory(owners=[police], text="Police patrols")
    action.target.owners.set([police])
    dataset = tablib.Dataset(headers=["Action ID", "Status", "Progress note"])
    dataset.append([action.pk, "At risk", NASTY])
    result = ActionProgressResource(user=officer).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert ActionUpdate.objects.get().note == "Patrols doubled in July."


def test_a_required_note_of_only_control_characters_is_required_not_a_500(client):
    police = factories.OrganisationFactory(name="Police")
    officer = officer_of(police)
    action = factories.ActionFactory(owners=[police])
    action.target.owners.set([police])
    client.force_login(officer)
    prefix = f"action-{action.pk}"
    response = client.post(
        "/my-actions/",
        {
            "item": prefix,
            f"{prefix}-status": ActionStatus.AT_RISK,
            f"{prefix}-note": "\x01\x0b\x0c",
            f"{prefix}-version": action.version,
        },
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ActionUpdate.objects.exists()
