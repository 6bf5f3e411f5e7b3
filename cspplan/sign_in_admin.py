"""The admin of staff sign-in (issue 25): invitations a plan manager sends and revokes, and the
audit trail of sign-ins, read only. Plan managers see their own partnerships' (superusers all);
nobody else sees either. Registered by cspplan/admin.py."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from cspplan import invitations, roles
from cspplan.models import IdentityProvider, Invitation, Partnership, SignInEvent


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "partnership", "role", "organisation", "state", "expires_at"]
    list_filter = ["partnership", "role"]
    search_fields = ["email", "name"]
    list_select_related = ["partnership", "organisation"]
    fields = ["partnership", "email", "name", "role", "organisation"]
    actions = ["revoke"]

    def _manages_any(self, request):
        return roles.is_plan_manager(request.user)

    def has_module_permission(self, request):
        return self._manages_any(request)

    def has_view_permission(self, request, obj=None):
        return self._manages_any(request)

    def has_add_permission(self, request):
        return self._manages_any(request)

    def has_change_permission(self, request, obj=None):
        return False  # an invitation is sent as it is; revoke it and send another

    def has_delete_permission(self, request, obj=None):
        return False  # kept, with the audit trail, for who was invited when

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partnership":
            kwargs["queryset"] = Partnership.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="state")
    def state(self, invitation):
        return invitation.state

    def save_model(self, request, obj, form, change):
        # Sending saves it: the token is made, mailed and only its digest kept.
        invitations.invite(by=request.user, invitation=obj, request=request)

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(request, f"Invitation sent to {obj.email}.")
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Withdraw the selected invitations")
    def revoke(self, request, queryset):
        withdrawn = sum(invitations.revoke(i, by=request.user, request=request) for i in queryset)
        self.message_user(request, f"{withdrawn} invitation(s) withdrawn.")


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "user", "name_tried", "actor", "partnership", "address"]
    list_filter = ["kind"]
    search_fields = ["user__username", "name_tried", "address"]
    list_select_related = ["user", "actor", "partnership"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return roles.is_plan_manager(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_plan_manager(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    """Superusers only: trusting an organisation's provider is a decision for the whole site."""

    list_display = ["organisation", "issuer", "email_domains", "enabled"]
    list_select_related = ["organisation"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser
