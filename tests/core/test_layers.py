"""The code's shape: one-way layers (pyproject.toml's import-linter contract), modules small
enough to read, and a database made before the apps were split migrating forward untouched."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "cspplan",
    "priorities",
    "objectives",
    "actions",
    "consultation",
    "reviews",
    "strategies",
    "pcc",
]
APPS += ["progress", "public", "dashboard", "importer", "demonstration", "plan_archive", "api"]
APPS += ["outbox", "notices"]

# The last migration of each app in the release before the apps were split into layers (main
# at 93a2c4a): a database made by it must migrate forward with its tables and history intact.
MIGRATED_BEFORE_THE_SPLIT = [
    ("cspplan", "0003_roles"),
    ("priorities", "0001_initial"),
    ("objectives", "0004_measurement_decision_note"),
    ("actions", "0003_actionupdate_decision_note"),
    ("consultation", "0002_feedback_history_without_personal_data"),
]


def test_every_app_imports_only_the_apps_below_it():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a dev dependency (pyproject.toml)"
    result = subprocess.run(
        [lint_imports, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("app", APPS)
def test_no_module_is_over_600_lines(app):
    too_long = {
        str(path.relative_to(ROOT)): length
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}


def test_no_test_module_is_over_600_lines():
    too_long = {
        str(path.relative_to(ROOT)): length
        for path in (ROOT / "tests").rglob("*.py")
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}


@pytest.mark.django_db(transaction=True)
def test_a_database_made_before_the_split_migrates_forward_with_its_rows():
    executor = MigrationExecutor(connection)
    known = set(executor.loader.graph.nodes)
    assert set(MIGRATED_BEFORE_THE_SPLIT) <= known, "a migration of the old release was lost"

    executor.migrate(MIGRATED_BEFORE_THE_SPLIT)
    old = executor.loader.project_state(MIGRATED_BEFORE_THE_SPLIT).apps
    partnership = old.get_model("cspplan", "Partnership").objects.create(
        name="Invented Partnership", slug="invented"
    )
    plan = old.get_model("cspplan", "Plan").objects.create(
        partnership=partnership,
        title="Invented plan",
        slug="invented-plan",
        period_start="2030-04-01",
        period_end="2031-03-31",
        target_date="2031-03-31",
    )
    old.get_model("objectives", "Objective").objects.create(plan=plan, number=1, title="Invented")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from cspplan.models import Plan
    from objectives.models import Objective

    migrated = Plan.objects.get(slug="invented-plan")
    assert migrated.partnership.name == "Invented Partnership"
    assert Objective.objects.get(plan=migrated).title == "Invented"
    # Every app's tables are where its models look for them.
    tables = set(connection.introspection.table_names())
    for label in APPS[:5]:
        from django.apps import apps

        for model in apps.get_app_config(label).get_models():
            assert model._meta.db_table in tables, model


def test_the_importer_holds_importing_and_each_command_lives_with_its_rule():
    """Issue 23: demonstration data, the plan archive and the rollover form are not importing;
    each lives in its own app under the same command name and address as before."""
    from django.core.management import get_commands
    from django.urls import resolve

    commands = get_commands()
    assert {name: commands[name] for name in WHERE_COMMANDS_LIVE} == WHERE_COMMANDS_LIVE
    rollover = resolve("/admin/cspplan/plan/rollover/1/")
    assert rollover.view_name == "rollover:form"
    assert rollover.func.__module__ == "dashboard.rollover_views"  # admin_view keeps it
    importer = {path.stem for path in (ROOT / "importer").glob("*.py")}
    assert importer.isdisjoint({"scale_data", "demo_engagement", "archive", "rollover_views"})


WHERE_COMMANDS_LIVE = {
    "import_plan": "importer",
    "import_police_uk": "importer",
    "load_seed_plan": "demonstration",
    "generate_scale_data": "demonstration",
    "export_plan_archive": "plan_archive",
    "import_plan_archive": "plan_archive",
    "rollover_plan": "progress",
    "send_notices": "notices",
    "purge_followers": "notices",
}
