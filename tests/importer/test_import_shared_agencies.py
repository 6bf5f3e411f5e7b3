"""Issue 22, finding 1: organisations and their aliases are shared by every partnership. The
probe's chain: B's plan manager gave an agency an alias ("Lancs Police"); A's manager imported a
file whose Owner is "Lancs Police"; the preview said nothing, the action was created in A's plan
owned by B's agency, and B's officer saw it in "my actions".

Now an alias is added or changed only as its organisation is (``SharedUseMixin``: while no other
partnership's plan uses it), checked on the alias as saved; and an import says when a name was
matched through an alias and stops at any agency that works in other partnerships' plans and in
none of this one's until the plan manager confirms it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from cspplan.models import Organisation, OrganisationAlias, Plan
from tests import factories
from tests.core.partnership_world import add_url, change_url, world
from tests.importer_helpers import csv_bytes
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the fixture, used by name
UPLOAD = reverse("importer:upload")
CONFIRM = reverse("importer:confirm")
TITLE = "Ashdown Vale plan 2012 to 2013"


@pytest.fixture
def council_b(world):
    """An agency only B's plan uses."""
    council = factories.OrganisationFactory(name="Brindle Moor Council", slug="brindle-council")
    world["b"]["action"].owners.add(council)
    return council


def upload_to_a(client, world, owner="Lancs Police"):
    data = csv_bytes(["Objective", "Actions", "Owner"], [["1", "Street Watch patrols", owner]])
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("plan.csv", data),
            "partnership": world["a"]["partnership"].pk,
            "title": TITLE,
            "period_start": "2012-04-01",
            "period_end": "2013-03-31",
            "target_label": "",
        },
    )


def test_another_partnerships_agency_gets_no_alias_from_a_plan_manager(client, world):
    client.force_login(world["manager_b"])
    # The police force works in A's plan too: B's manager may not give it a spelling.
    response = client.post(
        add_url(OrganisationAlias), {"organisation": world["police"].pk, "name": "Lancs Police"}
    )
    assert response.status_code == 200
    assert "used in another partnership" in str(response.context["adminform"].form.errors)
    assert not OrganisationAlias.objects.exists()


def test_an_alias_is_not_moved_onto_another_partnerships_agency(client, world, council_b):
    alias = OrganisationAlias.objects.create(organisation=council_b, name="BMC")
    client.force_login(world["manager_b"])
    response = client.post(change_url(alias), {"organisation": world["police"].pk, "name": "BMC"})
    assert response.status_code == 200
    alias.refresh_from_db()
    assert alias.organisation == council_b


def test_a_partnerships_own_agency_takes_an_alias(client, world, council_b):
    client.force_login(world["manager_b"])
    response = client.post(
        add_url(OrganisationAlias), {"organisation": council_b.pk, "name": "Lancs Police"}
    )
    assert response.status_code == 302
    assert OrganisationAlias.objects.get(name="Lancs Police").organisation == council_b


def test_the_organisation_form_adds_no_alias_to_a_shared_agency(client, world):
    client.force_login(world["manager_b"])
    police = world["police"]
    response = client.post(
        change_url(police),
        {
            "name": police.name,
            "short_name": "",
            "slug": police.slug,
            "kind": police.kind,
            "website": "",
            "aliases-TOTAL_FORMS": 1,
            "aliases-INITIAL_FORMS": 0,
            "aliases-0-name": "Lancs Police",
        },
    )
    assert response.status_code == 403
    assert not OrganisationAlias.objects.exists()


def test_the_probes_chain_stops_at_the_preview(client, world, council_b):
    # B's manager names their own agency "Lancs Police", which A's file means as its police.
    client.force_login(world["manager_b"])
    client.post(add_url(OrganisationAlias), {"organisation": council_b.pk, "name": "Lancs Police"})
    officer_b = officer_of(council_b, username="officer-b")

    client.force_login(world["manager_a"])
    preview = upload_to_a(client, world)
    html = preview.content.decode()
    assert "“Lancs Police” matched through the alias of Brindle Moor Council" in html
    assert "Brindle Moor Council works in another partnership’s plans" in html
    assert preview.context["summary"].agencies_to_confirm == [council_b]

    # Confirmed without saying yes to B's agency: refused, nothing written.
    refused = client.post(CONFIRM, {"token": preview.context["token"]})
    assert "Brindle Moor Council" in refused.content.decode()
    assert "confirm" in refused.content.decode()
    assert not Plan.objects.filter(title=TITLE).exists()

    # B's officer sees nothing of A's plan in "my actions".
    client.force_login(officer_b)
    assert "Street Watch patrols" not in client.get(reverse("my_actions:index")).content.decode()


def test_a_confirmed_agency_of_another_partnership_is_the_owner(client, world, council_b):
    OrganisationAlias.objects.create(organisation=council_b, name="Lancs Police")
    client.force_login(world["manager_a"])
    preview = upload_to_a(client, world)
    response = client.post(
        CONFIRM, {"token": preview.context["token"], "confirm_agency": [council_b.pk]}
    )
    assert response.status_code == 302
    action = Action.objects.get(text="Street Watch patrols")
    assert list(action.owners.all()) == [council_b]


def test_an_agency_this_partnership_already_works_with_needs_no_confirmation(client, world):
    # The police force is in A's plan already (and B's): a shared agency, nothing to confirm.
    client.force_login(world["manager_a"])
    preview = upload_to_a(client, world, owner="Invented Constabulary")
    assert preview.context["summary"].agencies_to_confirm == []
    assert client.post(CONFIRM, {"token": preview.context["token"]}).status_code == 302
    assert list(Action.objects.get(text="Street Watch patrols").owners.all()) == [world["police"]]
    assert Organisation.objects.count() == 2


def test_the_command_waits_for_the_agency_to_be_confirmed(world, council_b, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    OrganisationAlias.objects.create(organisation=council_b, name="Lancs Police")
    file = tmp_path / "plan.csv"
    file.write_bytes(
        csv_bytes(
            ["Objective", "Actions", "Owner"], [["1", "Street Watch patrols", "Lancs Police"]]
        )
    )
    arguments = [str(file), "--partnership", "ashdown-vale", "--title", TITLE]
    arguments += ["--start", "2012-04-01", "--end", "2013-03-31"]
    with pytest.raises(CommandError, match="--confirm-agency brindle-council"):
        call_command("import_plan", *arguments, stdout=io.StringIO())
    assert not Plan.objects.filter(title=TITLE).exists()

    call_command("import_plan", *arguments, "--confirm-agency", "brindle-council",
                 stdout=io.StringIO())  # fmt: skip
    assert list(Action.objects.get(text="Street Watch patrols").owners.all()) == [council_b]
