"""/healthz and /readyz: what a load balancer or a monitor reads, and nothing more."""

import pytest
from django.core.cache import cache
from django.db import connections

from cspplan import health

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    # Never cached by a proxy: a probe must see the state now.
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_healthz_names_the_database_when_it_fails_and_says_nothing_else(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("could not connect to host db.internal port 5432 password=hunter2")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "failed", "cache": "ok"},
    }
    assert "hunter2" not in response.text and "db.internal" not in response.text


def test_healthz_names_the_cache_when_it_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("redis at cache.internal refused")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed"}
    assert "cache.internal" not in response.text


def test_a_cache_that_answers_with_something_else_fails(client, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: "stale")
    assert client.get("/healthz").json()["checks"]["cache"] == "failed"


def test_healthz_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        client.get("/healthz")


def test_readyz_is_ok_on_a_migrated_database_with_no_maintenance_file(client, settings, tmp_path):
    settings.CSPPLAN_MAINTENANCE_FILE = str(tmp_path / "MAINTENANCE")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "maintenance": "ok",
        "migrations": "ok",
    }


def test_readyz_refuses_traffic_while_the_maintenance_file_exists(client, settings, tmp_path):
    flag = tmp_path / "MAINTENANCE"
    settings.CSPPLAN_MAINTENANCE_FILE = str(flag)
    flag.touch()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["maintenance"] == "failed"
    # /healthz is about being alive: a draining instance is still healthy.
    assert client.get("/healthz").status_code == 200
    flag.unlink()
    assert client.get("/readyz").status_code == 200


def test_readyz_refuses_traffic_while_a_migration_is_unapplied(client, settings, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)

    class Behind:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets):
            return [("actions.9999_from_the_next_release", False)]

    monkeypatch.setattr(health, "MigrationExecutor", Behind)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failed"


def test_readyz_reads_the_migrations_from_disk_once_they_are_all_applied(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(health, "_migrations_applied", False)
    client.get("/readyz")
    assert health._migrations_applied
    with django_assert_num_queries(1):  # SELECT 1; the migrations are not read again
        assert client.get("/readyz").status_code == 200
