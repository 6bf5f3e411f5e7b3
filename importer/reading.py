"""Read the delivery-plan table out of a CSV, Excel or Word file into plain rows.

Every row keeps where it came from ("Row 7", "Sheet 'Delivery plan', row 7", "Table 2, row 3")
so that each later error can name it. Headings are matched ignoring case, spacing and
punctuation, so "Target and baseline" finds the "Target & Base Line" column.
"""

import csv
import io
import logging
import re
from dataclasses import dataclass, field

from actions import delivery_table as layout
from cspplan import uploads
from cspplan.text import clean_text
from importer.errors import PlanImportError, Problem

REQUIRED = (
    layout.OBJECTIVE,
    layout.TARGET,
    layout.OWNER,
    layout.ACTIONS,
    layout.LEAD_OFFICER,
    layout.FUNDING,
)
# Status is read and then ignored: a new plan's progress starts from its updates, not a cell.
OPTIONAL = (
    layout.STATUS,
    layout.MEASURES,
    layout.OBJECTIVE_NUMBER,
    layout.TARGET_ID,
    layout.ACTION_ID,
)
# The key the target column is stored under in a row, whatever its heading says.
TARGET_COLUMN = "target column"
SUPPORTED_TYPES = (".csv", ".xlsx", ".docx")
logger = logging.getLogger(__name__)
OBJECTIVE_HEADING = re.compile(r"^\s*objective\s+(\d+)\s*[:.\-–]\s*(.+?)\s*$", re.IGNORECASE)


def normalise_heading(text: str) -> str:
    """'Target & Base Line' and 'target and baseline' both become 'targetandbaseline'."""
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower().replace("&", "and"))


@dataclass
class SourceRow:
    where: str  # e.g. "Row 7"
    cells: dict[str, str]
    columns: dict[str, str] = field(default_factory=dict)  # key -> heading as written

    def at(self, key: str) -> str:
        """Where a cell is, for an error message: "Row 7, column Owner"."""
        return f"{self.where}, column {self.columns.get(key, key)}"


@dataclass
class Table:
    rows: list[SourceRow]
    target_label: str
    has_measures_column: bool


def strip_neutraliser(value: str) -> str:
    """Undo delivery_table.neutralise(): one apostrophe before = + - @ was added on export."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


class HeaderMatcher:
    def __init__(self, target_label: str | None, *, objective_optional: bool = False):
        self.target_label = target_label
        # Word tables usually sit under an "Objective N: …" heading instead of a column.
        self.objective_optional = objective_optional
        self.known = {normalise_heading(name): name for name in REQUIRED + OPTIONAL}

    def match(self, headings: list[str]) -> dict[int, str] | None:
        """Column index -> key, or None when this is not a header row at all."""
        normalised = [normalise_heading(text) for text in headings]
        # Two known headings make it a header row; columns() then names what is missing.
        if sum(key in self.known for key in normalised) < 2:
            return None
        return dict(enumerate(normalised))

    def columns(self, headings: list[str], where: str) -> tuple[dict[int, str], str]:
        """Map each column to its key; raise naming any unknown or missing heading."""
        mapping, unknown = {}, []
        label_keys = {normalise_heading("Target")}
        if self.target_label:
            label_keys.add(normalise_heading(self.target_label))
        for index, text in enumerate(headings):
            key = normalise_heading(text)
            if not key:
                continue
            if key in self.known:
                mapping[index] = self.known[key]
            elif key in label_keys:
                mapping[index] = TARGET_COLUMN
            else:
                unknown.append((index, str(text).strip()))
        label = self.target_label
        if TARGET_COLUMN not in mapping.values() and not self.target_label and len(unknown) == 1:
            # No label given: the one heading we do not know is the target-date column.
            index, label = unknown.pop()
            mapping[index] = TARGET_COLUMN
        problems = [
            Problem(where, f"unknown heading “{text}” (column {_column_name(index)})")
            for index, text in unknown
        ]
        missing = [name for name in REQUIRED if name not in mapping.values()]
        if self.objective_optional and layout.OBJECTIVE in missing:
            missing.remove(layout.OBJECTIVE)
        if TARGET_COLUMN not in mapping.values():
            missing.insert(2, self.target_label or "the target column (e.g. March 2012)")
        if missing:
            problems.append(Problem(where, f"missing heading(s): {', '.join(missing)}"))
        if problems:
            problems.append(
                Problem(
                    "",
                    "Expected headings: Objective, Target & Base Line, "
                    f"{self.target_label or 'Target'}, Owner, Actions, Lead Officer, Funding "
                    "(Status, Measures, Objective number, Target ID and Action ID are optional).",
                )
            )
            raise PlanImportError(problems)
        return mapping, label or "Target"


def _column_name(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    return strip_neutraliser(text)


def _rows_from_grid(grid, *, matcher, describe) -> Table:
    """Turn a list of (row label, cells) into a Table, starting at the first header row."""
    rows, mapping, label, headings = [], None, None, []
    for position, cells in grid:
        texts = [_cell_text(cell) for cell in cells]
        if mapping is None:
            if not any(texts):
                continue
            if matcher.match(texts) is None:
                raise PlanImportError.single(
                    "the first row must be the headings (Objective, Target & Base Line, …), "
                    f"but it starts “{next(text for text in texts if text)[:60]}”",
                    describe(position),
                )
            mapping, label = matcher.columns(texts, describe(position))
            headings = texts
            continue
        if not any(texts):
            continue
        cells_by_key = dict.fromkeys(mapping.values(), "")
        for index, text in enumerate(texts):
            if index in mapping:
                cells_by_key[mapping[index]] = text
            elif text:
                raise PlanImportError.single(
                    f"a value in column {_column_name(index)}, which has no heading",
                    describe(position),
                )
        columns = {key: headings[index] for index, key in mapping.items()}
        rows.append(SourceRow(describe(position), cells_by_key, columns))
    if mapping is None:
        raise PlanImportError.single("the file is empty: no headings and no rows")
    if not rows:
        raise PlanImportError.single("the file has headings but no rows")
    return Table(rows, label, layout.MEASURES in mapping.values())


def read_csv(data: bytes, *, matcher) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in cp1252 (the £ sign, curly quotes, en dashes).
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise PlanImportError.single(
                f"the file is neither UTF-8 nor Windows-1252 text (byte {error.start + 1}); "
                "save it again as “CSV UTF-8”"
            ) from None
    try:
        grid = list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    except csv.Error as error:
        raise PlanImportError.single(f"the CSV file cannot be read ({error})") from None
    return _rows_from_grid(grid, matcher=matcher, describe=lambda number: f"Row {number}")


def read_xlsx(data: bytes, *, matcher) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
        sheet = workbook.worksheets[0]
    except Exception:  # a broken file can fail anywhere in openpyxl: zip, XML, styles…
        logger.info("An uploaded workbook could not be read", exc_info=True)
        raise PlanImportError.single("the file is not a valid Excel (.xlsx) workbook") from None
    grid, problems = [], []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        grid.append((number, [cell.value for cell in row]))
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value[:1] == "="):
                problems.append(
                    Problem(
                        f"Sheet '{sheet.title}', cell {cell.coordinate}",
                        "holds a formula; replace it with the value it shows "
                        "(copy, then Paste Special → Values)",
                    )
                )
    if problems:
        raise PlanImportError(problems)
    return _rows_from_grid(
        grid, matcher=matcher, describe=lambda number: f"Sheet '{sheet.title}', row {number}"
    )


def read_docx(data: bytes, *, matcher) -> Table:
    """Every table of a Word document whose header row matches, in document order.

    An "Objective N: …" paragraph before a table, or a row inside it, starts an objective. A table
    headed like ``layout.REIMPORT_COLUMNS`` (the exported document's last section) is not part of
    the plan's table: it gives each target its Measures (see ``_apply_reimport_data``).
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
    rows, label, has_measures, pending_objective, table_number = [], None, False, "", 0
    reimport = []  # (where, {heading as written: text}) from the re-import data table
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if OBJECTIVE_HEADING.match(block.text):
                pending_objective = block.text.strip()
            continue
        if not isinstance(block, WordTable):
            continue
        table_number += 1
        grid, previous_tcs = [], []
        for number, row in enumerate(block.rows, start=1):
            cells, tcs = [], []
            for column, cell in enumerate(row.cells):
                # A vertically merged cell comes back once per row; only its first row counts,
                # the rows below are "carried down" like the empty cells of a spreadsheet.
                merged_from_above = column < len(previous_tcs) and previous_tcs[column] is cell._tc
                cells.append("" if merged_from_above else cell.text)
                tcs.append(cell._tc)
            previous_tcs = tcs
            distinct = {text.strip() for text in cells if text.strip()}
            if len(distinct) == 1 and OBJECTIVE_HEADING.match(next(iter(distinct))):
                pending_objective = next(iter(distinct))
                continue
            # Horizontally merged cells repeat the same text; keep it once.
            cells = [
                "" if index and row.cells[index]._tc is row.cells[index - 1]._tc else text
                for index, text in enumerate(cells)
            ]
            grid.append((number, cells))
        if grid and _is_reimport_header(grid[0][1]):
            reimport.extend(
                (f"Table {table_number}, row {number}", dict(zip(grid[0][1], cells, strict=False)))
                for number, cells in grid[1:]
            )
            continue
        header_at = next(
            (i for i, (_, cells) in enumerate(grid) if matcher.match(cells) is not None), None
        )
        if header_at is None:
            continue
        table = _rows_from_grid(
            grid[header_at:],
            matcher=matcher,
            describe=lambda number, t=table_number: f"Table {t}, row {number}",
        )
        if pending_objective:
            first = table.rows[0]
            if not first.cells.get(layout.OBJECTIVE):
                first.cells[layout.OBJECTIVE] = pending_objective
            pending_objective = ""
        rows.extend(table.rows)
        label = label or table.target_label
        has_measures = has_measures or table.has_measures_column
    if not rows:
        raise PlanImportError.single(
            "the document has no table headed Objective, Target & Base Line, Owner, Actions…"
        )
    if reimport:
        _apply_reimport_data(rows, reimport)
        has_measures = True
    return Table(rows, label, has_measures)


_REIMPORT_KEYS = {normalise_heading(name): name for name in layout.REIMPORT_COLUMNS}


def _is_reimport_header(texts: list[str]) -> bool:
    """The header row of the exported document's "Data for re-importing this plan" table."""
    return {normalise_heading(text) for text in texts if text} == set(_REIMPORT_KEYS)


def _apply_reimport_data(rows: list[SourceRow], reimport: list) -> None:
    """Give each target row the Measures recorded for it in the re-import table.

    A record names its target by objective number and position among the objective's targets,
    and says how the target's words begin: a target whose words no longer begin so (edited, or
    moved by a target added above it) keeps an empty Measures cell, so its figures are read from
    its words as for a row an officer added. Positions count targets as ``drafts`` starts them:
    a row with a Target & Base Line or target-column cell.
    """
    records = {}
    for where, written in reimport:
        cells = {_REIMPORT_KEYS[normalise_heading(k)]: _cell_text(v) for k, v in written.items()}
        try:
            key = (int(cells[layout.OBJECTIVE_NUMBER]), int(cells[layout.TARGET_ROW]))
        except ValueError:
            raise PlanImportError.single(
                f"the {layout.OBJECTIVE_NUMBER} and {layout.TARGET_ROW} must be whole numbers",
                where,
            ) from None
        records[key] = (where, cells)
    objective, position = None, 0
    for row in rows:
        match = OBJECTIVE_HEADING.match(row.cells.get(layout.OBJECTIVE, ""))
        if match:
            objective, position = int(match[1]), 0
        if not (row.cells.get(layout.TARGET) or row.cells.get(TARGET_COLUMN)):
            continue
        position += 1
        found = records.get((objective, position))
        if found is None:
            continue
        where, cells = found
        if layout.begins_like(row.cells.get(layout.TARGET, ""), cells[layout.TARGET_BEGINS]):
            row.cells[layout.MEASURES] = cells[layout.MEASURES]
            row.columns[layout.MEASURES] = f"{layout.MEASURES} ({where})"


def read_table(name: str, data: bytes, *, target_label: str | None = None) -> Table:
    """Read an uploaded or local file; raise PlanImportError saying exactly what is wrong.

    Its size, expansion (XLSX and DOCX are zip archives) and number of rows are checked before
    any parser touches it (cspplan/uploads.py)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in SUPPORTED_TYPES:
        raise PlanImportError.single(
            f"“{name}” is not a file type the importer reads; use .csv, .xlsx or .docx"
        )
    try:
        uploads.check_upload(suffix[1:], data)
    except uploads.UploadRefused as refused:
        raise PlanImportError.single(str(refused)) from None
    if not data.strip():
        raise PlanImportError.single("the file is empty")
    matcher = HeaderMatcher(target_label)
    reader = {".csv": read_csv, ".xlsx": read_xlsx, ".docx": read_docx}[suffix]
    try:
        return reader(data, matcher=matcher)
    except PlanImportError:
        raise
    except Exception:  # a damaged file can trip the parsers anywhere: never a 500
        logger.warning("An uploaded %s could not be read", suffix, exc_info=True)
        raise PlanImportError.single(
            f"the file could not be read as a {uploads.KIND_NAMES[suffix[1:]]}; it may be "
            "damaged: save it again from Excel or Word"
        ) from None
