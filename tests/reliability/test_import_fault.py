"""An import that fails half-way (the database lost after some rows are written) leaves
nothing: no plan, no objective, no action, no new agency, no history; the manager gets the 503
page, and the upload is still there to confirm again once the database is back."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from actions.models import Action
from cspplan.models import Organisation, Plan
from importer import writing
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
    """Once armed, the importer's third action is where the database goes away."""
    real = writing.Action.objects.create
    created = []

    def create(**fields):
        if not armed:
            return real(**fields)
        if len(created) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        created.append(real(**fields))
        return created[-1]

    armed = []
    monkeypatch.setattr(writing.Action.objects, "create", create)
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
