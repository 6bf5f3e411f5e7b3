"""The test database of a mutation run (mutation/run.py copies this file to mutants/conftest.py).

mutmut runs the tests of each mutant in a process forked from its own, and each such run is a new
pytest session: pytest-django would migrate a new database for every mutant (half a minute of a
busy core each). Instead every session copies the SQLite file the driver migrated once
(CSPPLAN_MUTATION_DATABASE) into a folder of its own, so two mutants tested at once never share
a file, and each test still runs in a transaction that is rolled back.

Property tests run derandomized: the same examples every run, so a score is the same on every
machine and a survivor does not come and go with Hypothesis's luck.
"""

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile(
    "cspplan-mutation",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
)


def pytest_collectstart(collector):
    # After tests/conftest.py has loaded its own profile, before any test module is imported
    # (a test's @settings takes what it does not name from the profile loaded then).
    if isinstance(collector, pytest.Module):
        hypothesis_settings.load_profile("cspplan-mutation")


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    from django.db import connections

    template = Path(os.environ["CSPPLAN_MUTATION_DATABASE"])
    folder = Path(tempfile.mkdtemp(prefix="cspplan-mutant-db-"))
    own = folder / "db.sqlite3"
    shutil.copyfile(template, own)
    with closing(sqlite3.connect(own)) as database:
        database.execute("PRAGMA journal_mode=DELETE")
    with django_db_blocker.unblock():
        for connection in connections.all():
            connection.close()
        connections["default"].settings_dict["NAME"] = str(own)
    yield
    with django_db_blocker.unblock():
        connections["default"].close()
    shutil.rmtree(folder, ignore_errors=True)
