"""Reflow (WCAG 2.2 1.4.10, issue 11 findings 6 and 10), in Chromium: every public and staff page
works at 320 CSS px wide with no sideways page scroll and no axe violations; a wide table
scrolls inside its own labelled, focusable region with a visible focus; the delivery plan's
status line never overlaps an action's words; the action list's Status drop-down is not
clipped."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse, translate_url

from cspplan.models import Partnership, Plan
from tests import factories
from tests.follow_pages import follow_pages
from tests.personas import officer_of, plan_manager_of
from tests.year_pages import next_year, year_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST = 320

# Every region that scrolls is named by its table's caption and can be reached from the keyboard.
SCROLLING_REGIONS = """() => [...document.querySelectorAll('main *')]
  .filter(el => el.scrollWidth > el.clientWidth + 1
          && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
  .map(el => {
    const label = document.getElementById(el.getAttribute('aria-labelledby') || '');
    return {
      region: el.outerHTML.slice(0, 140),
      ok: el.getAttribute('role') === 'region' && el.tabIndex === 0
          && !!label && label.textContent.trim().length > 0,
    };
  })"""

# Admin lists scroll in Django's own box, which holds links and check boxes (focusable).
ADMIN_SCROLLING_IS_DJANGOS = ("/admin/",)


@pytest.fixture
def seed_plan(settings):
    """The real plan's words and demonstration progress: the longest and most varied pages."""
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    call_command("loaddata", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    return plan


def sign_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def public_pages(plan):
    slug = plan.slug
    priority = plan.priority_themes.first().priorities.first()
    return {
        "home": reverse("home"),
        "plan list": reverse("plans:list"),
        "plan": reverse("plans:detail", args=[slug]),
        "priorities": reverse("plans:priorities", args=[slug]),
        "priority": reverse("plans:priority", args=[slug, priority.slug]),
        "objective 1": reverse("plans:objective", args=[slug, 1]),
        "objective 6": reverse("plans:objective", args=[slug, 6]),
        "organisation": reverse(
            "plans:organisation", args=[slug, "lancashire-fire-and-rescue-service"]
        ),
        "officer": reverse("plans:officer", args=[slug, "john-buck"]),
        "delivery plan": reverse("plans:delivery_plan", args=[slug]),
        "search with results": reverse("search") + "?q=fire",
        "have your say": reverse("consultation:have_your_say"),
        "accessibility": reverse("accessibility"),
        **follow_pages(plan),
    }


def check_at_320(page, assert_accessible, pages):
    """Visit each page at 320 px; every problem on every page, in one failure."""
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    problems = []
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST:
            problems.append(f"{name} ({url}) is {width}px wide at {NARROWEST}px")
        if not url.startswith(ADMIN_SCROLLING_IS_DJANGOS):
            for region in page.evaluate(SCROLLING_REGIONS):
                if not region["ok"]:
                    problems.append(
                        f"{name}: a scrolling box is not a labelled, focusable region:"
                        f" {region['region']}"
                    )
        try:
            assert_accessible(page)
        except pytest.fail.Exception as failure:
            problems.append(f"{name}: {failure}")
    assert not problems, "\n".join(problems)


def test_every_public_page_works_at_320_px(page, assert_accessible, seed_plan):
    check_at_320(page, assert_accessible, public_pages(seed_plan))


def test_every_welsh_page_works_at_320_px(page, assert_accessible, seed_plan):
    """The seed plan's partnership made bilingual in this test's database (issue 27): Welsh
    words are often longer than English ones."""
    Partnership.objects.filter(pk=seed_plan.partnership_id).update(
        languages=Partnership.WELSH_AND_ENGLISH
    )
    welsh = {name: translate_url(url, "cy") for name, url in public_pages(seed_plan).items()}
    assert all(url.startswith("/cy/") for url in welsh.values())
    check_at_320(page, assert_accessible, welsh)


def test_the_pages_of_several_years_work_at_320_px(page, assert_accessible, seed_plan):
    """A past plan, the current one with its other years, and the two compared (issue 13)."""
    check_at_320(page, assert_accessible, year_pages(seed_plan, next_year(seed_plan)))


def test_every_public_page_works_at_320_px_for_a_signed_in_officer(
    page, client, live_server, assert_accessible, seed_plan
):
    """The "Signed in as … · Staff pages" strip must fit too."""
    fire = seed_plan.objectives.get(number=6).targets.first().owners.first()
    sign_in(page, client, officer_of(fire, name="Pat Officer-Longname"), live_server)
    pages = public_pages(seed_plan)
    check_at_320(page, assert_accessible, {name: pages[name] for name in ("home", "objective 6")})
    assert page.get_by_text("Signed in as Pat Officer-Longname").is_visible()


def test_every_staff_page_works_at_320_px(page, client, live_server, assert_accessible, seed_plan):
    slug = seed_plan.slug
    # Something waiting in the approval queue, with long words, so its tables are drawn.
    objective = seed_plan.objectives.get(number=6)
    target = objective.targets.first()
    factories.MeasurementFactory(
        measure=target.measures.first(),
        period_start=datetime.date(2011, 5, 1),
        period_end=datetime.date(2011, 5, 31),
        note="Figures from the Fire and Rescue Service's incident recording system, checked.",
    )
    action = target.actions.first()
    factories.ActionUpdateFactory(action=action, note="Home fire safety checks continue weekly.")
    fire = target.owners.first()

    sign_in(page, client, officer_of(fire, name="Pat Officer"), live_server)
    check_at_320(
        page,
        assert_accessible,
        {
            "my actions": reverse("my_actions:index"),
            "your e-mails": reverse("staff_notices:preferences"),
        },
    )

    page.context.clear_cookies()
    manager = plan_manager_of(seed_plan.partnership)
    sign_in(page, client, manager, live_server)
    check_at_320(
        page,
        assert_accessible,
        {
            "admin index": reverse("admin:index"),
            "action list": reverse("admin:actions_action_changelist"),
            "action change form": reverse("admin:actions_action_change", args=[action.pk]),
            "dashboard": reverse("dashboard:plan", args=[slug]),
            "objective drill-down": reverse("dashboard:objective", args=[slug, 6]),
            "approval queue": reverse("dashboard:approvals", args=[slug]),
        },
    )
    assert page.get_by_role("navigation", name="Staff").is_visible()


def test_the_sign_in_page_works_at_320_px(page, assert_accessible, seed_plan):
    check_at_320(page, assert_accessible, {"sign in": reverse("account_login")})


def test_a_wide_table_scrolls_in_its_own_region_with_a_visible_focus(page, seed_plan):
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    page.goto(reverse("plans:objective", args=[seed_plan.slug, 6]))
    region = page.locator(".table-responsive").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table should scroll"
    caption = page.locator("#" + region.get_attribute("aria-labelledby"))
    assert caption.evaluate("el => el.tagName") == "CAPTION"
    assert page.get_by_role("region", name=caption.inner_text()).count() == 1

    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('table-responsive')"):
            break
    else:
        pytest.fail("Tabbing never reached the measures table's scrolling region.")
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert focused == ["solid", "3px"]
    # From the keyboard the region scrolls sideways, and the page itself does not.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    for _ in range(50):  # keyboard scrolling is animated: wait for it
        if region.evaluate("el => el.scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert region.evaluate("el => el.scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST


def test_the_delivery_plans_status_line_never_overlaps_an_actions_last_bullet(page, settings):
    plan = factories.PlanFactory()
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    target = factories.TargetFactory(objective__plan=plan, objective__number=1)
    factories.ActionFactory(
        target=target,
        text="Continue Night Time Economy operations including:\n"
        "- Operation Summer Nights\n- Operation Night Safe",
    )
    factories.ActionFactory(target=target, text="Support the IOM Board.")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("plans:delivery_plan", args=[plan.slug]))
        gaps = page.evaluate(
            """() => [...document.querySelectorAll('.action-status')].map(status => {
                 const words = status.previousElementSibling;
                 return status.getBoundingClientRect().top
                        - words.getBoundingClientRect().bottom; })"""
        )
        assert len(gaps) == 2
        assert all(gap >= 0 for gap in gaps), f"at {width}px the status overlaps by {gaps}"


def test_the_action_lists_status_drop_down_is_not_clipped(page, client, live_server):
    police = factories.OrganisationFactory(name="Lancashire Constabulary")
    plan = factories.PlanFactory()
    for number in range(3):
        factories.ActionFactory(
            target__objective__plan=plan,
            text="Hold monthly Adult and Prevent and Deter Group meetings to ensure effective "
            f"case management of identified offenders ({number})",
            owners=[police],
            status="ongoing",  # the longest choice: "Ongoing (business as usual)"
        )
    sign_in(page, client, plan_manager_of(plan.partnership), live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("admin:actions_action_changelist"))
    box = page.locator("#changelist .results").bounding_box()
    for select in page.locator("#result_list select").all():
        drop_down = select.bounding_box()
        assert drop_down["x"] + drop_down["width"] <= box["x"] + box["width"], (
            "the Status drop-down is cut off by the list's edge"
        )
        # Wide enough for the choice it shows.
        assert select.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
