"""Office-grade layout for the workbooks people download (the delivery plan, the board report):
wrapped text in rows tall enough to show it, a frozen and filterable header row, and a print
set-up that gives landscape pages one table wide with the header row on each.

Spreadsheet programs do not grow a row to fit wrapped text that a program wrote: a row keeps the
default 15 points and its text overprints the next. So each row's height is estimated here from
its cells' text and their columns' widths.
"""

import math

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
WRAPPED = Alignment(wrap_text=True, vertical="top")
# Points per line of 11-point text, and a little room above and below it.
LINE_HEIGHT = 15
ROW_PADDING = 3
# Excel refuses taller rows; a longer cell still shows in full in the formula bar.
MAX_ROW_HEIGHT = 409
# A column's width counts the widest digit of the default font; running text has narrower
# letters (about 1.3 to a digit in Calibri), but a line breaks at a word, which wastes some of
# its width. 1.1 errs towards a row slightly too tall, which reads; too short hides text.
CHARACTERS_PER_UNIT = 1.1
DEFAULT_WIDTH = 8.43  # what a spreadsheet gives a column nobody sized


def lines_needed(text, width) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` characters wide."""
    if text is None or text == "":
        return 1
    per_line = max(1, math.floor(width * CHARACTERS_PER_UNIT) - 1)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in str(text).split("\n"))


def fit_row_heights(sheet, *, first_row=1, unwrapped_columns=()) -> None:
    """Give each row the height its tallest wrapped cell needs (openpyxl cannot measure text).

    ``unwrapped_columns`` (letters) hold one line of data for programs, clipped on screen: they
    never make a row taller."""
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.column_letter in unwrapped_columns:
                continue
            width = sheet.column_dimensions[cell.column_letter].width or DEFAULT_WIDTH
            lines = max(lines, lines_needed(cell.value, width))
        height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)
        sheet.row_dimensions[row[0].row].height = height


def format_table(sheet, widths, *, print_columns=None, unwrapped_columns=()) -> None:
    """A table whose first row is its headings: bold shaded headings, wrapped cells, set widths,
    fitted heights, the header row frozen and filterable, and a landscape print one page wide
    (as many pages tall as it takes) with the header row repeated on every page.

    ``widths``: one width per column, in characters. ``print_columns``: how many columns, from
    the first, are printed (columns for programs after them stay on screen only); all of them
    when None.
    """
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    unwrapped = Alignment(wrap_text=False, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = unwrapped if cell.column_letter in unwrapped_columns else WRAPPED
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    fit_row_heights(sheet, unwrapped_columns=unwrapped_columns)

    last_column = get_column_letter(max(sheet.max_column, 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{max(sheet.max_row, 1)}"

    printed = get_column_letter(print_columns or max(sheet.max_column, 1))
    sheet.print_area = f"A1:{printed}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    # Fit every column on the width of one page, and let the rows run on over as many pages as
    # they need (0 means "automatic" to Excel and LibreOffice).
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&A – page &P of &N"
    sheet.oddFooter.center.size = 8
