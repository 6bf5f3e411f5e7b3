from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from actions import services
from actions.models import Action, ActionStatus, ActionUpdate
from actions.resources import ActionProgressResource
from cspplan import permissions
from cspplan.admin import ScopedAdmin, plan_filter
from objectives.models import ApprovalStatus

# Fields an officer may change on their own agency's action; the rest is the published wording,
# agreed by the board and changed by plan managers only.
OFFICER_EDITABLE_FIELDS = {"status", "due_date"}


class ActionAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        if not self.instance.pk:
            return cleaned
        loaded = cleaned.get("loaded_version")
        if loaded is None:
            raise ValidationError("This form is missing the version it was loaded with; reload.")
        try:
            # Locks the row until the admin's transaction commits the save.
            services.lock_for_edit(action_pk=self.instance.pk, loaded_version=loaded)
        except services.StaleEditError as stale:
            yours = {}
            for name in self.changed_data:
                if name == "loaded_version" or name not in self.fields:
                    continue
                label = str(self.fields[name].label or name).capitalize()
                value = cleaned.get(name)
                if name == "status" and value:
                    value = ActionStatus(value).label
                elif hasattr(value, "__iter__") and not isinstance(value, str):
                    value = ", ".join(str(item) for item in value)
                yours[label] = value
            raise ValidationError(stale.message(yours=yours)) from None
        self.instance.version = loaded + 1
        return cleaned


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["date", "status", "note", "author_name", "approval"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # new updates go through "my actions" or the update form (approval rule)


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue (open and past its due date)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class ProgressImportExportMixin(ImportExportMixin):
    """Officers' bulk progress: export their rows to Excel, import them back with a preview.

    The resource is told who is importing, so it can refuse rows that are not theirs."""

    # Excel first: it is what officers use.
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**kwargs, "user": request.user}

    def has_export_permission(self, request):
        return self.has_view_permission(request)


@admin.register(Action)
class ActionAdmin(ProgressImportExportMixin, ScopedAdmin):
    form = ActionAdminForm
    resource_classes = [ActionProgressResource]
    list_display = [
        "short_text",
        "objective",
        "owner_wording",
        "lead_officer_wording",
        "status",
        "due_date",
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
    inlines = [ActionUpdateInline]
    actions = ["mark_complete", "set_on_track", "set_at_risk", "set_off_track"]

    def editable_queryset(self, request):
        return permissions.editable_actions(request.user)

    def has_import_permission(self, request):
        return self.has_change_permission(request)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_update=Max("updates__date"))

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

    @admin.display(description="Last update", ordering="last_update")
    def last_update(self, action):
        return action.last_update

    def save_model(self, request, obj, form, change):
        if change and not self.has_change_permission(request, obj):
            raise PermissionDenied  # e.g. a row posted to the changelist's editable column
        if change and "loaded_version" not in form.fields:
            obj.version += 1  # the changelist's status column: still a new version
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status):
        changed = services.set_action_status(actions=queryset, by=request.user, status=status)
        self.message_user(
            request, f"{changed} action(s) set to “{status.label}”.", messages.SUCCESS
        )

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
class ActionUpdateAdmin(ScopedAdmin):
    list_display = ["action", "objective", "date", "status", "approval", "author_name"]
    list_select_related = ["action__target__objective"]
    list_filter = [
        "approval",
        "status",
        plan_filter("action__target__objective__plan"),
    ]
    search_fields = ["note", "action__text"]
    autocomplete_fields = ["action"]
    readonly_fields = ["author", "created_at", "approved_by", "approved_at"]

    def editable_queryset(self, request):
        return permissions.editable_updates(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.may_edit_action_wording(request.user):
            fields.append("approval")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "action":
            kwargs["queryset"] = permissions.editable_actions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Objective")
    def objective(self, update):
        return update.action.target.objective.number

    def save_model(self, request, obj, form, change):
        automatic = obj.action.target.objective.plan.publish_progress_automatically
        if not change:
            obj.author = request.user
            obj.author_name = obj.author_name or services.display_name(request.user)
            if automatic:
                obj.approval = ApprovalStatus.APPROVED
        elif not permissions.may_edit_action_wording(request.user) and not automatic:
            # An officer's correction is new words the public has not seen: approve it again.
            obj.approval, obj.approved_at, obj.approved_by = ApprovalStatus.SUBMITTED, None, None
        if obj.approval == ApprovalStatus.APPROVED and obj.approved_at is None:
            obj.approved_at = timezone.now()
            obj.approved_by = None if automatic and not change else request.user
        super().save_model(request, obj, form, change)
