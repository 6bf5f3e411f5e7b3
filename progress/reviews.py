"""The recommendations of a partnership's reviews, counted for the chair: each review's
recommendations (the actions of its action plan), how many are open and how many overdue.

Each recommendation's state is ``progress.rag.assess_action``'s, on approved updates, as at its
action plan's reporting day: the one action-state rule, so a recommendation is overdue here
exactly when it shows "· overdue" on its plan's pages. On the day the plan's kept summary is
judged as at (``progress.kept``, today's reporting day) the counts are read from it. Three
queries, however many reviews (on a past day read from history, two more, and six per action
plan).

As at a past day (the board report's, the dashboard's "as at"), everything is read as it stood
then, from history, as ``progress/as_at.py`` reads a plan: each review's dates, decision and
action plan (one whose history begins only after the day, recorded after the fact, is read as
now, as ``as_at`` reads such a plan), and each action plan's recommendations, their status, due
dates, approved updates and milestones then (``approved_progress``). A past day never shows
what came after it.
"""

from dataclasses import dataclass

from django.db.models import Min, Q

from actions.models import Action, ActionStatus
from cspplan.models import Plan
from progress.as_at import approved_progress, end_of_day, reads_history, standing_on
from progress.kept import plan_summaries
from progress.rag import assess_action, assess_actions_of_plans
from reviews.models import Review


@dataclass(frozen=True)
class ReviewRecommendations:
    review: object
    stage: str  # where the review stood on the day (``Review.stage_on``)
    total: int
    open: int
    overdue: int


def recommendations_by_review(
    reviews, *, today=None, published_only=False
) -> list[ReviewRecommendations]:
    """``reviews`` (a queryset), each with its recommendations counted, as at ``today`` (the
    board report's day) when given: each review as it stood that day (those notified after
    it left out), and each action plan judged as at its own
    reporting day then, from history when that day is past. ``published_only``: only the
    reviews published by then (a county reader's)."""
    reviews = list(reviews.select_related("action_plan"))
    if today is not None:
        reviews = [r for r in _as_they_stood(reviews, today) if r.notified_on <= today]
    if published_only:
        reviews = [r for r in reviews if r.published_on and (not today or r.published_on <= today)]
    plans = {
        review.action_plan_id: review.action_plan for review in reviews if review.action_plan_id
    }
    # Judged as at the day its kept summary is (today's reporting day): read from there, with
    # no assessment (the chair's dashboard asks on every request).
    kept = {
        pk: plan for pk, plan in plans.items() if plan.reporting_day(today) == plan.reporting_day()
    }
    counts = {
        pk: (summary.action_total, summary.open_actions, summary.overdue_actions)
        for pk, summary in plan_summaries(kept.values()).items()
    }
    past = {
        pk: plan
        for pk, plan in plans.items()
        if pk not in kept and reads_history(plan, plan.reporting_day(today))
    }
    states = assess_actions_of_plans(
        {pk: plan for pk, plan in plans.items() if pk not in past and pk not in kept}, today=today
    )
    for pk, plan in past.items():
        states[pk] = _assessed_from_history(plan, plan.reporting_day(today))
    for pk, assessed in states.items():
        counts[pk] = (
            len(assessed),
            sum(not ActionStatus(a.action_status).is_closed for a in assessed),
            sum(a.is_overdue for a in assessed),
        )
    rows = []
    for review in reviews:
        total, open_, overdue = counts.get(review.action_plan_id, (0, 0, 0))
        rows.append(
            ReviewRecommendations(
                review=review,
                stage=review.stage_on(today),
                total=total,
                open=open_,
                overdue=overdue,
            )
        )
    return rows


def _as_they_stood(reviews, day):
    """Each review as its history stood at the end of ``day``, in the same order (one deleted by
    then left out). A review whose history begins only after ``day`` (recorded after the fact,
    or loaded with none) is read as it is now, as ``progress.as_at`` reads such a plan: the
    database cannot say how it stood."""
    ids = [review.pk for review in reviews]
    then = {record.id: record.instance for record in standing_on(Review, day, Q(id__in=ids))}
    begun = dict(
        Review.history.filter(id__in=ids)
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    stood = []
    for review in reviews:
        if review.pk not in begun or begun[review.pk] >= end_of_day(day):
            stood.append(review)
        elif review.pk in then:
            earlier = then[review.pk]
            if earlier.action_plan_id == review.action_plan_id:
                earlier.action_plan = review.action_plan
            elif earlier.action_plan_id is not None:
                earlier.action_plan = Plan.objects.get(pk=earlier.action_plan_id)
            stood.append(earlier)
    return stood


def _assessed_from_history(plan, day):
    """The plan's recommendations as they stood at the end of ``day``, each assessed on the
    approved updates and milestones of then: those added later are not there, a due date moved
    later keeps its old day, an update approved later does not count."""
    progress = approved_progress(plan, day)
    actions = standing_on(Action, day, Q(target__objective__plan=plan))
    return [
        assess_action(
            record.instance,
            progress.updates.get(record.id, []),
            today=day,
            milestones=progress.milestones.get(record.id, ()),
        )
        for record in actions
    ]
