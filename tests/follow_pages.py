"""The pages of following by e-mail (issue 28), for the accessibility, HTML and reflow checks:
the form for a plan, an objective and an action, and the pages its e-mails link to."""

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
        "unsubscribe": reverse("notices:unsubscribe", args=[following.unsubscribe_token(follow)]),
    }


def offered_in_welsh(pages):
    """``pages`` without the follow pages: following by e-mail is not yet offered in Welsh (its
    pages and e-mails are English only, docs/welsh.md "Not yet in Welsh"), so the Welsh walks
    leave them out until it is."""
    follow = {"/follow/", "/notices/"}
    return {name: url for name, url in pages.items() if not url.startswith(tuple(follow))}
