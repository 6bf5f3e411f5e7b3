"""Issue 24: the importer writes a plan in bulk (``importer/new_records.py``,
``cspplan.history.create_in_bulk``). It must write what the row-by-row saves wrote: the same
records, relations, plan columns, milestones, sections and history rows (compared with the
previous write path, kept in tests/importer/row_by_row.py), with the same checks, and in a
number of statements that does not grow with the plan."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from simple_history.middleware import _context_manager as simple_history_request

from actions.models import Action, Milestone
from importer.errors import PlanImportError
from importer.services import read_draft, write_plan
from objectives.models import Measure, Objective, Target
from tests import factories
from tests.importer.row_by_row import import_twice
from tests.importer_helpers import csv_bytes

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Objective",
    "Target & Base Line",
    "March 2013",
    "Owner",
    "Actions",
    "Lead Officer",
    "Funding",
    "Milestones",
    "Resource Requirement",
]


def rows(actions_per_target=2, targets=2):
    """Invented rows: a section title, two objectives, measures in the target words, owners
    through an alias and by name, several to a cell, milestones and a kept money column."""
    found = [["Prevention", "", "", "", "", "", "", "", ""]]
    for objective in (1, 2):
        for target in range(1, targets + 1):
            for action in range(1, actions_per_target + 1):
                first = action == 1
                found.append(
                    [
                        f"Objective {objective}: Fewer invented harms {objective}"
                        if first and target == 1
                        else "",
                        f"Reduce invented thefts {target} by 5%. Baseline: 120 (2011)"
                        if first
                        else "",
                        "A 5% reduction" if first else "",
                        "Anyshire Constab" if action % 2 else "Anyshire Council / Anyshire Fire",
                        f"Invented action {objective}.{target}.{action}",
                        "Sgt Jo Sample" if action % 2 else "Alex Example / Jo Sample",
                        "Existing budgets",
                        "Invented leaflets printed (due 31 May 2012; done 20 May 2012): a note"
                        if action == 1
                        else "",
                        f"£{action},000",
                    ]
                )
    return found


@pytest.fixture
def named():
    """The agencies, officers and fund the rows name; the police through an alias."""
    police = factories.OrganisationFactory(name="Anyshire Constabulary", slug="anyshire-police")
    factories.OrganisationAliasFactory(organisation=police, name="Anyshire Constab")
    council = factories.OrganisationFactory(name="Anyshire Council", slug="anyshire-council")
    fire = factories.OrganisationFactory(name="Anyshire Fire", slug="anyshire-fire")
    factories.OfficerFactory(name="Jo Sample", title="Sgt", slug="jo-sample", organisation=police)
    factories.OfficerFactory(name="Alex Example", slug="alex-example", organisation=council)
    factories.FundingSourceFactory(name="Existing budgets", slug="existing-budgets")
    return {"police": police, "council": council, "fire": fire}


def import_file(data, partnership, *, by=None):
    return write_plan(
        draft=read_draft("plan.csv", data, keep_all=True),
        partnership=partnership,
        title="Invented plan 2012 to 2013",
        start=datetime.date(2012, 4, 1),
        end=datetime.date(2013, 3, 31),
        by=by,
    )


@contextmanager
def signed_in_request(user):
    """As the admin's import view runs: simple_history names the request's user."""
    if user is None:
        yield
        return
    request = RequestFactory().post("/admin/importer/")
    request.user = user
    with simple_history_request(request):
        yield


@pytest.mark.parametrize("signed_in", [True, False], ids=["admin", "import_plan command"])
def test_a_bulk_import_writes_what_the_row_by_row_import_wrote(named, signed_in):
    partnership = factories.PartnershipFactory()
    by = factories.UserFactory(username="invented-importer") if signed_in else None
    data = csv_bytes(HEADINGS, rows())

    with signed_in_request(by):
        bulk, one_by_one = import_twice(lambda: import_file(data, partnership, by=by))

    assert bulk == one_by_one
    # The comparison covers every kind of record the file makes.
    kinds = {key[0] for key in bulk}
    assert {"Objective", "Target", "Measure", "Action", "Milestone", "PlanColumn"} <= kinds
    assert {"ActionColumnValue", "PriorityTheme", "Priority"} <= kinds
    action = bulk[("Action", 0)]
    assert action["relations"]["owners"] == [named["police"].pk]
    (created,) = action["history"]
    assert created["history_type"] == "+"
    assert created["history_user"] == (by.pk if by else None)
    assert created["owners as recorded"] == [named["police"].pk]
    assert len(created["lead_officers as recorded"]) == 1
    shared = bulk[("Action", 1)]["history"][0]["owners as recorded"]
    assert shared == sorted([named["council"].pk, named["fire"].pk])


def test_the_bulk_import_names_its_history_user_and_date(named):
    manager = factories.UserFactory(username="invented-manager")
    before = datetime.datetime.now(datetime.UTC)
    plan = import_file(csv_bytes(HEADINGS, rows()), factories.PartnershipFactory(), by=manager)

    for model in (Objective, Target, Measure, Action, Milestone):
        rows_of = model.history.filter(id__in=model.objects.values("pk"))
        assert rows_of.exists()
        assert set(rows_of.values_list("history_user", flat=True)) == {manager.pk}
        assert all(row.history_date >= before for row in rows_of)
    assert plan.history.get().history_user == manager


def test_the_statements_an_import_sends_do_not_grow_with_its_rows(named):
    def statements(actions_per_target):
        data = csv_bytes(HEADINGS, rows(actions_per_target=actions_per_target))
        with transaction.atomic(), CaptureQueriesContext(connection) as sent:
            import_file(data, partnership)
            transaction.set_rollback(True)
        return len(sent)

    partnership = factories.PartnershipFactory()

    # Measures are checked one by one (two queries each: a row per target), actions never.
    assert statements(8) == statements(2)


def test_a_measure_a_save_would_refuse_names_its_row_and_writes_nothing(named):
    draft = read_draft("plan.csv", csv_bytes(HEADINGS, rows()), keep_all=True)
    draft.targets[1].measures[0]["baseline_state"] = "known"
    draft.targets[1].measures[0]["baseline_value"] = None
    with pytest.raises(PlanImportError) as refused:
        write_plan(
            draft=draft,
            partnership=factories.PartnershipFactory(),
            title="Invented plan",
            start=datetime.date(2012, 4, 1),
            end=datetime.date(2013, 3, 31),
        )
    assert "measure 1" in str(refused.value)
    assert draft.targets[1].where in str(refused.value)
    assert not Objective.objects.exists() and not Action.objects.exists()
    assert not Action.history.exists()
