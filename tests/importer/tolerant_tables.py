"""Delivery-plan tables in the shapes other partnerships publish, made up for the tests.

Every name, place, figure and fund here is invented ("Exampleton", "Anyshire Council",
"Invented Safety Fund"); none is copied from a published plan.
"""

import csv
import io


def csv_text(rows, *, delimiter=","):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


# Two title rows above the headings, "Outcome" objectives, a target-date column headed
# "March 08", headings in the partnership's own words, a continuation row, ranks, amounts.
OUTCOMES = [
    ["Anyshire Community Safety Partnership", "", "", "", "", "", ""],
    ["Delivery plan 2007–08 (invented for the tests)", "", "", "", "", "", ""],
    [],
    ["Outcome", "Performance measure", "March 08", "Lead agency", "What we will do", "Lead",
     "Funding source"],
    ["Outcome 1: Fewer burglaries in Exampleton", "Domestic burglary", "-21% by 2008",
     "Exampleton Police / Anyshire Council", "Run a “lock it” campaign – autumn",
     "Chief Inspector Jane Smith", "£9,000 Invented Safety Fund"],
    ["", "", "", "", "Mark property on two invented estates", "", ""],
    ["Outcome 2: Busier youth clubs", "Young people at youth clubs",
     "Increase the number of young people at clubs to 20", "Anyshire Council",
     "Open a Friday club", "Sam Example, Youth Manager", "Staff time – Council"],
]  # fmt: skip

# No numbers, no Target & Base Line, no lead officer or funding columns; "Target" heading.
UNNUMBERED = [
    ["Aim", "Target", "Owner", "Actions"],
    ["Less harm from alcohol", "Establish a baseline and targets (target suggested at 2% "
     "improvement)", "Anyshire Council", "Count alcohol-related call-outs"],
    ["", "", "", "Agree a target with partners"],
    ["Safer invented roads", "TBC", "Exampleton Police", "Hold two speed checks"],
]  # fmt: skip

# "Strand" objectives and a "2008/09" target column, saved by Excel as tab-separated UTF-16.
STRANDS = [
    ["Strand", "Target & Base Line", "2008/09", "Owner", "Actions", "Lead Officer", "Funding"],
    ["Strand 3 – Quieter evenings", "Noise complaints", "Target to be agreed",
     "Anyshire Council", "Visit noisy premises", "Pat Invented", "Existing budgets"],
    ["Strand 4 – Cleaner parks", "Litter reports", "By 2009 fewer reports",
     "Anyshire Council", "Add bins", "Pat Invented", "Existing budgets"],
]  # fmt: skip

# Objectives as rows of their own (lettered "Priority A"), no Objective column.
LETTERED = [
    ["Target & Base Line", "By 2008", "Owner", "Actions", "Lead Officer", "Funding"],
    ["Priority A: Tidy streets", "", "", "", "", ""],
    ["Graffiti reports", "Reduce by 10% by 2008", "Anyshire Council", "Paint out tags",
     "Cllr Robin Sample", "£2k Invented Clean Fund"],
    ["Priority B: Safer shops", "", "", "", "", ""],
    ["Shop thefts", "Downward trend", "Exampleton Police / Invented Traders' Group",
     "Train shop staff", "PC Alex Demo", ""],
]  # fmt: skip


def xlsx_with_merged_cells() -> bytes:
    """A title merged across the sheet, an objective merged down three rows, a target merged
    down two and an owner, lead officer and fund merged down all three."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet["A1"] = "Invented CSP: delivery plan"
    sheet.merge_cells("A1:G1")
    sheet.append([])
    sheet.append(["Goal", "Target and baseline", "Target 2009", "Owner", "Key actions",
                  "Lead officer", "Funding"])  # fmt: skip
    rows = [
        ["Goal 1: Quieter nights", "Late-night disorder", "Reduce to 40 incidents",
         "Invented Housing Trust", "Patrol the high street", "Insp Kim Placeholder",
         "£5,000 Invented Night Fund"],
        [None, None, None, None, "Close one late bar early", None, None],
        [None, "Repeat calls", "Baseline to be established", None, "Map repeat callers",
         None, None],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    for column in "ADFG":
        sheet.merge_cells(f"{column}4:{column}6")
    for column in "BC":
        sheet.merge_cells(f"{column}4:{column}5")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_with_two_tables() -> bytes:
    """An objective paragraph before a first table; a heading-styled "Theme 2" before a second
    table that has a merged title row and an owner merged down two rows."""
    from docx import Document

    document = Document()
    document.add_heading("Invented CSP plan", level=1)
    document.add_paragraph("Objective 1: Fewer invented fires")
    first = document.add_table(rows=2, cols=6)
    for cell, text in zip(first.rows[0].cells, ["Target & Base Line", "Target", "Owner",
                          "Actions", "Lead Officer", "Funding"], strict=True):  # fmt: skip
        cell.text = text
    for cell, text in zip(first.rows[1].cells, ["Deliberate fires", "-10% by 2009",
                          "Invented Fire Service", "Clear fly-tipping", "Watch Manager Lee Doe",
                          "Existing budgets"], strict=True):  # fmt: skip
        cell.text = text
    document.add_heading("Theme 2 – Safer invented shops", level=2)
    second = document.add_table(rows=4, cols=6)
    second.rows[0].cells[0].merge(second.rows[0].cells[5]).text = "Shops (invented)"
    for cell, text in zip(second.rows[1].cells, ["Baseline", "Target", "Partners",
                          "Activities", "Contact", "Budget"], strict=True):  # fmt: skip
        cell.text = text
    rows = second.rows[2].cells, second.rows[3].cells
    rows[0][2].merge(rows[1][2])
    rows[0][4].merge(rows[1][4])
    for cell, text in zip(rows[0], ["Shop thefts", "Increase detections to 30",
                          "Exampleton Police", "Visit shops", "Sgt Max Sample", ""],
                          strict=True):  # fmt: skip
        if text:
            cell.text = text
    rows[1][3].text = "Run a shop-watch scheme"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
