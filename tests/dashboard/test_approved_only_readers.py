"""Readers without the right to see pending progress get figures computed from approved progress
only, on every surface (issue 22, finding 4): a county reader's accountability line counted
submitted updates ("10 of 152" became "15 of 152" after 6 unapproved submissions), telling them
how much waited for approval. The chair and the plan's managers still count progress awaiting
approval as reported (progress/accountability.py)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import ActionStatus
from dashboard.models import BoardReportSnapshot
from objectives.models import ApprovalStatus, Measurement
from tests import factories
from tests.personas import chair, county_reader, plan_manager_of

pytestmark = pytest.mark.django_db

IN_QUARTER = datetime.datetime(2012, 2, 20, 12, tzinfo=datetime.UTC)  # the plan's last quarter


@pytest.fixture
def plan_with_pending():
    """Three items due: an action with an approved update this quarter, an action and a measure
    with progress submitted this quarter and not yet approved."""
    plan = factories.PlanFactory(title="Invented plan", slug="invented-plan")
    objective = factories.ObjectiveFactory(plan=plan, number=1)
    measure = factories.MeasureFactory(target__objective=objective, name="Invented thefts")
    reported, waiting = (
        factories.ActionFactory(target=measure.target, text=text)
        for text in ("Invented approved patrols", "Invented pending patrols")
    )
    factories.ActionUpdateFactory(
        action=reported,
        date=datetime.date(2012, 2, 1),
        status=ActionStatus.ON_TRACK,
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    factories.ActionUpdateFactory(
        action=waiting, date=datetime.date(2012, 2, 15), approval=ApprovalStatus.SUBMITTED
    )
    figure = factories.MeasurementFactory(
        measure=measure,
        value=Decimal("12"),
        period_start=datetime.date(2012, 1, 1),
        period_end=datetime.date(2012, 1, 31),
        status=ApprovalStatus.SUBMITTED,
    )
    Measurement.objects.filter(pk=figure.pk).update(recorded_at=IN_QUARTER)
    return plan


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _cells(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                        if response.streaming else response.content))  # fmt: skip
    return [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def test_the_dashboards_accountability_counts_approved_progress_for_a_county_reader(
    plan_with_pending,
):
    plan = plan_with_pending
    url = reverse("dashboard:plan", args=[plan.slug])
    staff = _client(chair(plan.partnership)).get(url)
    assert staff.context["dashboard"].accountability.plan_share.updated == 3
    assert "100% (3 of 3 updated this quarter)" in staff.text

    county = _client(county_reader()).get(url)
    share = county.context["dashboard"].accountability.plan_share
    assert (share.updated, share.due) == (1, 3)
    assert "33% (1 of 3 updated this quarter)" in county.text
    assert "3 of 3" not in county.text
    # The stale markers agree with the line: two items not reported, as far as the reader knows.
    stale = [row for row in county.context["dashboard"].action_rows if row.is_stale]
    assert [row.action.text for row in stale] == ["Invented pending patrols"]


@pytest.mark.parametrize("name", ["dashboard:report_xlsx", "dashboard:report_pdf"])
def test_the_live_board_report_counts_approved_progress_for_a_county_reader(
    plan_with_pending, name
):
    plan = plan_with_pending
    url = reverse(name, args=[plan.slug])
    # The chair's report first: a county reader must not be served the same stored document.
    staff = _client(chair(plan.partnership)).get(url)
    county = _client(county_reader()).get(url)
    assert staff.status_code == county.status_code == 200
    if name.endswith("xlsx"):
        assert "Accountability this quarter: 100% (3 of 3 updated this quarter)" in _cells(staff)
        assert "Accountability this quarter: 33% (1 of 3 updated this quarter)" in _cells(county)
    else:
        assert staff.get("ETag") != county.get("ETag")


def test_a_frozen_board_report_gives_a_county_reader_approved_progress_only(plan_with_pending):
    plan = plan_with_pending
    manager = _client(plan_manager_of(plan.partnership))
    frozen = manager.post(
        reverse("dashboard:freeze_report", args=[plan.slug]), {"meeting_date": "2012-03-20"}
    )
    assert frozen.status_code == 302
    snapshot = plan.report_snapshots.get()
    url = reverse("dashboard:snapshot", args=[plan.slug, snapshot.pk, "xlsx"])
    assert "Accountability this quarter: 100% (3 of 3 updated this quarter)" in _cells(
        manager.get(url)
    )
    county = _client(county_reader()).get(url)
    assert county.status_code == 200
    assert "Accountability this quarter: 33% (1 of 3 updated this quarter)" in _cells(county)


def test_a_report_frozen_without_an_approved_only_copy_is_not_offered_to_a_county_reader(
    plan_with_pending,
):
    plan = plan_with_pending
    older = BoardReportSnapshot.objects.create(
        plan=plan, meeting_date=datetime.date(2012, 3, 1), as_at=datetime.date(2012, 2, 29),
        pdf=b"%PDF-invented", xlsx=b"invented",
    )  # fmt: skip
    county = _client(county_reader())
    url = reverse("dashboard:snapshot", args=[plan.slug, older.pk, "pdf"])
    assert county.get(url).status_code == 404
    page = county.get(reverse("dashboard:plan", args=[plan.slug]))
    assert url not in page.text
    staff = _client(chair(plan.partnership))
    assert staff.get(url).content == b"%PDF-invented"
    assert url in staff.get(reverse("dashboard:plan", args=[plan.slug])).text
