"""Health and readiness for load balancers and monitors: ``/healthz`` and ``/readyz``.

``/healthz`` (liveness): can this process answer? It asks the database (``SELECT 1``) and the
cache (a set and a get of one key). 200 with ``{"status": "ok", ...}``, or 503 naming which check
failed. It never says why (no error text, no host, no setting): the answer is public.

``/readyz`` (readiness): should the load balancer send this process traffic? The same checks,
plus: no maintenance flag file (``CSPPLAN_MAINTENANCE_FILE``; create it to drain an instance
before a deploy, remove it after) and no unapplied migration (an instance whose code is newer
than its database, or older, must not take requests). Migrations are read from disk once per
process: once every one is applied it stays so until a new deploy starts a new process.

Both are cheap (two small queries and two cache calls at most), never cached (``never_cache``)
and take any method a probe uses (GET or HEAD).
"""

import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"
_CACHE_KEY = "cspplan:healthz"

# Set once every migration is found applied; a process never un-applies them.
_migrations_applied = False


def check_database() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure, whatever the backend raises, is "failed"
        logger.warning("Health check: the database did not answer.", exc_info=True)
        return False


def check_cache() -> bool:
    # A random value: a cache that answers from somewhere stale cannot pass by accident.
    value = secrets.token_hex(8)
    try:
        cache.set(_CACHE_KEY, value, timeout=30)
        return cache.get(_CACHE_KEY) == value
    except Exception:  # any failure, whatever the backend raises, is "failed"
        logger.warning("Health check: the cache did not answer.", exc_info=True)
        return False


def migrations_pending() -> bool:
    """Whether the database lacks a migration this code has (or cannot be asked)."""
    global _migrations_applied
    if _migrations_applied:
        return False
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception:  # the database did not answer: not ready either
        logger.warning("Readiness: could not read the applied migrations.", exc_info=True)
        return True
    _migrations_applied = not pending
    return pending


def maintenance_file() -> Path | None:
    name = settings.CSPPLAN_MAINTENANCE_FILE
    return Path(name) if name else None


def draining() -> bool:
    path = maintenance_file()
    return path is not None and path.exists()


def _answer(checks: dict[str, str]) -> JsonResponse:
    healthy = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def _result(passed: bool) -> str:
    return OK if passed else FAILED


@never_cache
def healthz(request):
    """Liveness: the database and the cache answer."""
    return _answer({"database": _result(check_database()), "cache": _result(check_cache())})


@never_cache
def readyz(request):
    """Readiness: healthy, not draining for maintenance, and every migration applied."""
    checks = {
        "database": _result(check_database()),
        "cache": _result(check_cache()),
        "maintenance": FAILED if draining() else OK,
    }
    checks["migrations"] = _result(not migrations_pending()) if checks["database"] == OK else FAILED
    return _answer(checks)
