"""CSV and XLSX downloads of the delivery plan, in the layout of ``actions.delivery_table`` so
that an exported file imports back. Every text cell goes through ``delivery_table.neutralise``:
an officer's text that starts like a formula must open in Excel as text, never run."""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actions import delivery_table

SHEET_TITLE = "Delivery plan"
# Column widths in characters, by heading; the target-label column (e.g. "March 2012") and any
# heading not listed here get DEFAULT_WIDTH.
COLUMN_WIDTHS = {
    delivery_table.OBJECTIVE: 30,
    delivery_table.TARGET: 50,
    delivery_table.OWNER: 22,
    delivery_table.ACTIONS: 60,
    delivery_table.LEAD_OFFICER: 22,
    delivery_table.FUNDING: 20,
    delivery_table.MEASURES: 40,
    delivery_table.OBJECTIVE_NUMBER: 11,
    delivery_table.TARGET_ID: 10,
    delivery_table.ACTION_ID: 10,
}
DEFAULT_WIDTH = 30


def table(plan) -> tuple[list[str], list[list]]:
    """The headings and the rows as lists of cell values, every cell neutralised."""
    headings = delivery_table.headings(plan)
    rows = [
        [delivery_table.neutralise(row[heading]) for heading in headings]
        for row in delivery_table.rows(plan)
    ]
    return [delivery_table.neutralise(heading) for heading in headings], rows


def delivery_plan_csv(plan) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read accented and curly characters."""
    headings, rows = table(plan)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_value(value):
    # openpyxl refuses control characters that XML cannot carry; a pasted form feed must not
    # turn the whole download into a server error.
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def delivery_plan_xlsx(plan) -> bytes:
    """One sheet "Delivery plan": a bold, frozen header row, wrapped text and set widths."""
    headings, rows = table(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(headings)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])

    wrapped = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrapped
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrapped
    for index, heading in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(
            heading, DEFAULT_WIDTH
        )
    sheet.freeze_panes = "A2"
    workbook.properties.title = f"{plan.partnership.name}: {plan.title} – delivery plan"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
