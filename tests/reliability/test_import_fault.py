"""An import that fails half-way (the database lost after some rows are written) leaves
nothing: no plan, no objective, no action, no new agency, no history; the manager gets the 503
page, and the upload is still there to confirm again once the database is back."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from actions.models import Action
from cspplan.models import Organisation, Plan
from importer import new_records
from importer.admin_views import UPLOAD_DIR
from objectives.models import Measure, Objective, Target
from tests.importer.test_import_admin import upload
from tests.importer.test_import_roundtrip import build_rich_plan
from tests.importer_helpers import csv_bytes, table_rows
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db
MODELS = (Plan, Objective, Target, Measure, Action, Organisation)


def snapshot():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts.update({f"history of {m.__name__}": m.history.count() for m in MODELS})
    return counts


@pytest.fixture
def database_lost_at_the_third_action(monkeypatch):
    """Once armed, the importer's third action is where the database goes away: the actions
    are written in bulk (importer/new_records.py), so the first two are written and then the
    connection is lost."""
    real = new_records.create_in_bulk
    created = []

    def create_in_bulk(model, records, **options):
        if not armed or model is not Action:
            return real(model, records, **options)
        if options.get("relations") is not None:
            options["relations"] = list(options["relations"])[:2]
        created.extend(real(model, list(records)[:2], **options))
        raise OperationalError("server closed the connection unexpectedly")

    armed = []
    monkeypatch.setattr(new_records, "create_in_bulk", create_in_bulk)
    return created, lambda: armed.append(True)


def test_an_import_cut_off_half_way_leaves_nothing(client, database_lost_at_the_third_action):
    source = build_rich_plan()
    headings, rows = table_rows(source)
    # An agency nobody has yet: the import creates it, and must take it back too.
    rows[0][headings.index("Owner")] = "Invented Harbour Watch"
    client.force_login(plan_manager_of(source.partnership))
    preview = upload(client, source, csv_bytes(headings, rows), create_missing="on")
    assert preview.status_code == 200, preview.content.decode()[:2000]
    before = snapshot()
    created, arm = database_lost_at_the_third_action
    arm()

    client.raise_request_exception = False
    response = client.post(reverse("importer:confirm"), {"token": preview.context["token"]})

    assert len(created) == 2  # two actions were written, then lost
    assert response.status_code == 503
    assert snapshot() == before
    assert not Organisation.objects.filter(name="Invented Harbour Watch").exists()
    # The upload waits, to confirm again once the database is back.
    stored = preview.context["details"]["stored"]
    assert (UPLOAD_DIR / stored).is_file()
