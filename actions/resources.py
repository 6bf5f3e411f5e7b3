"""Bulk progress on actions with django-import-export.

An officer exports their agency's actions to Excel (one row per action, with its stable
``Action ID``), changes Status and writes a Progress note, and imports the file back. The
library shows the differences before anything is saved. Each changed row becomes an
ActionUpdate through ``record_action_update``, so it follows the approval rule and keeps
history; a row for an action the officer may not edit is an error naming the row, and then
nothing at all is written.
"""

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from actions.models import Action, ActionStatus
from actions.services import record_action_update
from cspplan.resources import ProgressResource
from cspplan.spreadsheet_formats import text_from_cell


def status_from_cell(value) -> str:
    """ "At risk", "at_risk" and " AT RISK " all mean ActionStatus.AT_RISK."""
    text = " ".join(str(value or "").split()).lower()
    for status in ActionStatus:
        if text in {status.value, status.label.lower(), status.value.replace("_", " ")}:
            return status.value
    allowed = ", ".join(str(status.label) for status in ActionStatus)
    raise ValidationError({"status": f"“{value}” is not a status; use one of: {allowed}."})


class ActionProgressResource(ProgressResource):
    id_column, noun = "Action ID", "action"
    action_id = fields.Field(
        attribute="id",
        column_name="Action ID",
        widget=widgets.IntegerWidget(coerce_to_string=False),
    )
    objective = fields.Field(column_name="Objective", readonly=True)
    action = fields.Field(attribute="text", column_name="Action", readonly=True)
    owner = fields.Field(attribute="owner_wording", column_name="Owner", readonly=True)
    due = fields.Field(
        attribute="due_date",
        column_name="Due",
        readonly=True,
        widget=widgets.DateWidget(coerce_to_string=False),
    )
    status = fields.Field(column_name="Status")
    note = fields.Field(column_name="Progress note")

    class Meta:
        model = Action
        fields = ("action_id", "objective", "action", "owner", "due", "status", "note")
        export_order = fields
        import_id_fields = ("action_id",)
        use_transactions = True
        skip_unchanged = False

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_queryset(self):
        return (
            Action.objects.editable_by(self.user)
            .select_related("target__objective__plan")
            .order_by("target__objective__plan", "target__objective__number", "target__order",
                      "order")
        )  # fmt: skip

    def dehydrate_objective(self, action):
        return action.target.objective.in_column

    def dehydrate_status(self, action):
        return ActionStatus(getattr(action, "new_status", action.status)).label

    def dehydrate_note(self, action):
        return getattr(action, "new_note", "")

    def import_instance(self, instance, row, **kwargs):
        instance.new_status = status_from_cell(row.get("Status"))
        instance.new_note = text_from_cell(row.get("Progress note"))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return instance.new_status == instance.status and not instance.new_note

    def save_instance(self, instance, is_create, row, **kwargs):
        status = ActionStatus(instance.new_status)
        record_action_update(
            action=instance,
            by=self.user,
            status=status,
            note=instance.new_note or f"Status set to {status.label}.",
            source="Bulk progress import",
        )
