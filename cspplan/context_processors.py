"""Template variables for the staff pages.

Each variable is lazy: it costs its queries only when a template reads it, so public pages and
staff pages that do not show it pay nothing.

- ``staff_nav``: which links the staff navigation shows this user: "Dashboard" only to those
  who may open it (``cspplan.roles.can_see_dashboard``), "My actions" only to users linked to
  an Officer record (the page lists that officer's work).
- ``returned_progress``: the measurements and action updates a plan manager returned to the
  signed-in officer, each with a form to send it again ("my actions" shows them).
"""

from dataclasses import dataclass, field

from django.utils.functional import SimpleLazyObject

from actions.forms import ActionProgressForm, MeasurementForm
from cspplan import roles
from objectives import progress


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


@dataclass
class ReturnedProgress:
    measurements: list = field(default_factory=list)
    updates: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.measurements) + len(self.updates)


def returned_progress_for(user) -> ReturnedProgress:
    """Returned items, each with ``resubmit_form``: the item's own "my actions" form (the same
    field names, so the page's view saves it through the recording services) filled with
    what was returned, under ids of its own so it can sit on the page beside the blank one."""
    if user is None or not user.is_authenticated:
        return ReturnedProgress()
    measurements = list(progress.returned_measurements(user))
    for measurement in measurements:
        measurement.resubmit_form = MeasurementForm(
            prefix=f"measure-{measurement.measure_id}",
            auto_id=f"returned-measurement-{measurement.pk}-%s",
            initial={
                "period_start": measurement.period_start,
                "period_end": measurement.period_end,
                "value": measurement.value,
                "rating": measurement.rating,
                "note": measurement.note,
                "source": measurement.source,
            },
        )
    updates = list(progress.returned_updates(user))
    for update in updates:
        update.resubmit_form = ActionProgressForm(
            prefix=f"action-{update.action_id}",
            auto_id=f"returned-update-{update.pk}-%s",
            initial={
                "status": update.status,
                "note": update.note,
                "version": update.action.version,
            },
        )
    return ReturnedProgress(measurements=measurements, updates=updates)


def staff(request):
    user = getattr(request, "user", None)
    return {
        "staff_nav": SimpleLazyObject(lambda: staff_nav_for(user)),
        "returned_progress": SimpleLazyObject(lambda: returned_progress_for(user)),
    }
