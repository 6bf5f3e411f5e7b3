"""Read the delivery-plan tables of a Word document, in document order.

Several tables are one plan: each starts at its own header row (title rows above it skipped);
a table with no header row that is as wide as the one before continues it (a table split across
pages). An objective heading ("Objective 6: …", "Outcome 2: …", or any paragraph styled as a
heading) before a table, or a row of its own inside it, starts an objective. A cell merged with
the one above reads as empty, except where it repeats who is responsible (see ``Carried``).
"""

import functools
import io
import logging
from collections import Counter

from actions import delivery_table as layout
from cspplan import uploads
from importer import reimport_data
from importer.columns import normalise_heading
from importer.errors import PlanImportError
from importer.headings import is_labelled_heading
from importer.reading import (
    Carried,
    SourceRow,
    Table,
    _cell_text,
    find_header,
    rows_from_grid,
)

logger = logging.getLogger(__name__)


def _heading_paragraph(paragraph) -> str:
    text = paragraph.text.strip()
    if not text or len(text) > 300:
        return ""
    if is_labelled_heading(text):
        return text
    style = getattr(paragraph.style, "name", "") or ""
    return text if style.lower().startswith("heading") else ""


@functools.cache
def _word_tags():
    from docx.oxml.ns import qn

    parts = tuple(qn(f"w:{tag}") for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))
    return qn("w:p"), qn("w:r"), qn("w:hyperlink"), parts


def _word_text(tc) -> str:
    """The text of a Word table cell, as python-docx's ``_Cell.text`` gives it (paragraphs on
    lines; a run's text, tabs, breaks, hyphens; hyperlinks' runs), found by walking the
    element's children: python-docx asks an XPath of every paragraph and run, which made a
    table of 100,000 cells take over ten seconds."""
    paragraph_tag, run, hyperlink, parts = _word_tags()
    lines = []
    for paragraph in tc.iterchildren(paragraph_tag):
        text = []
        for item in paragraph.iterchildren(run, hyperlink):
            runs = [item] if item.tag == run else item.iterchildren(run)
            for each in runs:
                text.extend(str(part) for part in each.iterchildren(*parts))
        lines.append("".join(text))
    return "\n".join(lines)


def _grid(block):
    """(row number, cells) of one Word table, merged cells read as ``Carried``."""
    grid, previous_tcs, pending = [], [], ""
    for number, row in enumerate(block.rows, start=1):
        uploads.within_budget()
        cells, tcs = [], []
        row_cells = row.cells
        for column, cell in enumerate(row_cells):
            # A vertically merged cell comes back once per row; only its first row holds it.
            merged_from_above = column < len(previous_tcs) and previous_tcs[column] is cell._tc
            merged_from_left = column and row_cells[column - 1]._tc is cell._tc
            if merged_from_left:
                cells.append("")  # horizontally merged: keep the text once
            elif merged_from_above:
                cells.append(Carried(_cell_text(_word_text(cell._tc))))
            else:
                cells.append(_word_text(cell._tc))
            tcs.append(cell._tc)
        previous_tcs = tcs
        own = {str(text).strip() for text in cells if str(text).strip()}
        if len(own) == 1 and not any(isinstance(c, Carried) for c in cells if c):
            only = next(iter(own))
            if is_labelled_heading(only) and not grid:
                pending = only  # a heading row above the table's header row
                continue
        grid.append((number, cells))
    return grid, pending


def read_docx(data: bytes, *, matcher) -> Table:
    """Every table of a Word document whose header row matches, in document order.

    The document's data for re-importing gives each target its Measures
    (``importer.reimport_data``): its custom XML part, or in an older download a last table
    headed like ``layout.REIMPORT_COLUMNS``, which is not part of the plan's table.
    """
    from docx import Document
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx: PackageNotFoundError, lxml's XMLSyntaxError, KeyError…
        logger.info("An uploaded document could not be read", exc_info=True)
        raise PlanImportError.single("the file is not a valid Word (.docx) document") from None
    matcher.objective_optional = True
    matcher.own_columns = reimport_data.docx_definitions(document)
    rows, label, has_measures, pending_objective, table_number = [], None, False, "", 0
    columns, title_rows, previous_header, merged_columns = [], [], None, []
    reimport = []  # (where, {heading as written: text}) from the re-import data table
    counts = Counter()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            heading = _heading_paragraph(block)
            if heading:
                pending_objective = heading
            continue
        if not isinstance(block, WordTable):
            continue
        table_number += 1
        grid, heading_row = _grid(block)
        if heading_row:
            pending_objective = heading_row
        if grid and _is_reimport_header(grid[0][1]):
            reimport.extend(
                (f"Table {table_number}, row {number}", dict(zip(grid[0][1], cells, strict=False)))
                for number, cells in grid[1:]
            )
            continue
        header_at = find_header(grid, matcher)
        if header_at is None:
            width = len(grid[0][1]) if grid else 0
            if previous_header is None or width != len(previous_header[1]):
                continue
            grid = [previous_header, *grid]  # continues the table before it
        else:
            title_rows.extend(
                " ".join(t for t in (_cell_text(c) for c in cells) if t)
                for _, cells in grid[:header_at]
                if any(_cell_text(c) for c in cells)
            )
            grid = grid[header_at:]
            previous_header = grid[0]
        table = rows_from_grid(
            grid,
            matcher=matcher,
            describe=lambda number, t=table_number: f"Table {t}, row {number}",
        )
        if pending_objective:
            # The first row of the table's own, past any section title above it.
            first = next((row for row in table.rows if not row.section_title), table.rows[0])
            if not first.cells.get(layout.OBJECTIVE):
                first.cells[layout.OBJECTIVE] = pending_objective
                first.columns.setdefault(layout.OBJECTIVE, "Objective")
            else:
                # The table names its own objectives (a Stage column taken as them): the
                # heading above it is the section they are in, not lost.
                table.rows.insert(
                    0,
                    SourceRow(
                        f"Table {table_number}, the heading above it",
                        dict.fromkeys(first.cells, ""),
                        section_title=pending_objective,
                    ),
                )
            pending_objective = ""
        rows.extend(table.rows)
        counts.update(table.cell_counts)
        label = label or table.target_label
        has_measures = has_measures or table.has_measures_column
        title_rows.extend(table.title_rows)
        merged_columns.extend(table.merged_columns)
        seen = {(use.heading, use.field) for use in columns}
        columns.extend(use for use in table.columns if (use.heading, use.field) not in seen)
    if not rows:
        raise PlanImportError.single(
            "the document has no table headed Objective, Target & Base Line, Owner, Actions…"
        )
    if reimport_data.apply(
        rows, [*_table_records(reimport), *reimport_data.docx_records(document)]
    ):
        has_measures = True
    return Table(
        rows,
        label,
        has_measures,
        columns,
        title_rows,
        cell_counts=counts,
        own_columns=matcher.own_columns,
        merged_columns=merged_columns,
    )


_REIMPORT_KEYS = {normalise_heading(name): name for name in layout.REIMPORT_COLUMNS}


def _is_reimport_header(texts: list[str]) -> bool:
    """The header row of the exported document's "Data for re-importing this plan" table."""
    return {normalise_heading(text) for text in texts if text} == set(_REIMPORT_KEYS)


def _table_records(reimport: list) -> list:
    """The rows of an older download's "Data for re-importing this plan" table as records for
    ``reimport_data.apply`` (newer downloads carry them in a custom XML part)."""
    return [
        (where, {_REIMPORT_KEYS[normalise_heading(k)]: _cell_text(v) for k, v in written.items()})
        for where, written in reimport
    ]
