"""How much residents said, and about what: feedback counted per objective and per priority
over a period (the chair's dashboard shows the quarter's). Counts only: nothing personal is
read, so the counts survive ``purge_feedback`` unchanged.

Consultation responses are counted for the objectives and priorities their consultation is
linked to. A comment about an objective counts for that objective and for every priority the
objective addresses (once per priority, however many of its objectives were mentioned); a
comment about the plan in general counts for neither, and is counted on its own.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from consultation.models import Feedback
from objectives.models import Objective
from priorities.models import Priority


@dataclass(frozen=True)
class FeedbackCounts:
    start: datetime.date
    end: datetime.date
    objectives: list  # Objective with .received, .waiting and .responses
    priorities: list  # Priority with .received, .waiting and .responses
    general_received: int
    general_waiting: int

    @property
    def total(self) -> int:
        return sum(o.received for o in self.objectives) + self.general_received


def _in_period(path: str, start, end) -> Q:
    return Q(**{f"{path}created_at__date__gte": start, f"{path}created_at__date__lte": end})


def feedback_counts(plan, *, start: datetime.date, end: datetime.date) -> FeedbackCounts:
    """Three queries, whatever the plan's size or the feedback's."""
    received = _in_period("feedback__", start, end)
    waiting = received & Q(feedback__status=Feedback.Status.NEW)
    answered = Q(
        consultations__responses__submitted_at__date__gte=start,
        consultations__responses__submitted_at__date__lte=end,
    )
    # distinct: feedback and consultation responses are two many-valued joins of one query.
    objectives = list(
        Objective.objects.for_plan(plan)
        .annotate(
            received=Count("feedback", filter=received, distinct=True),
            waiting=Count("feedback", filter=waiting, distinct=True),
            responses=Count("consultations__responses", filter=answered, distinct=True),
        )
        .order_by("number")
    )
    by_priority = _in_period("objectives__feedback__", start, end)
    priorities = list(
        Priority.objects.filter(plan=plan)
        .annotate(
            received=Count("objectives__feedback", filter=by_priority, distinct=True),
            waiting=Count(
                "objectives__feedback",
                filter=by_priority & Q(objectives__feedback__status=Feedback.Status.NEW),
                distinct=True,
            ),
            responses=Count("consultations__responses", filter=answered, distinct=True),
        )
        .order_by("theme__order", "order")
    )
    general = Feedback.objects.filter(plan=plan, objective__isnull=True).filter(
        _in_period("", start, end)
    )
    totals = general.aggregate(
        received=Count("pk"), waiting=Count("pk", filter=Q(status=Feedback.Status.NEW))
    )
    return FeedbackCounts(start, end, objectives, priorities, totals["received"], totals["waiting"])
