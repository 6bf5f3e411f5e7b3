"""The API keeps the promises of its own OpenAPI schema (schemathesis, against the WSGI app):
every operation, with inputs generated from the schema and inputs that break it, answers with
no server error, a status code the schema lists, and a body that matches the schema.

Bounded in time: a few examples per operation, no deadline (timings belong to `make bench`).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from cspplan.wsgi import application
from tests.public_plan_builder import build_public_plan

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_tests_connection():
    # schemathesis calls the WSGI app itself, which closes "old" database connections at the
    # end of each request: on PostgreSQL that is the test's own connection, inside its
    # transaction. Django's test client disconnects the same receiver for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published_plan(db):
    return build_public_plan(objectives=1, targets_per_objective=1)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_the_schema(case, published_plan):
    case.call_and_validate()
