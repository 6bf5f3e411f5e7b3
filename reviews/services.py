"""A review's action plan and its publication: the two steps that decide what is public."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cspplan.models import Plan
from objectives.figures import long_date
from objectives.models import Objective, Target
from reviews.models import Review

# How long a new action plan runs until the manager sets its dates in the plan's form.
ACTION_PLAN_LENGTH = datetime.timedelta(days=365)


@transaction.atomic
def start_action_plan(review: Review, *, by=None) -> Plan:
    """Give ``review`` its action plan: a draft ``Plan`` of kind "Review action plan" with one
    objective, "Recommendations", and one row, to which the recommendations are added as
    actions (owners, lead officers, due dates). Runs a year from the decision (or the
    notification); the plan's form changes that. A review that has one keeps it."""
    if review.action_plan_id is not None:
        return review.action_plan
    if review.decision != Review.Decision.HOLD:
        raise ValidationError(
            {"decision": f"{review}: only a review the partnership holds has an action plan."}
        )
    start = review.decided_on or review.notified_on
    end = start + ACTION_PLAN_LENGTH
    plan = Plan(
        partnership=review.partnership,
        kind=Plan.Kind.REVIEW,
        title=f"{review.kind_name} {review.reference}: recommendations",
        slug=_free_slug(f"{review.partnership.slug}-{review.reference}"),
        period_start=start,
        period_end=end,
        target_date=end,
        target_label=long_date(end),
    )
    plan.full_clean()
    plan._history_user = by
    plan.save()
    objective = Objective.objects.create(
        plan=plan,
        number=1,
        title="Recommendations",
        summary=f"The recommendations of the overview report of {review}, and how each is "
        "carried out.",
    )
    Target.objects.create(
        objective=objective, order=1, wording="The overview report's recommendations"
    )
    review.action_plan = plan
    review._history_user = by
    review.save(update_fields=["action_plan"])
    return plan


def _free_slug(wanted: str) -> str:
    base = slugify(wanted)[:45] or "review"
    slug, number = base, 2
    while Plan.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def publish_review(review: Review, *, by=None, on: datetime.date | None = None) -> None:
    """Publish the review (``published_on``) and with it its action plan: from now on residents
    read its published fields and its recommendations with their progress. Refused, naming
    the field, while the overview report has not been sent to the Home Office or its address
    is missing."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_published:
        return
    errors = {}
    if review.submitted_to_home_office_on is None:
        errors["submitted_to_home_office_on"] = (
            f"{review}: record the day the overview report was sent to the Home Office first."
        )
    if not review.overview_report_url:
        errors["overview_report_url"] = (
            f"{review}: give the published overview report's address first."
        )
    if errors:
        raise ValidationError(errors)
    review.published_on = on or timezone.localdate()
    review.full_clean()
    review._history_user = by
    review.save(update_fields=["published_on"])
    plan = review.action_plan
    if plan is not None and not plan.is_public:
        plan.review = review  # the plan's publishing rule reads its review as just saved
        plan.publish(by=by)
        plan._history_user = by
        plan.save(
            update_fields=["status", "published_at", "published_by", "archived_at", "archived_by"]
        )
