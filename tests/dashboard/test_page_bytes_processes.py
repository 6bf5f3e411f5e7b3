"""One page, one set of bytes, in every worker: the same public page rendered by two separate
processes is byte for byte the same and carries the same ETag, so a conditional request
answered by the other worker still gets its 304 (issue 22, finding 5: pygal's charts carried a
random ``chart-<uuid4>`` id, different in each process)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Its programs run on a copy of the migrated SQLite file whatever the suite's database: on
# PostgreSQL the same test would run again on SQLite (.ci/run leaves it to the SQLite pass).
pytestmark = pytest.mark.sqlite_file

ROOT = Path(settings.BASE_DIR)
# Objective 6 carries the demonstration figures, so its page draws a chart per measure.
PAGE = "/plans/west-lancashire-2011-12/objectives/6/"
RENDER = (
    "import hashlib, json; from django.test import Client;"
    f"r = Client().get({PAGE!r});"
    "print(json.dumps({'status': r.status_code, 'etag': r.get('ETag'),"
    " 'sha': hashlib.sha256(r.content).hexdigest(), 'charts': r.content.count(b'svg+xml')}))"
)


@pytest.fixture
def environment(tmp_path, migrated_sqlite_file):
    shutil.copy(migrated_sqlite_file, tmp_path / "shared.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cspplan.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "CSPPLAN_DEFAULT_PARTNERSHIP": "west-lancashire-csp",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [*manage, "loaddata", "west_lancashire_2011_12", "demo_progress"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return env


def _render_in_a_new_process(env):
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", RENDER],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_page_with_charts_renders_the_same_bytes_and_etag_in_two_processes(environment):
    first = _render_in_a_new_process(environment)
    second = _render_in_a_new_process(environment)
    assert first["status"] == 200 and first["charts"] > 0
    assert first["etag"] and first["etag"] == second["etag"]
    assert first["sha"] == second["sha"]
