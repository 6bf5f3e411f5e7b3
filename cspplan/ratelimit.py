"""Rate limits per client address, kept in the cache: the residents' feedback form, site search
and the document downloads (delivery plan PDF, DOCX, XLSX, CSV; the board reports).

A fixed window per scope and address: at most N requests in S seconds (``settings.RATE_LIMITS``,
from ``CSPPLAN_RATE_*``). Past that, a 429 page saying when to try again, with ``Retry-After``.
With a shared cache (Redis) the limit holds across workers; with each worker's local memory it
holds per worker, which still bounds what one address can cost.

The client's address is the connection's, or, behind a proxy we trust (``DJANGO_BEHIND_PROXY``),
the last address of ``X-Forwarded-For``: the one our proxy added, which a client cannot forge.
django-axes uses the same address for sign-in lockouts (``AXES_CLIENT_IP_CALLABLE``).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from cspplan.pagecache import forbid_storing

KEY_PREFIX = "cspplan:rate"
MESSAGES = {
    "feedback": "You have sent several comments in a short time.",
    "downloads": "You have downloaded many documents in a short time.",
    "search": "You have searched many times in a short time.",
    "follow": "You have asked to follow several things in a short time.",
}


def client_address(request) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def address_for_lockout(request) -> str | None:
    """The address django-axes records a sign-in under (``AXES_CLIENT_IP_CALLABLE``): the same
    as ``client_address``, but None when there is none, never the word "unknown", which
    PostgreSQL's inet column refuses (a login made in code, such as the test client's
    ``force_login``, sends the signal with a request that has no address)."""
    address = client_address(request)
    return None if address == "unknown" else address


def _key(scope: str, address: str, window: int) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"{KEY_PREFIX}:{scope}:{digest}:{window}"


def hit(scope: str, request) -> int:
    """Count one request of ``scope`` from this address; return 0 if it is allowed, else the
    number of seconds until the window ends."""
    limit, seconds = settings.RATE_LIMITS[scope]
    now = time.time()
    window = int(now // seconds)
    key = _key(scope, client_address(request), window)
    if cache.add(key, 1, timeout=seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds + 1)
            count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * seconds - now))


def too_many_requests(request, scope: str, retry_after: int):
    minutes = max(1, round(retry_after / 60))
    response = render(
        request,
        "429.html",
        {
            "message": MESSAGES.get(scope, "You have made many requests in a short time."),
            "retry_minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, private=True, no_store=True)
    return response


def rate_limited(scope: str, *, methods=("GET", "HEAD", "POST")):
    """Limit a view's requests (of ``methods``) per client address."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                # Every request must be counted: the page cache's front door must not answer it.
                forbid_storing(request)
                retry_after = hit(scope, request)
                if retry_after:
                    return too_many_requests(request, scope, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
