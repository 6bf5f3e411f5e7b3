"""Template variables for every staff page.

The variable is lazy: it costs its queries only when a template reads it, so public pages pay
nothing.

- ``staff_nav``: which links the staff navigation shows this user: "Dashboard" only to those
  who may open it (``cspplan.roles.can_see_dashboard``), "My actions" only to users linked to
  an Officer record (the page lists that officer's work).
"""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from cspplan import roles


@dataclass(frozen=True)
class StaffNav:
    my_actions: bool
    dashboard: bool


def staff_nav_for(user) -> StaffNav:
    if user is None or not user.is_authenticated:
        return StaffNav(my_actions=False, dashboard=False)
    # The reverse one-to-one is cached on the user: a page that already asked pays nothing.
    return StaffNav(
        my_actions=getattr(user, "officer", None) is not None,
        dashboard=roles.can_see_dashboard(user),
    )


def staff(request):
    user = getattr(request, "user", None)
    return {
        "staff_nav": SimpleLazyObject(lambda: staff_nav_for(user)),
    }
