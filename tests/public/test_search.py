"""Site search: published plans only, grouped by kind, highlighted, safe, in a fixed number of
queries. The SQLite fallback is tested everywhere; full-text search when run on PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from public.search import MAX_QUERY_LENGTH, highlight, search, snippet
from tests import factories

pytestmark = pytest.mark.django_db

# Words after the tag, because PostgreSQL's parser skips what looks like markup.
SCRIPT = "<script>alert('x')</script> Arson patrols in Aughton"


def build_searchable_plan(*, actions=1, **plan_fields):
    plan = factories.PlanFactory(
        slug=plan_fields.pop("slug", "west-lancashire-2011-12"), **plan_fields
    )
    theme = factories.PriorityThemeFactory(plan=plan, name="Cross Cutting Themes")
    factories.PriorityFactory(
        theme=theme,
        plan=plan,
        name="Deliberate Fires",
        slug="deliberate-fires",
        description="Arson and deliberate fires damage communities.",
    )
    objective = factories.ObjectiveFactory(
        plan=plan, number=6, title="Reduce Arson and Improve Fire Safety"
    )
    target = factories.TargetFactory(
        objective=objective,
        order=1,
        wording="Reduce deliberate secondary fires\n\nBaseline 363",
        target_wording="Reduce by 5%",
    )
    for order in range(1, actions + 1):
        factories.ActionFactory(
            target=target,
            order=order,
            text=f"Arson reduction patrols in Skelmersdale, round {order}",
            owner_wording="Fire and Rescue",
        )
    factories.PlanSectionFactory(
        plan=plan,
        order=1,
        slug="foreword",
        title="Foreword",
        body="Together we will tackle arson and anti-social behaviour.",
    )
    return plan


def get(client, q):
    return client.get(reverse("search"), {"q": q})


def test_it_finds_a_word_in_every_kind_and_groups_the_results(client):
    build_searchable_plan()
    results = search("arson", full_text=False)
    assert {group.kind: group.count for group in results.groups} == {
        "priorities": 1,
        "objectives": 1,
        "targets": 0,
        "actions": 1,
        "sections": 1,
    }
    html = get(client, "arson").text
    for heading in ("Priorities", "Objectives", "Actions", "Plan sections"):
        assert f">{heading} <span" in html
    assert "4 results for “arson”" in html


def test_each_result_links_to_the_page_that_shows_it(client):
    plan = build_searchable_plan()
    html = get(client, "arson").text
    objective_url = reverse("plans:objective", args=[plan.slug, 6])
    assert f'href="{reverse("plans:priority", args=[plan.slug, "deliberate-fires"])}"' in html
    assert f'href="{objective_url}"' in html
    assert f'href="{objective_url}#target-1"' in html
    assert f'href="{plan.get_absolute_url()}#foreword"' in html


def test_target_wording_is_searched(client):
    build_searchable_plan()
    results = search("secondary fires", full_text=False)
    targets = next(group for group in results.groups if group.kind == "targets")
    assert targets.count == 1


def test_every_word_must_match_somewhere(client):
    build_searchable_plan()
    assert search("arson skelmersdale", full_text=False).count == 1
    assert search("arson ormskirk", full_text=False).count == 0


def test_the_matched_words_are_highlighted(client):
    build_searchable_plan()
    html = get(client, "skelmersdale").text
    assert "<mark>Skelmersdale</mark>" in html


def test_a_script_tag_in_the_plan_is_escaped_before_highlighting(client):
    plan = build_searchable_plan()
    factories.ActionFactory(target=plan.objectives.get().targets.get(), order=99, text=SCRIPT)
    html = get(client, "arson").text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>Arson</mark> patrols" in html


def test_a_script_tag_in_the_query_is_shown_as_text(client):
    html = get(client, "<script>alert(1)</script>").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_highlight_escapes_every_piece_and_marks_whole_words():
    assert highlight("Fires & <b>arson</b>", ["fire"]) == (
        "<mark>Fires</mark> &amp; &lt;b&gt;arson&lt;/b&gt;"
    )


def test_a_snippet_starts_near_the_first_match_of_a_long_text():
    text = "Lorem ipsum dolor. " * 40 + "Arson falls."
    result = snippet(text, ["arson"], length=60)
    assert result.startswith("… ")
    assert "<mark>Arson</mark>" in result


def test_draft_plans_are_never_searched(client):
    build_searchable_plan(slug="draft-plan", draft=True)
    assert search("arson", full_text=False).count == 0
    assert "No results" in get(client, "arson").text


def test_an_empty_query_shows_the_form_and_a_hint(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert 'role="search"' in response.text
    assert '<label for="id_q"' in response.text
    assert "Type a word or two" in response.text


def test_a_query_with_no_matches_says_so(client):
    build_searchable_plan()
    assert "Nothing in the published plans matches “zebra”" in get(client, "zebra").text


def test_a_query_of_single_letters_asks_for_more(client):
    assert "Type at least two letters" in get(client, "a b").text


def test_an_over_long_query_is_refused_with_a_clear_message(client):
    build_searchable_plan()
    response = get(client, "arson " * 40)
    assert response.status_code == 200
    assert f"Search words must be {MAX_QUERY_LENGTH} characters or fewer" in response.text
    assert "result" not in response.text.split("</form>")[1]


@pytest.mark.parametrize("actions", [1, 30])
def test_the_number_of_queries_does_not_grow_with_the_results(
    client, django_assert_num_queries, actions
):
    build_searchable_plan(actions=actions)
    # 1 the content version for the cache, then one query per kind: priorities, objectives,
    # targets, actions, plan sections (each with its plan and objective joined in); and the
    # actions' milestones (each action's state); whether the site is offered in Welsh
    # (cspplan/languages.py).
    with django_assert_num_queries(8):
        response = get(client, "arson")
    assert response.text.count("reduction patrols in Skelmersdale") == actions


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_full_text_search_matches_word_forms_and_ranks(client):
    build_searchable_plan()
    results = search("fire", full_text=True)
    objectives = next(group for group in results.groups if group.kind == "objectives")
    assert objectives.count == 1  # "Fire Safety"
    targets = next(group for group in results.groups if group.kind == "targets")
    assert targets.count == 1  # "fires" stems to "fire"
    assert "<mark>fires</mark>" in str(targets.hits[0].snippet)


@pytest.mark.browser
def test_search_results_are_accessible_in_chromium(page, assert_accessible):
    build_searchable_plan()
    page.goto(reverse("search"))
    page.get_by_role("searchbox", name="Search the plan").fill("arson")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=arson")
    assert page.locator("mark").count() >= 4
    assert_accessible(page)


@pytest.mark.browser
def test_the_search_error_state_is_accessible_in_chromium(page, assert_accessible):
    page.goto(reverse("search") + "?q=" + "x" * (MAX_QUERY_LENGTH + 1))
    assert page.get_by_text("characters or fewer").count() == 1
    assert_accessible(page)


@pytest.mark.browser
def test_an_action_result_leads_to_its_target_on_the_objective_page(page):
    build_searchable_plan()
    page.goto(reverse("search") + "?q=skelmersdale")
    page.get_by_role("region", name="Actions").get_by_role("link").first.click()
    page.wait_for_url("**/objectives/6/#target-1")
    assert page.locator("#target-1").is_visible()
