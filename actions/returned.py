"""Progress a plan manager returned to an officer, ready to correct and send again on "my
actions"."""

from dataclasses import dataclass, field

from actions.forms import ActionProgressForm, MeasurementForm
from actions.models import ActionUpdate
from objectives.models import Measurement


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
    measurements = list(Measurement.objects.returned_to(user))
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
    updates = list(ActionUpdate.objects.returned_to(user))
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
