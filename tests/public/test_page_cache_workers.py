"""Two real gunicorn servers, each with its own local-memory cache, on one database and one
version stamp: an edit made in another process is seen by the very next request to either.

This is what a per-process version (a counter in local memory) gets wrong: the server that did
not see the edit's signal would go on answering its kept copy (cspplan/pagecache.py)."""

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

# Its programs run on a copy of the migrated SQLite file whatever the suite's database: on
# PostgreSQL the same test would run again on SQLite (.ci/run leaves it to the SQLite pass).
pytestmark = pytest.mark.sqlite_file

ROOT = Path(settings.BASE_DIR)
PLAN = "west-lancashire-2011-12"
PAGE = f"/plans/{PLAN}/objectives/6/"
EDIT = (
    "from objectives.models import Objective;"
    f"o = Objective.objects.get(plan__slug='{PLAN}', number=6);"
    "o.title = 'Title EDITED in another process'; o.save()"
)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.headers, response.read().decode()


def _wait_until_serving(port, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn on {port} stopped: {process.stderr.read()}")
        try:
            _get(port, "/plans/")
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn on {port} never answered")


@pytest.fixture
def redis_server():
    """A throwaway Redis, as the recipe for several machines uses (skipped where none)."""
    if shutil.which("redis-server") is None or importlib.util.find_spec("redis") is None:
        pytest.skip("redis-server or the redis package is not installed")
    port = _free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    yield f"redis://127.0.0.1:{port}/1"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(params=["file stamp, cache in each server", "Redis for cache and stamp"])
def shared(request, tmp_path):
    if request.param.startswith("Redis"):
        return {"CACHE_URL": request.getfixturevalue("redis_server"),
                "CSPPLAN_PAGE_CACHE_STAMP": "cache"}  # fmt: skip
    return {"CACHE_URL": "locmem://each-server-its-own",
            "CSPPLAN_PAGE_CACHE_STAMP": f"file:{tmp_path / 'public-pages.stamp'}"}  # fmt: skip


@pytest.fixture
def environment(tmp_path, shared, migrated_sqlite_file):
    shutil.copy(migrated_sqlite_file, tmp_path / "shared.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cspplan.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "CSPPLAN_DEFAULT_PARTNERSHIP": "west-lancashire-csp",
        **shared,
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [*manage, "loaddata", "west_lancashire_2011_12"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return env


@pytest.fixture
def two_servers(environment):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    ports, processes = [_free_port(), _free_port()], []
    try:
        for port in ports:
            process = subprocess.Popen(
                [gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{port}", "cspplan.wsgi"],
                env=environment,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            processes.append(process)
        for port, process in zip(ports, processes, strict=True):
            _wait_until_serving(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def test_an_edit_elsewhere_is_seen_by_the_next_request_to_either_server(environment, two_servers):
    first, second = two_servers
    for port in (first, second):
        _get(port, PAGE)  # rendered and kept, in each server's own memory
        headers, page = _get(port, PAGE)
        assert "EDITED" not in page and headers["Content-Security-Policy"]

    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", EDIT],
        env=environment,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    for port in (second, first):
        assert "Title EDITED in another process" in _get(port, PAGE)[1]
