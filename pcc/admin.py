"""The register of the PCC's requests: plan managers keep their partnerships', the chair reads
(``ScopedAdmin``). "Draft the reply letter" gives the Word file of the selected request."""

from django.contrib import admin, messages
from django.http import HttpResponse

from cspplan.admin import ScopedAdmin
from pcc.letter import DOCX_TYPE, letter_filename, reply_letter
from pcc.models import PccRequest


@admin.register(PccRequest)
class PccRequestAdmin(ScopedAdmin):
    list_display = [
        "reference",
        "kind",
        "partnership",
        "received_on",
        "reply_due_on",
        "decision",
        "replied_on",
    ]
    list_filter = ["kind", "decision", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["reference", "request"]
    readonly_fields = ["demonstration"]
    actions = ["draft_reply"]

    @admin.action(description="Draft the reply letter (Word) of the selected request")
    def draft_reply(self, request, queryset):
        chosen = list(queryset.select_related("partnership")[:2])
        if len(chosen) != 1:
            self.message_user(request, "Choose one request to draft its reply.", messages.WARNING)
            return None
        response = HttpResponse(reply_letter(chosen[0]), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{letter_filename(chosen[0])}"'
        return response
