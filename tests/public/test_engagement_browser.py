"""Issue 14's pages in Chromium: every new public page, and the staff pages behind them, with
zero axe violations, at full width and at 320 px (reflow); a resident answers the open
consultation from the keyboard and mouse and lands on the confirmation; a mistake is announced
with a link to the question."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from consultation.models import Consultation, EngagementEvent, Survey, YouSaidWeDid
from cspplan.models import Plan
from demonstration.engagement import load_demo_engagement
from tests.personas import plan_manager_of
from tests.public.test_reflow_browser import check_at_320, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(settings):
    """The seed plan with the demonstration progress and engagement `make run` loads."""
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    call_command("loaddata", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    load_demo_engagement(plan)
    return plan


def public_pages(plan):
    past = EngagementEvent.objects.get(slug="demo-face-the-people-ormskirk")
    upcoming = EngagementEvent.objects.get(slug="demo-community-beat-skelmersdale")
    open_one = Consultation.objects.get(slug="demo-feeling-safe-after-dark")
    closed = Consultation.objects.get(slug="demo-what-should-we-focus-on")
    return {
        "events": reverse("engagement:list"),
        "past event": past.get_absolute_url(),
        "upcoming event": upcoming.get_absolute_url(),
        "consultations": reverse("consultations:list"),
        "open consultation": open_one.get_absolute_url(),
        "closed consultation with results": closed.get_absolute_url(),
        "confirmation": reverse("consultations:thanks", args=[plan.slug, open_one.slug]),
        "you said, we did": reverse("you_said_we_did"),
        "objective 11 with its entry": reverse("plans:objective", args=[plan.slug, 11]),
    }


def staff_pages(plan):
    closed = Consultation.objects.get(slug="demo-what-should-we-focus-on")
    return {
        "consultation results": reverse(
            "admin:consultation_consultation_results", args=[closed.pk]
        ),
        "consultation form": reverse("admin:consultation_consultation_change", args=[closed.pk]),
        "event form": reverse(
            "admin:consultation_engagementevent_change",
            args=[EngagementEvent.objects.get(slug="demo-face-the-people-ormskirk").pk],
        ),
        "entry form": reverse(
            "admin:consultation_yousaidwedid_change", args=[YouSaidWeDid.objects.get().pk]
        ),
        "survey form": reverse(
            "admin:consultation_survey_change",
            args=[Survey.objects.get(slug="citizens-survey-2010").pk],
        ),
    }


def check_full_width(page, assert_accessible, pages):
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = []
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        try:
            assert_accessible(page)
        except pytest.fail.Exception as failure:
            problems.append(f"{name}: {failure}")
    assert not problems, "\n".join(problems)


def test_the_new_public_pages_have_no_axe_violations_at_full_width_and_at_320_px(
    page, assert_accessible, demo_site
):
    pages = public_pages(demo_site)
    check_full_width(page, assert_accessible, pages)
    check_at_320(page, assert_accessible, pages)


def test_the_new_staff_pages_have_no_axe_violations_and_work_at_320_px(
    page, client, live_server, assert_accessible, demo_site
):
    sign_in(page, client, plan_manager_of(demo_site.partnership), live_server)
    pages = staff_pages(demo_site)
    check_full_width(page, assert_accessible, pages)
    check_at_320(page, assert_accessible, pages)


def test_a_resident_answers_the_open_consultation_and_sees_the_confirmation(
    page, assert_accessible, demo_site
):
    open_one = Consultation.objects.get(slug="demo-feeling-safe-after-dark")
    page.goto(open_one.get_absolute_url())

    page.get_by_role("button", name="Send your answers").click()
    assert page.get_by_role("alert").is_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    page.get_by_label("4 – Agree").check()
    page.get_by_label("Road safety").check()
    page.get_by_label("3. What would make you feel safer? (optional)").fill(
        "Invented: more lights."
    )
    page.get_by_role("button", name="Send your answers").click()

    assert page.get_by_role("heading", name="Thank you for your answers").is_visible()
    assert open_one.responses.count() == 1
