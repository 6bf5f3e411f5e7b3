"""Small, strict readers for settings that come from environment variables.

Each reader fails loudly (ImproperlyConfigured, naming the variable) on a value it cannot
understand, so a typo in production configuration stops the process at start-up instead of
silently falling back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name}={value!r} is not a boolean; "
        f"use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name}={value!r} is not a whole number."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate such as ``5/600``: at most 5 requests in 600 seconds. Returns (5, 600)."""
    value = os.environ.get(name)
    text = default if value is None or value.strip() == "" else value.strip()
    count, sep, seconds = text.partition("/")
    try:
        if not sep:
            raise ValueError
        rate = int(count), int(seconds)
    except ValueError:
        rate = None
    if rate is None or rate[0] < 1 or rate[1] < 1:
        raise ImproperlyConfigured(
            f"The environment variable {name}={text!r} is not a rate such as 5/600 "
            "(5 requests in 600 seconds)."
        )
    return rate


def cache_from_url(url: str) -> dict:
    """Translate CACHE_URL into a CACHES entry.

    Supported: ``locmem://[name]``, ``dummy://``, ``file:///absolute/path``,
    ``redis://host:port/db`` (Django's built-in Redis backend, needs the redis package),
    ``db://table_name``.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ImproperlyConfigured(
            f"CACHE_URL={url!r} has no scheme such as locmem:// or redis://."
        )
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "file":
        if not rest.startswith("/"):
            raise ImproperlyConfigured(f"CACHE_URL={url!r}: file:// needs an absolute path.")
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        if not rest:
            raise ImproperlyConfigured(f"CACHE_URL={url!r}: db:// needs a table name.")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r} has an unsupported scheme {scheme!r}; "
        "use locmem, dummy, file, redis or db."
    )
