"""Template helpers for the admin pages: what the signed-in user's role means for them."""

from django import template

from cspplan import permissions

register = template.Library()


@register.filter
def manages_no_partnership(user) -> bool:
    """True for a plan manager who is a member of no partnership (and so manages no plans)."""
    return permissions.manages_no_partnership(user)
