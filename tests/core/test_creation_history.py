"""cspplan/history.py: records created in bulk with one "+" history row each holding their
many-to-many relations, as simple_history records a record created with them; text cleaned as
a save cleans it."""

import pytest

from actions.models import Action
from cspplan.history import create_in_bulk
from tests import factories

pytestmark = pytest.mark.django_db


def relations_in(history_row):
    """What a history row says the record's relations were."""
    return {
        "owners": sorted(row.organisation_id for row in history_row.owners.all()),
        "lead_officers": sorted(row.officer_id for row in history_row.lead_officers.all()),
        "funding_sources": sorted(
            row.fundingsource_id for row in history_row.funding_sources.all()
        ),
    }


def test_one_creation_row_holds_the_relations_as_simple_history_records_them():
    target = factories.TargetFactory()
    agencies = [factories.OrganisationFactory(), factories.OrganisationFactory()]
    officer = factories.OfficerFactory()
    fund = factories.FundingSourceFactory()

    # simple_history on its own: a row on creation and one more for each set(), the last
    # holding every relation.
    by_hand = Action.objects.create(target=target, order=1, text="Invented action 1")
    by_hand.owners.set(agencies)
    by_hand.lead_officers.set([officer])
    by_hand.funding_sources.set([fund])
    assert by_hand.history.count() == 4

    wanted = {"owners": agencies, "lead_officers": [officer], "funding_sources": [fund]}
    imported = create_in_bulk(
        Action,
        [Action(target=target, order=order, text=f"Invented action {order}") for order in (2, 3)],
        relations=[wanted, wanted],
    )

    expected = relations_in(by_hand.history.latest())
    assert expected["owners"] == sorted(a.pk for a in agencies)
    for action in imported:
        (row,) = action.history.all()
        assert row.history_type == "+"
        assert row.history_change_reason == by_hand.history.earliest().history_change_reason
        assert relations_in(row) == expected
        assert sorted(action.owners.values_list("pk", flat=True)) == expected["owners"]
        # simple_history keeps the key of each many-to-many row it records.
        for recorded in row.owners.all():
            assert Action.owners.through.objects.get(pk=recorded.id).action_id == action.pk


def test_a_record_with_no_relations_keeps_its_creation_row_empty():
    (action,) = create_in_bulk(
        Action,
        [Action(target=factories.TargetFactory(), order=1, text="Invented action")],
        relations=[{"owners": []}],
    )
    (row,) = action.history.all()
    assert relations_in(row) == {"owners": [], "lead_officers": [], "funding_sources": []}


def test_text_is_cleaned_as_a_save_cleans_it():
    (action,) = create_in_bulk(
        Action, [Action(target=factories.TargetFactory(), order=1, text="Patrols\x0c in town")]
    )
    action.refresh_from_db()
    assert action.text == "Patrols in town"
    assert action.history.get().text == "Patrols in town"


def test_the_history_names_who_created_the_records():
    manager = factories.UserFactory()
    (action,) = create_in_bulk(
        Action, [Action(target=factories.TargetFactory(), order=1, text="Invented")], by=manager
    )
    assert action.history.get().history_user == manager
