"""The delivery plan as a Word document an officer can edit and import back.

The document reads like the published plan: the plan's title, partnership and period, then for
each objective a heading "Objective N: Title" and its table (Target & Base Line | March 2012 |
Owner | Actions | Lead Officer | Funding | Status), on landscape A4 with the header row repeated
on every page. Cells hold the same text as the CSV download (``actions.delivery_table.rows``), one
row per action; the target cells are merged down over the target's actions, and Owner, Lead
Officer and Funding over a run of actions that share them, as in the printed plan.

What the words alone cannot carry (each target's ``Measures``: its numbers, units and TBC states,
and the stable identifiers) is kept out of the reader's view, in a custom XML part of the file
(``customXml/item2.xml``, the place Word keeps a document's own data: it is never shown or
printed, and Word keeps it when the document is edited and saved): a ``target`` element per
target (``delivery_table.reimport_records``). With it the importer's Word reader
(``importer.reading_word``) turns the document back into the same plan: it takes the objective
from the heading above each table, reads a merged cell once, on its first row (the carry-down
rule of ``actions.delivery_table``), and gives each target the Measures of its record
(``importer.reimport_data``). A copy without the part (saved by a program that drops it) imports
too, each target's figures read from its words.

The document is written in the active language (issue 27: Welsh when asked for at a Welsh
address; the documents worker draws it under ``translation.override``): its sentences, column
headings (``delivery_table.shown_heading``), status words, dates and Word's proofing language. Its
data part is the same in both languages.
"""

import io
import math
import re
import uuid
from itertools import groupby

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from actions import delivery_table
from actions import table_languages as languages
from actions.models import ActionStatus
from public.status import action_states, with_approved_updates

# Word's proofing language (and a screen reader's), by the language the document is drawn in.
LANGUAGE = "en-GB"
WORD_LANGUAGES = {"en": LANGUAGE, "cy": "cy-GB"}
PAGE_MARGIN = Cm(1.2)
BODY_FONT_SIZE = Pt(9)
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
# Widths in centimetres, in the order of PUBLISHED_COLUMNS, but for Status, whose width is
# measured (``column_widths_cm``) and taken from the Actions column. They add up to 27.2 cm, just
# inside the 27.3 cm between the margins of landscape A4 (Word rounds each width to a twip, so not
# all of it); the actions get the most room, as in the printed plan, and every column is wide
# enough for the longest word of its heading, so no word breaks.
COLUMN_WIDTHS_CM = (5.8, 3.2, 2.9, 8.2, 2.7, 2.3, 2.1)
# The plan's own columns (legislation, resources…) sit between Funding and Status, each up to
# OWN_COLUMN_CM wide, their room taken from Target & Base Line and Actions down to these widths.
OWN_COLUMN_CM = 2.6
MINIMUM_CM = {delivery_table.TARGET: 3.0, delivery_table.ACTIONS: 4.0}
# A status word must fit whole: LibreOffice, lacking Word's Calibri, sets the text in a wider
# font (DejaVu Sans: "Completed" at 9 points is 5.45 em, 1.73 cm) and split "Complete|d" in a
# 2.1 cm column. 0.7 em a character is wider than any sans-serif's average, and a cell's text
# sits inside 0.19 cm margins each side (Table Grid).
EM_PER_CHARACTER = 0.7
CELL_MARGINS_CM = 0.4
# Word's own template already holds a custom XML part (its bibliography): ours takes the next.
CUSTOM_XML_PART = "/customXml/item%d.xml"
CUSTOM_XML_PROPERTIES_PART = "/customXml/itemProps%d.xml"
DATASTORE_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
RESPONSIBILITY_COLUMNS = (
    delivery_table.OWNER,
    delivery_table.LEAD_OFFICER,
    delivery_table.FUNDING,
)
IMPORT_NOTE = _(
    "Edit the tables as you would the printed plan; the document can then be imported back into "
    "the plan. Each target's figures (numbers, units and “to be confirmed” states) travel inside "
    "the file, out of sight; a target whose words you change has its figures read from its new "
    "words."
)
NO_TARGETS = _("No targets have been set for this objective yet.")
# The footer: the document and "page 3 of 12", Word filling in the two numbers.
FOOTER = _("%(document)s – page %(page)s of %(pages)s")
FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


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
    """The document's language (British English, or Welsh) for spelling and for screen
    readers, in every style by default."""
    language = WORD_LANGUAGES.get(translation.get_language(), LANGUAGE)
    document.core_properties.language = language
    run_defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = run_defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    element = run_properties.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        run_properties.append(element)
    element.set(qn("w:val"), language)


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
    """The plan and "page 3 of 12" at the foot of every page, for a printed copy: the words
    in the reader's language, with Word's fields where the numbers go."""
    paragraph = document.sections[0].footer.paragraphs[0]
    words = str(FOOTER).replace("%(document)s", text.replace("%", "%%"))
    for part in re.split(r"(%\((?:page|pages)\)s)", words):
        field = re.fullmatch(r"%\((page|pages)\)s", part)
        if field:
            _field(paragraph, FIELDS[field[1]])
        elif part:
            paragraph.add_run(part.replace("%%", "%"))


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


def _write(cell, value, *, bold=False) -> None:
    """One paragraph per cell; line breaks inside it keep an action's bullets as lines."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(_text(value))  # "\n" becomes a line break (w:br)
    if bold:
        run.bold = True


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
        # The reader's columns only, in the document's language: a bilingual plan's label
        # column ("March 2012@cy") without its language named.
        _write(cell, delivery_table.shown_heading(languages.split(heading)[0]), bold=True)
    return table, widths


def _status_width_cm(statuses) -> float:
    """Wide enough for the longest word of any status, at the body's font size, to the
    millimetre above."""
    longest = max(len(word) for status in statuses for word in str(status).split())
    points = longest * EM_PER_CHARACTER * BODY_FONT_SIZE.pt
    return math.ceil((points * 2.54 / 72 + CELL_MARGINS_CM) * 10) / 10


def column_widths_cm(rows: list[dict], own_columns: int = 0) -> tuple[float, ...]:
    """``COLUMN_WIDTHS_CM`` with Status measured for every status an action may have and every
    one the rows show; what it needs beyond its planned width comes from Actions. The plan's own
    columns (``own_columns`` of them, before Status) share what Target & Base Line and Actions
    can give while keeping ``MINIMUM_CM`` each, up to ``OWN_COLUMN_CM`` apiece."""
    statuses = [*ActionStatus.labels, *(row[delivery_table.STATUS] for row in rows)]
    widths = dict(zip(PUBLISHED_COLUMNS, COLUMN_WIDTHS_CM, strict=True))
    planned = widths[delivery_table.STATUS]
    widths[delivery_table.STATUS] = max(planned, _status_width_cm(statuses))
    widths[delivery_table.ACTIONS] -= widths[delivery_table.STATUS] - planned
    own = []
    if own_columns:
        givers = (delivery_table.TARGET, delivery_table.ACTIONS)
        spare = sum(widths[giver] - MINIMUM_CM[giver] for giver in givers)
        each = min(OWN_COLUMN_CM, spare / own_columns)
        needed = each * own_columns
        for giver in givers:
            share = (widths[giver] - MINIMUM_CM[giver]) / spare
            widths[giver] -= needed * share
        own = [each] * own_columns
    ordered = [widths[column] for column in PUBLISHED_COLUMNS]
    ordered[-1:-1] = own  # before Status
    return tuple(round(width, 2) for width in ordered)


def _objective_table(
    document, caption: str, columns: list[str], rows: list[dict], widths_cm, over_target=()
):
    """``over_target``: the plan's own columns of target rows, merged like the target's words."""
    table, widths = _table(document, caption, columns, widths_cm)
    merged_over_target = (delivery_table.TARGET, columns[1], *over_target)
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


def _xml_text(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _reimport_part(document, plan, rows: list[dict]) -> None:
    """The data for re-importing as a custom XML part, related from the document as Word
    relates its own, with the properties part Word gives each (an ID stable for the plan)."""
    from lxml import etree

    namespace = delivery_table.REIMPORT_XML_NAMESPACE
    root = etree.Element(f"{{{namespace}}}targets", nsmap={None: namespace})
    for record in delivery_table.reimport_records(rows):
        target = etree.SubElement(root, f"{{{namespace}}}target")
        for column, attribute in delivery_table.REIMPORT_XML_ATTRIBUTES.items():
            target.set(attribute, _xml_text(record[column]))
        measures = etree.SubElement(target, f"{{{namespace}}}measures")
        measures.text = _xml_text(record[delivery_table.MEASURES])
    for definition in delivery_table.column_definitions(plan):
        column = etree.SubElement(root, f"{{{namespace}}}column")
        for field, value in definition.items():
            column.set(field, _xml_text(value))
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}/{plan.slug}")).upper() + "}"
    properties = etree.Element(
        f"{{{DATASTORE_NAMESPACE}}}datastoreItem", nsmap={"ds": DATASTORE_NAMESPACE}
    )
    properties.set(f"{{{DATASTORE_NAMESPACE}}}itemID", item_id)
    etree.SubElement(properties, f"{{{DATASTORE_NAMESPACE}}}schemaRefs")

    package = document.part.package
    xml = {"xml_declaration": True, "encoding": "UTF-8", "standalone": True}
    item_name = package.next_partname(CUSTOM_XML_PART)
    item = Part(item_name, CT.XML, etree.tostring(root, **xml), package)
    item_properties = Part(
        PackURI(CUSTOM_XML_PROPERTIES_PART % item_name.idx),
        CT.OFC_CUSTOM_XML_PROPERTIES,
        etree.tostring(properties, **xml),
        package,
    )
    item.relate_to(item_properties, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


def delivery_plan_docx(plan) -> bytes:
    """The whole delivery plan as a .docx file, in a fixed number of queries."""
    headings = delivery_table.headings(plan)
    label = headings[2]
    own = [column.name for column in delivery_table.plan_columns(plan)]
    columns = [column or label for column in PUBLISHED_COLUMNS]
    columns[-1:-1] = own  # the plan's own columns, before Status
    over_target = [
        column.name
        for column in delivery_table.plan_columns(plan)
        if column.applies_to == column.AppliesTo.TARGETS
    ]

    document = Document()
    _set_language(document)
    _landscape_a4(document)
    document.styles["Normal"].font.size = BODY_FONT_SIZE
    properties = document.core_properties
    properties.title = _text(
        gettext("%(partnership)s: %(plan)s – delivery plan")
        % {"partnership": plan.partnership.name, "plan": plan.title}
    )
    properties.author = _text(plan.partnership.name)
    properties.last_modified_by = ""
    properties.comments = ""
    # Otherwise the file claims python-docx's template date; this copy was made now.
    properties.created = properties.modified = timezone.now()

    _footer(document, _text(gettext("%(plan)s – delivery plan") % {"plan": plan.title}))
    document.add_heading(_text(plan.title), level=0)
    document.add_paragraph(_text(plan.partnership.name))
    period = " ".join(
        [
            gettext("Plan period: %(start)s to %(end)s.")
            % {"start": _date(plan.period_start), "end": _date(plan.period_end)},
            gettext("Targets are to be met by %(met_by)s.") % {"met_by": plan.targets_met_by},
        ]
    )
    document.add_paragraph(_text(period))
    if not plan.is_public:
        document.add_paragraph().add_run(gettext("Draft: not yet published.")).bold = True
    document.add_paragraph(str(IMPORT_NOTE))

    objectives = list(with_approved_updates(delivery_table.plan_objectives(plan)))
    states = action_states(plan, objectives)
    tables = [
        (objective, list(delivery_table.rows(plan, [objective], states=states)))
        for objective in objectives
    ]
    every_row = [row for _objective, rows in tables for row in rows]
    widths_cm = column_widths_cm(every_row, len(own))
    for objective, rows in tables:
        heading = _text(delivery_table.objective_heading(objective))
        document.add_heading(heading, level=1)
        if not rows:
            document.add_paragraph(str(NO_TARGETS))
            continue
        # rows() keys the target column by its label; the table heads it the same way.
        _objective_table(document, heading, columns, rows, widths_cm, over_target)
    if every_row:
        _reimport_part(document, plan, every_row)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
