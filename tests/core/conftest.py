"""The seed plan, loaded once per module, and the document it was transcribed from."""

import pytest
from django.core.management import call_command
from django.db import transaction

from cspplan.models import Plan
from tests.core.seed_reading import PLAN_SLUG, _read_seed


@pytest.fixture(scope="module")
def document():
    return _read_seed()


@pytest.fixture(scope="module")
def seeded_database(django_db_setup, django_db_blocker):
    """Load the seed once for the module, inside a transaction rolled back at its end: these
    tests only read, and loading 300 records per test would make the module slow."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def plan(seeded_database, db):
    return Plan.objects.get(slug=PLAN_SLUG)
