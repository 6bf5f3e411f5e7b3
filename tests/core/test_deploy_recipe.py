"""The recipe for several app servers (docs/deploy/, docs/operators.md "Several app servers") is
one the code accepts: its environment gives the settings it promises, gunicorn takes its
configuration, and every command its Procfile runs exists. tests/public/test_page_cache_workers.py
runs two gunicorn servers on one database, as the recipe does, and checks an edit is seen by
both."""

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "docs" / "deploy"

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import get_commands
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "stamp": settings.PAGE_CACHE_STAMP,
    "proxy": settings.SECURE_PROXY_SSL_HEADER,
    "commands": sorted(get_commands()),
}))
"""


def recipe_environment():
    values = {}
    for line in (DEPLOY / "cspplan.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def settings_under_the_recipe():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "cspplan.settings",
        **recipe_environment(),
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_recipe_gives_postgresql_a_shared_cache_and_a_shared_stamp():
    shown = settings_under_the_recipe()
    assert shown["debug"] is False
    assert shown["engine"] == "django.db.backends.postgresql" and shown["conn_max_age"] == 60
    assert shown["cache"].endswith("RedisCache") and shown["stamp"] == "cache"
    assert shown["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_every_command_the_procfile_runs_exists():
    processes = dict(
        line.split(": ", 1)
        for line in (DEPLOY / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(processes) == {"release", "web", "worker", "public_worker", "scheduler", "notices"}
    named = set(re.findall(r"manage\.py (\w+)", " ".join(processes.values())))
    daily = {"send_update_reminders", "sweep_uploads", "purge_feedback", "purge_followers"}
    assert {"migrate", "collectstatic", "send_notices", *daily} <= named
    missing = named - set(settings_under_the_recipe()["commands"])
    assert not missing
    assert "gunicorn.conf.py" in processes["web"]
    # RQ's own job class cannot run django-tasks' jobs (docs/operators.md, "Documents worker").
    assert "--job-class django_tasks_rq.Job" in processes["worker"]
    # Residents' documents have a worker of their own, and go first on the other (issue 22).
    assert processes["public_worker"].split()[3:5] == ["documents-public", "--job-class"]
    assert processes["worker"].split()[3:6] == ["documents-public", "documents", "mail"]


def test_gunicorn_accepts_the_configuration():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "--config", str(DEPLOY / "gunicorn.conf.py"),
         "cspplan.wsgi"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cspplan.test_settings",
             "GUNICORN_WORKERS": "3"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout


def gunicorn_settings(**environment):
    """The recipe's gunicorn settings as gunicorn reads them, under ``environment``."""
    from gunicorn.config import Config

    previous = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        config = Config()
        for name, value in runpy.run_path(str(DEPLOY / "gunicorn.conf.py")).items():
            if name in config.settings:
                config.set(name, value)
        return config
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_gunicorn_trusts_forwarded_headers_only_when_the_setting_says_a_proxy_is_there():
    # Issue 22, finding 6: with DJANGO_BEHIND_PROXY off, a client on 127.0.0.1 could send
    # X-Forwarded-Proto: https and have the site build (and cache) https:// links.
    assert gunicorn_settings(DJANGO_BEHIND_PROXY="false").forwarded_allow_ips == []
    assert gunicorn_settings(DJANGO_BEHIND_PROXY="").forwarded_allow_ips == []
    behind = gunicorn_settings(DJANGO_BEHIND_PROXY="true", GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.7")
    assert behind.forwarded_allow_ips == ["10.0.0.7"]
    assert gunicorn_settings(DJANGO_BEHIND_PROXY="true").forwarded_allow_ips == ["127.0.0.1"]


def test_django_trusts_forwarded_headers_only_when_the_setting_says_a_proxy_is_there():
    environment = {**recipe_environment(), "DJANGO_BEHIND_PROXY": "false"}
    show = (
        "import json, django; django.setup(); from django.conf import settings;"
        "from django.test import RequestFactory; from cspplan import ratelimit;"
        "r = RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https',"
        " HTTP_X_FORWARDED_FOR='203.0.113.5', REMOTE_ADDR='127.0.0.1',"
        " HTTP_HOST='plans.example.org');"
        "print(json.dumps([r.is_secure(), r.build_absolute_uri('/'),"
        " ratelimit.client_address(r), settings.USE_X_FORWARDED_HOST]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", show],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
             "DJANGO_SETTINGS_MODULE": "cspplan.settings", **environment},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    secure, address, client, forwarded_host = json.loads(result.stdout.strip().splitlines()[-1])
    assert not secure and address.startswith("http://") and client == "127.0.0.1"
    assert forwarded_host is False
