"""Every downloaded workbook, read as a reader sees it (issue 21, finding 12): each visible
sheet headed on its first row, no column of machine data (JSON) in view, and no word longer
than its column, which a spreadsheet would break inside the word ("Complete|d")."""

import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from consultation.feedback_export import feedback_xlsx
from consultation.models import Feedback
from cspplan.models import Plan
from dashboard.reports import board_report_xlsx
from public.exports.tabular import delivery_plan_xlsx
from tests import factories

pytestmark = pytest.mark.django_db

# A bold heading is about a tenth wider than the same word in the body.
BOLD = 1.1


@pytest.fixture
def workbooks():
    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    for status, _label in Feedback.Status.choices:
        for moderation, _label in Feedback.Moderation.choices:
            factories.FeedbackFactory(plan=plan, status=status, moderation=moderation)
    return {
        "delivery plan": delivery_plan_xlsx(plan),
        "board report": board_report_xlsx(plan, today=datetime.date(2012, 3, 31)),
        "feedback": feedback_xlsx(Feedback.objects.filter(plan=plan)),
    }


def visible_tables(data):
    """Each visible sheet that is a table (the board report's cover is not)."""
    workbook = load_workbook(io.BytesIO(data))
    return [
        sheet
        for sheet in workbook.worksheets
        if sheet.sheet_state == "visible" and sheet.title != "Cover"
    ]


def test_no_word_is_longer_than_its_column(workbooks):
    for name, data in workbooks.items():
        for sheet in visible_tables(data):
            for column in sheet.iter_cols():
                letter = column[0].column_letter
                width = sheet.column_dimensions[letter].width
                for cell in column:
                    factor = BOLD if cell.row == 1 else 1
                    for word in str(cell.value or "").split():
                        assert len(word) * factor <= width, (name, sheet.title, cell.coordinate)


def test_every_visible_table_is_headed_on_its_first_row_with_no_machine_data(workbooks):
    for name, data in workbooks.items():
        for sheet in visible_tables(data):
            headings = [cell.value for cell in sheet[1]]
            assert all(isinstance(h, str) and h for h in headings), (name, sheet.title)
            assert "Measures" not in headings or name == "board report", (name, sheet.title)
            for row in sheet.iter_rows(min_row=2, values_only=True):
                for value in row:
                    assert not str(value or "").lstrip().startswith(("[{", '{"')), (name, value)
