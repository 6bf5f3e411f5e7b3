"""Read the delivery-plan table out of a CSV, Excel or Word file into plain rows.

Every row keeps where it came from ("Row 7", "Sheet 'Delivery plan', row 7", "Table 2, row 3")
so that each later error can name it. The header row is the first row where two headings name
a field (title rows above it are skipped); each column is then taken as a field as
``columns.choose`` says (exactly, as mapped, or as a guess the preview shows). A row holding only
an objective heading ("Outcome 2: …") starts an objective, as in many published tables. Word
documents are read by ``reading_word``.
"""

import csv
import io
import logging
from collections import Counter
from dataclasses import dataclass, field

from actions import delivery_table as layout
from cspplan import uploads
from cspplan.text import clean_text
from importer import columns as cols
from importer import reimport_data
from importer.columns import (
    IGNORE,
    KEEP,
    OPTIONAL,
    REQUIRED,
    TARGET_COLUMN,
    ColumnUse,
    column_name,
    normalise_heading,
)
from importer.errors import PlanImportError, Problem
from importer.headings import OBJECTIVE_HEADING, is_labelled_heading

__all__ = [
    "OBJECTIVE_HEADING",
    "OPTIONAL",
    "REQUIRED",
    "TARGET_COLUMN",
    "Carried",
    "HeaderMatcher",
    "SourceRow",
    "Table",
    "normalise_heading",
    "read_table",
]

SUPPORTED_TYPES = (".csv", ".xlsx", ".docx")
logger = logging.getLogger(__name__)
# Non-empty rows above the header row that may be titles ("West Anyshire CSP", "Action plan").
TITLE_ROWS = 10
# The parts of a row that a cell merged from the row above repeats: its people, not its words.
CARRIED_FIELDS = (layout.OWNER, layout.LEAD_OFFICER, layout.FUNDING)


class Carried(str):
    """The text of a cell merged with the one above (XLSX or Word): only Owner, Lead Officer
    and Funding take it; in any other column it is an empty cell (the row continues)."""


@dataclass
class SourceRow:
    where: str  # e.g. "Row 7"
    cells: dict[str, str]
    columns: dict[str, str] = field(default_factory=dict)  # key -> heading as written
    heading_only: bool = False  # a row holding only an objective heading
    # Cells of the columns kept as the plan's own (importer/extra_columns.py): heading -> text.
    kept: dict[str, str] = field(default_factory=dict)
    # A row whose one cell, in the first column, may be a section title ("Prevention"): one
    # when the next row starts an objective (``drafts.build_draft``), else an ordinary row.
    section_title: str = ""
    section_column: str = ""  # the heading of the column it stands in, if any

    def at(self, key: str) -> str:
        """Where a cell is, for an error message: "Row 7, column Owner"."""
        return f"{self.where}, column {self.columns.get(key, key)}"


@dataclass
class Table:
    rows: list[SourceRow]
    target_label: str
    has_measures_column: bool
    columns: list[ColumnUse] = field(default_factory=list)
    title_rows: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. the encoding read
    # Non-empty cells per column heading, whether kept or not: what the preview says is lost.
    cell_counts: Counter = field(default_factory=Counter)
    # The plan's own columns a downloaded file defines (``reimport_data``), by normalised name.
    own_columns: dict = field(default_factory=dict)
    # Ignored columns whose values repeat down merged cells (a "Stage" column merged down its
    # rows): (heading, its values in order, how many rows they cover). See ``drafts``.
    merged_columns: list[tuple[str, list[str], int]] = field(default_factory=list)


def strip_neutraliser(value: str) -> str:
    """Undo delivery_table.neutralise(): one apostrophe before = + - @ was added on export."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


class HeaderMatcher:
    """Finds the header row and says which field each column is taken as.

    ``mapping``: normalised heading → field, from the officer (admin form, remembered per
    partnership, or ``--map``); it wins over every guess."""

    def __init__(
        self,
        target_label: str | None,
        *,
        objective_optional: bool = False,
        mapping: dict[str, str] | None = None,
        keep_all: bool = False,
    ):
        self.target_label = target_label
        # Word tables usually sit under an "Objective N: …" heading instead of a column.
        self.objective_optional = objective_optional
        self.mapping = {normalise_heading(k): v for k, v in (mapping or {}).items()}
        # ``--keep-all``: every column not otherwise taken nor ignored by choice is kept.
        self.keep_all = keep_all
        # The plan's own columns a downloaded file defines: kept as they were, unasked.
        self.own_columns: dict = {}

    def match(self, headings: list[str]) -> bool:
        """Whether this is the header row."""
        return cols.header_score(headings, self.mapping) >= 2

    def columns(self, headings: list[str], where: str) -> tuple[list[ColumnUse], str]:
        """Each column's field; raise when no column holds the actions."""
        uses = cols.choose(headings, mapping=self.mapping, target_label=self.target_label)
        for use in uses:
            if use.field == IGNORE and use.how != "mapped" and use.normalised in self.own_columns:
                use.field, use.how = KEEP, "named"
                use.note = "one of the plan's own columns, as the file defines it"
        if self.keep_all:
            from importer.extra_columns import keep_all

            keep_all(uses)
        taken = {use.field: use for use in uses}
        cols.check_languages(taken, where)
        if layout.ACTIONS not in taken:
            error = PlanImportError(
                [
                    Problem(
                        where,
                        "no column is taken as Actions (the headings are "
                        + ", ".join(f"“{use.heading}”" for use in uses)
                        + "); say which one holds them, e.g. --map "
                        '"Actions=What we will do", or in the preview\'s column list',
                    )
                ]
            )
            error.columns = uses
            raise error
        label = taken[TARGET_COLUMN].heading if TARGET_COLUMN in taken else None
        return uses, label or self.target_label or "Target"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    return strip_neutraliser(text)


def find_header(grid, matcher) -> int | None:
    """The index in ``grid`` of the header row, looking past a few title rows."""
    seen = 0
    for index, (_, cells) in enumerate(grid):
        texts = [_cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        if matcher.match(texts):
            return index
        seen += 1
        if seen > TITLE_ROWS:
            return None
    return None


def rows_from_grid(grid, *, matcher, describe) -> Table:
    """Turn a list of (row label, cells) into a Table, starting at the header row."""
    header_at = find_header(grid, matcher)
    if header_at is None:
        first = next(((p, c) for p, c in grid if any(_cell_text(x) for x in c)), (None, None))
        if first[0] is None:
            raise PlanImportError.single("the file is empty: no headings and no rows")
        text = next(_cell_text(x) for x in first[1] if _cell_text(x))
        error = PlanImportError.single(
            "no header row found: the file starts “"
            + text[:60]
            + "”, and no row in the first ones has two headings such as Objective, Target & "
            "Base Line, Owner, Actions, Lead Officer or Funding",
            describe(first[0]),
        )
        raise error
    title_rows = [
        " ".join(t for t in (_cell_text(c) for c in cells) if t)
        for _, cells in grid[:header_at]
        if any(_cell_text(c) for c in cells)
    ]
    position, header_cells = grid[header_at]
    headings = [_cell_text(cell) for cell in header_cells]
    uses, label = matcher.columns(headings, describe(position))
    by_index = {use.index: use for use in uses}
    fields = {use.field for use in uses if use.field not in (IGNORE, KEEP)}
    rows = []
    counts = Counter()
    # Ignored columns: their own values and how many rows their merged cells cover.
    merged = {use.index: ([], 0) for use in uses if use.field == IGNORE}
    for position, cells in grid[header_at + 1 :]:
        uploads.within_budget()
        texts = [_cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        cells_by_key = dict.fromkeys(fields, "")
        kept = {}
        for index, (cell, text) in enumerate(zip(cells, texts, strict=False)):
            use = by_index.get(index)
            if use is None:
                if text and not isinstance(cell, Carried):
                    raise PlanImportError.single(
                        f"a value in column {column_name(index)}, which has no heading",
                        describe(position),
                    )
                continue
            if text and not isinstance(cell, Carried):
                counts[use.heading] += 1
            if use.field == KEEP:
                # A merged cell of a kept column belongs to every row it spans.
                if text:
                    kept[use.heading] = text
                continue
            if use.field == IGNORE:
                continue
            if isinstance(cell, Carried) and use.field not in CARRIED_FIELDS:
                text = ""
            cells_by_key[use.field] = text
        row = SourceRow(
            describe(position),
            cells_by_key,
            {use.field: use.heading for use in uses if use.field not in (IGNORE, KEEP)},
            kept=kept,
        )
        own = [
            (index, text)
            for index, (cell, text) in enumerate(zip(cells, texts, strict=False))
            if text and not isinstance(cell, Carried)
        ]
        for index, (cell, text) in enumerate(zip(cells, texts, strict=False)):
            if index in merged and text:
                values, covered = merged[index]
                if not isinstance(cell, Carried):
                    values.append(text)
                merged[index] = (values, covered + 1)
        first_column = min(by_index, default=0)
        objective_column = next((u.index for u in uses if u.field == layout.OBJECTIVE), None)
        if _may_be_a_section_title(own, cells, first_column, by_index):
            row.section_title = own[0][1]
            if own[0][0] in by_index:
                row.section_column = by_index[own[0][0]].heading
            rows.append(row)
            continue
        if (
            len({text for _, text in own}) == 1
            # In the first column (a title merged across the table) or the Objective column:
            # an action that happens to begin "Aim: …" is not a heading.
            and own[0][0] in (first_column, objective_column)
            and is_labelled_heading(own[0][1])
        ):
            # A row of its own holding an objective heading (often merged across the table).
            row.cells = dict.fromkeys(fields, "")
            row.cells[layout.OBJECTIVE] = own[0][1]
            row.columns.setdefault(layout.OBJECTIVE, "Objective")
            row.heading_only = True
            row.kept = {}
        elif not any(t for k, t in cells_by_key.items()) and not any(
            text and not isinstance(cell, Carried) and by_index[index].field == KEEP
            for index, (cell, text) in enumerate(zip(cells, texts, strict=False))
            if index in by_index
        ):
            continue  # only ignored or carried cells
        rows.append(row)
    if not rows:
        raise PlanImportError.single("the file has headings but no rows")
    table = Table(
        rows,
        label,
        layout.MEASURES in fields,
        uses,
        title_rows,
        cell_counts=counts,
        own_columns=matcher.own_columns,
    )
    table.merged_columns = [
        (by_index[index].heading, values, covered)
        for index, (values, covered) in merged.items()
        if values and covered > len(values)  # some value repeats down merged cells
    ]
    return table


# A section title is a short line: not a sentence-long action that happens to stand alone.
SECTION_TITLE_LENGTH = 120


def _may_be_a_section_title(own, cells, first_column, by_index) -> bool:
    """One cell of its own, in the table's first column, spanning the row (nothing else in it,
    not even a cell merged from above), short, not an objective heading, and not in the column
    of the actions or targets, whose continuation rows also hold one cell."""
    if len(own) != 1 or any(isinstance(cell, Carried) and str(cell) for cell in cells):
        return False
    index, text = own[0]
    use = by_index.get(index)
    return (
        index == first_column
        and len(by_index) >= 3
        and "\n" not in text
        and len(text) <= SECTION_TITLE_LENGTH
        and not is_labelled_heading(text)
        and (use is None or use.field not in (layout.ACTIONS, layout.TARGET, TARGET_COLUMN))
    )


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in.

    A byte-order mark says UTF-8 or UTF-16; UTF-16 without one shows itself by its zero bytes;
    otherwise UTF-8, else Windows-1252 (what Excel on Windows saves as "CSV")."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with a byte-order mark"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        order = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(order), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves "CSV" in cp1252 (the £ sign, curly quotes, en dashes).
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise PlanImportError.single(
            f"the file is neither UTF-8, UTF-16 nor Windows-1252 text (byte {error.start + 1}); "
            "save it again as “CSV UTF-8”"
        ) from None


def _delimiter(text: str) -> str:
    """Comma, or the tab of Excel's "Unicode text", or the semicolon of European Excel: the one
    that splits the most of the first lines into the same number of cells (two or more: a plan
    may be only Actions and Owner). A separator that only appears in a cell's words splits
    the lines unevenly, and the header row not at all."""
    lines = text.splitlines()[:20]
    best, best_score = ",", 0
    for delimiter in (",", "\t", ";"):
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        score = max((count for width, count in widths.items() if width >= 2), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, *, matcher) -> Table:
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError:
        raise PlanImportError.single("the file's text cannot be read as UTF-16 or UTF-8") from None
    text = text.lstrip("\ufeff")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        grid = list(enumerate(reader, start=1))
    except csv.Error as error:
        raise PlanImportError.single(f"the CSV file cannot be read ({error})") from None
    table = rows_from_grid(grid, matcher=matcher, describe=lambda number: f"Row {number}")
    table.notes.append(f"Read as {encoding} text.")
    return table


def _sheet_rows(sheet):
    """(row number, [cell dicts]) of a read-only worksheet, streamed from its XML, and then its
    merged ranges ("A2:A4"): openpyxl's own parser, as ``ReadOnlyWorksheet.iter_rows`` uses it,
    kept so that the merges, which the XML holds after the rows, can be read in the same pass.
    No row is padded to the sheet's declared size, which a file may overstate."""
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    merges = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            uploads.within_budget()
            yield number, cells
        if parser.merged_cells is not None:
            merges = [merged.ref for merged in parser.merged_cells.mergeCell]
    yield None, merges


def read_xlsx(data: bytes, *, matcher) -> Table:
    """The first sheet of a workbook, streamed (openpyxl's read-only mode): no other sheet is
    parsed but the hidden data sheet of a workbook downloaded from the site, and memory grows
    with the rows kept, not with the file's XML."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False, read_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # a broken file can fail anywhere in openpyxl: zip, XML, styles…
        logger.info("An uploaded workbook could not be read", exc_info=True)
        raise PlanImportError.single("the file is not a valid Excel (.xlsx) workbook") from None
    try:
        grid, problems, merges = [], [], []
        for number, cells in _sheet_rows(sheet):
            if number is None:
                merges = cells
                break
            values = [None] * max((cell["column"] for cell in cells), default=0)
            for cell in cells:
                value = cell["value"]
                values[cell["column"] - 1] = value
                if cell["data_type"] == "f" or (isinstance(value, str) and value[:1] == "="):
                    coordinate = f"{get_column_letter(cell['column'])}{number}"
                    problems.append(
                        Problem(
                            f"Sheet '{sheet.title}', cell {coordinate}",
                            "holds a formula; replace it with the value it shows "
                            "(copy, then Paste Special → Values)",
                        )
                    )
            if any(value is not None for value in values):
                grid.append((number, values))
        # Read before the workbook closes: a read-only workbook streams from its zip.
        records = reimport_data.xlsx_records(workbook)
        matcher.own_columns = reimport_data.xlsx_definitions(workbook)
    finally:
        workbook.close()
    if problems:
        raise PlanImportError(problems)
    # A cell merged with the ones below it: they read as empty (the row continues) except where
    # they repeat who is responsible (Owner, Lead Officer, Funding).
    rows = dict(grid)
    last = max(rows, default=0)
    for merged in merges:
        min_col, min_row, _, max_row = range_boundaries(merged)
        top = rows.get(min_row, [])
        value = top[min_col - 1] if min_col <= len(top) else None
        # Not past the last row holding anything: a merge may claim a million empty rows.
        for number in range(min_row + 1, min(max_row, last) + 1):
            uploads.within_budget()
            values = rows.setdefault(number, [])
            values.extend([None] * (min_col - len(values)))
            values[min_col - 1] = Carried(_cell_text(value))
    grid = sorted(rows.items())
    table = rows_from_grid(
        grid, matcher=matcher, describe=lambda number: f"Sheet '{sheet.title}', row {number}"
    )
    # A downloaded workbook's hidden sheet gives each target its Measures
    # (``importer.reimport_data``); a workbook without it is read from its words alone.
    if reimport_data.apply(table.rows, records):
        table.has_measures_column = True
    return table


def read_table(
    name: str,
    data: bytes,
    *,
    target_label: str | None = None,
    mapping: dict[str, str] | None = None,
    keep_all: bool = False,
) -> Table:
    """Read an uploaded or local file; raise PlanImportError saying exactly what is wrong.

    Its size, expansion (XLSX and DOCX are zip archives), rows, cells and width are checked
    before any parser touches it, and reading it has a time budget (cspplan/uploads.py).
    ``mapping``: heading → field, the officer's."""
    from importer.reading_word import read_docx

    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in SUPPORTED_TYPES:
        raise PlanImportError.single(
            f"“{name}” is not a file type the importer reads; use .csv, .xlsx or .docx"
        )
    try:
        uploads.check_upload(suffix[1:], data)
    except uploads.UploadRefused as refused:
        raise PlanImportError.single(str(refused)) from None
    if not data.strip() or not data.replace(b"\x00", b"").strip(b"\xef\xbb\xbf\xff\xfe \r\n"):
        raise PlanImportError.single("the file is empty")
    matcher = HeaderMatcher(target_label, mapping=mapping, keep_all=keep_all)
    reader = {".csv": read_csv, ".xlsx": read_xlsx, ".docx": read_docx}[suffix]
    try:
        with uploads.time_budget():
            return reader(data, matcher=matcher)
    except PlanImportError:
        raise
    except uploads.UploadRefused as refused:
        raise PlanImportError.single(str(refused)) from None
    except Exception:  # a damaged file can trip the parsers anywhere: never a 500
        logger.warning("An uploaded %s could not be read", suffix, exc_info=True)
        raise PlanImportError.single(
            f"the file could not be read as a {uploads.KIND_NAMES[suffix[1:]]}; it may be "
            "damaged: save it again from Excel or Word"
        ) from None
