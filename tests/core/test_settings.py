"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cspplan.env import cache_from_url, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def test_booleans_accept_the_usual_words(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", False)


def test_a_bad_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "csp.example.org, www.csp.example.org,")
    assert env_list("DJANGO_ALLOWED_HOSTS", []) == ["csp.example.org", "www.csp.example.org"]


def test_cache_urls_are_understood_or_refused():
    assert cache_from_url("locmem://x")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("redis://127.0.0.1:6379/1")["LOCATION"] == "redis://127.0.0.1:6379/1"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcache://nowhere")


def _manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = "cspplan.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SECRET_KEY": "a-long-and-random-production-secret-" + "k3y" * 10,
            "DJANGO_ALLOWED_HOSTS": "csp.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env={"DJANGO_ALLOWED_HOSTS": "csp.example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        env={"DJANGO_SECRET_KEY": "s" * 60, "DJANGO_ALLOWED_HOSTS": "x"},
    )
    assert result.stdout.strip().splitlines()[-1] == "False True", result.stderr


def test_plain_http_serving_can_switch_https_hardening_off():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, "
        "settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)",
        env={"DJANGO_SECRET_KEY": "s" * 60, "DJANGO_SECURE_HTTPS": "false"},
    )
    assert result.stdout.strip().splitlines()[-1] == "False False 0", result.stderr


def test_a_bad_documents_queue_names_the_variable():
    result = _manage("check", env={"DJANGO_DEBUG": "true", "TASKS_QUEUE": "celery"})
    assert result.returncode != 0
    assert "TASKS_QUEUE='celery'" in result.stderr


@pytest.mark.parametrize("queue", ["database", "redis"])
def test_each_documents_queue_passes_the_system_checks(queue, tmp_path):
    """The Redis queue's checks: django-rq installed (its rqworker) and the documents queue
    configured for it; no Redis is reached by a check."""
    result = _manage(
        "check",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_DEBUG": "true",
            "TASKS_QUEUE": queue,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_sign_in_cap_per_account_comes_from_the_environment():
    shown = "from django.conf import settings; print(settings.CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT)"
    environment = {"DJANGO_SECRET_KEY": "s" * 60, "CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT": "12"}
    result = _manage("shell", "-c", shown, env=environment)
    assert result.stdout.strip().splitlines()[-1] == "12", result.stderr
    refused = _manage("check", env={**environment, "CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT": "0"})
    assert refused.returncode != 0
    assert "CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT" in refused.stderr
