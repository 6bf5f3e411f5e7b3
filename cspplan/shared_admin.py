"""The admin of the records every partnership shares: organisations and their aliases,
officers and funds. Who may change them: ``cspplan.admin.SharedUseMixin`` and the querysets of
``cspplan.shared_records``. Imported by ``cspplan.admin``, whose base classes it uses."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cspplan.admin import FUND_USED_IN, SharedRecordAdmin, SharedUseMixin
from cspplan.models import (
    ORGANISATION_USED_IN,
    FundingSource,
    Officer,
    Organisation,
    OrganisationAlias,
    is_superuser,
)


def _organisation_changeable(request, organisation) -> bool:
    return organisation is None or (
        Organisation.objects.changeable_by(request.user).filter(pk=organisation.pk).exists()
    )


class OrganisationAliasInline(admin.TabularInline):
    """An organisation's aliases on its own page: added, changed or deleted only while the
    organisation may be changed (``Organisation.objects.changeable_by``)."""

    model = OrganisationAlias
    extra = 1

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _organisation_changeable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _organisation_changeable(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _organisation_changeable(
            request, obj
        )


@admin.register(Organisation)
class OrganisationAdmin(SharedRecordAdmin):
    used_in_plans_through = ORGANISATION_USED_IN
    list_display = ["name", "short_name", "kind", "is_responsible_authority"]
    list_filter = ["kind", "is_responsible_authority"]
    search_fields = ["name", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(SharedUseMixin, admin.ModelAdmin):
    used_in_plans_through = tuple(f"organisation__{path}" for path in ORGANISATION_USED_IN)
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class SharedOrganisationForm(form):
            def clean_organisation(self):
                # The organisation the alias will have, not the one it had: a new alias, or
                # one moved, is another spelling of that organisation in every import.
                organisation = self.cleaned_data.get("organisation")
                if organisation is not None and not _organisation_changeable(request, organisation):
                    raise ValidationError(
                        f"{organisation} is used in another partnership's plans: only a "
                        "superuser gives it an alias or moves one to it (aliases are shared: "
                        "every partnership's imports match them)."
                    )
                return organisation

        return SharedOrganisationForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Checked again on the alias as saved, inside the admin's transaction.
        if not _organisation_changeable(request, obj.organisation):
            raise PermissionDenied("That organisation's aliases are not yours to change.")


@admin.register(Officer)
class OfficerAdmin(SharedRecordAdmin):
    """Officer records, shared by every partnership, scoped by ``OfficerQuerySet``.

    An officer's login (``user``) and agency (``organisation``) decide which rows that login
    edits in every partnership, so only superusers link a login, change the agency of an officer
    who has one, or delete such an officer. A plan manager lists the officers who lead in their
    partnerships' plans and those attached to nothing yet; they change (name, title, role,
    e-mail, and the agency of an officer without a login) only those who lead nothing outside
    the plans they manage. Any other officer is a 404, as another partnership's record is.
    """

    list_display = ["name", "title", "role", "organisation"]
    list_select_related = ["organisation"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "role"]
    autocomplete_fields = ["organisation", "user"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        visible = Officer.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404("No such officer, or not yours to see.")  # as ScopedAdmin does
        return found

    def _managed(self, request, obj):
        return obj is None or Officer.objects.managed_by(request.user).filter(pk=obj.pk).exists()

    def history_view(self, request, object_id, extra_context=None):
        # 404 for an officer out of reach, as for a missing one (ScopedAdmin.history_view).
        try:
            return super().history_view(request, object_id, extra_context)
        except PermissionDenied:
            raise Http404("No such officer, or not yours to see.") from None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        found = Officer.objects.filter(pk=unquote(object_id)).first()
        if found is not None and not self.has_view_permission(request, found):
            raise Http404("No such officer, or not yours to see.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_view_permission(self, request, obj=None):
        visible = obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        return super().has_view_permission(request, obj) and visible

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._managed(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user_id and not is_superuser(request.user):
            return False
        return super().has_delete_permission(request, obj) and self._managed(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_superuser(request.user):
            fields.append("user")
            if obj is not None and obj.user_id:
                fields.append("organisation")
        return fields

    def save_model(self, request, obj, form, change):
        if not is_superuser(request.user):
            before = Officer.objects.filter(pk=obj.pk).values("user_id", "organisation_id").first()
            before = before or {"user_id": None, "organisation_id": None}
            if obj.user_id != before["user_id"] or (
                obj.user_id and obj.organisation_id != before["organisation_id"]
            ):
                raise PermissionDenied("Only a superuser links a login or changes its agency.")
        super().save_model(request, obj, form, change)
        if not self._managed(request, obj):
            raise PermissionDenied("That officer would be outside the plans you manage.")


@admin.register(FundingSource)
class FundingSourceAdmin(SharedRecordAdmin):
    used_in_plans_through = FUND_USED_IN
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
