"""The delivery plan as a Word document an officer can edit and import back.

The document reads like the published plan: the plan's title, partnership and period, then for
each objective a heading "Objective N: Title" and its table (Target & Base Line | March 2012 |
Owner | Actions | Lead Officer | Funding), on landscape A4 with the header row repeated on every
page. Cells hold the same text as the CSV download (``actions.delivery_table.rows``), one row per
action; the target cells are merged down over the target's actions, and Owner, Lead Officer and
Funding over a run of actions that share them, as in the printed plan.

Four narrow columns at the end, in small grey type, carry what the words alone cannot:
``Measures`` (the structured reading of each target, so numbers and TBC states survive) and the
stable ``Objective number``, ``Target ID`` and ``Action ID``. With them the importer's Word reader
(``importer.reading.read_docx``) turns the document back into the same plan: it takes the
objective from the heading above each table and reads a merged cell once, on its first row, which
is exactly the carry-down rule of ``actions.delivery_table``.
"""

import io
from itertools import groupby

from django.utils import dateformat, timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from actions import delivery_table

LANGUAGE = "en-GB"
PAGE_MARGIN = Cm(1.2)
BODY_FONT_SIZE = Pt(9)
# The identifier and Measures columns are for the importer, not the reader: small and grey.
MACHINE_FONT_SIZE = Pt(6)
MACHINE_COLOUR = RGBColor(0x59, 0x59, 0x59)  # 7:1 on white, still readable when printed
HEADER_SHADING = "D9E2F3"
# Widths in centimetres, in the order of ``delivery_table.headings`` without the Objective column
# (the objective is the heading above each table). They add up to 27.2 cm, just inside the 27.3 cm
# between the margins of landscape A4 (Word rounds each width to a twip, so not all of it); the
# actions get the most room, as in the printed plan.
COLUMN_WIDTHS_CM = (4.6, 2.2, 2.4, 7.0, 2.4, 2.1, 3.1, 1.1, 1.1, 1.2)
MACHINE_COLUMNS = (
    delivery_table.MEASURES,
    delivery_table.OBJECTIVE_NUMBER,
    delivery_table.TARGET_ID,
    delivery_table.ACTION_ID,
)
RESPONSIBILITY_COLUMNS = (
    delivery_table.OWNER,
    delivery_table.LEAD_OFFICER,
    delivery_table.FUNDING,
)
IMPORT_NOTE = (
    "Edit the tables as you would the printed plan. The last four columns let this document be "
    "imported back into the plan. Measures holds each target's figures as the importer reads "
    "them (numbers, units, TBC): if you change a target's figures in its words, change them "
    "there too. Objective number, Target ID and Action ID identify each row: leave them as they "
    "are; rows you add may leave them empty."
)
NO_TARGETS = "No targets have been set for this objective yet."


def _text(value) -> str:
    """A cell's text, safe in Word's XML and inert if pasted into a spreadsheet.

    Word runs no formulas in plain text, but officers copy these tables into Excel, which would:
    so every cell is neutralised as in the CSV (the importer strips the apostrophe again).
    XML cannot carry most control characters; a pasted form feed must not break the download.
    """
    return ILLEGAL_CHARACTERS_RE.sub("", str(delivery_table.neutralise(value)))


def _date(value) -> str:
    return dateformat.format(value, "j F Y")  # 1 April 2011, as on the plan's pages


def _set_language(document) -> None:
    """British English for spelling and for screen readers, in every style by default."""
    document.core_properties.language = LANGUAGE
    run_defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = run_defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def _landscape_a4(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, PAGE_MARGIN)


def _field(paragraph, instruction: str) -> None:
    """A field Word fills in when it lays out the page, e.g. PAGE for the page number."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _footer(document, text: str) -> None:
    """The plan and "page 3 of 12" at the foot of every page, for a printed copy."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.add_run(f"{text} – page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _repeat_as_header_row(row) -> None:
    """Word repeats a row marked ``w:tblHeader`` at the top of every page the table spans; the
    row must also not split across pages."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write(cell, value, *, machine=False, bold=False) -> None:
    """One paragraph per cell; line breaks inside it keep an action's bullets as lines."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(_text(value))  # "\n" becomes a line break (w:br)
    if bold:
        run.bold = True
    if machine:
        run.font.size = MACHINE_FONT_SIZE
        run.font.color.rgb = MACHINE_COLOUR


def _merge_down(cells) -> None:
    """Merge a column of cells whose text sits in the first; the others must still be empty."""
    if len(cells) > 1:
        cells[0].merge(cells[-1])


def _responsibility_runs(rows: list[dict]) -> list[list[int]]:
    """Positions of consecutive rows with the same Owner, Lead Officer and Funding, to be merged.

    A row with all three empty is left alone: it already means "as above" to the importer."""
    runs: list[list[int]] = []
    previous = None
    for index, row in enumerate(rows):
        wording = tuple(row[column] for column in RESPONSIBILITY_COLUMNS)
        if any(wording) and wording == previous:
            runs[-1].append(index)
        else:
            runs.append([index])
        previous = wording
    return runs


def _caption(table, text: str) -> None:
    """The table's title for screen readers (Word's "Alt Text" title), as a page's <caption>."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text)
    table._tbl.tblPr.append(caption)  # tblCaption comes last but one in w:tblPr


def _objective_table(document, caption: str, columns: list[str], rows: list[dict]) -> None:
    widths = [Cm(width) for width in COLUMN_WIDTHS_CM]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    _caption(table, caption)
    # Word reads the widths of a fixed table from its grid, LibreOffice from the cells: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    _repeat_as_header_row(header)
    for cell, heading, width in zip(header.cells, columns, widths, strict=True):
        cell.width = width
        _shade(cell, HEADER_SHADING)
        _write(cell, heading, machine=heading in MACHINE_COLUMNS, bold=True)

    merged_over_target = (delivery_table.TARGET, columns[1], delivery_table.MEASURES)
    for _target_id, target_rows in groupby(rows, key=lambda row: row[delivery_table.TARGET_ID]):
        target_rows = list(target_rows)
        grid = [table.add_row().cells for _ in target_rows]
        for cells in grid:
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
        everything = list(range(len(target_rows)))
        for index, column in enumerate(columns):
            # Runs of row positions in this target that become one cell in this column.
            if column in merged_over_target:
                runs = [everything]
            elif column in RESPONSIBILITY_COLUMNS:
                runs = _responsibility_runs(target_rows)
            else:
                runs = [[position] for position in everything]
            for run in runs:
                top = grid[run[0]][index]
                _write(top, target_rows[run[0]][column], machine=column in MACHINE_COLUMNS)
                _merge_down([grid[position][index] for position in run])


def delivery_plan_docx(plan) -> bytes:
    """The whole delivery plan as a .docx file, in a fixed number of queries."""
    # Every heading but Objective: the objective is the heading above each table.
    headings = delivery_table.headings(plan)
    columns = headings[1:]

    document = Document()
    _set_language(document)
    _landscape_a4(document)
    document.styles["Normal"].font.size = BODY_FONT_SIZE
    properties = document.core_properties
    properties.title = _text(f"{plan.partnership.name}: {plan.title} – delivery plan")
    properties.author = _text(plan.partnership.name)
    properties.last_modified_by = ""
    properties.comments = ""
    # Otherwise the file claims python-docx's template date; this copy was made now.
    properties.created = properties.modified = timezone.now()

    _footer(document, _text(f"{plan.title} – delivery plan"))
    document.add_heading(_text(plan.title), level=0)
    document.add_paragraph(_text(plan.partnership.name))
    period = (
        f"Plan period: {_date(plan.period_start)} to {_date(plan.period_end)}. "
        f"Targets are to be met by {plan.target_label or _date(plan.target_date)}."
    )
    document.add_paragraph(_text(period))
    if not plan.is_public:
        document.add_paragraph().add_run("Draft: not yet published.").bold = True
    document.add_paragraph(IMPORT_NOTE)

    for objective in delivery_table.plan_objectives(plan):
        heading = _text(delivery_table.objective_heading(objective))
        document.add_heading(heading, level=1)
        rows = list(delivery_table.rows(plan, [objective]))
        if not rows:
            document.add_paragraph(NO_TARGETS)
            continue
        # rows() keys the target column by its label; the table heads it the same way.
        _objective_table(document, heading, columns, rows)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
