"""CI's SQLite pass leaves its migrated file for the PostgreSQL pass (``CSPPLAN_MIGRATED_SQLITE``,
tests/conftest.py), whose tests that run gunicorn or the documents worker on SQLite would
otherwise each migrate one: a file is only handed out to a run with the same migrations."""

import sqlite3
from contextlib import closing

from tests import conftest


def _a_database(path, table):
    with closing(sqlite3.connect(path)) as database:
        database.execute(f"CREATE TABLE {table} (id INTEGER)")
        database.commit()
    return path


def _tables(path):
    with closing(sqlite3.connect(path)) as database:
        return {row[0] for row in database.execute("SELECT name FROM sqlite_master")}


def test_without_a_path_named_nothing_is_shared(tmp_path, monkeypatch):
    monkeypatch.delenv("CSPPLAN_MIGRATED_SQLITE", raising=False)
    conftest._share_migrated_file(_a_database(tmp_path / "made.sqlite3", "made"))
    assert conftest._shared_migrated_file() is None
    assert [path.name for path in tmp_path.iterdir()] == ["made.sqlite3"]


def test_the_first_file_made_is_shared_and_handed_out(tmp_path, monkeypatch):
    shared = tmp_path / "shared" / "migrated.sqlite3"
    monkeypatch.setenv("CSPPLAN_MIGRATED_SQLITE", str(shared))
    assert conftest._shared_migrated_file() is None

    conftest._share_migrated_file(_a_database(tmp_path / "first.sqlite3", "first"))
    conftest._share_migrated_file(_a_database(tmp_path / "second.sqlite3", "second"))

    assert conftest._shared_migrated_file() == shared
    assert "first" in _tables(shared)  # the second worker found it there already
    assert sorted(path.name for path in shared.parent.iterdir()) == [
        "migrated.sqlite3",
        "migrated.sqlite3.migrations",
    ]


def test_a_file_made_from_other_migrations_is_neither_used_nor_kept(tmp_path, monkeypatch):
    shared = tmp_path / "migrated.sqlite3"
    monkeypatch.setenv("CSPPLAN_MIGRATED_SQLITE", str(shared))
    _a_database(shared, "older")
    (tmp_path / "migrated.sqlite3.migrations").write_text("the migrations of another commit")
    assert conftest._shared_migrated_file() is None

    conftest._share_migrated_file(_a_database(tmp_path / "made.sqlite3", "made"))
    assert conftest._shared_migrated_file() == shared
    assert "made" in _tables(shared) and "older" not in _tables(shared)


def test_the_fingerprint_changes_with_any_migration(monkeypatch, tmp_path):
    before = conftest._migrations_fingerprint()
    migrations = tmp_path / "invented" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "0001_initial.py").write_text("operations = []\n")
    monkeypatch.setattr(conftest, "ROOT", tmp_path)
    assert conftest._migrations_fingerprint() != before
