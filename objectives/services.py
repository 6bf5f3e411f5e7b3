"""Writes to measures: measurements recorded by officers.

Keyword-only and atomic. A measurement waits for a plan manager's approval
(progress/approval.py) unless the plan publishes progress automatically
(``PlanManagerDecision.apply_approval_rule``).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from objectives.models import Measure, Measurement


@transaction.atomic
def record_measurement(
    *,
    measure: Measure,
    by,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal | None = None,
    rating: str = "",
    note: str = "",
    source: str = "",
    period_label: str = "",
) -> Measurement:
    """Record the value (or, for a qualitative measure, the rating) of a measure for a period.

    One figure per measure and period: recording a period again corrects the earlier figure
    (its history keeps the old one) and sends it for approval again.
    Raises ValidationError naming the field when the input is not a measurement.
    """
    if value is None and not rating:
        raise ValidationError({"value": "Give a value or a rating."})
    # The race: two officers record the first figure of a period at once. Neither finds a row
    # to lock, both insert, and the second hits measurement_unique_period (a 500, its figure
    # lost). Locking the measure first makes the second wait, then correct the first's figure
    # (kept in the history). tests/reliability/test_races_measurements.py
    Measure.objects.select_for_update().only("pk").get(pk=measure.pk)
    measurement = (
        Measurement.objects.select_for_update()
        .filter(measure=measure, period_start=period_start, period_end=period_end)
        .first()
    ) or Measurement(measure=measure, period_start=period_start, period_end=period_end)
    measurement.value = value
    measurement.rating = rating
    measurement.note = note
    measurement.source = source
    if period_label:
        measurement.period_label = period_label
    measurement.recorded_by = by
    measurement.apply_approval_rule(plan=measure.target.objective.plan, by=by)
    measurement._history_user = by
    measurement.full_clean(validate_unique=False)
    measurement.save()
    return measurement
