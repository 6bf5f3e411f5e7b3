"""Shared fixtures: real Chromium through Playwright against live_server, and an axe check;
LibreOffice for the downloads.

Browser tests are marked ``browser``, office-file tests ``office``. Without Chromium (or
LibreOffice and Poppler) they are skipped locally, but with CI=true a missing tool fails the run:
CI must never pass by skipping them.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# pytest rewrites the asserts of every test module and keeps the result as bytecode beside it,
# unless PYTHONDONTWRITEBYTECODE is set, as on this machine: then every worker of every run
# rewrote them all again, about 5 s of CPU each (docs/tests.md, "Where the suite's time goes").
# Kept, like the project's own bytecode (`make bytecode`); programs the tests start are unchanged.
sys.dont_write_bytecode = False

# Property tests check what code does, never how fast: Hypothesis's per-example deadline (200 ms)
# and its "too slow" health check are timing assertions, and on a busy two-core CI machine they
# fail correct code. Speed goals live in `make bench`.
hypothesis_settings.register_profile(
    "cspplan", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("cspplan")

# Playwright's sync API keeps an event loop running in the test thread, and Django refuses ORM
# calls from a thread with a running loop unless told that this is safe, as it is in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """The Welsh catalogue compiled, as `make test` does, when the suite is run by pytest alone
    and the .mo is missing or older than its .po (docs/welsh.md). Once, in the controlling
    process, before any pytest-xdist worker starts reading it."""
    if hasattr(config, "workerinput"):
        return
    root = Path(__file__).resolve().parents[1]
    for catalogue in root.glob("locale/*/LC_MESSAGES/django.po"):
        compiled = catalogue.with_suffix(".mo")
        if compiled.exists() and compiled.stat().st_mtime >= catalogue.stat().st_mtime:
            continue
        if shutil.which("msgfmt") is None:
            raise pytest.UsageError(
                f"{catalogue.relative_to(root)} is not compiled and GNU gettext's msgfmt is "
                "missing: run `make test`, or install the 'gettext' package."
            )
        subprocess.run(["msgfmt", "--check-format", "-o", compiled, catalogue], check=True)


def pytest_collection_modifyitems(items):
    """The tests marked ``long`` first (a file of minutes, or one test of a minute or more), each
    still in its own order: pytest-xdist hands the tests to its workers in the order collected,
    and one of minutes handed out last would keep one worker busy long after the others ran out
    of work. Never a test that empties the database (``transaction=True``): pytest-django runs
    those last, since the rows the migrations made (the roles' groups) are gone after one."""
    for item in items:
        database = item.get_closest_marker("django_db")
        if item.get_closest_marker("long") and database and database.kwargs.get("transaction"):
            raise pytest.UsageError(
                f"{item.nodeid} is marked long and empties the database: it must run last."
            )
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(autouse=True)
def _a_new_public_version_for_each_test():
    """Each test's database is rolled back, which no signal reports: without a new version the
    page cache's front door (cspplan/pagecache.py) could answer a page kept by an earlier test.
    In production nothing committed is ever undone, so this is for tests only."""
    from cspplan.pagecache import bump_stamp

    bump_stamp()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database, and on SQLite a copy of it on disk as it is straight after
    its migrations, before any test wrote to it: ``migrated_sqlite_file`` hands that copy out
    rather than migrating another file (about 30 s of CPU per worker)."""
    from django.db import connection

    # In memory only once set up: pytest-django sets up a test database only when a test collected
    # asks for one, and otherwise the connection names the developer's own file.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
        with django_db_blocker.unblock(), closing(sqlite3.connect(path)) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        _MIGRATED_TEST_DATABASE.append(path)
        _share_migrated_file(path)
    yield


# The file django_db_setup copied the worker's migrated test database into, when it is SQLite.
_MIGRATED_TEST_DATABASE = []
ROOT = Path(__file__).resolve().parents[1]


def _migrations_fingerprint():
    """A digest of every migration of the project and Django's version: a migrated file left by
    an earlier run is only used by a run whose migrations are these."""
    import django

    digest = hashlib.sha256(django.__version__.encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _share_migrated_file(path):
    """CI's PostgreSQL pass runs gunicorn and the documents worker on SQLite files too, and
    migrating one costs each of its workers 30 s of CPU: the SQLite pass before it leaves its
    migrated file at ``CSPPLAN_MIGRATED_SQLITE`` (with its migrations' fingerprint beside it),
    for ``migrated_sqlite_file`` to hand out. The first worker to get here writes it."""
    shared = os.environ.get("CSPPLAN_MIGRATED_SQLITE")
    if not shared:
        return
    shared = Path(shared)
    shared.parent.mkdir(parents=True, exist_ok=True)
    fingerprint = shared.with_name(shared.name + ".migrations")
    if fingerprint.exists() and fingerprint.read_text() == _migrations_fingerprint():
        return
    # Written beside it and renamed: a worker reading it never sees half a file.
    partial = shared.with_name(f"{shared.name}.{os.getpid()}")
    shutil.copyfile(path, partial)
    os.replace(partial, shared)
    partial_fingerprint = shared.with_name(f"{shared.name}.{os.getpid()}.migrations")
    partial_fingerprint.write_text(_migrations_fingerprint())
    os.replace(partial_fingerprint, fingerprint)


def _shared_migrated_file():
    """The file ``_share_migrated_file`` left, if made from these migrations, else None."""
    shared = os.environ.get("CSPPLAN_MIGRATED_SQLITE")
    if not shared:
        return None
    shared = Path(shared)
    fingerprint = shared.with_name(shared.name + ".migrations")
    if not (shared.exists() and fingerprint.exists()):
        return None
    if fingerprint.read_text() != _migrations_fingerprint():
        return None
    return shared


@pytest.fixture(scope="session")
def migrated_sqlite_file(request, tmp_path_factory):
    """A SQLite file with every migration applied, made once per test process (each pytest-xdist
    worker has its own) for the tests that run the app in processes of their own (gunicorn, a
    documents worker, ``manage.py shell``): each copies it into its own folder and loads what it
    needs, rather than migrating a new file, which takes most of such a test's time.

    On SQLite it is the copy of the worker's own test database that django_db_setup made (the
    same migrations, applied once); on PostgreSQL, the one an earlier SQLite run left at
    ``CSPPLAN_MIGRATED_SQLITE`` (``.ci/run`` names one for both passes) when made from these
    same migrations, else a file migrated by ``manage.py migrate``."""
    request.getfixturevalue("django_db_setup")
    if _MIGRATED_TEST_DATABASE:
        return _MIGRATED_TEST_DATABASE[0]
    shared = _shared_migrated_file()
    if shared is not None:
        return shared
    path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cspplan.test_settings",
            "DATABASE_URL": f"sqlite:///{path}",
        },
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    # The app opens SQLite in write-ahead mode: fold the log into the file, so that a copy of the
    # file alone is the whole database.
    with closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA journal_mode=DELETE")
    return path


CHROMIUM = os.environ.get("CSPPLAN_CHROMIUM", "/usr/bin/chromium")
# Flags for a headless Chromium on a machine with no network but loopback: without the
# background-networking ones Chromium keeps trying to reach Google and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_path():
    """CSPPLAN_CHROMIUM (or /usr/bin/chromium) when it exists, else chromium on the PATH."""
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required in CI but was not found at {CHROMIUM}.")
        pytest.skip("Chromium is not installed (Debian package 'chromium').")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def office():
    """LibreOffice and Poppler for the ``office`` tests: skipped without them, failed in CI."""
    from tests.office import missing_tools

    missing = missing_tools()
    if missing:
        message = (
            f"{', '.join(missing)} not found (Debian packages 'libreoffice-calc', "
            "'libreoffice-writer' and 'poppler-utils'; `make test` installs them)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"The office-file tests are required in CI: {message}")
        pytest.skip(message)


def watch_content_security_policy(tab):
    """The messages of everything the Content-Security-Policy blocks on this tab, as it happens."""
    blocked = []
    tab.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    # Anything the policy blocked (an inline script, an outside resource) is a bug in our pages,
    # whatever the test was looking at: fail the test that met it.
    blocked = watch_content_security_policy(tab)
    yield tab
    context.close()
    if blocked:
        pytest.fail("The Content-Security-Policy blocked:\n" + "\n".join(blocked))


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core (WCAG 2.x A/AA and best-practice rules) on the page; fail on any violation."""

    def check(page, *, context=None):
        results = axe.run(
            page,
            context=context,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": [
                        "wcag2a",
                        "wcag2aa",
                        "wcag21a",
                        "wcag21aa",
                        "wcag22aa",
                        "best-practice",
                    ],
                }
            },
        )
        violations = results.response.get("violations", [])
        if violations:
            lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
            for violation in violations:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                lines.extend(f"    at {target}" for target in targets)
            pytest.fail("\n".join(lines))
        return results

    return check
