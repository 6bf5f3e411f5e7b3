"""The recommendations of a partnership's reviews, counted for the chair: each review's
recommendations (the actions of its action plan), how many are open and how many overdue.

Each recommendation's state is ``progress.rag.assess_action``'s, on approved updates, as at its
action plan's reporting day: the one action-state rule, so a recommendation is overdue here
exactly when it shows "· overdue" on its plan's pages. Three queries, however many reviews.
"""

from dataclasses import dataclass

from actions.models import ActionStatus
from progress.rag import assess_actions_of_plans


@dataclass(frozen=True)
class ReviewRecommendations:
    review: object
    stage: str  # where the review stood on the day (``Review.stage_on``)
    total: int
    open: int
    overdue: int


def recommendations_by_review(reviews, *, today=None) -> list[ReviewRecommendations]:
    """``reviews`` (a queryset), each with its recommendations counted, as at ``today`` (the
    board report's day) when given: reviews notified after it are left out, and each action
    plan is judged as at its own reporting day then (an update dated later does not count;
    approvals are read as they are now)."""
    reviews = reviews.select_related("action_plan")
    if today is not None:
        reviews = reviews.filter(notified_on__lte=today)
    reviews = list(reviews)
    plans = {
        review.action_plan_id: review.action_plan for review in reviews if review.action_plan_id
    }
    states = assess_actions_of_plans(plans, today=today)
    rows = []
    for review in reviews:
        assessed = states.get(review.action_plan_id, [])
        rows.append(
            ReviewRecommendations(
                review=review,
                stage=review.stage_on(today),
                total=len(assessed),
                open=sum(not ActionStatus(a.action_status).is_closed for a in assessed),
                overdue=sum(a.is_overdue for a in assessed),
            )
        )
    return rows
