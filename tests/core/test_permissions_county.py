"""The county reader (issue 13, e.g. the Safer Lancashire Board): every partnership's published
progress on the dashboard, the county overview and the live board report; no draft plan, no
progress awaiting approval, no approval queue, nothing they can change."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import ActionStatus, ActionUpdate
from cspplan import permissions, roles
from cspplan.models import Plan
from dashboard.models import BoardReportSnapshot
from objectives.models import ApprovalStatus, Measurement
from tests import factories
from tests.personas import chair, county_reader

pytestmark = pytest.mark.django_db


def _partnership_plan(name, slug, **plan):
    partnership = factories.PartnershipFactory(name=f"{name} CSP", short_name=name, slug=slug)
    plan = factories.PlanFactory(
        partnership=partnership, title=f"{name} plan", slug=f"{slug}-plan", **plan
    )
    objective = factories.ObjectiveFactory(plan=plan, number=1, title=f"{name} objective")
    measure = factories.MeasureFactory(target__objective=objective, name=f"{name} burglaries")
    action = factories.ActionFactory(target=measure.target, text=f"{name} patrols")
    return plan, measure, action


@pytest.fixture
def county():
    """Brindle Moor's published plan with approved and pending progress, Ashdown Vale's draft,
    and a county reader who is a member of neither partnership."""
    plan, measure, action = _partnership_plan("Brindle Moor", "brindle-moor")
    factories.MeasurementFactory(
        measure=measure,
        value=Decimal("41"),
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    pending_figure = factories.MeasurementFactory(
        measure=measure,
        value=Decimal("987"),
        period_start=plan.period_start.replace(month=7),
        period_end=plan.period_start.replace(month=9, day=30),
        period_label="Q2 invented",
        status=ApprovalStatus.SUBMITTED,
    )
    factories.ActionUpdateFactory(
        action=action,
        status=ActionStatus.ON_TRACK,
        note="Invented approved note.",
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    pending_update = factories.ActionUpdateFactory(
        action=action,
        status=ActionStatus.OFF_TRACK,
        note="Invented pending note.",
        date=plan.period_start.replace(month=8),
        approval=ApprovalStatus.SUBMITTED,
    )
    draft, _, _ = _partnership_plan("Ashdown Vale", "ashdown-vale", draft=True)
    client = Client()
    reader = county_reader()
    client.force_login(reader)
    return {
        "plan": plan,
        "draft": draft,
        "pending_figure": pending_figure,
        "pending_update": pending_update,
        "reader": reader,
        "client": client,
    }


def test_a_county_reader_is_offered_every_public_plan_and_no_draft(county):
    assert set(permissions.dashboard_plans(county["reader"])) == {county["plan"]}
    archived = factories.PlanFactory(status=Plan.Status.ARCHIVED, title="Invented past plan")
    assert set(permissions.dashboard_plans(county["reader"])) == {county["plan"], archived}
    assert roles.home_url_name(county["reader"]) == "dashboard:index"


def test_a_county_reader_reads_another_partnerships_published_progress(county):
    client, plan = county["client"], county["plan"]
    response = client.get(reverse("dashboard:plan", args=[plan.slug]))
    assert response.status_code == 200
    [row] = response.context["dashboard"].measure_rows
    assert row.assessment.latest_value == Decimal("41")
    [action_row] = response.context["dashboard"].action_rows
    assert action_row.assessment.last_update.note == "Invented approved note."
    assert "Invented pending note." not in response.text
    assert "Q2 invented" not in response.text  # the pending figure's period
    # Not told how much waits for approval, nor offered the queue.
    assert not response.context["dashboard"].shows_pending
    assert reverse("dashboard:approvals", args=[plan.slug]) not in response.text
    assert list(response.context["plans"]) == [plan]

    drill_down = client.get(reverse("dashboard:objective", args=[plan.slug, 1]))
    assert drill_down.status_code == 200
    assert "Invented pending note." not in drill_down.text


def test_the_live_board_report_holds_approved_progress_only(county):
    response = county["client"].get(reverse("dashboard:report_xlsx", args=[county["plan"].slug]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    cells = [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert any("Brindle Moor burglaries" in cell for cell in cells)
    assert any("Q1 2011/12" in cell for cell in cells)  # the approved figure's period is shown
    assert not any("Q2 invented" in cell or "Invented pending note." in cell for cell in cells)


def test_the_county_overview_shows_the_published_plan_and_not_the_draft(county):
    response = county["client"].get(reverse("partnerships"))
    assert response.status_code == 200
    assert "Brindle Moor plan" in response.text
    assert "Ashdown Vale plan" not in response.text


def test_a_draft_plan_is_a_404_on_every_page_a_county_reader_opens(county):
    client, draft = county["client"], county["draft"]
    for name in ("dashboard:plan", "dashboard:report_pdf", "dashboard:report_xlsx"):
        assert client.get(reverse(name, args=[draft.slug])).status_code == 404, name
    assert client.get(reverse("dashboard:objective", args=[draft.slug, 1])).status_code == 404
    assert client.get(reverse("plans:detail", args=[draft.slug])).status_code == 404
    # The plan selector falls back to the published plan, never the draft.
    index = client.get(reverse("dashboard:index"))
    assert index["Location"] == reverse("dashboard:plan", args=[county["plan"].slug])


def test_a_county_reader_is_refused_the_approval_queue_and_cannot_decide(county):
    client, plan = county["client"], county["plan"]
    queue = reverse("dashboard:approvals", args=[plan.slug])
    assert client.get(queue).status_code == 403
    figure, update = county["pending_figure"], county["pending_update"]
    decisions = [
        {"kind": "measurement", "pk": figure.pk, "decision": "approve"},
        {"kind": "update", "pk": update.pk, "decision": "approve"},
        {"kind": "measurement", "pk": figure.pk, "decision": "reject", "note": "Invented."},
        {"decision": "approve-all", "expected": "2"},
    ]
    for data in decisions:
        assert client.post(queue, data).status_code == 403
    assert Measurement.objects.get(pk=figure.pk).status == ApprovalStatus.SUBMITTED
    assert ActionUpdate.objects.get(pk=update.pk).approval == ApprovalStatus.SUBMITTED


def test_a_county_reader_cannot_freeze_a_report_or_change_anything_in_the_admin(county):
    client, plan = county["client"], county["plan"]
    freeze = client.post(
        reverse("dashboard:freeze_report", args=[plan.slug]), {"meeting_date": "2011-11-20"}
    )
    assert freeze.status_code == 403
    assert not BoardReportSnapshot.objects.exists()
    figure = county["pending_figure"]
    assert client.get(reverse("admin:cspplan_plan_changelist")).status_code == 403
    for url, data in (
        (reverse("admin:cspplan_plan_change", args=[plan.pk]), {"title": "Invented takeover"}),
        (reverse("admin:objectives_measurement_change", args=[figure.pk]), {"value": "1"}),
        (reverse("admin:cspplan_plan_add"), {"title": "Invented new plan"}),
    ):
        assert client.post(url, data).status_code in (403, 404), url
    plan.refresh_from_db()
    figure.refresh_from_db()
    assert (plan.title, figure.value) == ("Brindle Moor plan", Decimal("987"))
    assert not Plan.objects.filter(title="Invented new plan").exists()
    # "My actions" has nothing for someone who is not an officer, and records nothing.
    before = (Measurement.objects.count(), ActionUpdate.objects.count())
    client.post(reverse("my_actions:index"), {"item": f"measure-{figure.measure_id}"})
    assert (Measurement.objects.count(), ActionUpdate.objects.count()) == before


def test_a_county_reader_who_chairs_a_partnership_still_reads_its_queue(county):
    plan = county["plan"]
    both = chair(plan.partnership, username="chair-and-county")
    both.groups.add(*county["reader"].groups.all())
    client = Client()
    client.force_login(both)
    assert client.get(reverse("dashboard:approvals", args=[plan.slug])).status_code == 200
    # Another partnership's public plan: read, but not its queue.
    other, _, _ = _partnership_plan("Cobble Fell", "cobble-fell")
    assert client.get(reverse("dashboard:plan", args=[other.slug])).status_code == 200
    assert client.get(reverse("dashboard:approvals", args=[other.slug])).status_code == 403
