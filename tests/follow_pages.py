"""The pages of following by e-mail (issue 28), for the accessibility, HTML and reflow checks:
the form for a plan, an objective and an action, and the pages its e-mails link to. Offered in
Welsh like the other pages of a bilingual partnership (the Welsh walks include them)."""

from django.urls import reverse

from actions.models import Action
from notices import following


def follow_pages(plan):
    """{name: address} of each page, for ``plan`` (published, with an objective 1)."""
    action = Action.objects.for_plan(plan).first()
    follow = following.ask_to_follow(email="r@example.net", plan=plan, frequency="daily")
    return {
        "follow a plan": reverse("notices:follow_plan", args=[plan.slug]),
        "follow an objective": reverse("notices:follow_objective", args=[plan.slug, 1]),
        "follow an action": reverse("notices:follow_action", args=[action.pk]),
        "check your e-mail": reverse("notices:asked"),
        "confirm a follow": reverse("notices:confirm", args=[following.confirm_token(follow)]),
        "manage a follow": reverse("notices:manage", args=[following.unsubscribe_token(follow)]),
        "unsubscribe": reverse("notices:unsubscribe", args=[following.unsubscribe_token(follow)]),
    }
