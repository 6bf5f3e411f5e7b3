"""Many partnerships (issue 13): /partnerships/ (the county overview) and /partnerships/<slug>/."""

import csv
import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionStatus
from cspplan.models import Plan
from objectives.models import ApprovalStatus
from tests import factories
from tests.public.test_public_queries import ASSESSMENT, KEPT, SITE_LANGUAGES, SIZES, VERSION
from tests.public_plan_builder import build_public_plan
from tests.year_pages import next_year

pytestmark = pytest.mark.django_db

SEED = "west-lancashire-2011-12"


def _import_invented_partnership(tmp_path):
    """A second partnership's plan, imported with import_plan: short and clearly invented."""
    factories.PartnershipFactory(name="Invented Vale Community Safety Partnership", slug="vale")
    path = tmp_path / "vale.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "Objective",
                "Target & Base Line",
                "March 2013",
                "Owner",
                "Actions",
                "Lead Officer",
                "Funding",
            ]
        )
        writer.writerow(
            [
                "Objective 1: Fewer invented burglaries",
                "Reduce invented burglaries",
                "Target TBC",
                "Invented Vale Police",
                "Invented patrols in the vale",
                "Invented Officer",
                "Existing budgets",
            ]
        )
    call_command(
        "import_plan",
        str(path),
        "--partnership=vale",
        "--title=Invented Vale Plan 2012 to 2013",
        "--start=2012-04-01",
        "--end=2013-03-31",
        "--publish",
        "--create-missing",
        # The importer reads "…Police" as the county's force, which works in West Lancashire's
        # plans: confirmed, as a plan manager would in the preview.
        "--confirm-agency=lancashire-constabulary",
        verbosity=0,
    )
    return Plan.objects.get(partnership__slug="vale")


def test_the_county_overview_lists_each_partnerships_current_plan_and_past_plans(client, tmp_path):
    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    seed = Plan.objects.get(slug=SEED)
    current = next_year(seed)
    vale = _import_invented_partnership(tmp_path)
    factories.PlanFactory(
        partnership=vale.partnership, draft=True, title="Invented Vale DRAFTONLY", slug="vdraft"
    )
    text = client.get(reverse("partnerships")).content.decode()
    assert "Invented Vale Community Safety Partnership" in text
    assert f'<a href="{vale.get_absolute_url()}">Invented Vale Plan 2012 to 2013</a>' in text
    assert f'<a href="{current.get_absolute_url()}">{current.title}</a>' in text
    assert f'<a href="{seed.get_absolute_url()}">{seed.title}</a>' in text  # a past plan
    assert "1 action:" in text and "No update yet: 1" in text
    assert "DRAFTONLY" not in text
    assert '<caption id="partnerships-caption">' in text


def test_a_partnership_page_shows_its_current_plan_status_and_past_plans(client):
    built = build_public_plan(partnership_slug="invented-csp")
    old = built.plan
    new = next_year(old)
    text = client.get(reverse("partnership", args=["invented-csp"])).content.decode()
    assert "The current plan" in text and new.title in text
    assert "Actions by status" in text
    assert f'href="{reverse("plans:compare", args=[new.slug, old.slug])}"' in text
    assert (
        f'href="{reverse("partnership", args=["invented-csp"])}"'
        in client.get(new.get_absolute_url()).content.decode()
    )


def test_a_partnership_with_only_drafts_is_not_public(client):
    draft = factories.PlanFactory(draft=True, title="Invented DRAFTONLY")
    assert client.get(reverse("partnership", args=[draft.partnership.slug])).status_code == 404
    assert "DRAFTONLY" not in client.get(reverse("partnerships")).content.decode()
    assert draft.partnership.name not in client.get(reverse("partnerships")).content.decode()


def test_a_partnership_with_only_past_plans_says_no_plan_is_in_force(client):
    plan = factories.PlanFactory(status=Plan.Status.ARCHIVED, title="Invented old plan")
    text = client.get(reverse("partnership", args=[plan.partnership.slug])).content.decode()
    assert "No plan in force" in text and "Invented old plan" in text


def test_the_status_summary_counts_the_published_status_of_actions(client):
    built = build_public_plan(partnership_slug="invented-csp")
    for action in built.actions:
        # Completed by an approved update, as every path completes an action.
        factories.ActionUpdateFactory(
            action=action,
            date=datetime.date(2011, 10, 31),
            status=ActionStatus.COMPLETED,
            approval=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
        action.status = ActionStatus.COMPLETED
        action.save()
    text = client.get(reverse("partnerships")).content.decode()
    assert f"Completed: {len(built.actions)}" in text


# the version; public plans with their partnerships; the current plans' kept summaries
# (progress/kept.py: each action's state, counted as every surface counts it), however many;
# whether the site is offered in Welsh.
LIST_QUERIES = VERSION + 1 + KEPT + SITE_LANGUAGES
# the version; the partnership's public plans; the current plan's kept summary.
DETAIL_QUERIES = VERSION + 1 + KEPT


@pytest.mark.parametrize("size", SIZES)
def test_the_partnership_pages_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    first = build_public_plan(partnership_slug="invented-csp", **SIZES[size]).plan
    build_public_plan(partnership_slug="another-csp", label="TWO", **SIZES[size])
    Plan.objects.filter(pk=first.pk).update(
        period_start=datetime.date(2010, 4, 1), status=Plan.Status.ARCHIVED
    )
    third = build_public_plan(partnership_slug="invented-csp", label="THREE", **SIZES[size])
    for url, expected in (
        (reverse("partnerships"), LIST_QUERIES),
        (reverse("partnership", args=["invented-csp"]), DETAIL_QUERIES),
    ):
        cache.clear()
        assert client.get(url).status_code == 200  # draws the summaries, and keeps them
        cache.clear()
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    # A change to one partnership's plan draws that plan's summary again, and no other's: the
    # other plan's kept summary is read, this one's assessed and kept again (an update).
    action = third.actions[0]
    action.due_date = datetime.date(2011, 5, 1)
    action.save()
    cache.clear()
    with django_assert_num_queries(LIST_QUERIES + ASSESSMENT + 1):
        assert client.get(reverse("partnerships")).status_code == 200
