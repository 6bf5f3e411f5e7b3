"""The data for re-importing that a downloaded plan carries out of the reader's view.

A target's words cannot carry its figures exactly (numbers, units, "to be confirmed" states), so
the XLSX and Word downloads carry each target's record (``actions.delivery_table``:
``reimport_records``) where a reader does not see it: the XLSX on its hidden sheet
``DATA_SHEET``, the Word document in a custom XML part (``public/exports/word.py``; older copies
in a last table, read by ``reading_word``). Here the readers find those records and give each
target row its Measures. A file without them (a partnership's own table) is read as before: each
target's figures from its words.
"""

from actions import delivery_table as layout
from importer.columns import TARGET_COLUMN, normalise_heading
from importer.errors import PlanImportError
from importer.headings import OBJECTIVE_HEADING

WORD_NAMESPACE = layout.REIMPORT_XML_NAMESPACE
WORD_ATTRIBUTES = layout.REIMPORT_XML_ATTRIBUTES
# What the Measures of a record may hold: far more than any target needs, far less than a
# bomb. The upload's own limits (cspplan/uploads.py) bound the part as a whole.
MAX_PART_BYTES = 5 * 1024 * 1024


def _text(value) -> str:
    from importer.reading import _cell_text

    return _cell_text(value)


def apply(rows, records) -> bool:
    """Give each target row the Measures of its record; whether any record was given.

    ``records``: (where, {``REIMPORT_COLUMNS`` name: text}). A record names its target by
    objective number and position among the objective's targets (counted as ``drafts`` starts
    them: a row with a Target & Base Line or target-column cell), and says how the target's
    words begin: a target whose words no longer begin so (edited, or moved by a target added
    above it) is left alone, so its figures are read from its words as for a row an officer
    added. A row that has its own Measures cell keeps it.
    """
    by_target = {}
    for where, cells in records:
        try:
            key = (int(cells[layout.OBJECTIVE_NUMBER]), int(cells[layout.TARGET_ROW]))
        except (KeyError, ValueError):
            raise PlanImportError.single(
                f"the {layout.OBJECTIVE_NUMBER} and {layout.TARGET_ROW} must be whole numbers",
                where,
            ) from None
        by_target[key] = (where, cells)
    objective, position, given = None, 0, False
    for row in rows:
        match = OBJECTIVE_HEADING.match(row.cells.get(layout.OBJECTIVE, ""))
        if match:
            objective, position = int(match[1]), 0
        if not (row.cells.get(layout.TARGET) or row.cells.get(TARGET_COLUMN)):
            continue
        position += 1
        found = by_target.get((objective, position))
        if found is None or row.cells.get(layout.MEASURES, "").strip():
            continue
        where, cells = found
        if layout.begins_like(row.cells.get(layout.TARGET, ""), cells[layout.TARGET_BEGINS]):
            row.cells[layout.MEASURES] = cells[layout.MEASURES]
            row.columns[layout.MEASURES] = f"{layout.MEASURES} ({where})"
            given = True
    return given


def xlsx_records(workbook) -> list:
    """The records on a workbook's hidden sheet ``layout.DATA_SHEET``, if it has one: the lines
    holding a target's record (a target's first row). Works in openpyxl's read-only mode too."""
    if layout.DATA_SHEET not in workbook.sheetnames:
        return []
    sheet = workbook[layout.DATA_SHEET]
    name = f"Sheet '{layout.DATA_SHEET}'"
    lines = sheet.iter_rows(values_only=True)
    header = [normalise_heading(_text(cell)) for cell in next(lines, ())]
    wanted = {normalise_heading(column): column for column in layout.DATA_SHEET_COLUMNS}
    if not set(wanted) <= set(header):
        raise PlanImportError.single(
            "the sheet of data for re-importing must be headed "
            + ", ".join(layout.DATA_SHEET_COLUMNS)
            + "; delete the sheet to have each target's figures read from its words",
            f"{name}, row 1",
        )
    columns = {header.index(key): column for key, column in wanted.items()}
    records = []
    for number, line in enumerate(lines, start=2):
        cells = {column: _text(line[i] if i < len(line) else None) for i, column in columns.items()}
        if cells[layout.TARGET_ROW] or cells[layout.MEASURES]:
            records.append((f"{name}, row {number}", cells))
    return records


def docx_records(document) -> list:
    """The records of a Word document's custom XML part in ``WORD_NAMESPACE``, if it has one."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for part in document.part.package.iter_parts():
        if not str(part.partname).startswith("/customXml/item"):
            continue
        blob = part.blob
        if WORD_NAMESPACE.encode() not in blob[:1000]:
            continue
        if len(blob) > MAX_PART_BYTES:
            raise PlanImportError.single("the document's data for re-importing is too large")
        try:
            root = etree.fromstring(blob, parser)
        except etree.XMLSyntaxError:
            raise PlanImportError.single(
                "the document's data for re-importing is damaged; save the document again "
                "from Word, or import a fresh download"
            ) from None
        records = []
        for number, target in enumerate(root.iter(f"{{{WORD_NAMESPACE}}}target"), start=1):
            cells = {
                column: target.get(attribute, "") for column, attribute in WORD_ATTRIBUTES.items()
            }
            measures = target.find(f"{{{WORD_NAMESPACE}}}measures")
            cells[layout.MEASURES] = (measures.text or "") if measures is not None else ""
            records.append((f"Data for re-importing, target {number}", cells))
        return records
    return []


def _definition(where: str, found: dict) -> dict:
    """A column definition as the downloads write it (``layout.OWN_COLUMN_FIELDS``), checked."""
    from objectives.plan_columns import PlanColumn

    definition = {field: _text(found.get(field)) for field in layout.OWN_COLUMN_FIELDS.values()}
    if definition["kind"] not in PlanColumn.Kind.values:
        raise PlanImportError.single(
            f"the plan's own column “{definition['name']}” has the kind “{definition['kind']}”, "
            f"not one of {', '.join(PlanColumn.Kind.values)}",
            where,
        )
    if definition["applies_to"] not in PlanColumn.AppliesTo.values:
        raise PlanImportError.single(
            f"the plan's own column “{definition['name']}” belongs to "
            f"“{definition['applies_to']}”, not to actions or targets",
            where,
        )
    return definition


def xlsx_definitions(workbook) -> dict[str, dict]:
    """The plan's own columns defined on a downloaded workbook's hidden sheet, by their
    normalised name: ``{"name", "kind", "applies_to", "choices"}``; none in any other workbook."""
    if layout.DATA_SHEET not in workbook.sheetnames:
        return {}
    lines = workbook[layout.DATA_SHEET].iter_rows(values_only=True)
    header = [normalise_heading(_text(cell)) for cell in next(lines, ())]
    wanted = {
        normalise_heading(heading): field for heading, field in layout.OWN_COLUMN_FIELDS.items()
    }
    if normalise_heading(layout.OWN_COLUMN) not in header:
        return {}
    columns = {header.index(key): field for key, field in wanted.items() if key in header}
    found = {}
    for number, line in enumerate(lines, start=2):
        cells = {field: line[i] if i < len(line) else None for i, field in columns.items()}
        if _text(cells.get("name")):
            where = f"Sheet '{layout.DATA_SHEET}', row {number}"
            definition = _definition(where, cells)
            found[normalise_heading(definition["name"])] = definition
    return found


def docx_definitions(document) -> dict[str, dict]:
    """The plan's own columns defined in a Word document's custom XML part, as
    ``xlsx_definitions`` gives them."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for part in document.part.package.iter_parts():
        blob = part.blob if str(part.partname).startswith("/customXml/item") else b""
        if WORD_NAMESPACE.encode() not in blob[:1000] or len(blob) > MAX_PART_BYTES:
            continue
        try:
            root = etree.fromstring(blob, parser)
        except etree.XMLSyntaxError:
            return {}  # docx_records says it is damaged
        found = {}
        for number, column in enumerate(root.iter(f"{{{WORD_NAMESPACE}}}column"), start=1):
            where = f"Data for re-importing, column {number}"
            definition = _definition(where, dict(column.attrib))
            found[normalise_heading(definition["name"])] = definition
        return found
    return {}
