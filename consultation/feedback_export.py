"""Feedback as an Excel workbook, for staff to work through (the admin's "Export the selected
feedback to Excel").

Residents typed every text cell: each is made inert in a spreadsheet
(``cspplan.spreadsheet_formats.neutralise``: a comment starting "=HYPERLINK(…" stays text) and
stripped of control characters XML cannot carry. A resident's name and e-mail are included only
when they asked for a reply, which is what staff need them for; the rest of the sheet carries no
contact details.
"""

import io

from django.utils import timezone
from openpyxl import Workbook

from consultation.models import Feedback
from cspplan import spreadsheet
from cspplan.spreadsheet_formats import neutralise
from cspplan.text import clean_text

HEADINGS = [
    "Received",
    "Plan",
    "Objective",
    "Consultation",
    "Comment",
    "Postcode district",
    "Status",
    "Assigned to",
    "Internal notes",
    "Published",
    "Wants a reply",
    "Name",
    "E-mail",
]
WIDTHS = [12, 24, 28, 20, 60, 10, 14, 20, 40, 14, 8, 18, 24]


def _cell(value):
    return neutralise(clean_text(value)) if isinstance(value, str) else value


def _row(feedback: Feedback) -> list:
    reply = feedback.wants_reply
    return [
        timezone.localtime(feedback.created_at).date(),
        feedback.plan.title,
        str(feedback.objective) if feedback.objective else "The plan in general",
        feedback.consultation.title if feedback.consultation else "",
        feedback.comment,
        feedback.postcode_district,
        feedback.get_status_display(),
        feedback.assigned_to.name if feedback.assigned_to else "",
        feedback.internal_notes,
        feedback.get_moderation_display(),
        "Yes" if reply else "No",
        feedback.name if reply else "",
        feedback.email if reply else "",
    ]


def feedback_xlsx(feedback) -> bytes:
    """The workbook of ``feedback`` (a queryset the caller has scoped to the user)."""
    rows = feedback.select_related(
        "plan", "objective__plan", "consultation", "assigned_to"
    ).order_by("created_at", "pk")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Feedback"
    sheet.append(HEADINGS)
    for item in rows:
        sheet.append([_cell(value) for value in _row(item)])
    for (cell,) in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        cell.number_format = "d mmm yyyy"
    spreadsheet.format_table(sheet, WIDTHS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
