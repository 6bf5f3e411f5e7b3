"""Answering a request for a document: the file when it is ready, else a page saying so.

The calling view has already checked who may see the plan (``public.views.get_visible_plan``,
the dashboard's ``_plan``): the stored files are under no URL of their own, so that check is the
only way to them.

- Ready: the file (``FileResponse``), its Content-Type, Content-Disposition and an ETag naming
  the stored copy; a matching ``If-None-Match`` gets a 304.
- Not ready: 202 and a page that says the document is being prepared, checks again by itself
  (static/js/document-wait.js; without JavaScript, a "Check again" link) and, if an older copy
  exists, offers it under its date (``?version=<key>``).
- Failed: 503 and a page that says so, with "Try again" (``?retry=1``), which queues it again.
- A new document asked for by a user who has the most documents waiting already
  (``store.TooManyWaiting``): 429, a page saying why, which documents wait and when to try
  again (issue 22), and nothing queued.
"""

from django.http import FileResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from documents import kinds, store
from documents.models import Document

# Seconds a browser without JavaScript is told to wait before asking again (Retry-After).
RETRY_AFTER = 5
# Seconds a user past the cap of documents waiting is told to wait (about one render).
TOO_MANY_RETRY_AFTER = 30


def serve(
    request,
    *,
    kind: str,
    plan,
    filename: str,
    as_at=None,
    inline=False,
    public=False,
    language: str | None = None,
):
    """The response to a request for a document the caller has checked ``request.user`` may
    see. ``public``: the file may be kept by shared caches (a published plan's document).
    ``language``: the document's; by default the request's (its address's: Welsh at /cy/)."""
    try:
        document = store.request(
            kind=kind,
            plan=plan,
            as_at=as_at,
            by=request.user,
            language=language or translation.get_language(),
        )
        if request.GET.get("retry") and document.status == Document.Status.FAILED:
            store.retry(document, by=request.user)
            # Back to the plain address, so reloading the page does not ask for another retry.
            return HttpResponseRedirect(_address(request))
    except store.TooManyWaiting as refusal:
        return _too_many(request, kind, plan, refusal.waiting)
    wanted = request.GET.get("version")
    if wanted and wanted != document.key and document.status != Document.Status.READY:
        older = store.previous_ready(document)
        if older is not None and older.key == wanted:
            return _file(request, older, filename=filename, inline=inline, public=public)
    if document.status == Document.Status.READY:
        return _file(request, document, filename=filename, inline=inline, public=public)
    return _waiting(request, document)


def _address(request, **extra) -> str:
    """This request's address without our own parameters (a report's ``as_at`` stays)."""
    query = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name not in ("retry", "version"):
            query.setlist(name, values)
    for name, value in extra.items():
        query[name] = value
    return request.path + (f"?{query.urlencode()}" if query else "")


def _file(request, document, *, filename, inline, public):
    kind = kinds.get(document.kind)
    etag = document.etag
    last_modified = int(document.finished_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            store.storage().open(document.file, "rb"),
            as_attachment=not inline,
            filename=filename,
            content_type=kind.content_type,
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    _cache_headers(response, public=public and not request.user.is_authenticated)
    return response


def _cache_headers(response, *, public):
    if public:
        # Revalidated on every use (an edit must show at once), then a 304 by the ETag.
        patch_cache_control(response, public=True, no_cache=True, max_age=0)
    else:  # a draft previewed by staff, a board report: never kept by a shared cache
        patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])


def _too_many(request, kind_name, plan, waiting):
    kind = kinds.get(kind_name)
    response = render(
        request,
        "documents/too_many.html",
        {
            "base_template": kind.base_template,
            "plan": plan,
            "label": kind.label,
            "waiting": [(kinds.get(d.kind).label, d) for d in waiting],
            "retry_after": TOO_MANY_RETRY_AFTER,
            "check_url": _address(request),
        },
        status=429,
    )
    response["Retry-After"] = str(TOO_MANY_RETRY_AFTER)
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _waiting(request, document):
    kind = kinds.get(document.kind)
    failed = document.status == Document.Status.FAILED
    previous = None if failed else store.previous_ready(document)
    response = render(
        request,
        "documents/waiting.html",
        {
            "base_template": kind.base_template,
            "plan": document.plan,
            "document": document,
            "label": kind.label,
            "failed": failed,
            "check_url": _address(request),
            "retry_url": _address(request, retry="1"),
            "previous": previous,
            "previous_url": _address(request, version=previous.key) if previous else None,
            "retry_after": RETRY_AFTER,
        },
        status=503 if failed else 202,
    )
    response["Retry-After"] = str(RETRY_AFTER)
    # Never cached anywhere: the next request must see the document once it is ready.
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
