"""The real documents queue, end to end, in processes of their own as in production.

A web server (gunicorn, two workers) and a documents worker over one SQLite file with the seed
plan: on Redis (``redis-server`` on a free port, ``manage.py rqworker documents``) and on the
database queue ``make run`` uses (``manage.py db_worker``). A resident asks for the delivery
plan's PDF over HTTP: the answer comes at once, 202 "being prepared"; more requests while it is
drawn make no second job; the worker draws it; the same address then serves the file, and a
304 to a browser that has it.

The other tests run the queue in the request (the immediate backend, cspplan/test_settings.py).
Without redis-server the Redis case is skipped, except in CI (CI=true), where it fails: `make
test` installs the package (the Makefile's ``browser`` target).
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

# Its programs run on a copy of the migrated SQLite file whatever the suite's database: on
# PostgreSQL the same test would run again on SQLite (.ci/run leaves it to the SQLite pass).
pytestmark = pytest.mark.sqlite_file

BASE_DIR = Path(settings.BASE_DIR)
PYTHON = sys.executable
PDF_PATH = "/plans/west-lancashire-2011-12/delivery-plan.pdf"
# A seed-plan PDF takes a few seconds; a busy two-core CI machine may take many times that.
RENDER_WAIT_SECONDS = 240


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(tmp: Path, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cspplan.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DOCUMENTS_ROOT": str(tmp / "documents"),
        "DJANGO_LOG_LEVEL": "INFO",
    }
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory, migrated_sqlite_file):
    """A SQLite file with every migration and the seed plan, copied by each test."""
    folder = tmp_path_factory.mktemp("seeded")
    shutil.copy(migrated_sqlite_file, folder / "db.sqlite3")
    subprocess.run(
        [PYTHON, "manage.py", "load_seed_plan"],
        cwd=BASE_DIR,
        env=_environment(folder),
        check=True,
        capture_output=True,
    )
    return folder / "db.sqlite3"


class Processes:
    """Started processes, stopped (and their logs shown on failure) at the end of the test."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started = []

    def start(self, name, command, env):
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed in stop_all)
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.started.append((name, process, log))
        return process

    def log(self, name) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop_all(self):
        for _name, process, log in reversed(self.started):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


@pytest.fixture
def processes(tmp_path):
    running = Processes(tmp_path)
    yield running
    running.stop_all()


def _get(url, headers=None):
    """(status, headers, body) of a GET, whatever the status; status 0: nobody listening."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except urllib.error.URLError:  # not listening yet
        return 0, {}, b""


def _wait_for(check, *, seconds, what, logs):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"Gave up waiting for {what}.\n{logs()}")


def _redis_server():
    path = shutil.which("redis-server")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing: CI must run the real Redis queue.")
        pytest.skip("redis-server is missing (Debian package 'redis-server').")
    return path


def _start_queue(queue, processes, tmp_path, *, staff_worker=True):
    """The queue's servers and workers, as `make run` and the Procfile start them: one for the
    residents' queue only, and (unless ``staff_worker`` is False) one for both queues, the
    residents' first; returns the environment the web server needs."""
    both = [settings.DOCUMENTS_PUBLIC_QUEUE, settings.DOCUMENTS_QUEUE]
    if queue == "redis":
        port = _free_port()
        processes.start(
            "redis",
            [_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(tmp_path)],
            os.environ,
        )
        url = f"redis://127.0.0.1:{port}/0"
        # The page cache's version is shared by every web worker through the same Redis.
        env = _environment(tmp_path, TASKS_QUEUE="redis", TASKS_REDIS_URL=url, CACHE_URL=url)
        redis_log = lambda: processes.log("redis")  # noqa: E731
        _wait_for(lambda: _ping(port), seconds=30, what="redis-server", logs=redis_log)
        # django-tasks' job class: RQ's own cannot call a task (docs/operators.md, "Documents
        # worker").
        # RQ takes from the queues in the order given: the residents' first.
        workers = {
            name: [PYTHON, "manage.py", "rqworker", *queues, "--job-class", "django_tasks_rq.Job"]
            for name, queues in (("worker", both), ("public-worker", both[:1]))
        }
    else:
        # Without Redis the two web workers share the version through a file cache.
        cache = f"file://{tmp_path / 'cache'}"
        env = _environment(tmp_path, TASKS_QUEUE="database", CACHE_URL=cache)
        # The database queue takes residents' jobs first by their priority (documents/store.py).
        workers = {
            name: [PYTHON, "manage.py", "db_worker", "--queue-name", ",".join(queues)]
            + ["--no-reload", "--no-startup-delay"]
            for name, queues in (("worker", both), ("public-worker", both[:1]))
        }
    for name, command in workers.items():
        if staff_worker or name == "public-worker":
            processes.start(name, command, env)
    return env


def _ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _jobs(queue, env, database):
    """How many render jobs the queue was given."""
    if queue == "redis":
        import redis

        connection = redis.Redis.from_url(env["TASKS_REDIS_URL"])
        return sum(
            connection.zcard(f"rq:{registry}:{queue_name}")
            for registry in ("finished", "failed", "wip")
            for queue_name in (settings.DOCUMENTS_QUEUE, settings.DOCUMENTS_PUBLIC_QUEUE)
        ) + sum(
            connection.llen(f"rq:queue:{queue_name}")
            for queue_name in (settings.DOCUMENTS_QUEUE, settings.DOCUMENTS_PUBLIC_QUEUE)
        )
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult").fetchone()[0]


@pytest.mark.parametrize("queue", ["redis", "database"])
def test_a_pdf_asked_for_over_http_is_drawn_by_the_worker_then_served(
    queue, seeded_database, processes, tmp_path
):
    database = tmp_path / "db.sqlite3"
    shutil.copy(seeded_database, database)
    env = _start_queue(queue, processes, tmp_path)
    port = _free_port()
    processes.start(
        "web",
        [PYTHON, "-m", "gunicorn", "cspplan.wsgi:application", "-b", f"127.0.0.1:{port}"]
        + ["-w", "2", "--timeout", "60"],
        env,
    )
    base = f"http://127.0.0.1:{port}"

    def logs():
        return "\n".join(f"--- {name}\n{processes.log(name)[-3000:]}" for name in ("web", "worker"))

    _wait_for(lambda: _get(base + "/")[0] == 200, seconds=90, what="the web server", logs=logs)

    # At once: "being prepared", nothing in any cache, a hint when to ask again.
    status, headers, body = _get(base + PDF_PATH)
    assert status == 202, logs()
    assert "is being prepared" in body.decode()
    assert headers["Retry-After"] == "5"
    assert "no-store" in headers["Cache-Control"]
    # Impatient residents, in both web workers: still one document and one job.
    for _ in range(6):
        assert _get(base + PDF_PATH)[0] in (200, 202)

    def served():  # the file, or the page of a failed render: anything but "being prepared"
        answer = _get(base + PDF_PATH)
        return answer if answer[0] != 202 else None

    status, headers, body = _wait_for(
        served, seconds=RENDER_WAIT_SECONDS, what="the worker to draw the PDF", logs=logs
    )
    assert status == 200, logs()
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == (
        'inline; filename="west-lancashire-2011-12-delivery-plan.pdf"'
    )
    assert body.startswith(b"%PDF")
    assert _get(base + PDF_PATH, {"If-None-Match": headers["ETag"]})[0] == 304

    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT kind, status, attempts, file FROM documents_document").fetchall()
    assert [row[:3] for row in rows] == [("delivery-plan-pdf", "ready", 1)]
    assert (tmp_path / "documents" / rows[0][3]).read_bytes() == body
    assert _jobs(queue, env, database) == 1
    assert "render_document" in processes.log("worker") + processes.log("public-worker")


# 25 board reports "as at" 25 days of the plan, queued by staff (issue 22, finding 3).
STAFF_FLOOD = (
    "import datetime; from cspplan.models import Plan; from documents import store;"
    "plan = Plan.objects.get(slug='west-lancashire-2011-12');"
    "[store.request(kind='board-report-pdf', plan=plan,"
    " as_at=plan.period_start + datetime.timedelta(days=n)) for n in range(25)]"
)


@pytest.mark.parametrize("queue", ["redis", "database"])
def test_a_residents_pdf_never_waits_behind_staff_documents(
    queue, seeded_database, processes, tmp_path
):
    """Staff documents fill their queue and no worker is free for them; the resident's PDF is
    drawn all the same, by the residents' own worker."""
    database = tmp_path / "db.sqlite3"
    shutil.copy(seeded_database, database)
    env = _start_queue(queue, processes, tmp_path, staff_worker=False)
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", STAFF_FLOOD],
        cwd=BASE_DIR, env=env, check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    processes.start(
        "web",
        [PYTHON, "-m", "gunicorn", "cspplan.wsgi:application", "-b", f"127.0.0.1:{port}"]
        + ["-w", "2", "--timeout", "60"],
        env,
    )
    base = f"http://127.0.0.1:{port}"

    def logs():
        names = ("web", "public-worker")
        return "\n".join(f"--- {name}\n{processes.log(name)[-3000:]}" for name in names)

    _wait_for(lambda: _get(base + "/")[0] == 200, seconds=90, what="the web server", logs=logs)

    def served():
        answer = _get(base + PDF_PATH)
        return answer if answer[0] != 202 else None

    status, _headers, body = _wait_for(
        served, seconds=RENDER_WAIT_SECONDS, what="the residents' worker", logs=logs
    )
    assert status == 200 and body.startswith(b"%PDF"), logs()
    with sqlite3.connect(database) as db:
        waiting = db.execute(
            "SELECT COUNT(*) FROM documents_document WHERE kind = 'board-report-pdf'"
            " AND status = 'queued'"
        ).fetchone()[0]
    assert waiting == 25  # still queued: the resident went first, not after them
