"""The board report's spreadsheet as an office suite prints it (LibreOffice headless, the seed
plan with the demonstration progress): landscape pages, a sensible number of them, and every
sheet's whole header row on each of its pages."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from cspplan.models import Plan
from dashboard.reports import board_report_xlsx
from tests.office import convert_to_pdf

# django_db: pytest-django sets up the test database only for a session that asks for one.
pytestmark = [pytest.mark.office, pytest.mark.django_db]

SHEETS = {
    "Summary": ["Kind", "Status", "Count"],
    "Objectives": ["Objective", "Title", "Status", "How this was worked out"],
    "Measures": ["Objective", "Measure", "Baseline", "Latest", "Period", "Trajectory", "Status"],
    "Actions": ["Objective", "Action", "Lead officers", "Due", "Status", "Last update", "How"],
    "Exceptions": ["Objective", "Kind", "Item", "Status", "Lead officers", "Commentary", "How"],
    "Statutory duties": ["Duty", "Outcome", "What the records show", "From"],
    "Review recommendations": ["Review", "Where it stands", "Recommendations", "Open", "Overdue"],
}


@pytest.fixture(scope="module")
def pages(office, django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
        plan = Plan.objects.get(slug="west-lancashire-2011-12")
        data = board_report_xlsx(plan, today=datetime.date(2012, 3, 31))
        transaction.set_rollback(True)
    printed = convert_to_pdf({"board-report.xlsx": data}, tmp_path_factory.mktemp("office"))
    return printed["board-report.xlsx"]


def test_the_board_report_spreadsheet_prints_landscape_with_each_sheets_header_on_every_page(
    pages,
):
    # Cover, then the six tables one page wide: the 152 measures and actions fill a few pages.
    assert 6 <= len(pages) <= 30
    assert all(page.is_landscape for page in pages)
    assert "Board report: progress against targets" in pages[0].text
    seen = set()
    for number, page in enumerate(pages[1:], start=2):
        # The footer names the sheet ("Measures – page 2 of 3").
        (sheet,) = [name for name in SHEETS if f"{name} – page" in page.text]
        seen.add(sheet)
        assert page.has_row(SHEETS[sheet]), f"page {number} ({sheet})"
    assert seen == set(SHEETS)
