"""CSV and XLSX downloads of the delivery plan, in the layout of ``actions.delivery_table`` so
that an exported file imports back. What only a program needs is kept out of the reader's view:
the XLSX keeps it on a hidden sheet, the open data splits it into a measures CSV of its own.
Every text cell goes through ``delivery_table.neutralise``: an officer's text that starts like a
formula must open in Excel as text, never run. Headings, sheet names, status words and dates
are in the active language (Welsh at a Welsh address: ``delivery_table.shown_heading``); the
hidden sheet for re-importing keeps its English headings, which the importer reads."""

import csv
import io

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from actions import delivery_table
from actions import milestones as milestone_rule
from actions import table_languages as languages
from cspplan import spreadsheet
from public.status import action_states, with_approved_updates

SHEET_TITLE = _("Delivery plan")
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
    delivery_table.MILESTONES: 30,
}
DEFAULT_WIDTH = 24


def _csv(headings, rows) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read accented and curly characters;
    the header row first, every cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(
        [delivery_table.neutralise(delivery_table.shown_heading(heading)) for heading in headings]
    )
    for row in rows:
        writer.writerow([delivery_table.neutralise(row[heading]) for heading in headings])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _rows(plan, objectives=None, states=None) -> list[dict]:
    """The delivery plan's rows, each action with its one state (``public.status``)."""
    if objectives is None:
        objectives = list(with_approved_updates(delivery_table.plan_objectives(plan)))
        states = action_states(plan, objectives)
    return list(delivery_table.rows(plan, objectives, states=states))


MILESTONES_SHEET = _("Milestones")
MILESTONES_SHEET_COLUMNS = (
    _("Objective number"),
    _("Action ID"),
    _("Action"),
    _("Milestone"),
    pgettext_lazy("milestone", "Due"),
    _("Done on"),
    _("Late"),
    _("Note"),
)


def _late(milestone, day) -> str:
    return gettext("Late") if milestone_rule.is_late(milestone, day) else ""


def _milestones_sheet(workbook, objectives, states) -> None:
    """A sheet "Milestones" for readers: a row per milestone, as the action's state read them
    (``Assessment.milestone_rows``: late as on every page). The importer reads the Milestones
    column of the "Delivery plan" sheet, which holds the same milestones."""
    sheet = workbook.create_sheet(str(MILESTONES_SHEET))
    sheet.append([str(heading) for heading in MILESTONES_SHEET_COLUMNS])
    for objective in objectives:
        for target in objective.targets.all():
            for action in target.actions.all():
                state = states[action.pk]
                for milestone in state.milestone_rows:
                    sheet.append(
                        [
                            _xlsx_value(delivery_table.neutralise(value))
                            for value in (
                                objective.number,
                                action.pk,
                                str(action),
                                milestone.title,
                                milestone.due_date,
                                milestone.done_on,
                                _late(milestone, state.day),
                                milestone.note,
                            )
                        ]
                    )
    spreadsheet.format_table(sheet, [14, 10, 50, 40, 12, 12, 8, 40])


def delivery_plan_csv(plan) -> bytes:
    """The reader's columns and the identifiers (``delivery_table.csv_headings``), a row per
    action; the measures are ``delivery_plan_measures_csv``, joined by Target ID."""
    return _csv(delivery_table.csv_headings(plan), _rows(plan))


def delivery_plan_measures_csv(plan) -> bytes:
    """A row per measure (``delivery_table.MEASURES_CSV_COLUMNS``), in the plan's order."""
    return _csv(delivery_table.MEASURES_CSV_COLUMNS, delivery_table.measure_rows(plan))


def _xlsx_value(value):
    # openpyxl refuses control characters that XML cannot carry; a pasted form feed must not
    # turn the whole download into a server error.
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _data_sheet(workbook, plan, rows: list[dict]) -> None:
    """The hidden sheet ``delivery_table.DATA_SHEET``: for each row of the visible sheet (its
    number in ``ROW``), the identifiers, and on a target's first row the target's record for the
    importer (``delivery_table.reimport_records``). Hidden, not "very hidden": Excel's Unhide
    shows it to anyone who wants to read it."""
    sheet = workbook.create_sheet(delivery_table.DATA_SHEET)
    sheet.sheet_state = "hidden"
    # The plan's own columns, defined a line each beside the records (``OWN_COLUMN_FIELDS``).
    definitions = delivery_table.column_definitions(plan)
    own = list(delivery_table.OWN_COLUMN_FIELDS) if definitions else []
    sheet.append([*delivery_table.DATA_SHEET_COLUMNS, *own])
    records = iter(delivery_table.reimport_records(rows))
    target = None
    lines = max(len(rows), len(definitions))
    for index in range(lines):
        number = index + 2  # row 1 is the header row
        line = {}
        if index < len(rows):
            row = rows[index]
            line = {heading: row[heading] for heading in delivery_table.IDENTIFIERS}
            if row[delivery_table.TARGET_ID] != target:
                target = row[delivery_table.TARGET_ID]
                line.update(next(records))
            line[delivery_table.ROW] = number
        if index < len(definitions):
            for heading, field in delivery_table.OWN_COLUMN_FIELDS.items():
                line[heading] = definitions[index][field]
        sheet.append(
            [
                _xlsx_value(delivery_table.neutralise(line.get(column)))
                for column in [*delivery_table.DATA_SHEET_COLUMNS, *own]
            ]
        )


def delivery_plan_xlsx(plan) -> bytes:
    """A sheet "Delivery plan" of the reader's columns, laid out by
    ``cspplan.spreadsheet.format_table``: wrapped text in rows that fit it, a frozen, filterable
    header row, and landscape pages one table wide; and the hidden sheet the importer reads."""
    objectives = list(with_approved_updates(delivery_table.plan_objectives(plan)))
    states = action_states(plan, objectives)
    rows = _rows(plan, objectives, states)
    headings = delivery_table.reader_headings(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET_TITLE)
    sheet.append(
        [delivery_table.neutralise(delivery_table.shown_heading(heading)) for heading in headings]
    )
    for row in rows:
        sheet.append([_xlsx_value(delivery_table.neutralise(row[h])) for h in headings])
    # A bilingual plan's other-language column is as wide as its own ("Actions@cy": Actions).
    widths = [COLUMN_WIDTHS.get(languages.split(h)[0], DEFAULT_WIDTH) for h in headings]
    spreadsheet.format_table(sheet, widths)
    _milestones_sheet(workbook, objectives, states)
    _data_sheet(workbook, plan, rows)
    workbook.properties.title = gettext("%(partnership)s: %(plan)s – delivery plan") % {
        "partnership": plan.partnership.name,
        "plan": plan.title,
    }

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
