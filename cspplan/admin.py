from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspplan.models import (
    FundingSource,
    Officer,
    Organisation,
    OrganisationAlias,
    Partnership,
    Plan,
    PlanSection,
)


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "short_name"]


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "period_start", "period_end", "status"]
    list_filter = ["status", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["title", "slug"]
    inlines = [PlanSectionInline]


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "is_responsible_authority"]
    list_filter = ["kind", "is_responsible_authority"]
    search_fields = ["name", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "role", "organisation"]
    list_select_related = ["organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["organisation", "user"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PlanSection)
class PlanSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "order"]
    list_select_related = ["plan__partnership"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]
