"""CSV and XLSX downloads of the delivery plan, in the layout of ``actions.delivery_table`` so
that an exported file imports back. Every text cell goes through ``delivery_table.neutralise``:
an officer's text that starts like a formula must open in Excel as text, never run."""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from actions import delivery_table
from cspplan import spreadsheet
from public.status import action_states, with_approved_updates

SHEET_TITLE = "Delivery plan"
# Column widths in characters, by heading; the target-label column (e.g. "March 2012") and any
# heading not listed here get DEFAULT_WIDTH. The published columns and Status are printed, on
# landscape A4 one page wide: their widths add up to about 190 characters, which prints at
# roughly three quarters of full size, still readable; wider columns would print smaller.
COLUMN_WIDTHS = {
    delivery_table.OBJECTIVE: 18,
    delivery_table.TARGET: 40,
    delivery_table.OWNER: 16,
    delivery_table.ACTIONS: 50,
    delivery_table.LEAD_OFFICER: 16,
    delivery_table.FUNDING: 14,
    delivery_table.STATUS: 14,
    delivery_table.MEASURES: 40,
    delivery_table.OBJECTIVE_NUMBER: 11,
    delivery_table.TARGET_ID: 10,
    delivery_table.ACTION_ID: 10,
}
DEFAULT_WIDTH = 24
# The columns after Status are for the importer (the Measures JSON and the identifiers): on
# screen for the round trip, never on paper.
PRINTED_COLUMNS = delivery_table.STATUS
MACHINE_FONT = Font(color="595959")


def table(plan) -> tuple[list[str], list[list]]:
    """The headings and the rows as lists of cell values, every cell neutralised."""
    headings = delivery_table.headings(plan)
    objectives = list(with_approved_updates(delivery_table.plan_objectives(plan)))
    rows = [
        [delivery_table.neutralise(row[heading]) for heading in headings]
        for row in delivery_table.rows(plan, objectives, states=action_states(plan, objectives))
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
    """One sheet "Delivery plan", laid out by ``cspplan.spreadsheet.format_table``: wrapped text
    in rows that fit it, a frozen, filterable header row, and landscape pages one table wide."""
    headings, rows = table(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(headings)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])

    printed = headings.index(PRINTED_COLUMNS) + 1
    measures = get_column_letter(headings.index(delivery_table.MEASURES) + 1)
    spreadsheet.format_table(
        sheet,
        [COLUMN_WIDTHS.get(heading, DEFAULT_WIDTH) for heading in headings],
        print_columns=printed,
        # One long line of JSON per target: clipped on screen rather than making rows tall.
        unwrapped_columns={measures},
    )
    for column in sheet.iter_cols(min_col=printed + 1):
        for cell in column[1:]:
            cell.font = MACHINE_FONT
    workbook.properties.title = f"{plan.partnership.name}: {plan.title} – delivery plan"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
