"""Build delivery-plan files in tests (CSV, XLSX, DOCX) and snapshot a plan's content."""

import csv
import io

from actions import delivery_table


def table_rows(plan, *, ids=True):
    headings = delivery_table.headings(plan)
    if not ids:
        headings = headings[:7]
    rows = [[row[h] for h in headings] for row in delivery_table.rows(plan)]
    return headings, rows


def csv_bytes(headings, rows, *, encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headings)
    for row in rows:
        writer.writerow([delivery_table.neutralise(cell) for cell in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(headings, rows, *, title="Delivery plan", neutralise=True):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headings)
    for row in rows:
        sheet.append([delivery_table.neutralise(c) if neutralise else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(tables):
    """``tables``: a list of (objective heading paragraph or None, headings, rows)."""
    from docx import Document

    document = Document()
    for heading, headings, rows in tables:
        if heading:
            document.add_paragraph(heading)
        table = document.add_table(rows=1, cols=len(headings))
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _responsibility(record):
    return {
        "owner_wording": record.owner_wording,
        "lead_officer_wording": record.lead_officer_wording,
        "funding_wording": record.funding_wording,
        "owners": sorted(o.slug for o in record.owners.all()),
        "lead_officers": sorted(o.slug for o in record.lead_officers.all()),
        "funding_sources": sorted(f.slug for f in record.funding_sources.all()),
    }


def plan_content(plan):
    """Everything the delivery-plan table carries, without database ids."""
    from actions.delivery_table import MEASURE_FIELDS

    content = []
    for objective in plan.objectives.order_by("number"):
        targets = []
        for target in objective.targets.order_by("order"):
            targets.append(
                {
                    "order": target.order,
                    "wording": target.wording,
                    "target_wording": target.target_wording,
                    **_responsibility(target),
                    "measures": [
                        {"order": m.order, **{f: getattr(m, f) for f in MEASURE_FIELDS}}
                        for m in target.measures.order_by("order")
                    ],
                    "actions": [
                        {
                            "order": a.order,
                            "text": a.text,
                            "due_date": a.due_date,
                            "due_wording": a.due_wording,
                            **_responsibility(a),
                        }
                        for a in target.actions.order_by("order")
                    ],
                }
            )
        content.append({"number": objective.number, "title": objective.title, "targets": targets})
    return content


def without_measures(content):
    """``plan_content`` less each target's measures: what a file without them (the open-data
    CSV, whose measures are a CSV of their own) carries back, its figures read from its words."""
    return [
        {**objective, "targets": [{**t, "measures": None} for t in objective["targets"]]}
        for objective in content
    ]
