"""What residents read on each public page, and who may read it."""

import datetime
import html

import pytest
from django.urls import reverse

from actions.models import ActionStatus
from cspplan.models import Plan
from objectives.models import ApprovalStatus
from tests import factories
from tests.personas import plan_manager_of
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    return build_public_plan()


def get_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


# --- Home ------------------------------------------------------------------------------------


def test_home_shows_the_vision_progress_priorities_and_objectives(client, built):
    text = get_text(client, "/")
    assert "To remain one of the safest boroughs to live, work and visit." in text
    assert "Progress at a glance" in text
    assert "2 objectives, 4 targets and 8 actions." in text
    assert "Cross Cutting Themes" in text and "Priority 1" in text
    assert "Objective 1: Objective title 1" in text
    assert "Objective 2: Objective title 2" in text


def test_home_counts_only_approved_figures_as_published(client, built):
    text = get_text(client, "/")
    # Each row has two measures with an approved figure and one TBC measure with none.
    assert "8 of 12 measures have a published figure." in text


def test_home_shows_each_objectives_status_in_words(client, built):
    text = get_text(client, "/")
    assert "Status</th>" in text
    assert "How this was worked out" in text or "how this was worked out" in text


def test_home_prefers_the_default_partnerships_newest_published_plan(client, settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    old = factories.PlanFactory(partnership__slug="west-lancashire-csp", title="Plan 2010 to 2011")
    old.period_start = old.period_start.replace(year=2010)
    old.period_end = old.period_end.replace(year=2011)
    old.target_date = old.target_date.replace(year=2011)
    old.save()
    factories.PlanFactory(partnership=old.partnership, title="Plan 2011 to 2012")
    factories.PlanFactory(partnership=old.partnership, title="Plan 2012 draft", draft=True)
    factories.PlanFactory(title="Another partnership's plan")
    text = get_text(client, "/")
    assert "Plan 2011 to 2012" in text
    assert "Plan 2012 draft" not in text
    assert "Another partnership" not in text


def test_a_resident_reaches_every_action_from_home_within_three_clicks(client, built):
    """Home → objective page: one click, and every action of the objective is on it."""
    home = get_text(client, "/")
    for action in built.actions:
        objective_url = reverse("plans:objective", args=[built.plan.slug, action.objective.number])
        assert f'href="{objective_url}"' in home
        assert action.text in get_text(client, objective_url)


# --- Plans and the plan overview ---------------------------------------------------------------


def test_plan_list_shows_published_and_past_plans_to_the_public_never_drafts(client, built):
    factories.PlanFactory(title="Secret draft plan", draft=True)
    factories.PlanFactory(title="Invented past plan", status=Plan.Status.ARCHIVED)
    text = get_text(client, reverse("plans:list"))
    assert built.plan.title in text
    assert "Secret draft plan" not in text
    assert "Invented past plan</a>" in text
    assert "– past plan" in text


def test_plan_list_shows_staff_their_drafts_marked_as_previews(client, built):
    secret = factories.PlanFactory(title="Secret draft plan", draft=True)
    client.force_login(plan_manager_of(secret.partnership))
    text = get_text(client, reverse("plans:list"))
    assert "Secret draft plan" in text
    assert "Draft – staff preview only" in text


def test_plan_overview_has_its_sections_in_order_with_contents_and_signatory(client, built):
    text = get_text(client, built.plan.get_absolute_url())
    assert '<nav aria-labelledby="contents-heading"' in text
    assert '<a href="#foreword">Foreword</a>' in text
    assert text.index('id="foreword-heading"') < text.index('id="vision-heading"')
    assert "David Tilleray" in text
    assert "Chairman, West Lancashire Community Safety Partnership" in text
    # Breadcrumb: Home / this plan, not the plan twice.
    assert text.count('class="breadcrumb-item') == 2


@pytest.mark.parametrize(
    ("name", "current"),
    [("plans:delivery_plan", "Delivery plan"), ("plans:have_your_say", "Have your say")],
)
def test_a_plan_page_outside_the_main_views_has_the_same_breadcrumb(client, built, name, current):
    text = get_text(client, reverse(name, args=[built.plan.slug]))
    home = text.index('<li class="breadcrumb-item"><a href="/">Home</a></li>')
    plan = text.index(f'<a href="{built.plan.get_absolute_url()}">{built.plan.title}</a>', home)
    assert text.index(f'aria-current="page">{current}</li>', plan)


def test_draft_plans_are_404_to_the_public(client):
    draft = factories.PlanFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("plans:priorities", args=[draft.slug])).status_code == 404


def test_an_archived_plan_stays_public_as_a_past_plan_linking_to_the_current_one(client):
    archived = build_public_plan(status=Plan.Status.ARCHIVED, label="PAST")
    current = factories.PlanFactory(
        partnership=archived.plan.partnership,
        title="Invented plan 2012 to 2013",
        period_start=datetime.date(2012, 4, 1),
        period_end=datetime.date(2013, 3, 31),
        target_date=datetime.date(2013, 3, 31),
    )
    for url in archived.urls()[3:]:
        text = get_text(client, url)
        assert "Past plan" in text, url
        link = f'<a class="alert-link" href="{current.get_absolute_url()}">Read the current plan'
        assert link in text, url
    delivery = reverse("plans:delivery_plan_json", args=[archived.plan.slug])
    assert client.get(delivery).json()["plan"]["status"] == "archived"
    assert client.get(reverse("plans:updates_feed", args=[archived.plan.slug])).status_code == 200
    # Comments are for the plan in force, not a past one.
    have_your_say = reverse("plans:have_your_say", args=[archived.plan.slug])
    assert client.get(have_your_say).status_code == 404


def test_every_page_of_a_draft_plan_is_404_to_the_public(client):
    draft = build_public_plan(status=Plan.Status.DRAFT, label="DRAFTONLY")
    for url in draft.urls()[3:]:  # home, plan list and statement are not pages of the plan
        assert client.get(url).status_code == 404, url


def test_staff_preview_every_page_of_a_draft_under_a_draft_banner(client):
    draft = build_public_plan(status=Plan.Status.DRAFT, label="DRAFTONLY")
    client.force_login(plan_manager_of(draft.plan.partnership))
    for url in draft.urls()[3:]:
        text = get_text(client, url)
        assert "<strong>Draft</strong> – this plan is not published" in text, url


def test_a_logged_in_non_staff_user_cannot_preview_drafts(client):
    draft = factories.PlanFactory(draft=True)
    client.force_login(factories.UserFactory(is_staff=False))
    assert client.get(draft.get_absolute_url()).status_code == 404


# --- Priorities --------------------------------------------------------------------------------


def test_priorities_page_lists_themes_priorities_and_the_objectives_addressing_them(client, built):
    text = get_text(client, reverse("plans:priorities", args=[built.plan.slug]))
    assert "<h2" in text and "Cross Cutting Themes" in text
    priority = built.priorities[0]
    assert reverse("plans:priority", args=[built.plan.slug, priority.slug]) in text
    assert reverse("plans:objective", args=[built.plan.slug, 1]) in text


def test_a_priority_links_to_its_objectives_and_the_objective_links_back(client, built):
    priority = built.priorities[1]
    priority_url = reverse("plans:priority", args=[built.plan.slug, priority.slug])
    objective_url = reverse("plans:objective", args=[built.plan.slug, 2])
    assert objective_url in get_text(client, priority_url)
    assert priority_url in get_text(client, objective_url)


def test_a_priority_of_another_plan_is_404(client, built):
    other = factories.PriorityFactory()
    url = reverse("plans:priority", args=[built.plan.slug, other.slug])
    assert client.get(url).status_code == 404


# --- Objective ---------------------------------------------------------------------------------


def test_objective_page_shows_each_target_row_in_its_published_words(client, built):
    text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    assert "Reduce incidents in row 1.1" in text
    assert "Reduce incidents in row 1.2" in text
    assert "<p>Baseline (TBC)</p>" in text
    assert "<h3>March 2012</h3>" in text


def test_objective_page_shows_measures_from_baseline_to_target_with_approved_figures(client, built):
    text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    assert '-caption"><span class="caption-text">Measures for target 1: baseline' in text
    assert '<th scope="row">Measure 1.1.1' in text
    assert "100 (2010/11)" in text and ">80<" in text.replace("\n", "").replace(" ", "")
    assert "Q1 2011/12" in text
    assert "Demonstration data" in text
    # The unapproved figure never reaches residents.
    assert "123456" not in text
    assert "awaiting approval" not in text


def test_a_to_be_confirmed_target_stays_to_be_confirmed(client, built):
    text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    row_start = text.index("Measure to be confirmed 1.1")
    row = text[row_start : text.index("</tr>", row_start)]
    assert "To be confirmed" in row
    assert ">0<" not in row.replace(" ", "")


def test_objective_page_shows_actions_with_owners_leads_funding_status_and_update(client, built):
    action = built.actions[0]
    text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    police, fire = built.organisations
    hill, _ = built.officers
    assert action.text in text
    assert reverse("plans:organisation", args=[built.plan.slug, police.slug]) in text
    assert reverse("plans:organisation", args=[built.plan.slug, fire.slug]) in text
    assert "(in the plan: “Lancs. Police / LFRS”)" in text
    assert reverse("plans:officer", args=[built.plan.slug, hill.slug]) in text
    assert "Existing budgets" in text
    assert "Approved progress on 1.1.1" in text
    assert "Unapproved note awaiting a plan manager" not in text


def test_objective_page_shows_measure_and_action_status_in_words(client, built):
    text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    assert "<strong>Status:</strong>" in text
    assert '<th scope="col">Status</th>' in text
    assert "Charts and figures for each measure of target 1" in text


def test_objective_page_says_when_an_action_has_no_published_update(client, built):
    action = built.actions[0]
    action.updates.update(approval=ApprovalStatus.SUBMITTED, approved_at=None)
    action.status = ActionStatus.NOT_REPORTED
    action.save()
    text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    assert "No update published yet." in text


def test_an_objective_number_not_in_the_plan_is_404(client, built):
    assert client.get(reverse("plans:objective", args=[built.plan.slug, 99])).status_code == 404


# --- Organisations and officers ------------------------------------------------------------------


def test_organisation_page_lists_its_targets_and_actions_by_objective(client, built):
    police = built.organisations[0]
    text = get_text(client, reverse("plans:organisation", args=[built.plan.slug, police.slug]))
    assert "<h1>Lancashire Constabulary</h1>" in text
    assert "Objective 1: Objective title 1" in text and "Objective 2: Objective title 2" in text
    assert "Reduce incidents in row 2.2" in text  # a target row it owns
    assert "Deliver activity 2.2.2" in text  # an action it owns
    assert "#action-2-2" in text


def test_organisation_with_nothing_in_the_plan_is_404(client, built):
    stranger = factories.OrganisationFactory()
    url = reverse("plans:organisation", args=[built.plan.slug, stranger.slug])
    assert client.get(url).status_code == 404


def test_officer_page_lists_what_they_lead_and_never_their_email(client, built):
    _, hurst = built.officers
    text = get_text(client, reverse("plans:officer", args=[built.plan.slug, hurst.slug]))
    assert "<h1>Geoff Hurst</h1>" in text
    assert "Deliver activity 1.1.1" in text
    assert hurst.email not in text
    assert "@" not in text.split("<main", 1)[1].split("</main>", 1)[0]


def test_officer_who_leads_nothing_in_the_plan_is_404(client, built):
    stranger = factories.OfficerFactory()
    url = reverse("plans:officer", args=[built.plan.slug, stranger.slug])
    assert client.get(url).status_code == 404


# --- Accessibility statement and site-wide parts ----------------------------------------------


def test_accessibility_statement_follows_the_public_sector_form(client, built):
    text = html.unescape(get_text(client, reverse("accessibility")))
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h" in text, heading
    assert "This website is partially compliant with the" in text
    assert "contact the PR Unit on" in text and "01695 585011" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "This statement was prepared on 24 November 2026." in text


def test_every_page_has_the_skip_link_main_navigation_and_alternative_formats(client, built):
    for url in built.urls():
        text = get_text(client, url)
        assert '<a class="skip-link visually-hidden-focusable" href="#main">' in text, url
        assert '<nav class="site-nav container" aria-label="Main">' in text, url
        assert "Contact the PR Unit on" in text, url


def test_large_text_is_remembered_in_a_cookie_without_javascript(client, built):
    url = reverse("plans:detail", args=[built.plan.slug])
    response = client.get(url, {"size": "large"})
    assert response.status_code == 302
    assert response["Location"] == url
    assert response.cookies["cspplan_text_size"].value == "large"
    large = client.get(url).text
    assert '<html lang="en-GB" class="text-large">' in large
    assert 'aria-current="true">Large text</a>' in large
    client.get(url, {"size": "standard"})
    standard = client.get(url).text
    assert '<html lang="en-GB">' in standard
    assert 'aria-current="true">Standard text</a>' in standard


def test_an_unknown_text_size_is_ignored(client, built):
    response = client.get("/", {"size": "<script>"})
    assert response.status_code == 302
    assert "cspplan_text_size" not in response.cookies


def test_an_action_with_a_script_in_its_text_shows_as_text_on_every_page(client, built):
    action = built.actions[0]
    action.text = '<script>alert("x")</script> Patrol the town centre'
    action.save()
    built.targets[0].wording = "<script>alert('target')</script>"
    built.targets[0].save()
    for url in built.urls():
        text = get_text(client, url)
        assert "<script>alert" not in text, url
    objective_text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Patrol the town centre" in (
        objective_text
    )


def test_the_seed_plan_answers_on_every_page(client, settings, django_db_blocker):

    from django.core.management import call_command

    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    plan = Plan.objects.get()
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    urls = ["/", reverse("plans:list"), reverse("accessibility"), plan.get_absolute_url()]
    urls.append(reverse("plans:priorities", args=[plan.slug]))
    urls += [p.get_absolute_url() for p in plan.priorities.all()]
    urls += [o.get_absolute_url() for o in plan.objectives.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert len(urls) > 20


def test_the_main_navigation_marks_the_page_being_shown(client, built):
    text = get_text(client, reverse("plans:priorities", args=[built.plan.slug]))
    nav = text.split('aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert nav.count('aria-current="page"') == 1
    assert 'aria-current="page">Priorities</a>' in nav


def test_an_objective_page_links_to_the_previous_and_next_objectives(client, settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    built = build_public_plan(objectives=3, targets_per_objective=1)
    text = get_text(client, reverse("plans:objective", args=[built.plan.slug, 2]))
    assert 'rel="prev">Previous: Objective 1: Objective title 1</a>' in text
    assert 'rel="next">Next: Objective 3: Objective title 3</a>' in text
    first = get_text(client, reverse("plans:objective", args=[built.plan.slug, 1]))
    assert 'rel="prev"' not in first


def test_the_plan_overview_links_to_the_delivery_plan_and_its_open_data(client, built):
    text = get_text(client, built.plan.get_absolute_url())
    assert '<a href="#delivery-plan-heading">Delivery plan and open data</a>' in text
    for name in ("delivery_plan", "delivery_plan_pdf", "delivery_plan_csv", "delivery_plan_json"):
        assert reverse(f"plans:{name}", args=[built.plan.slug]) in text
