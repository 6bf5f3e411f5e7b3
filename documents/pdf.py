"""How every PDF the worker draws is written: tagged.

A tagged PDF carries a structure tree (headings, paragraphs, lists, tables with their header
cells, figures with their alt text) in reading order, and the document's language (``/Lang``,
from the page's ``<html lang>``), so a screen reader reads it as it reads the page: the public
sector's documents must be accessible (WCAG 2.2 AA; PDF/UA asks the same). WeasyPrint leaves
tagging off unless asked. Its cost, measured on the county plan (docs/benchmarks.md): about
0.4 s and twice the bytes for the delivery plan, 2 to 3 s for the board report.
"""

from weasyprint import Document


def write_pdf(document: Document) -> bytes:
    """The laid-out document as the bytes of a tagged PDF."""
    return document.write_pdf(pdf_tags=True)
