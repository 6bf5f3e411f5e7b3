"""Writes for the consultation app. Residents' feedback arrives through ``submit_feedback``."""

from django.core.exceptions import ValidationError
from django.db import transaction

from consultation.models import Consultation, Feedback
from cspplan.models import Plan
from objectives.models import Objective


@transaction.atomic
def submit_feedback(
    *,
    plan: Plan,
    comment: str,
    objective: Objective | None = None,
    consultation: Consultation | None = None,
    name: str = "",
    email: str = "",
    postcode_district: str = "",
    wants_reply: bool = False,
) -> Feedback:
    """Save a resident's comment on a published plan, waiting for moderation.

    Name and e-mail are kept for a reply only; nothing here makes them public. Raises
    ValidationError naming the field when the comment cannot be accepted.
    """
    if plan.status != Plan.Status.PUBLISHED:
        # Not on a draft, nor on a past (archived) plan: comments are for the plan in force.
        raise ValidationError({"plan": "Comments are only taken on a published plan."})
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError({"objective": "That objective is not part of this plan."})
    if consultation is not None and (consultation.plan_id != plan.pk or not consultation.is_open()):
        raise ValidationError({"consultation": "That consultation is not open on this plan."})
    feedback = Feedback(
        plan=plan,
        objective=objective,
        consultation=consultation,
        comment=comment.strip(),
        name=name.strip(),
        email=email.strip(),
        postcode_district=postcode_district.strip().upper(),
        wants_reply=wants_reply,
        moderation=Feedback.Moderation.PENDING,
    )
    feedback.full_clean()
    feedback.save()
    return feedback
