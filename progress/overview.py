"""The chair's overview of the partnership's statutory work: each plan still in force or in
preparation (the partnership plan, a Serious Violence strategy, an internal plan, each review's
action plan) with its open and overdue actions, and the PCC's requests awaiting a reply, with
the overdue items counted by kind.

An action's state is ``progress.rag.assess_action``'s (approved updates, as at its plan's
reporting day), so an action counted overdue here shows "· overdue" on every other surface: the
counts are read from each plan's kept summary (``progress.kept``), the one the home page and the
county overview show, drawn again only when the plan's records change (it was assessing every
action of the partnership's plans on each request to the chair's dashboard). A PCC request is
overdue when it has no reply and its reply was due before today. Four queries (five with the
PCC's requests), however many plans and actions, when the summaries are kept.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from cspplan.models import Plan
from progress.kept import plan_summaries

PCC_KIND = "PCC requests awaiting a reply"


@dataclass(frozen=True)
class PlanRow:
    plan: Plan
    open: int
    overdue: int

    @property
    def kind(self) -> str:
        return self.plan.get_kind_display()


@dataclass
class Overview:
    plans: list[PlanRow] = field(default_factory=list)
    shows_pcc: bool = False  # the partnership's own staff only
    pcc_open: int = 0
    pcc_overdue: int = 0

    @property
    def overdue_by_kind(self) -> list[tuple[str, int]]:
        """(kind, overdue items), every kind the partnership has, in the plans' kind order,
        then the PCC's requests."""
        counts = Counter()
        for row in self.plans:
            counts[row.plan.kind] += row.overdue
        rows = [(Plan.Kind(kind).label, counts[kind]) for kind in Plan.Kind if kind in counts]
        return [*rows, (PCC_KIND, self.pcc_overdue)] if self.shows_pcc else rows


def partnership_overview(plans, *, pcc_requests=None) -> Overview:
    """``plans`` (a queryset the reader may open: their dashboard's), those not archived, each
    as at its reporting day today, and ``pcc_requests`` (a queryset, or None for a reader who
    may not see them)."""
    today = timezone.localdate()
    plans = list(plans.exclude(status=Plan.Status.ARCHIVED))
    summaries = plan_summaries(plans)
    overview = Overview()
    for plan in sorted(plans, key=lambda p: (list(Plan.Kind).index(p.kind), p.title)):
        summary = summaries[plan.pk]
        overview.plans.append(
            PlanRow(plan=plan, open=summary.open_actions, overdue=summary.overdue_actions)
        )
    if pcc_requests is not None:
        overview.shows_pcc = True
        # One query for both counts, by the queryset's own filters.
        counts = pcc_requests.aggregate(
            open=Count("pk", filter=Q(pk__in=pcc_requests.open().values("pk"))),
            overdue=Count("pk", filter=Q(pk__in=pcc_requests.overdue(today).values("pk"))),
        )
        overview.pcc_open, overview.pcc_overdue = counts["open"], counts["overdue"]
    return overview
