"""The reply to the PCC, drafted as a Word file from the register's record: the officer edits it,
prints it on the partnership's paper and signs it. Only what the record holds goes in."""

import io

from django.utils import timezone
from docx import Document

from objectives.figures import long_date
from pcc.models import PccRequest

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_DECIDED = {
    PccRequest.Decision.ACCEPTED: "has accepted",
    PccRequest.Decision.PARTLY: "has accepted in part",
    PccRequest.Decision.DECLINED: "has decided not to accept",
}


def reply_letter(request: PccRequest) -> bytes:
    """The draft reply, as DOCX bytes. A request not yet decided is drafted with the decision
    left for the partnership to fill in, said so in the letter."""
    partnership = request.partnership
    document = Document()
    document.add_paragraph(partnership.name)
    document.add_paragraph(long_date(request.replied_on or timezone.localdate()))
    document.add_paragraph(f"Our reference: {request.reference}")
    document.add_heading(f"Your {request.get_kind_display().split(' (')[0].lower()}", level=1)
    document.add_paragraph("Dear Commissioner,")
    document.add_paragraph(
        f"Thank you for your letter received on {long_date(request.received_on)}, in which you "
        f"asked: {request.request}"
    )
    if request.decision == PccRequest.Decision.PENDING:
        document.add_paragraph(
            "[Draft: the partnership has not yet recorded its decision. Record it, with its "
            "reasons, in the register and draft this letter again.]"
        )
    else:
        document.add_paragraph(
            f"The partnership {_DECIDED[request.decision]} it, for these reasons:"
        )
        for line in request.reasons.strip().splitlines():
            if line.strip():
                document.add_paragraph(line.strip())
    document.add_paragraph("Yours sincerely,")
    document.add_paragraph(f"Chair, {partnership.name}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_filename(request: PccRequest) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in request.reference).strip("-")
    return f"reply-to-the-pcc-{safe or request.pk}.docx"
