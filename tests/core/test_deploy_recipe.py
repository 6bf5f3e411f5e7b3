"""The recipe for several app servers (docs/deploy/, README "Several app servers") is one the
code accepts: its environment gives the settings it promises, gunicorn takes its configuration,
and every command its Procfile runs exists. tests/public/test_page_cache_workers.py runs two
gunicorn servers on one database, as the recipe does, and checks an edit is seen by both."""

import json
import os
import re
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
    assert set(processes) == {"release", "web", "worker", "scheduler"}
    named = set(re.findall(r"manage\.py (\w+)", " ".join(processes.values())))
    daily = {"send_update_reminders", "sweep_uploads", "purge_feedback"}
    assert {"migrate", "collectstatic", *daily} <= named
    missing = named - set(settings_under_the_recipe()["commands"])
    assert not missing
    assert "gunicorn.conf.py" in processes["web"]
    # RQ's own job class cannot run django-tasks' jobs (README, "Documents worker").
    assert "--job-class django_tasks_rq.Job" in processes["worker"]


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
