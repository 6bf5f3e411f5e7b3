"""No text cut or hidden (issue 21, finding 11), in Chromium: at 320 px the home page's
objectives table, "my actions" and the approval queue clip no text, and at 1280 px the admin's
lists of action updates and actions fit the window, every column on screen. Full action titles
are readable on every staff list (a disclosure where the title is shortened)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action
from cspplan.models import Plan
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every element whose text overflows a box that hides what overflows (overflow hidden or clip,
# or an ellipsis): text a reader cannot see and cannot scroll to.
CLIPPED = """(root) => [...document.querySelectorAll(root + ' *')]
  .filter(el => {
    const s = getComputedStyle(el);
    const hides = ['hidden', 'clip'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
    return hides && el.offsetParent !== null && el.innerText.trim()
        && !el.closest('.visually-hidden')
        && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  })
  .map(el => el.tagName + '.' + el.className + ': ' + el.innerText.trim().slice(0, 60))"""

LONG_TITLE = (
    "Deliver an invented programme of home fire safety visits to every household in the "
    "borough that has been identified as vulnerable, with partner agencies, and report "
    "quarterly on the number of visits completed and the referrals made"
)


@pytest.fixture
def seed_plan(settings):
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    call_command("loaddata", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    return plan


def sign_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def clipped_on(page, url, *, width, root="main"):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    return page.evaluate(CLIPPED, root)


def long_action_waiting(plan):
    target = plan.objectives.get(number=6).targets.first()
    action = factories.ActionFactory(
        target=target, order=99, text=LONG_TITLE, owners=list(target.owners.all())
    )
    factories.ActionUpdateFactory(action=action, note="Invented: visits continue weekly.")
    return action, target.owners.first()


# Captions of tables that scroll in their own region: the words past the region's visible
# width are out of sight until the reader scrolls (at 320 px, "Measures for target 1: ba").
CAPTIONS_OUT_OF_VIEW = """() => [...document.querySelectorAll('main .table-responsive caption')]
  .filter(caption => {
    const region = caption.closest('.table-responsive').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(caption);
    return range.getBoundingClientRect().right > region.right + 1;
  })
  .map(caption => caption.innerText.slice(0, 60))"""


def test_the_home_page_clips_no_text_at_320_px(page, seed_plan):
    assert clipped_on(page, reverse("home"), width=320) == []
    # The objectives table fits: its status badges are not cut at the region's edge ("O…").
    region = page.locator(".objectives-table").locator("xpath=..")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert page.evaluate(CAPTIONS_OUT_OF_VIEW) == []


def test_measures_captions_are_readable_at_320_px_without_scrolling(page, seed_plan):
    assert clipped_on(page, reverse("plans:objective", args=[seed_plan.slug, 6]), width=320) == []
    assert page.evaluate(CAPTIONS_OUT_OF_VIEW) == []


def test_my_actions_and_the_approval_queue_clip_nothing_and_show_full_titles(
    page, client, live_server, seed_plan
):
    action, fire = long_action_waiting(seed_plan)
    assert str(action) != LONG_TITLE  # shortened where a title must be short

    sign_in(page, client, officer_of(fire, name="Pat Officer"), live_server)
    assert clipped_on(page, reverse("my_actions:index"), width=320) == []
    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Full wording of the action").focus()
    page.keyboard.press("Enter")  # a disclosure, opened from the keyboard
    assert card.get_by_text(LONG_TITLE).is_visible()

    page.context.clear_cookies()
    sign_in(page, client, plan_manager_of(seed_plan.partnership), live_server)
    assert clipped_on(page, reverse("dashboard:approvals", args=[seed_plan.slug]), width=320) == []
    row = page.locator("tr", has_text=str(action)).first
    row.get_by_text("Full wording of the action").click()
    assert row.get_by_text(LONG_TITLE).is_visible()


@pytest.mark.parametrize("changelist", ["actions_actionupdate", "actions_action"])
def test_admin_lists_fit_1280_px_with_every_column_on_screen(
    page, client, live_server, seed_plan, changelist
):
    long_action_waiting(seed_plan)
    sign_in(page, client, plan_manager_of(seed_plan.partnership), live_server)

    clipped = clipped_on(
        page, reverse(f"admin:{changelist}_changelist"), width=1280, root="#content"
    )

    assert clipped == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), (
        "the list scrolls sideways"
    )
    for heading in page.locator("#result_list thead th").all():
        box = heading.bounding_box()
        assert box and box["x"] + box["width"] <= 1280, f"{heading.inner_text()} is off-screen"
    assert Action.objects.filter(text=LONG_TITLE).exists()


def test_a_note_of_one_long_word_keeps_the_approval_queue_on_screen(
    page, client, live_server, seed_plan
):
    """A note as long as the limit allows, without a space, wraps: the Approve and Return
    buttons stay in view (a 20,000-character note once made the queue 190,000 px wide)."""
    action, _ = long_action_waiting(seed_plan)
    factories.ActionUpdateFactory(action=action, note="x" * 2000)
    sign_in(page, client, plan_manager_of(seed_plan.partnership), live_server)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("dashboard:approvals", args=[seed_plan.slug]))

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    region = page.locator(".table-responsive", has_text="x" * 200)
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    for button in page.get_by_role("button", name="Return").all():
        box = button.bounding_box()
        assert box and box["x"] + box["width"] <= 1280
