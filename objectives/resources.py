"""Bulk measurements with django-import-export.

An officer exports their measures (one row per measure, with its stable ``Measure ID`` and
the current quarter as the period), fills in Value or Rating, and imports the file back; the
library previews the differences. Each filled row becomes a Measurement through
``record_measurement`` (approval rule, history); a row for a measure the officer may not
update is an error naming the row, and then nothing at all is written.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, widgets

from cspplan.quarters import current_quarter
from cspplan.resources import ProgressResource
from cspplan.spreadsheet_formats import text_from_cell
from objectives.models import Measure, Measurement
from objectives.services import record_measurement


def _date(value, column):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError({column: f"“{value}” is not a date (use 2011-06-30 or 30/06/2011)."})


def _number(value):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError({"value": f"Value “{value}” is not a number."})
    return number


def _rating(value):
    text = str(value or "").strip().lower()
    if not text:
        return ""
    for rating in Measurement.Rating:
        if text in {rating.value, rating.label.lower()}:
            return rating.value
    allowed = ", ".join(str(rating.label) for rating in Measurement.Rating)
    raise ValidationError({"rating": f"Rating “{value}” is not one of: {allowed}."})


class MeasurementProgressResource(ProgressResource):
    id_column, noun = "Measure ID", "measure"
    measure_id = fields.Field(
        attribute="id",
        column_name="Measure ID",
        widget=widgets.IntegerWidget(coerce_to_string=False),
    )
    objective = fields.Field(column_name="Objective", readonly=True)
    measure = fields.Field(attribute="name", column_name="Measure", readonly=True)
    baseline = fields.Field(attribute="baseline_wording", column_name="Baseline", readonly=True)
    target = fields.Field(attribute="target_wording", column_name="Target", readonly=True)
    period_start = fields.Field(column_name="Period start")
    period_end = fields.Field(column_name="Period end")
    value = fields.Field(column_name="Value")
    rating = fields.Field(column_name="Rating")
    note = fields.Field(column_name="Note")
    source = fields.Field(column_name="Source")

    class Meta:
        model = Measure
        fields = ("measure_id", "objective", "measure", "baseline", "target", "period_start",
                  "period_end", "value", "rating", "note", "source")  # fmt: skip
        export_order = fields
        import_id_fields = ("measure_id",)
        use_transactions = True

    def __init__(self, *, user=None, today=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.today = today or timezone.localdate()

    def _period(self, measure):
        """The period a row is for: the one the officer wrote, else the quarter the measure's
        plan is in on its reporting day (its last quarter, for a finished plan)."""
        if hasattr(measure, "new"):
            return measure.new["period"]
        return current_quarter(measure.target.objective.plan.reporting_day(self.today))

    def get_queryset(self):
        return (
            Measure.objects.editable_by(self.user)
            .select_related("target__objective__plan")
            .prefetch_related("measurements")
            .order_by("target__objective__plan", "target__objective__number", "target__order",
                      "order")
        )  # fmt: skip

    def _existing(self, measure):
        start, end = self._period(measure)
        for measurement in measure.measurements.all():
            if (measurement.period_start, measurement.period_end) == (start, end):
                return measurement
        return None

    def _shown(self, measure, name):
        if hasattr(measure, "new"):
            return measure.new[name]
        existing = self._existing(measure)
        return getattr(existing, name) if existing else ""

    def dehydrate_objective(self, measure):
        return measure.target.objective.in_column

    def dehydrate_period_start(self, measure):
        return self._period(measure)[0]

    def dehydrate_period_end(self, measure):
        return self._period(measure)[1]

    def dehydrate_value(self, measure):
        value = self._shown(measure, "value")
        return "" if value is None else value

    def dehydrate_rating(self, measure):
        rating = self._shown(measure, "rating")
        return Measurement.Rating(rating).label if rating else ""

    def dehydrate_note(self, measure):
        return self._shown(measure, "note")

    def dehydrate_source(self, measure):
        return self._shown(measure, "source")

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        parsed = {}
        for key, column, parse in (
            ("period_start", "Period start", lambda v: _date(v, "period_start")),
            ("period_end", "Period end", lambda v: _date(v, "period_end")),
            ("value", "Value", _number),
            ("rating", "Rating", _rating),
        ):
            try:
                parsed[key] = parse(row.get(column))
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        instance.new = {
            "period": (parsed["period_start"], parsed["period_end"]),
            "value": parsed["value"],
            "rating": parsed["rating"],
            "note": text_from_cell(row.get("Note")),
            "source": text_from_cell(row.get("Source")),
        }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        new = instance.new
        if new["value"] is None and not new["rating"]:
            return True  # nothing measured on this row
        existing = self._existing(instance)
        return existing is not None and all(
            getattr(existing, name) == new[name] for name in ("value", "rating", "note", "source")
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        start, end = instance.new["period"]
        record_measurement(
            measure=instance,
            by=self.user,
            period_start=start,
            period_end=end,
            value=instance.new["value"],
            rating=instance.new["rating"],
            note=instance.new["note"],
            source=instance.new["source"] or "Bulk progress import",
        )
