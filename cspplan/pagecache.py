"""The front door of the residents' page cache: a cached public page answered before the rest of
the stack, for about what a static file costs (no database query, no sign-in lookup, no
template).

``public.caching.public_page`` renders a page and says it may be kept (``allow_storing``); this
middleware, first in ``MIDDLEWARE``, keeps the *final* response (so the security headers the
other middleware add, Content-Security-Policy and the rest, are kept with it) and answers the
next identical anonymous GET or HEAD from it, with ETag and Last-Modified revalidation.

What makes two requests identical: scheme, Host, path, the query string exactly as sent, the
text-size cookie, and the version below. Only the page's canonical address is kept (the query
holds only the parameters the page reads, in order), so ``?x=<random>`` never fills the cache: it
goes through the stack to the view's own cache. Nothing is kept or served for a request carrying
a session cookie or an Authorization header (staff, who may see drafts), for a response that
sets a cookie (a CSRF token, a session), that is not a 200, or for a rate-limited view
(``forbid_storing``: the limit must keep counting).

The version is shared by every worker without a database query: a *stamp*, a random token
changed on every edit of public content (the same signals that invalidate the view cache call
``bump_stamp``), kept either in a small file (one machine: ``file:/path``) or in the shared cache
(several machines with Redis: ``cache``); ``CSPPLAN_PAGE_CACHE_STAMP`` chooses, and the settings
refuse ``cache`` with a cache that is not shared. Today's date and the code release are part of
the version too (a status changes with the calendar; a deploy changes pages). When the stamp
cannot be read, the fast path is off and every request goes to the view, whose cache is keyed on
the database's history stamp: slower, never stale.
"""

import functools
import hashlib
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

# Apps whose records residents can see (directly, or through a plan page's summary): a published
# review's fields and a Serious Violence strategy's records show on their plan's page.
PUBLIC_CONTENT_APPS = (
    "cspplan",
    "priorities",
    "objectives",
    "actions",
    "consultation",
    "reviews",
    "strategies",
)

# The resident's text size is a cookie, so it is part of what makes two requests the same page.
TEXT_SIZE_COOKIE = "cspplan_text_size"
TEXT_SIZES = ("standard", "large")

STAMP_CACHE_KEY = "cspplan:public-page-stamp"
FRONT_KEY_PREFIX = "cspplan:public-front"
# Old versions are never read again; this only bounds how long they occupy the cache.
PAGE_TIMEOUT_SECONDS = 60 * 60

logger = logging.getLogger(__name__)

_MAY_STORE = "_cspplan_page_cache_may_store"
# Headers that describe a body: a 304 has none.
_BODY_HEADERS = {"content-length", "content-type", "content-disposition", "content-encoding"}


def text_size(request):
    """The resident's chosen text size: 'standard' unless they asked for large print."""
    chosen = request.COOKIES.get(TEXT_SIZE_COOKIE)
    return chosen if chosen in TEXT_SIZES else "standard"


@functools.cache
def code_release():
    """A fingerprint of the code, templates and styles that render public pages.

    A deploy changes pages without any edit to the data; a shared cache (Redis) outlives the
    deploy, and so do browsers' ETags. Hashing the files' contents (once per process) makes
    every worker running the same release agree, and a new release differ.
    """
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    # The rules (progress) and the dashboard too: kept dashboards (dashboard/drawn.py) and the
    # colours on every public page are drawn by them.
    # The interface's catalogues (locale/, issue 27) too: a changed translation changes pages.
    folders = ("templates", "static", "public", "progress", "dashboard", "locale")
    for folder in (*folders, *PUBLIC_CONTENT_APPS):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".css", ".js", ".po"} and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- The shared stamp -----------------------------------------------------------------------


def _stamp_setting():
    return getattr(settings, "PAGE_CACHE_STAMP", "off")


def current_stamp():
    """The stamp every worker agrees on, or None when it cannot be read (fast path off)."""
    where = _stamp_setting()
    if where == "cache":
        value = cache.get(STAMP_CACHE_KEY)
        if value is None:
            cache.add(STAMP_CACHE_KEY, secrets.token_hex(8), timeout=None)
            value = cache.get(STAMP_CACHE_KEY)
        return value
    if where.startswith("file:"):
        path = Path(where.removeprefix("file:"))
        try:
            return path.read_text() or None
        except FileNotFoundError:
            bump_stamp()
            try:
                return path.read_text() or None
            except OSError:
                return None
        except OSError:
            return None
    return None


def bump_stamp():
    """Give the stamp a new random value (never a count: a lost stamp must not come back)."""
    where = _stamp_setting()
    token = secrets.token_hex(8)
    if where == "cache":
        cache.set(STAMP_CACHE_KEY, token, timeout=None)
    elif where.startswith("file:"):
        path = Path(where.removeprefix("file:"))
        # Overwritten in place, always 16 characters: a few microseconds, where writing aside
        # and renaming over costs milliseconds on ext4 (it flushes), and an import saves
        # thousands of rows. A read racing the write sees the old token, the new one or a mix
        # of both: never an older token, so never a stale page.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            os.pwrite(descriptor, token.encode(), 0)
        finally:
            os.close(descriptor)


# --- What a view says about its response ----------------------------------------------------


def allow_storing(request):
    """Called by ``public_page`` for an anonymous request at the page's canonical address."""
    if getattr(request, _MAY_STORE, None) is None:
        setattr(request, _MAY_STORE, True)


def forbid_storing(request):
    """Called by views whose every request must reach them (rate limits)."""
    setattr(request, _MAY_STORE, False)


# --- The middleware -------------------------------------------------------------------------


def _is_kept_page(kept):
    """Whether a cache entry is a page this middleware kept (content, headers); anything else
    (a miss, or a foreign value under the key) is a miss."""
    return isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], bytes)


def _front_key(request, stamp):
    parts = [
        request.scheme,
        request.META.get("HTTP_HOST", ""),
        request.path,
        request.META.get("QUERY_STRING", ""),
        text_size(request),
        stamp,
        timezone.localdate().isoformat(),
        code_release(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{FRONT_KEY_PREFIX}:{digest}"


class PublicPageCacheMiddleware:
    """First in ``MIDDLEWARE``: answer a kept public page before anything else runs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME
        # Static files are WhiteNoise's: a look-up here would only slow them down.
        self.static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else None
        code_release()  # hashed once, at start-up, not on the first resident's request

    def __call__(self, request):
        try:
            key = self._key(request)
            kept = cache.get(key) if key is not None else None
        except Exception:
            # A cache that is down (Redis restarting) must not take the site down with it: the
            # request goes through the stack, as if nothing were kept. /healthz reports it.
            logger.warning("Page cache unreadable; answering without it", exc_info=True)
            key = kept = None
        if key is None:
            return self.get_response(request)
        if _is_kept_page(kept):
            return self._answer(request, *kept)
        response = self.get_response(request)
        if request.method == "GET" and self._may_keep(request, response):
            headers = list(response.headers.items())
            try:
                cache.set(key, (response.content, headers), PAGE_TIMEOUT_SECONDS)
            except Exception:
                logger.warning("Page cache unwritable; page not kept", exc_info=True)
        return response

    def _key(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if self.session_cookie in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            return None
        if self.static_prefix and request.path_info.startswith(self.static_prefix):
            return None
        stamp = current_stamp()
        return None if stamp is None else _front_key(request, stamp)

    @staticmethod
    def _may_keep(request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            getattr(request, _MAY_STORE, False) is True
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "ETag" in response
            and "public" in cache_control
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def _answer(request, content, headers):
        stored = dict(headers)
        last_modified = stored.get("Last-Modified")
        conditional = get_conditional_response(
            request,
            etag=stored.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        )
        if conditional is not None:
            for name, value in headers:
                if name.lower() not in _BODY_HEADERS:
                    conditional[name] = value
            return conditional
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
