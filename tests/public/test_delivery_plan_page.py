"""The delivery plan on one page: one accessible table per objective, published plans only."""

import os
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from actions.models import ActionStatus
from consultation.models import Feedback
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def build_plan(*, actions_per_target=2, objectives=2, **plan_fields):
    """A published plan shaped like the seed: objectives, target rows with measures (one TBC),
    and actions whose owners and lead officers are real records with e-mail addresses."""
    plan_fields.setdefault("slug", "west-lancashire-2011-12")
    plan_fields.setdefault("partnership__name", "West Lancashire Community Safety Partnership")
    plan = factories.PlanFactory(**plan_fields)
    police = factories.OrganisationFactory(name="Lancashire Constabulary", slug="lancs-police")
    officer = factories.OfficerFactory(
        name="Andrew Hill", slug="andrew-hill", email="andrew.hill@police.example.org"
    )
    for number in range(1, objectives + 1):
        objective = factories.ObjectiveFactory(
            plan=plan, number=number, title=f"Reduce harm number {number}"
        )
        for order in (1, 2):
            target = factories.TargetFactory(
                objective=objective,
                order=order,
                wording=f"Target {number}.{order}: reduce incidents\n\nBaseline (TBC)",
                target_wording="To be confirmed",
                owner_wording="CSP",
            )
            factories.MeasureFactory(target=target, order=1, name=f"Incidents {number}.{order}")
            factories.MeasureFactory(
                target=target,
                order=2,
                name="Satisfaction",
                baseline_state="tbc",
                baseline_value=None,
                baseline_wording="Baseline (TBC)",
                target_state="tbc",
                target_value=None,
                target_wording="TBC",
            )
            for index in range(1, actions_per_target + 1):
                factories.ActionFactory(
                    target=target,
                    order=index,
                    text=f"Action {number}.{order}.{index}: run patrols",
                    owner_wording="Lancs. Police",
                    lead_officer_wording="Andrew Hill",
                    funding_wording="Existing budgets",
                    owners=[police],
                    lead_officers=[officer],
                )
    return plan


def url(plan):
    return reverse("plans:delivery_plan", args=[plan.slug])


def test_each_objective_is_a_table_captioned_with_its_number_and_title(client):
    plan = build_plan()
    html = client.get(url(plan)).text
    captions = re.findall(r"<caption.*?</caption>", html, re.S)
    assert len(captions) == 2
    assert "Objective 1: Reduce harm number 1" in captions[0]
    assert "Objective 2: Reduce harm number 2" in captions[1]


def test_the_columns_are_the_published_headings_with_the_plans_target_label(client):
    plan = build_plan(objectives=1, target_label="March 2012")
    html = client.get(url(plan)).text
    headings = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert headings == [
        "Target &amp; Base Line",
        "March 2012",
        "Owner",
        "Actions",
        "Lead Officer",
        "Funding",
    ]


def test_actions_sharing_an_owner_are_listed_in_one_cell_under_one_owner(client):
    plan = build_plan(objectives=1, actions_per_target=3)
    html = client.get(url(plan)).text
    first_target = html.split("<tbody>")[1]
    assert first_target.count("<tr>") == 1
    assert first_target.count("Lancs. Police") == 1
    assert len(re.findall(r"Action 1\.1\.\d: run patrols", first_target)) == 3
    assert 'rowspan="1"' in first_target


def test_actions_with_different_owners_get_their_own_rows_under_one_target_header(client):
    plan = build_plan(objectives=1, actions_per_target=0)
    target = plan.objectives.get().targets.get(order=1)
    factories.ActionFactory(target=target, order=1, text="Home fire checks", owner_wording="LFRS")
    factories.ActionFactory(
        target=target, order=2, text="Test purchases", owner_wording="Trading Standards"
    )
    first_target = client.get(url(plan)).text.split("<tbody>")[1]
    assert first_target.count("<tr>") == 2
    assert '<th scope="rowgroup" rowspan="2"' in first_target


def test_a_target_row_without_actions_still_shows_its_own_owner(client):
    plan = build_plan(objectives=1, actions_per_target=0)
    html = client.get(url(plan)).text
    assert "No actions listed" in html
    assert "<td>CSP</td>" in html


def test_each_caption_links_to_the_objective_page(client):
    plan = build_plan(objectives=1)
    html = client.get(url(plan)).text
    assert f'href="{reverse("plans:objective", args=[plan.slug, 1])}"' in html


def test_action_status_and_due_date_are_shown(client):
    plan = build_plan(objectives=1, actions_per_target=1)
    action = plan.objectives.get().targets.get(order=1).actions.get()
    action.status = ActionStatus.COMPLETED
    action.due_date = "2011-07-31"
    action.save()
    html = client.get(url(plan)).text
    assert "Status: Completed; due 31 July 2011" in html


def test_an_action_containing_a_script_tag_shows_as_text(client):
    plan = build_plan(objectives=1, actions_per_target=1)
    action = plan.objectives.get().targets.get(order=1).actions.get()
    action.text = SCRIPT
    action.save()
    html = client.get(url(plan)).text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_officer_email_addresses_never_appear(client):
    plan = build_plan()
    assert "andrew.hill@police.example.org" not in client.get(url(plan)).text


def test_the_page_offers_the_pdf_and_open_data_downloads(client):
    plan = build_plan(objectives=1)
    html = client.get(url(plan)).text
    for name in ("pdf", "csv", "xlsx", "json"):
        assert reverse(f"plans:delivery_plan_{name}", args=[plan.slug]) in html


def test_a_draft_plan_is_404_to_the_public(client):
    plan = build_plan(draft=True)
    assert client.get(url(plan)).status_code == 404


def test_staff_preview_a_draft_delivery_plan_under_the_draft_banner(client):
    plan = build_plan(draft=True)
    client.force_login(plan_manager_of(plan.partnership))
    response = client.get(url(plan))
    assert response.status_code == 200
    assert "Draft" in response.text


@pytest.mark.parametrize("actions_per_target", [1, 10])
def test_the_number_of_queries_does_not_grow_with_the_plan(
    client, django_assert_num_queries, actions_per_target
):
    plan = build_plan(actions_per_target=actions_per_target, objectives=3)
    # 1 the content version for the cache (public/caching.py), 2 the plan with its
    # partnership, 3 objectives, 4 their targets, 5 the targets' measures, 6 the targets' actions,
    # 7 the actions' approved updates, 8 their milestones (each action's state), 9 the plan's own
    # columns (none here, so none of their values is asked for).
    with django_assert_num_queries(9):
        response = client.get(url(plan))
    assert response.text.count("run patrols") == 3 * 2 * actions_per_target


@pytest.mark.browser
def test_the_delivery_plan_page_is_accessible_in_chromium(page, assert_accessible):
    plan = build_plan(objectives=2, actions_per_target=2)
    page.goto(url(plan))
    assert page.get_by_role("heading", level=1).inner_text() == "Delivery plan"
    assert page.locator("table caption").count() == 2
    assert_accessible(page)


VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_the_delivery_plan_search_and_have_your_say_pages_are_valid_html(client, tmp_path):
    """One run of the Nu Html Checker over every page of issue 4B, including error states."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("The Nu Html Checker needs java and node_modules/vnu-jar in CI.")
        pytest.skip("The Nu Html Checker needs java and node_modules/vnu-jar.")
    plan = build_plan()
    factories.ConsultationFactory(plan=plan)
    factories.FeedbackFactory(
        plan=plan, objective=plan.objectives.first(), moderation=Feedback.Moderation.PUBLISHED
    )
    have_your_say = reverse("plans:have_your_say", args=[plan.slug])
    pages = {
        "delivery-plan": client.get(url(plan)),
        "search-empty": client.get(reverse("search")),
        "search-results": client.get(reverse("search"), {"q": "patrols"}),
        "search-none": client.get(reverse("search"), {"q": "zebra"}),
        "search-too-long": client.get(reverse("search"), {"q": "x" * 300}),
        "have-your-say": client.get(have_your_say),
        "have-your-say-errors": client.post(have_your_say, {"wants_reply": "on"}),
        "thanks": client.get(reverse("plans:have_your_say_thanks", args=[plan.slug])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "text"]
        + [str(path) for path in sorted(tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.browser
def test_a_keyboard_user_goes_from_the_jump_list_to_a_table_and_on_to_its_objective(page):
    plan = build_plan(objectives=2, actions_per_target=1)
    page.goto(url(plan))
    page.get_by_role("navigation", name="Objectives").get_by_role(
        "link", name="Objective 2: Reduce harm number 2"
    ).focus()
    page.keyboard.press("Enter")
    # The fragment navigation lands asynchronously: wait for it rather than read the URL now.
    page.wait_for_url("**#objective-2")
    page.locator("caption a").nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/objectives/2/")
    assert "Reduce harm number 2" in page.get_by_role("heading", level=1).inner_text()
