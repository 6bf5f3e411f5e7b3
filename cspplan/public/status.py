"""The bridge between public pages and the RAG assessment (``objectives.rag``, issue 6).

Public pages show a status only where the assessment module is installed; until then they render
without one. Pages always show the status's words, never its colour alone.
"""

from collections import Counter
from dataclasses import dataclass

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


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(assessments):
    """How many of these assessments have each status, in the order the statuses are declared
    (from "off track" to "cancelled"), leaving out statuses nobody has."""
    counts = Counter(assessment.status for assessment in assessments)
    if not counts:
        return []
    statuses = type(next(iter(counts)))
    return [
        StatusCount(status.value, status.label, counts[status])
        for status in statuses
        if counts[status]
    ]


def progress_summary(assessment):
    """Measures, actions and objectives by status, for "progress at a glance"; None without an
    assessment."""
    if assessment is None:
        return None
    return {
        "objectives": status_counts(assessment.objective_assessments.values()),
        "measures": status_counts(assessment.measure_assessments.values()),
        "actions": status_counts(assessment.action_assessments.values()),
    }
