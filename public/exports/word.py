"""The delivery plan as a Word document an officer can edit and import back.

The document reads like the published plan: the plan's title, partnership and period, then for
each objective a heading "Objective N: Title" and its table (Target & Base Line | March 2012 |
Owner | Actions | Lead Officer | Funding | Status), on landscape A4 with the header row repeated
on every page. Cells hold the same text as the CSV download (``actions.delivery_table.rows``), one
row per action; the target cells are merged down over the target's actions, and Owner, Lead
Officer and Funding over a run of actions that share them, as in the printed plan.

What the words alone cannot carry (each target's ``Measures``: its numbers, units and TBC states,
and the stable identifiers) is kept apart in a last section, "Data for re-importing this plan":
one row per target (``delivery_table.REIMPORT_COLUMNS``). With it the importer's Word reader
(``importer.reading.read_docx``) turns the document back into the same plan: it takes the
objective from the heading above each table, reads a merged cell once, on its first row (the
carry-down rule of ``actions.delivery_table``), and gives each target the Measures of its row in
the last section.
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
from public.status import action_states, with_approved_updates

LANGUAGE = "en-GB"
PAGE_MARGIN = Cm(1.2)
BODY_FONT_SIZE = Pt(9)
# The data for re-importing is for the importer, not the reader: smaller and grey.
MACHINE_FONT_SIZE = Pt(7)
MACHINE_COLOUR = RGBColor(0x59, 0x59, 0x59)  # 7:1 on white, still readable when printed
HEADER_SHADING = "D9E2F3"
# The objective tables' columns after the target-label one, and the label's own position.
PUBLISHED_COLUMNS = (
    delivery_table.TARGET,
    None,  # the target label, e.g. March 2012
    delivery_table.OWNER,
    delivery_table.ACTIONS,
    delivery_table.LEAD_OFFICER,
    delivery_table.FUNDING,
    delivery_table.STATUS,
)
# Widths in centimetres, in the order of PUBLISHED_COLUMNS. They add up to 27.2 cm, just inside
# the 27.3 cm between the margins of landscape A4 (Word rounds each width to a twip, so not all of
# it); the actions get the most room, as in the printed plan, and every column is wide enough for
# the longest word of its heading and of the statuses ("business"), so no word breaks.
COLUMN_WIDTHS_CM = (5.8, 3.2, 2.9, 8.2, 2.7, 2.3, 2.1)
# The last section's table, in the order of delivery_table.REIMPORT_COLUMNS.
REIMPORT_WIDTHS_CM = (2.2, 1.7, 1.7, 6.0, 15.6)
REIMPORT_HEADING = "Data for re-importing this plan"
REIMPORT_NOTE = (
    "This section is for the plan importer, not for reading. It keeps each target's figures as "
    "the importer reads them (numbers, units and “to be confirmed” states), which the words alone "
    "cannot carry exactly, with the target's number in the database. Leave it in place to import "
    "this document back. If you change a target's figures in its words, change its Measures here "
    "too, or empty its Measures cell to have them read from the words. A target you add needs no "
    "row here: its figures are read from its words. Rows are matched to targets by objective, "
    "position and how the target begins."
)
RESPONSIBILITY_COLUMNS = (
    delivery_table.OWNER,
    delivery_table.LEAD_OFFICER,
    delivery_table.FUNDING,
)
IMPORT_NOTE = (
    "Edit the tables as you would the printed plan; the document can then be imported back into "
    f"the plan. The last section, “{REIMPORT_HEADING}”, holds what the importer needs besides "
    "the words."
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


def _table(document, caption: str, columns, widths_cm):
    """A fixed-width table with a shaded header row that repeats on every page."""
    widths = [Cm(width) for width in widths_cm]
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
        _write(cell, heading, bold=True)
    return table, widths


def _objective_table(document, caption: str, columns: list[str], rows: list[dict]) -> None:
    table, widths = _table(document, caption, columns, COLUMN_WIDTHS_CM)
    merged_over_target = (delivery_table.TARGET, columns[1])
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
                _write(top, target_rows[run[0]][column])
                _merge_down([grid[position][index] for position in run])


def _reimport_rows(rows: list[dict]) -> list[tuple]:
    """One row per target: its objective, position in the objective's table, ID, how it begins
    and its Measures; positions count the targets as the importer will meet them."""
    found, position, objective = [], 0, None
    for target_id, target_rows in groupby(rows, key=lambda row: row[delivery_table.TARGET_ID]):
        first = next(target_rows)
        if first[delivery_table.OBJECTIVE_NUMBER] != objective:
            objective, position = first[delivery_table.OBJECTIVE_NUMBER], 0
        position += 1
        beginning = delivery_table.target_beginning(first[delivery_table.TARGET])
        found.append((objective, position, target_id, beginning, first[delivery_table.MEASURES]))
    return found


def _reimport_section(document, rows: list[dict]) -> None:
    document.add_page_break()
    document.add_heading(REIMPORT_HEADING, level=1)
    document.add_paragraph(REIMPORT_NOTE)
    columns = delivery_table.REIMPORT_COLUMNS
    table, widths = _table(document, REIMPORT_HEADING, columns, REIMPORT_WIDTHS_CM)
    for values in _reimport_rows(rows):
        cells = table.add_row().cells
        for cell, width, column, value in zip(cells, widths, columns, values, strict=True):
            cell.width = width
            _write(cell, value, machine=column == delivery_table.MEASURES)


def delivery_plan_docx(plan) -> bytes:
    """The whole delivery plan as a .docx file, in a fixed number of queries."""
    headings = delivery_table.headings(plan)
    label = headings[2]
    columns = [column or label for column in PUBLISHED_COLUMNS]

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

    every_row = []
    objectives = list(with_approved_updates(delivery_table.plan_objectives(plan)))
    states = action_states(plan, objectives)
    for objective in objectives:
        heading = _text(delivery_table.objective_heading(objective))
        document.add_heading(heading, level=1)
        rows = list(delivery_table.rows(plan, [objective], states=states))
        if not rows:
            document.add_paragraph(NO_TARGETS)
            continue
        # rows() keys the target column by its label; the table heads it the same way.
        _objective_table(document, heading, columns, rows)
        every_row.extend(rows)
    if every_row:
        _reimport_section(document, every_row)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
