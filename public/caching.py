"""Caching and conditional GET for the residents' pages, and how edits invalidate them.

A resident must never see a page older than the last officer's edit, wherever the edit came from:
the admin, an import, a service function or ``loaddata``. So every public page is keyed on a
*content version* made of three parts:

1. ``history_stamp``: the newest ``history_date`` across the historical tables of every app whose
   records appear on public pages (django-simple-history writes a row on every save, delete and
   tracked many-to-many change). It lives in the database, so it is shared by every web worker
   even when each has its own local-memory cache, and it gives a true ``Last-Modified``.
2. ``edit_counter``: a number in the cache bumped by the ``post_save``, ``post_delete`` and
   ``m2m_changed`` signals of every model in those apps. It catches what history misses:
   fixtures loaded with ``raw=True`` and models without history.
3. the shared *stamp* (``cspplan/pagecache.py``): a token in a file or in Redis, changed by the
   same signals, which every worker reads without a query. It is all the page cache's front
   door (the first middleware) checks: an anonymous request for a page's canonical address is
   answered there, with the headers the whole stack gave it, before sessions or the database
   are touched. This decorator tells it which responses it may keep (``allow_storing``); it
   never keeps a page holding a CSRF token, nor one rendered for a signed-in user.

Why signals here, when the style guide keeps side effects in services: edits reach these tables
from the admin, django-import-export, fixtures and several services, and a missed call would
show residents stale data. The receivers are connected once, in ``PublicConfig.ready()``
(``public/apps.py``), through ``connect_invalidation_signals()`` below; they do nothing but bump
the counter and the stamp. Both are bumped at once *and* again when the transaction commits: a page
rendered between the two (from the not-yet-committed, older data) is cached under the first
bump's version, which the second makes obsolete.

Not covered by either: ``QuerySet.update()`` and raw SQL, which send no signals and write no
history. Code that writes public data that way must call ``bump_public_version()``.

The version also holds today's date (statuses change with the calendar: an action becomes
overdue) and a fingerprint of the code and templates (a deploy changes pages too).

The page's address (scheme, host, path and only the query parameters the page reads), the
version and the text-size preference make the cache key. The ETag is a hash of the address, the
text size and the bytes of the page: the same in every worker, different for every page.
Logged-in users (staff previewing drafts) bypass the cache entirely and get ``no-store``
responses, so a draft preview can never be served to the public, nor can the "Signed in as
<name> · Staff pages" strip that public pages show signed-in staff (templates/public/base.html;
tests/core/test_staff_navigation.py checks the next anonymous visitor never gets the name).
"""

import functools
import hashlib
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, url_has_allowed_host_and_scheme

from cspplan.pagecache import (
    PUBLIC_CONTENT_APPS,
    TEXT_SIZE_COOKIE,
    TEXT_SIZES,
    allow_storing,
    bump_stamp,
    code_release,
    current_stamp,
    text_size,
)
from progress.kept import forget_all

EDIT_COUNTER_KEY = "cspplan:public-edit-counter"
PAGE_KEY_PREFIX = "cspplan:public-page"
# Old versions are never read again; this only bounds how long they occupy the cache.
PAGE_TIMEOUT_SECONDS = 60 * 60

TEXT_SIZE_PARAM = "size"
TEXT_SIZE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60


# --- The content version -------------------------------------------------------------------


def _is_public_content_model(model):
    return model._meta.app_label in PUBLIC_CONTENT_APPS


def _historical_models():
    """History tables with a ``history_date``. The tables of tracked many-to-many fields have
    none: each of their rows hangs off a row of the parent's history, which has the date."""
    return [
        model
        for model in apps.get_models()
        if _is_public_content_model(model)
        and any(f.name == "history_date" for f in model._meta.concrete_fields)
    ]


@functools.cache
def _history_stamp_sql():
    """The query behind ``history_stamp``, or None. The models and the database do not change
    while the process runs, so it is built once, not on every public request."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT MAX({quote('history_date')}) AS changed FROM {quote(model._meta.db_table)}"
        for model in _historical_models()
    ]
    if not parts:
        return None
    return f"SELECT MAX(changed) FROM ({' UNION ALL '.join(parts)}) AS stamps"


def history_stamp():
    """The newest change recorded in the history of any public record, or None. One query."""
    sql = _history_stamp_sql()
    if sql is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql)
        (value,) = cursor.fetchone()
    if value is None:
        return None
    # A UNION bypasses the ORM's converters: SQLite hands back text, PostgreSQL a datetime.
    return parse_datetime(value) if isinstance(value, str) else value


def _fresh_counter():
    # Random, not 0: if the counter is evicted (or a worker starts afresh), a restart from a
    # known value could bring back a version whose pages are still cached but out of date.
    return secrets.randbelow(2**31)


def edit_counter():
    value = cache.get(EDIT_COUNTER_KEY)
    if value is None:
        cache.add(EDIT_COUNTER_KEY, _fresh_counter(), timeout=None)
        value = cache.get(EDIT_COUNTER_KEY)
    return value


def bump_public_version():
    """Make every cached public page obsolete (now, and again when the transaction commits),
    and every plan's kept summary (``progress.kept``): for writes that send no signal."""
    forget_all()
    _pages_changed()


def _pages_changed():
    _increment_counter()
    transaction.on_commit(_increment_counter)


def _increment_counter():
    bump_stamp()  # the front door's version, shared by every worker (cspplan/pagecache.py)
    try:
        cache.incr(EDIT_COUNTER_KEY)
    except ValueError:  # not set yet, or evicted
        cache.add(EDIT_COUNTER_KEY, _fresh_counter(), timeout=None)


def content_version():
    """(version token, last modified) of everything public pages show.

    Today's date is part of the token: a status can change with the calendar alone (an action
    passes its due date and becomes overdue) with no edit at all. So is the code release.
    """
    stamp = history_stamp()
    stamp_text = stamp.isoformat() if stamp else "none"
    today = timezone.localdate().isoformat()
    shared = current_stamp() or "none"
    return f"{stamp_text}|{shared}|{edit_counter()}|{today}|{code_release()}", stamp


# --- Signal wiring (connected from CspplanConfig.ready) -------------------------------------


def _public_content_changed(sender, **kwargs):
    if _is_public_content_model(sender):
        # Kept summaries count their own changes (progress/kept.py): only the pages here.
        _pages_changed()


def connect_invalidation_signals():
    """Bump the version on any save, delete or many-to-many change of a public record.

    ``m2m_changed`` is sent with the through model as sender, which belongs to the app that
    declares the field (e.g. an action's owners: ``actions``), so the same test applies.
    """
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_public_content_changed, dispatch_uid=f"cspplan-public-{signal!r}")


# --- Text size ------------------------------------------------------------------------------


def _remember_text_size(request):
    """Store the chosen size in a cookie and come back to the same page without the parameter.

    Works without JavaScript: the size links are plain links to ``?size=large``.
    """
    chosen = request.GET.get(TEXT_SIZE_PARAM)
    remaining = request.GET.copy()
    remaining.pop(TEXT_SIZE_PARAM, None)
    target = request.path + (f"?{urlencode(remaining, doseq=True)}" if remaining else "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    response = HttpResponseRedirect(target)
    if chosen in TEXT_SIZES:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            chosen,
            max_age=TEXT_SIZE_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- The decorator --------------------------------------------------------------------------


def _canonical_address(request, params):
    """The page's address as far as the page is concerned: scheme, host and path, and only the
    query parameters the page reads (sorted, one value each). ``?x=random`` is the same page."""
    kept = [(name, request.GET[name]) for name in sorted(params) if name in request.GET]
    query = urlencode(kept)
    return f"{request.scheme}://{request.get_host()}{request.path}" + (f"?{query}" if query else "")


def _only_params(request, params):
    """Let the view see only the parameters the page uses: a page cached for ``?x=1`` must not
    carry ``x`` into its links (e.g. the text-size links keep the other parameters)."""
    kept = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            kept[name] = request.GET[name]
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def _page_key(address, size, version):
    # The whole address, scheme and host included: the open data carries absolute links, so a
    # copy made for one host name must not be served to a visitor who asked another.
    digest = hashlib.sha256("\n".join([address, size, version]).encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{digest}"


def _etag(address, size, content):
    """One page's one representation: its address, text size and the bytes themselves. So two
    pages never share an ETag, and every worker gives the same bytes the same ETag (nothing
    process-local, such as a local-memory cache's edit counter, goes into it)."""
    digest = hashlib.sha256("\n".join([address, size, ""]).encode())
    digest.update(content)
    return '"' + digest.hexdigest()[:32] + '"'


def public_page(view=None, *, params=(), vary_on=None):
    """Serve a public page from the cache when nothing has changed, with ETag/Last-Modified.

    Use as ``@public_page``, or ``@public_page(params=("q",))`` for a page that reads query
    parameters: only those reach the view and the cache key, so an unknown parameter
    (``delivery-plan.pdf?x=<random>``) is the same page, served from the same cache entry.

    ``vary_on``: a callable returning a string that joins the content version, for a page that
    changes at a moment no edit marks, e.g. a consultation opening or closing at an hour
    (``public/consultations.py``, ``consultations_clock``).

    - ``?size=large`` / ``?size=standard``: remember the choice, redirect back.
    - Logged-in users (staff previews of drafts): rendered fresh, never stored (``no-store``).
    - Everyone else: a cached copy of this page at this version and text size, or a fresh
      render that is cached if it succeeded; then a matching ``If-None-Match`` (or
      ``If-Modified-Since``) gets a 304. The conditional check comes after the page is known to
      exist, so ``If-None-Match: *`` never turns a 404 into a 304. Browsers must revalidate
      every time (``no-cache``), so an edit shows at once.
    """
    if view is None:
        return functools.partial(public_page, params=tuple(params), vary_on=vary_on)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if TEXT_SIZE_PARAM in request.GET:
            return _remember_text_size(request)
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
            return response

        size = text_size(request)
        address = _canonical_address(request, params)
        as_sent = request.META.get("QUERY_STRING", "")
        _only_params(request, params)
        if request.META["QUERY_STRING"] == as_sent and vary_on is None:
            # The canonical address itself: the front door may keep the final response. Not a
            # page that changes with the clock (``vary_on``): the front door knows only edits
            # and the date, so it would keep a consultation "open" past its closing hour.
            allow_storing(request)
        version, last_modified = content_version()
        if vary_on is not None:
            version = f"{version}|{vary_on()}"
            # The page changes with no edit, so the last edit's time is no Last-Modified.
            last_modified = None
        # HTTP dates have whole seconds; compare in them, or If-Modified-Since never matches.
        last_modified_timestamp = int(last_modified.timestamp()) if last_modified else None

        key = _page_key(address, size, version)
        cached = cache.get(key)
        if cached is not None:
            content, headers, etag = cached
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or _holds_csrf_token(request):
                return response
            # The headers the view set (content type, a download's file name) come back with
            # the content; cookies never do: a cached page is the same for every visitor.
            content, headers = response.content, list(response.headers.items())
            etag = _etag(address, size, content)
            cache.set(key, (content, headers, etag), PAGE_TIMEOUT_SECONDS)

        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified_timestamp
        )
        if not_modified is not None:
            return _with_validators(not_modified, etag, last_modified_timestamp)
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return _with_validators(response, etag, last_modified_timestamp)

    return wrapper


def _holds_csrf_token(request):
    """A page with a form carries this visitor's CSRF token: it must never be shared."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _with_validators(response, etag, last_modified_timestamp):
    response["ETag"] = etag
    if last_modified_timestamp is not None:
        response["Last-Modified"] = http_date(last_modified_timestamp)
    patch_cache_control(response, public=True, no_cache=True, max_age=0)
    patch_vary_headers(response, ["Cookie"])
    return response
