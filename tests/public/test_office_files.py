"""The delivery plan's XLSX and DOCX as an office suite prints them (LibreOffice headless, the
seed plan): landscape pages, a sensible number of them, and never a page holding one column."""

import pytest
from django.core.management import call_command
from django.db import transaction

from cspplan.models import Plan
from public.exports.tabular import delivery_plan_xlsx
from public.exports.word import delivery_plan_docx
from tests.office import convert_to_pdf

# django_db: pytest-django sets up the test database only for a session that asks for one.
pytestmark = [pytest.mark.office, pytest.mark.django_db]

PUBLISHED = ["Target & Base Line", "March 2012", "Owner", "Actions", "Lead Officer", "Funding"]
REIMPORT = ["Objective number", "Target row", "Target ID", "Target begins", "Measures"]


@pytest.fixture(scope="module")
def printed(office, django_db_setup, django_db_blocker, tmp_path_factory):
    """Both files of the seed plan, converted once for the module; the database is left as it
    was found."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
        plan = Plan.objects.get(slug="west-lancashire-2011-12")
        files = {
            "delivery-plan.xlsx": delivery_plan_xlsx(plan),
            "delivery-plan-word.docx": delivery_plan_docx(plan),
        }
        transaction.set_rollback(True)
    return convert_to_pdf(files, tmp_path_factory.mktemp("office"))


def test_the_spreadsheet_prints_on_landscape_pages_one_table_wide(printed):
    pages = printed["delivery-plan.xlsx"]
    # 120 actions: 21 portrait pages, one column each, before the print set-up.
    assert 4 <= len(pages) <= 15
    assert all(page.is_landscape for page in pages)
    for number, page in enumerate(pages, start=1):
        # Every page carries the whole header row (repeated), so every column.
        assert page.has_row(["Objective", *PUBLISHED, "Status"]), f"page {number}"
        # The importer's columns stay on screen, off paper.
        assert "Measures" not in page.text, f"page {number}"


def test_the_word_document_prints_like_the_plan_then_the_data_for_reimporting(printed):
    pages = printed["delivery-plan-word.docx"]
    assert 6 <= len(pages) <= 25
    assert all(page.is_landscape for page in pages)
    first_data_page = next(
        number
        for number, page in enumerate(pages)
        if "This section is for the plan importer" in page.text
    )
    # The plan's tables first, each page with its whole header row; then the data, apart.
    assert first_data_page >= len(pages) // 2
    for number, page in enumerate(pages[:first_data_page]):
        assert page.has_row([*PUBLISHED, "Status"]), f"page {number + 1}"
        assert '"baseline_state"' not in page.text, f"page {number + 1}"
    for number, page in enumerate(pages[first_data_page:], start=first_data_page):
        assert page.has_row(REIMPORT), f"page {number + 1}"
