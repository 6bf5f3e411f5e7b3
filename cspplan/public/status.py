"""The bridge between public pages and the RAG assessment (``objectives.rag``, issue 6).

Public pages show a status only where the assessment module is installed; until then they render
without one. Pages always show the status's words, never its colour alone.
"""

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

MEASURE_PROGRESS_TEMPLATE = "includes/measure_progress.html"


def assess_published_progress(plan):
    """The plan's assessment from approved progress only (what residents may see), or None."""
    try:
        from objectives import rag
    except ImportError:
        return None
    return rag.assess_plan(plan, approved_only=True)


def measure_progress_template_exists():
    """Whether issue 6's chart-and-table partial for a measure is available to include."""
    try:
        get_template(MEASURE_PROGRESS_TEMPLATE)
    except TemplateDoesNotExist:
        return False
    return True
