"""objectives 0007: the year-to-date flag and the units "per month" / "per year" become one
field, ``Measure.figures_period``, and every measure keeps its meaning."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("objectives", "0006_objective_no_target_reason")]
AFTER = [("objectives", "0008_measure_figures_period_old_fields")]


@pytest.mark.django_db(transaction=True)
def test_each_measure_keeps_its_meaning():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # Objectives goes back, and with it the other apps' migrations that depend on its later
    # ones (plan columns, labels); the rest stay as they are now. The models are those of what
    # is applied.
    executor.loader.build_graph()
    applied = [
        node for node in executor.loader.applied_migrations if node in executor.loader.graph.nodes
    ]
    old = executor.loader.project_state(applied).apps
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
    objective = old.get_model("objectives", "Objective").objects.create(
        plan=plan, number=1, title="Invented"
    )
    target = old.get_model("objectives", "Target").objects.create(
        objective=objective, order=1, wording="Invented"
    )
    measure = old.get_model("objectives", "Measure")
    for order, (name, unit, year_to_date) in enumerate(
        [
            ("fires so far this year", "count", True),
            ("casualties per year so far", "per_year", True),
            ("disposals a month", "per_month", False),
            ("crimes in the year", "count", False),
            ("detection rate", "percent", False),
        ],
        start=1,
    ):
        measure.objects.create(
            target=target,
            order=order,
            name=name,
            unit=unit,
            direction="reduce",
            figures_year_to_date=year_to_date,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("objectives", "Measure")
    assert sorted(new.objects.values_list("name", "unit", "figures_period")) == [
        ("casualties per year so far", "count", "year_to_date"),
        ("crimes in the year", "count", "year"),
        ("detection rate", "percent", "year"),
        ("disposals a month", "count", "month"),
        ("fires so far this year", "count", "year_to_date"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
