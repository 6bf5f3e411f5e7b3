"""The plan importer in the admin: upload, see what will be created, confirm. Managers only."""

import pytest
from django.urls import reverse

from cspplan.models import Plan
from importer.admin_views import UPLOAD_DIR
from objectives.models import Objective
from tests import factories
from tests.importer.test_import_roundtrip import build_rich_plan
from tests.importer_helpers import csv_bytes, plan_content, table_rows
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
UPLOAD = reverse("importer:upload")
CONFIRM = reverse("importer:confirm")


def upload(client, source, data, name="plan.csv", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(name, data),
            "partnership": source.partnership.pk,
            "title": "Partnership Plan 2012 to 2013",
            "period_start": "2012-04-01",
            "period_end": "2013-03-31",
            "target_label": "",
            **extra,
        },
    )


def test_a_plan_manager_previews_then_confirms_an_import_with_the_same_content(client):
    source = build_rich_plan()
    client.force_login(plan_manager_of(source.partnership))

    preview = upload(client, source, csv_bytes(*table_rows(source)))

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "2 objectives" in html and "3 actions" in html and "3 measures" in html
    assert not Plan.objects.filter(title="Partnership Plan 2012 to 2013").exists()

    response = client.post(CONFIRM, {"token": preview.context["token"]})

    copy = Plan.objects.get(title="Partnership Plan 2012 to 2013")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cspplan_plan_change", args=[copy.pk])
    assert copy.status == Plan.Status.DRAFT
    assert plan_content(copy) == plan_content(source)


def test_a_malformed_file_says_why_and_creates_nothing(client):
    source = build_rich_plan()
    client.force_login(plan_manager_of(source.partnership))
    objectives = Objective.objects.count()

    response = upload(client, source, b"Objective,Target,Owner\nx,y,z\n")

    assert response.status_code == 200
    html = response.content.decode()
    assert "nothing was saved" in html
    assert "no column is taken as Actions" in html
    assert Objective.objects.count() == objectives


def test_a_tampered_token_is_refused(client):
    source = build_rich_plan()
    client.force_login(plan_manager_of(source.partnership))
    preview = upload(client, source, csv_bytes(*table_rows(source)))

    response = client.post(CONFIRM, {"token": preview.context["token"] + "x"})

    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert not Plan.objects.filter(title="Partnership Plan 2012 to 2013").exists()


def test_another_users_token_is_refused(client):
    source = build_rich_plan()
    client.force_login(plan_manager_of(source.partnership))
    token = upload(client, source, csv_bytes(*table_rows(source))).context["token"]

    client.force_login(plan_manager_of(source.partnership, username="someone-else"))
    assert client.post(CONFIRM, {"token": token}).status_code == 403


def test_a_plan_manager_cannot_import_into_another_partnership(client):
    source = build_rich_plan()
    client.force_login(plan_manager_of(factories.PartnershipFactory()))
    response = upload(client, source, csv_bytes(*table_rows(source)))
    assert "partnership" in response.context["form"].errors


def test_officers_and_the_chair_cannot_import(client):
    from tests.personas import chair

    for user in (officer_of(factories.OrganisationFactory()), chair()):
        client.force_login(user)
        assert client.get(UPLOAD).status_code == 403
        assert client.post(CONFIRM, {"token": "x"}).status_code == 403


def test_the_upload_is_kept_out_of_the_web_root():
    assert "cspplan-plan-imports" in str(UPLOAD_DIR)
