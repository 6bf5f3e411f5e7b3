"""The bridge between public pages and the RAG assessment (``progress.rag``).

Residents see statuses worked out from approved progress only. Pages always show the status's
words, never its colour alone.
"""

from collections import Counter

from django.db.models import Prefetch

from actions.models import ActionUpdate
from progress import disclosure, rag
from progress.assessment import StatusCount, count_actions_by_state


def assess_published_progress(plan, *, objective=None):
    """The assessment from approved progress only (what residents may see), of the whole plan
    or of one objective, with sensitive measures' small counts withheld (progress/disclosure.py)."""
    return disclosure.public_plan_assessment(
        rag.assess_plan(plan, approved_only=True, objective=objective)
    )


def with_approved_updates(objectives):
    """``actions.delivery_table.plan_objectives`` (or a queryset built on it) with each action's
    approved updates, newest first, as ``approved_updates``, and its milestones: two queries
    more, for ``action_states``."""
    return objectives.prefetch_related(
        Prefetch(
            "targets__actions__updates",
            queryset=ActionUpdate.objects.approved().order_by("-date", "-created_at"),
            to_attr="approved_updates",
        ),
        "targets__actions__milestones",
    )


def action_states(plan, objectives) -> dict:
    """Each action's state (``progress.rag.assess_action``) by action id, from the approved
    updates and milestones ``with_approved_updates`` loaded, in no queries: what the delivery
    plan's page and files show in their Status column, as residents see it everywhere else."""
    return {
        action.pk: rag.assess_loaded_action(action, plan)
        for objective in objectives
        for target in objective.targets.all()
        for action in target.actions.all()
    }


def assess_objective_page(plan, objective, targets):
    """The assessment of an objective's page from the rows the page loaded (no queries), with
    sensitive measures' small counts withheld."""
    return disclosure.public_plan_assessment(rag.assess_loaded_objective(plan, objective, targets))


def status_counts(assessments):
    """How many of these assessments have each status, in the order the statuses are declared
    (from "off track" to "cancelled"), leaving out statuses nobody has."""
    counts = Counter(assessment.status for assessment in assessments)
    if not counts:
        return []
    statuses = type(next(iter(counts)))
    return [
        StatusCount(status.value, str(status.label), counts[status])
        for status in statuses
        if counts[status]
    ]


def progress_summary(assessment):
    """Measures, actions and objectives by status, for "progress at a glance"."""
    return {
        "objectives": status_counts(assessment.objective_assessments.values()),
        "measures": status_counts(assessment.measure_assessments.values()),
        "actions": count_actions_by_state(assessment.action_assessments.values()),
    }
