"""cspplan/history.py: a new record's many-to-many fields in one history row, written in bulk,
recording what simple_history itself records with a row per set()."""

import pytest

from actions.models import Action
from cspplan.history import CreationHistory
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


def new_action(target, order):
    return Action.objects.create(target=target, order=order, text=f"Invented action {order}")


def test_one_creation_row_holds_the_relations_as_simple_history_records_them():
    target = factories.TargetFactory()
    agencies = [factories.OrganisationFactory(), factories.OrganisationFactory()]
    officer = factories.OfficerFactory()
    fund = factories.FundingSourceFactory()

    # simple_history on its own: a row on creation and one more for each set().
    by_hand = new_action(target, 1)
    by_hand.owners.set(agencies)
    by_hand.lead_officers.set([officer])
    by_hand.funding_sources.set([fund])
    assert by_hand.history.count() == 4

    history = CreationHistory()
    imported = [new_action(target, order) for order in (2, 3)]
    for action in imported:
        with history.relations_of(action):
            action.owners.set(agencies)
            action.lead_officers.set([officer])
            action.funding_sources.set([fund])
    history.write()

    expected = relations_in(by_hand.history.latest())
    assert expected["owners"] == sorted(a.pk for a in agencies)
    for action in imported:
        (row,) = action.history.all()
        assert row.history_type == "+"
        assert relations_in(row) == expected


def test_a_record_with_no_relations_keeps_its_creation_row_empty():
    history = CreationHistory()
    action = new_action(factories.TargetFactory(), 1)
    with history.relations_of(action):
        action.owners.set([])
    history.write()
    (row,) = action.history.all()
    assert relations_in(row) == {"owners": [], "lead_officers": [], "funding_sources": []}
