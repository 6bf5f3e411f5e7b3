"""The delivery plan for residents: the accessible page, the PDF, the open-data downloads (CSV,
XLSX, JSON) and the Word document officers edit (DOCX). Published plans only;
logged-in staff may also fetch drafts, as they may preview them (``Plan.objects.visible_to``).

The page and the light downloads (CSV, XLSX, JSON) are ``public_page``s (public/caching.py):
cached until the next edit, with ETag/Last-Modified. The download headers are added outside it by
``_download``, from the address alone, so a cached body and a fresh one leave with the same file
name. The heavy ones, the PDF and the Word file, are drawn by the documents worker and served from
the document store (documents/serving.py): a request never waits for WeasyPrint.

Every download is in the language of its address (issue 27): at a Welsh address the view runs
in Welsh, so the files' headings, words and dates are Welsh, the document store keeps a Welsh
PDF and Word file apart from the English ones, and the file is named in Welsh
("…-cynllun-cyflawni.pdf").
"""

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cspplan.ratelimit import rate_limited
from documents import serving
from documents.kinds import DocumentKind
from public.caching import public_page
from public.exports import word
from public.exports.layout import delivery_plan_tables
from public.exports.open_data import delivery_plan_data
from public.exports.tabular import (
    delivery_plan_csv,
    delivery_plan_measures_csv,
    delivery_plan_xlsx,
)
from public.views import get_visible_plan

# A downloaded file's name after the plan's slug, in the language of its address.
FILE_NAMES = {
    "delivery-plan": _("delivery-plan"),
    "delivery-plan-measures": _("delivery-plan-measures"),
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(extension: str, *, inline=False, cross_origin=False, name="delivery-plan"):
    """Name the file (and, for open data, let any site read it) on every successful response,
    whether the body was rendered now or came from the cache."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, plan_slug):
            response = view(request, plan_slug)
            if response.status_code == 200:
                # A slug is letters, digits and hyphens: safe inside the quoted filename.
                filename = f"{plan_slug}-{FILE_NAMES[name]}.{extension}"
                disposition = "inline" if inline else "attachment"
                response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
                if cross_origin:
                    response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapper

    return decorator


@require_safe
@public_page
def delivery_plan(request, plan_slug):
    plan = get_visible_plan(request, plan_slug)
    tables = delivery_plan_tables(plan)
    return render(request, "public/delivery_plan.html", {"plan": plan, "tables": tables})


def _render_pdf(plan, as_at):
    # Imported here: WeasyPrint is slow to import and logs as it loads its stylesheets, which
    # every management command would otherwise pay for when the URLs are loaded.
    from public.exports import pdf

    return pdf.delivery_plan_pdf(plan)


def _render_docx(plan, as_at):
    return word.delivery_plan_docx(plan)


# Registered with the document store by PublicConfig.ready() (public/apps.py).
PDF = DocumentKind(
    name="delivery-plan-pdf",
    extension="pdf",
    content_type="application/pdf",
    render=_render_pdf,
    label="the delivery plan (PDF)",
    public=True,
)
DOCX = DocumentKind(
    name="delivery-plan-docx",
    extension="docx",
    content_type=DOCX_TYPE,
    render=_render_docx,
    label="the delivery plan (Word document)",
    public=True,
)


def _serve_document(request, plan_slug, kind, *, inline=False):
    plan = get_visible_plan(request, plan_slug)
    return serving.serve(
        request,
        kind=kind.name,
        plan=plan,
        # A slug is letters, digits and hyphens: safe inside the quoted filename.
        filename=f"{plan.slug}-{FILE_NAMES['delivery-plan']}.{kind.extension}",
        inline=inline,
        public=plan.is_public,
    )


@rate_limited("downloads")
@require_safe
def delivery_plan_pdf_view(request, plan_slug):
    return _serve_document(request, plan_slug, PDF, inline=True)


@rate_limited("downloads")
@require_safe
@_download("csv")
@public_page
def delivery_plan_csv_view(request, plan_slug):
    plan = get_visible_plan(request, plan_slug)
    return HttpResponse(delivery_plan_csv(plan), content_type="text/csv; charset=utf-8")


@rate_limited("downloads")
@require_safe
@_download("csv", name="delivery-plan-measures")
@public_page
def delivery_plan_measures_csv_view(request, plan_slug):
    """The measures of the delivery plan's CSV, a row each, joined to it by Target ID."""
    plan = get_visible_plan(request, plan_slug)
    return HttpResponse(delivery_plan_measures_csv(plan), content_type="text/csv; charset=utf-8")


@rate_limited("downloads")
@require_safe
@_download("xlsx")
@public_page
def delivery_plan_xlsx_view(request, plan_slug):
    plan = get_visible_plan(request, plan_slug)
    return HttpResponse(delivery_plan_xlsx(plan), content_type=XLSX_TYPE)


@rate_limited("downloads")
@require_safe
def delivery_plan_docx_view(request, plan_slug):
    return _serve_document(request, plan_slug, DOCX)


@require_safe
@_download("json", inline=True, cross_origin=True)  # open data: any site may read it
@public_page
def delivery_plan_json_view(request, plan_slug):
    plan = get_visible_plan(request, plan_slug)
    return JsonResponse(
        delivery_plan_data(plan, url_for=request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
