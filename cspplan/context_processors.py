"""Template variables for every page.

The variable is lazy: it costs its queries only when a template reads it, and each query at
most once per request, so public pages pay nothing unless a signed-in user is shown the
"Signed in as" strip.

- ``staff_nav``: the staff header (templates/staff/includes/staff_nav.html), shown on the admin
  and every staff page, and the name the admin greets people by. Each link is shown only to
  those who may use it:

  - "Admin": staff users;
  - "My actions": users linked to an Officer record (the page lists that officer's work);
  - "Dashboard", "Approval queue", "Board report": those who may open the dashboard
    (``cspplan.roles.can_see_dashboard``: plan managers, the chair and county readers; the chair
    sees the queue read only, a county reader no queue). The queue and the report belong to a
    plan: the page's own, else the plan the dashboard opens by default (``plan``);
  - "Public site": everyone signed in.
"""

from functools import cached_property

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.utils.functional import SimpleLazyObject

from cspplan import permissions, roles
from cspplan.models import Plan


class StaffNav:
    def __init__(self, user):
        self.user = user
        self.signed_in = bool(user is not None and user.is_authenticated)

    @cached_property
    def officer(self):
        # The reverse one-to-one is cached on the user: a page that already asked pays nothing.
        return getattr(self.user, "officer", None) if self.signed_in else None

    @cached_property
    def admin(self) -> bool:
        return self.signed_in and self.user.is_active and self.user.is_staff

    @cached_property
    def my_actions(self) -> bool:
        return self.officer is not None

    @cached_property
    def dashboard(self) -> bool:
        return self.signed_in and roles.can_see_dashboard(self.user)

    @cached_property
    def approval_queue(self) -> bool:
        """The queue is the plan's own partnership's (a county reader reads published
        progress only: ``permissions.reads_progress_awaiting_approval``)."""
        return self.dashboard and roles.reads_own_partnerships(self.user)

    @cached_property
    def staff(self) -> bool:
        """Anyone with a staff page to go back to (the public pages' "Staff pages" link)."""
        return self.admin or self.my_actions or self.dashboard

    @cached_property
    def name(self) -> str:
        """Who to greet: the officer's name, else the full name, else the login."""
        if not self.signed_in:
            return ""
        if self.officer is not None and self.officer.name:
            return self.officer.name
        return self.user.get_full_name() or self.user.get_username()

    @cached_property
    def home_url_name(self) -> str:
        """The user's natural home among the staff pages (``roles.home_url_name``)."""
        return roles.home_url_name(self.user)

    @cached_property
    def plan(self):
        """The plan the dashboard opens by default (``dashboard:index``): the newest published
        plan, else the newest, among those of the user's own partnerships
        (``permissions.dashboard_plans``; for anyone without the dashboard, the plans they may
        see). Another partnership's plan is never named here. One query, with its partnership."""
        published_first = Case(
            When(status=Plan.Status.PUBLISHED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if self.dashboard:
            plans = permissions.dashboard_plans(self.user)
        else:
            plans = Plan.objects.visible_to(self.user)
        return (
            plans.select_related("partnership")
            .order_by(published_first, "-period_start", "title")
            .first()
        )

    @cached_property
    def product_name(self) -> str:
        """What the admin calls itself: "cspplan — West Lancashire Community Safety
        Partnership Plan"."""
        partnership = self.plan.partnership.name if self.plan is not None else ""
        if not partnership:
            return "cspplan — Partnership Plan"
        if partnership.lower().endswith("partnership"):
            return f"cspplan — {partnership} Plan"
        return f"cspplan — {partnership} Partnership Plan"


def staff_nav_for(user) -> StaffNav:
    return StaffNav(user)


def staff(request):
    user = getattr(request, "user", None)
    return {
        "staff_nav": SimpleLazyObject(lambda: staff_nav_for(user)),
    }


def demo_sign_in(request):
    """``demo_sign_in``: whether the sign-in page explains the demo logins' second factor (in
    development only: `make run` made them and printed their secrets)."""
    return {"demo_sign_in": settings.DEBUG}
