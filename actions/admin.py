from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Max

from actions import services
from actions.models import (
    Action,
    ActionColumnValue,
    ActionStatus,
    ActionUpdate,
    Milestone,
    TargetColumnValue,
    action_state_words,
    is_overdue,
)
from actions.resources import ActionProgressResource
from cspplan import permissions
from cspplan.admin import (
    ProgressImportExportMixin,
    ScopedAdmin,
    ScopedStackedInline,
    plan_filter,
)
from cspplan.models import display_name
from cspplan.text import counted
from objectives.admin import ApprovalRuleAdmin, MeasureInline
from objectives.models import ApprovalStatus, PlanColumn, Target

# Fields an officer may change on their own agency's action; the rest is the published wording,
# agreed by the board and changed by plan managers only.
OFFICER_EDITABLE_FIELDS = {"status", "due_date"}


def _shown(name: str, value) -> str:
    """A field's value as an officer reads it in a clash message."""
    if name == "status" and value:
        return ActionStatus(value).label
    if value is None:
        return ""
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(str(item) for item in value)
    return str(value)


def _comparable(name: str, value):
    """A form's cleaned value, as ``_loaded_value`` gives a history record's."""
    field = Action._meta.get_field(name)
    if field.many_to_many:
        return {item.pk for item in value}
    if field.is_relation:
        return getattr(value, "pk", value)
    return value


def _loaded_value(record, name: str):
    """A field's value in a history record of an action (ids for relations)."""
    field = Action._meta.get_field(name)
    if field.many_to_many:
        # History keeps a copy of the through rows: {action_id, organisation_id, …}.
        column = field.m2m_reverse_name()
        return {getattr(row, column) for row in getattr(record, name).all()}
    if field.is_relation:
        return getattr(record, field.attname)
    return getattr(record, name)


class VersionedActionForm(forms.ModelForm):
    """An action form that carries the version its editor loaded (a hidden field) and refuses
    to save over a change someone else made since.

    When it refuses, it shows the other person's values in the fields this editor did not
    touch, keeps the editor's own, and carries the current version: saving again is then a
    choice made knowing what changed, and cannot undo the fields the editor left alone.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def check_version(self, cleaned: dict, *, edited_only: bool) -> bool:
        """Lock the action and raise ValidationError if it changed since it was loaded.

        With ``edited_only``, a stale form whose values are all as its editor loaded them is
        not an error: returns False, meaning "leave this action as it now is"."""
        loaded = cleaned.get("loaded_version")
        if loaded is None:
            raise ValidationError(
                f"“{self.instance}”: this form is missing the version it was loaded with; "
                "reload the page."
            )
        try:
            # Locks the row until the page's transaction commits the save.
            services.lock_for_edit(action_pk=self.instance.pk, loaded_version=loaded)
        except services.StaleEditError as stale:
            yours = self._editors_changes(stale.action, loaded, cleaned)
            if edited_only and not yours:
                return False
            self._rebase_on(stale.action, edited=yours)
            labels = {
                str(Action._meta.get_field(name).verbose_name).capitalize(): _shown(name, value)
                for name, value in yours.items()
            }
            raise ValidationError(stale.message(yours=labels)) from None
        self.instance.version = loaded + 1
        return True

    def _model_field_names(self) -> list[str]:
        # Not the formset's DELETE, nor the hidden version, nor the id.
        names = {field.name for field in Action._meta.get_fields() if field.concrete}
        return [name for name in self.fields if name in names and name != "id"]

    def _editors_changes(self, current: Action, loaded: int, cleaned: dict) -> dict:
        """The fields whose posted value differs from what the editor loaded."""
        as_loaded = services.action_as_loaded(current, loaded)
        changes = {}
        for name in self._model_field_names():
            if name not in cleaned:
                continue
            if as_loaded is None:
                if name in self.changed_data:
                    changes[name] = cleaned[name]
                continue
            if _comparable(name, cleaned[name]) != _loaded_value(as_loaded, name):
                changes[name] = cleaned[name]
        return changes

    def _rebase_on(self, current: Action, *, edited: dict) -> None:
        data = self.data.copy()
        for name in self._model_field_names():
            if name in edited:
                continue
            field = Action._meta.get_field(name)
            value = field.value_from_object(current)
            if field.many_to_many:
                data.setlist(self.add_prefix(name), [str(item.pk) for item in value])
            else:
                data[self.add_prefix(name)] = "" if value is None else value
        data[self.add_prefix("loaded_version")] = current.version
        self.data = data


class ActionAdminForm(VersionedActionForm):
    """The action's own change form (and its history "revert" form)."""

    class Meta:
        model = Action
        fields = [
            "target",
            "order",
            "text",
            "due_date",
            "due_wording",
            "status",
            "owners",
            "owner_wording",
            "lead_officers",
            "lead_officer_wording",
            "funding_sources",
            "funding_wording",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # The version in the database now, not the instance's: a history "revert" form
            # is built from an old record whose version is old.
            self.initial["loaded_version"] = (
                Action.objects.filter(pk=self.instance.pk).values_list("version", flat=True).get()
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_version(cleaned, edited_only=False)
        return cleaned


class ActionRowForm(VersionedActionForm):
    """One action among many on a page: a row of the changelist's editable Status column, or an
    action in the target page's inline.

    Several rows are posted together, so a row whose values are as its editor loaded them is
    never written back: that would silently undo someone else's change since.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Rows are read fresh from the database for the page, so this is the current one.
            self.fields["loaded_version"].initial = self.instance.version
        self.left_as_found = False

    def edited_fields(self) -> list[str]:
        return [name for name in self.changed_data if name != "loaded_version"]

    def has_changed(self):
        # The changelist and the inline formset save only the rows that report a change.
        return not self.left_as_found and bool(self.edited_fields())

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.edited_fields():
            self.left_as_found = not self.check_version(cleaned, edited_only=True)
        return cleaned


class ActionStatusColumnForm(ActionRowForm):
    """A row of the action list's editable Status column. The column heading is not a label,
    so each select is named after its action for screen readers (axe: select-name)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.instance.pk:
            self.fields["status"].widget.attrs["aria-label"] = f"Status of “{self.instance}”"


# Stacked, not tables: Django's inline table heads a column of record names with an empty
# header cell (axe: empty-table-header), as ActionUpdateInline below says.
class ColumnValueInline(ScopedStackedInline):
    """The values of the plan's own columns on one action or target row: a column of the
    record's plan that applies to such records; who may change them is who may change the
    record (``editable_by`` on the value, checked on the values as saved)."""

    extra = 0
    fields = ["column", "text", "amount", "date"]
    readonly_fields = ["amount", "date"]
    verbose_name = "value of the plan's own column"
    verbose_name_plural = "the plan's own columns"

    def get_formset(self, request, obj=None, **kwargs):
        self.parent = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "column" and field is not None:
            columns = field.queryset.filter(applies_to=self.model.applies_to)
            parent = getattr(self, "parent", None)
            if parent is not None:
                columns = columns.filter(plan=parent.objective.plan)
            field.queryset = columns
        return field

    @classmethod
    def shown_for(cls, obj) -> bool:
        """Only on a saved record of a plan with columns for such records: a plan without any
        (most) shows no empty section, and its forms post as they always have."""
        return (
            obj is not None
            and PlanColumn.objects.filter(
                plan=obj.objective.plan, applies_to=cls.model.applies_to
            ).exists()
        )


class ActionColumnValueInline(ColumnValueInline):
    model = ActionColumnValue


class TargetColumnValueInline(ColumnValueInline):
    model = TargetColumnValue


class WithColumnValues:
    """An admin whose record may have values of its plan's own columns (``ColumnValueInline``)."""

    def get_inline_instances(self, request, obj=None):
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if not isinstance(inline, ColumnValueInline) or inline.shown_for(obj)
        ]


class ActionUpdateInline(ScopedStackedInline):
    """The action's updates, read only. Stacked, not a table: a read-only table of long notes
    scrolled sideways with nothing in it to focus, under empty column headings (axe)."""

    model = ActionUpdate
    extra = 0
    fields = ["date", "status", "note", "author_name", "approval"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # new updates go through "my actions" or the update form (approval rule)


class MilestoneInline(ScopedStackedInline):
    """The action's milestones, as published. Plan managers add, change, tick and delete them
    here (history kept); officers read them here and propose theirs on "my actions", through
    approval (their group has the view permission only)."""

    model = Milestone
    extra = 0
    fields = ["title", "due_date", "done_on", "note"]


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue (open and past its due date)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


@admin.register(Action)
class ActionAdmin(WithColumnValues, ProgressImportExportMixin, ScopedAdmin):
    form = ActionAdminForm
    resource_classes = [ActionProgressResource]
    # Status next to the action it belongs to: on a narrow list (sidebar and filters open) the
    # last columns scroll, and the drop-down must not be the one cut off.
    list_display = [
        "short_text",
        "status",
        "state",
        "objective",
        "owner_wording",
        "lead_officer_wording",
        "due",
        "last_update",
    ]
    list_display_links = ["short_text"]
    list_editable = ["status"]
    list_select_related = ["target__objective__plan__partnership"]
    list_filter = [
        plan_filter("target__objective__plan"),
        ("target__objective", admin.RelatedOnlyFieldListFilter),
        ("owners", admin.RelatedOnlyFieldListFilter),
        ("lead_officers", admin.RelatedOnlyFieldListFilter),
        "status",
        OverdueFilter,
    ]
    search_fields = ["text", "owner_wording", "lead_officer_wording"]
    autocomplete_fields = ["owners", "lead_officers", "funding_sources"]
    inlines = [ActionColumnValueInline, MilestoneInline, ActionUpdateInline]
    actions = ["mark_complete", "set_on_track", "set_at_risk", "set_off_track"]

    def editable_queryset(self, request):
        return Action.objects.editable_by(request.user)

    def has_import_permission(self, request):
        return self.has_change_permission(request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(last_update=Max("updates__date"))
            .prefetch_related("milestones")
        )

    def get_readonly_fields(self, request, obj=None):
        if permissions.may_edit_action_wording(request.user):
            return []
        names = [f.name for f in Action._meta.get_fields() if f.concrete and f.editable]
        return [name for name in names if name not in OFFICER_EDITABLE_FIELDS and name != "id"]

    @admin.display(description="Action", ordering="text")
    def short_text(self, action):
        return str(action)

    @admin.display(description="Objective", ordering="target__objective__number")
    def objective(self, action):
        return action.target.objective

    @admin.display(description="State")
    def state(self, action):
        """The action's state as every other surface words it, as at its plan's reporting day
        (``action_state_words``): the Status column is the status reported, which a late
        milestone can turn into "At risk" here and everywhere else."""
        day = action.target.objective.plan.reporting_day()
        return action_state_words(action, action.status, day, action.milestones.all())

    @admin.display(description="Due", ordering="due_date")
    def due(self, action):
        """The due date, and "overdue" as every other surface says it (``is_overdue``, as at
        the plan's reporting day, on the status the action shows)."""
        if action.due_date is None:
            return "–"
        day = action.target.objective.plan.reporting_day()
        late = " · overdue" if is_overdue(action, action.status, day) else ""
        return f"{action.due_date:%-d %b %Y}{late}"

    @admin.display(description="Last update", ordering="last_update")
    def last_update(self, action):
        return action.last_update

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ActionStatusColumnForm, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        # The Status column's rows lock their actions while they are checked (ActionRowForm),
        # so the check and the save must be one transaction, as in the change form.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if change and not self.has_change_permission(request, obj):
            raise PermissionDenied  # e.g. a row posted to the changelist's editable column
        save_with_status_as_update(request, obj, form, change, save=super().save_model)

    def _set_status(self, request, queryset, status):
        selected = queryset.count()
        updates = services.set_action_status(actions=queryset, by=request.user, status=status)
        self.message_user(request, bulk_status_message(status, selected, updates))

    @admin.action(description="Mark the selected actions complete", permissions=["change"])
    def mark_complete(self, request, queryset):
        self._set_status(request, queryset, ActionStatus.COMPLETED)

    @admin.action(description="Set status: On track", permissions=["change"])
    def set_on_track(self, request, queryset):
        self._set_status(request, queryset, ActionStatus.ON_TRACK)

    @admin.action(description="Set status: At risk", permissions=["change"])
    def set_at_risk(self, request, queryset):
        self._set_status(request, queryset, ActionStatus.AT_RISK)

    @admin.action(description="Set status: Off track", permissions=["change"])
    def set_off_track(self, request, queryset):
        self._set_status(request, queryset, ActionStatus.OFF_TRACK)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ApprovalRuleAdmin):
    # Short columns, so the list fits 1280 px with every column on screen.
    list_display = ["action", "objective", "date", "status", "approval", "by"]
    list_select_related = ["action__target__objective__plan"]
    list_filter = [
        "approval",
        "status",
        plan_filter("action__target__objective__plan"),
    ]
    search_fields = ["note", "action__text"]
    autocomplete_fields = ["action"]
    readonly_fields = ["author", "created_at", "approved_by", "approved_at"]
    managers_fields = ["decision_note", "author_name"]

    def editable_queryset(self, request):
        return ActionUpdate.objects.editable_by(request.user)

    def plan_of(self, update):
        return update.action.target.objective.plan

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "action":
            kwargs["queryset"] = Action.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Objective")
    def objective(self, update):
        return update.action.target.objective.in_column

    @admin.display(description="By", ordering="author_name")
    def by(self, update):
        return update.author_name

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
            obj.author_name = obj.author_name or display_name(request.user)
        super().save_model(request, obj, form, change)
        if obj.approval == ApprovalStatus.APPROVED:
            # As approving in the queue or recording on a plan publishing automatically does.
            services.take_status_of_latest_approved(action_pk=obj.action_id, by=request.user)


def bulk_status_message(status: ActionStatus, selected: int, updates) -> str:
    """What a bulk status change did, as it happened: set at once (a plan manager, or a plan
    publishing progress automatically), sent for approval (an officer), or nothing to do."""
    approved = sum(1 for u in updates if u.approval == ApprovalStatus.APPROVED)
    waiting = len(updates) - approved
    said = []
    if approved:
        said.append(f"{counted(approved, 'action')} set to “{status.label}”.")
    if waiting:
        keeps = (
            "it keeps its status until a plan manager approves it"
            if waiting == 1
            else "they keep their status until a plan manager approves them"
        )
        said.append(f"{counted(waiting, 'action')} sent for approval as “{status.label}”: {keeps}.")
    if not updates:
        were = "was" if selected == 1 else "were"
        return f"No action changed: the {selected:,} selected {were} “{status.label}” already."
    return " ".join(said)


def save_with_status_as_update(request, action, form, change, *, save):
    """Save an action edited in the admin, its status apart: a new status on an existing
    action goes through ``services.change_status``, becoming a progress update, so the action
    keeps the status of its latest approved update (one status on every page). A plan manager's
    change is approved as made; an officer's waits for approval, and the officer is told."""
    status_changed = change and "status" in form.changed_data
    if not status_changed:
        save(request, action, form, change)
        return
    chosen, waits = hold_back_status(request, action)
    # A status that waits leaves the action unwritten when the status was all that changed.
    if not waits or set(form.changed_data) - {"status", "loaded_version"}:
        save(request, action, form, change)
    record_status_change(request, action, chosen)


def hold_back_status(request, action) -> tuple[str, bool]:
    """(the status chosen in the form, whether it waits for approval). One approved at once is
    saved with the action (one edit, one version; the update recorded next agrees with it); one
    that waits is put back to the stored status, which the action keeps until approval."""
    chosen = action.status
    if services.approves_status_at_once(by=request.user, plan=action.target.objective.plan):
        return chosen, False
    action.status = Action.objects.values_list("status", flat=True).get(pk=action.pk)
    return chosen, True


def record_status_change(request, action, chosen):
    """Record ``chosen`` as the action's new status (an update), telling an officer that it
    waits for approval."""
    update = services.change_status(action=action, by=request.user, status=chosen)
    if update.approval != ApprovalStatus.APPROVED:
        messages.info(
            request,
            f"“{action}”: the new status “{ActionStatus(chosen).label}” is waiting for a plan "
            "manager's approval; the action shows its approved status until then.",
        )
    action.refresh_from_db(fields=["status", "version"])


class ActionInline(ScopedStackedInline):
    model = Action
    form = ActionRowForm
    extra = 0
    fields = ["order", "text", "due_date", "due_wording", "status"]
    show_change_link = True

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self.has_change_permission(request, obj):
            # Hidden: the version each action was loaded with, checked on save (ActionRowForm).
            fields.append("loaded_version")
        return fields


@admin.register(Target)
class TargetAdmin(WithColumnValues, ScopedAdmin):
    """A target row with its measures and actions: registered here, where Action lives."""

    list_display = ["__str__", "objective", "owner_wording", "lead_officer_wording"]
    list_select_related = ["objective__plan__partnership"]
    list_filter = [plan_filter("objective__plan"), "objective"]
    search_fields = ["wording", "target_wording"]
    autocomplete_fields = ["owners", "lead_officers", "funding_sources"]
    # An edit in the action inline is an edit of the action: ActionRowForm checks the version
    # each action was loaded with and raises it, as the action's own change form does.
    inlines = [TargetColumnValueInline, MeasureInline, ActionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Action:
            return super().save_formset(request, form, formset, change)
        # Each action's new status, as in the action's own form, becomes a progress update:
        # the rows are saved with their stored status, then the status changes are recorded.
        chosen = {}
        for row in formset.forms:
            kept = row.instance.pk and row not in formset.deleted_forms and row.has_changed()
            if kept and "status" in row.changed_data:
                chosen[row.instance.pk], _waits = hold_back_status(request, row.instance)
        super().save_formset(request, form, formset, change)
        for row in formset.forms:
            if row.instance.pk in chosen:
                record_status_change(request, row.instance, chosen[row.instance.pk])
