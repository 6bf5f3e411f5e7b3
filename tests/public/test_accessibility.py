"""WCAG 2.2 AA on every public page: zero axe violations in Chromium, a keyboard-only journey,
a heading outline that makes sense, and tables with captions and header cells."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse, translate_url

from cspplan.models import Partnership
from tests.follow_pages import follow_pages
from tests.public_plan_builder import build_public_plan
from tests.year_pages import next_year, year_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    return build_public_plan()


def one_page_of_each_kind(built):
    slug = built.plan.slug
    return {
        "home": reverse("home"),
        "plan list": reverse("plans:list"),
        "accessibility statement": reverse("accessibility"),
        "plan overview": reverse("plans:detail", args=[slug]),
        "priorities": reverse("plans:priorities", args=[slug]),
        "priority": reverse("plans:priority", args=[slug, built.priorities[0].slug]),
        "objective": reverse("plans:objective", args=[slug, 1]),
        "organisation": reverse("plans:organisation", args=[slug, built.organisations[0].slug]),
        "officer": reverse("plans:officer", args=[slug, built.officers[0].slug]),
        **follow_pages(built.plan),
    }


# --- In Chromium -------------------------------------------------------------------------------


@pytest.mark.browser
def test_every_kind_of_public_page_has_no_axe_violations(page, assert_accessible, built):
    for name, url in one_page_of_each_kind(built).items():
        page.goto(url)
        assert page.get_by_role("heading", level=1).count() == 1, name
        assert_accessible(page)


@pytest.mark.browser
def test_every_kind_of_public_page_in_welsh_has_no_axe_violations(page, assert_accessible, built):
    """A bilingual partnership's pages at /cy/ (issue 27): the same checks as in English."""
    Partnership.objects.filter(pk=built.plan.partnership_id).update(
        languages=Partnership.WELSH_AND_ENGLISH
    )
    for name, url in one_page_of_each_kind(built).items():
        response = page.goto(translate_url(url, "cy"))
        assert response.status == 200, name
        assert page.locator("html[lang=cy]").count() == 1, name
        assert page.get_by_role("heading", level=1).count() == 1, name
        assert_accessible(page)


@pytest.mark.browser
def test_the_pages_of_several_years_have_no_axe_violations(page, assert_accessible, built):
    for name, url in year_pages(built.plan, next_year(built.plan)).items():
        page.goto(url)
        assert page.get_by_role("heading", level=1).count() == 1, name
        assert_accessible(page)


@pytest.mark.browser
def test_large_text_pages_have_no_axe_violations(page, assert_accessible, built):
    page.goto(reverse("plans:objective", args=[built.plan.slug, 1]))
    page.get_by_role("link", name="Large text").click()
    assert page.locator("html.text-large").count() == 1
    assert_accessible(page)


@pytest.mark.browser
def test_a_keyboard_user_goes_from_the_skip_link_to_an_objective_and_back(page, built):
    page.goto("/")
    home_url = page.url
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").evaluate("el => getComputedStyle(el).position") == "absolute"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    objective_url = reverse("plans:objective", args=[built.plan.slug, 1])
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == objective_url:
            break
    else:
        pytest.fail("Tabbing through the home page never reached the first objective's link.")
    # The focused link is visibly marked (2.4.7 / 2.4.11): an outline, not the browser default.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

    page.keyboard.press("Enter")
    page.wait_for_url(f"**{objective_url}")
    assert "Objective 1: Objective title 1" in page.get_by_role("heading", level=1).inner_text()

    page.keyboard.press("Alt+ArrowLeft")
    page.wait_for_timeout(300)
    if page.url != home_url:
        # Headless Chromium has no browser window to take the shortcut: press Back instead.
        page.go_back()
    # The skip link added "#main" to the home page's address; Back returns to that entry.
    assert page.url.split("#")[0] == home_url
    assert page.get_by_role("heading", level=1).inner_text() == built.plan.partnership.name


@pytest.mark.browser
def test_status_explanations_open_from_the_keyboard(page, built):
    page.goto(reverse("plans:objective", args=[built.plan.slug, 1]))
    summary = page.locator(".objective-status summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".objective-status details").get_attribute("open") is not None


# --- In the HTML ---------------------------------------------------------------------------------


class _Outline(HTMLParser):
    """Headings in order, and each table's caption and header cells."""

    def __init__(self):
        super().__init__()
        self.headings = []
        self.tables = []
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables.append({"caption": "", "first_child": None, "th": 0, "th_scope": 0})
        elif self.tables:
            table = self.tables[-1]
            if table["first_child"] is None:
                table["first_child"] = tag
            if tag == "caption":
                self._in_caption = True
            elif tag == "th":
                table["th"] += 1
                table["th_scope"] += attrs.get("scope") in ("col", "row", "colgroup", "rowgroup")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption and self.tables:
            self.tables[-1]["caption"] += data


def outline_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Outline()
    parser.feed(response.text)
    return parser


def test_every_page_has_one_h1_first_and_never_skips_a_heading_level(client, built):
    for url in built.urls():
        headings = outline_of(client, url).headings
        assert headings.count(1) == 1, f"{url}: {headings}"
        assert headings[0] == 1, f"{url}: {headings}"
        for before, after in zip(headings, headings[1:], strict=False):
            assert after <= before + 1, f"{url} jumps from h{before} to h{after}: {headings}"


def test_every_table_has_a_caption_and_scoped_header_cells(client, built):
    tables_seen = 0
    for url in built.urls():
        for table in outline_of(client, url).tables:
            tables_seen += 1
            assert table["first_child"] == "caption", url
            assert table["caption"].strip(), url
            assert table["th"] > 0, url
            assert table["th_scope"] == table["th"], f"{url}: a <th> without scope"
    assert tables_seen >= 10


@pytest.mark.browser
def test_the_seed_plans_pages_have_no_axe_violations(page, assert_accessible, settings):
    """The real plan's words and demonstration progress: the longest and most varied pages."""

    from django.core.management import call_command

    from cspplan.models import Plan

    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    call_command("loaddata", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    urls = ["/", plan.get_absolute_url(), reverse("plans:priorities", args=[plan.slug])]
    urls += [objective.get_absolute_url() for objective in plan.objectives.all()]
    for url in urls:
        page.goto(url)
        assert_accessible(page)
