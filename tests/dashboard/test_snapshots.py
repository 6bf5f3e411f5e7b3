"""Board reports frozen for a meeting (issue 13): kept byte for byte, whatever is edited later."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cspplan import roles
from dashboard.models import BoardReportSnapshot
from tests.dashboard.test_board_report import plan  # noqa: F401 (the fixture)
from tests.personas import in_role, plan_manager_of

pytestmark = pytest.mark.django_db


def _cells(xlsx: bytes):
    for sheet in load_workbook(io.BytesIO(xlsx)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield cell.value


def _freeze(client, plan, **extra):  # noqa: F811
    return client.post(
        reverse("dashboard:freeze_report", args=[plan.slug]) + "?as_at=2011-11-15",
        {"meeting_date": "2011-11-20", **extra},
    )


def test_a_frozen_board_report_stays_identical_after_later_edits(client, plan):  # noqa: F811
    manager = plan_manager_of(plan.partnership)
    client.force_login(manager)
    assert _freeze(client, plan).status_code == 302
    snapshot = BoardReportSnapshot.objects.get()
    assert snapshot.frozen_by == manager
    assert (snapshot.meeting_date, snapshot.as_at) == (
        datetime.date(2011, 11, 20),
        datetime.date(2011, 11, 15),
    )
    pdf_url = reverse("dashboard:snapshot", args=[plan.slug, snapshot.pk, "pdf"])
    xlsx_url = reverse("dashboard:snapshot", args=[plan.slug, snapshot.pk, "xlsx"])
    pdf, xlsx = client.get(pdf_url).content, client.get(xlsx_url).content
    assert pdf.startswith(b"%PDF")
    assert any("Reduce fires" in str(value) for value in _cells(xlsx))

    objective = plan.objectives.get(number=6)
    objective.title = "Reduce fires EDITED AFTER THE MEETING"
    objective.save()
    live = client.get(reverse("dashboard:report_xlsx", args=[plan.slug]) + "?as_at=2011-11-15")
    assert any("EDITED AFTER THE MEETING" in str(value) for value in _cells(live.getvalue()))
    assert not any("EDITED AFTER THE MEETING" in str(value) for value in _cells(xlsx))
    assert client.get(pdf_url).content == pdf
    assert client.get(xlsx_url).content == xlsx


def test_the_dashboard_lists_frozen_reports_and_only_the_plans_managers_freeze(client, plan):  # noqa: F811
    client.force_login(plan_manager_of(plan.partnership))
    _freeze(client, plan)
    chair = in_role(roles.CHAIR, partnership=plan.partnership)
    client.force_login(chair)
    page = client.get(reverse("dashboard:plan", args=[plan.slug])).content.decode()
    assert "Meeting of 20 November 2011" in page
    assert "Freeze the board report" not in page
    assert _freeze(client, plan).status_code == 403
    assert BoardReportSnapshot.objects.count() == 1
    snapshot = BoardReportSnapshot.objects.get()
    url = reverse("dashboard:snapshot", args=[plan.slug, snapshot.pk, "pdf"])
    assert client.get(url).status_code == 200
    assert client.get(url.replace(".pdf", ".exe")).status_code == 404


def test_a_meeting_date_is_needed(client, plan):  # noqa: F811
    client.force_login(plan_manager_of(plan.partnership))
    _freeze(client, plan, meeting_date="")
    assert not BoardReportSnapshot.objects.exists()
