"""Welsh addresses and the switch between the same page in each language (issue 27).

A bilingual partnership's pages answer at /cy/ with Welsh path words, say ``lang="cy"`` and link
to the same page in English and back; an English partnership's site is unchanged and offers no
Welsh; /en/ leads to the English address; staff pages stay English.
"""

import datetime
import re

import pytest
from django.urls import reverse, translate_url
from django.utils import translation

from cspplan.models import Partnership
from tests import factories
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    built = build_public_plan()
    Partnership.objects.filter(pk=built.plan.partnership_id).update(
        languages=Partnership.WELSH_AND_ENGLISH
    )
    return built


def welsh(url):
    """The Welsh address of an English one, as the URLconf reverses it."""
    return translate_url(url, "cy")


def links_to(page, url, lang):
    """The page has a link to ``url`` marked as being in ``lang``."""
    pattern = rf'<a href="{re.escape(url)}" lang="{lang}" hreflang="{lang}">'
    return re.search(pattern, page) is not None


def test_welsh_addresses_use_welsh_path_words(bilingual):
    slug = bilingual.plan.slug
    with translation.override("cy"):
        assert reverse("plans:detail", args=[slug]) == f"/cy/cynlluniau/{slug}/"
        assert reverse("plans:priorities", args=[slug]) == f"/cy/cynlluniau/{slug}/blaenoriaethau/"
        assert reverse("plans:delivery_plan", args=[slug]) == (
            f"/cy/cynlluniau/{slug}/cynllun-cyflawni/"
        )
        assert reverse("search") == "/cy/chwilio/"
    # English addresses are those the site always had.
    assert reverse("plans:detail", args=[slug]) == f"/plans/{slug}/"
    assert reverse("home") == "/"


def test_each_page_of_a_bilingual_partnership_is_in_welsh_and_links_to_its_english_page(
    client, bilingual
):
    for english in bilingual.urls():
        cymraeg = welsh(english)
        assert cymraeg.startswith("/cy/"), english
        response = client.get(cymraeg)
        assert response.status_code == 200, cymraeg
        page = response.text
        assert '<html lang="cy"' in page, cymraeg
        assert response["Content-Language"] == "cy"
        assert links_to(page, english, "en-GB"), cymraeg
        assert f'<link rel="alternate" hreflang="en-GB" href="http://testserver{english}">' in page
        assert f'<link rel="alternate" hreflang="cy" href="http://testserver{cymraeg}">' in page

        response = client.get(english)
        assert response.status_code == 200, english
        page = response.text
        assert '<html lang="en-GB"' in page, english
        assert links_to(page, cymraeg, "cy"), english


def test_an_english_partnerships_pages_offer_no_welsh(client, settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    built = build_public_plan()
    for english in built.urls():
        page = client.get(english).text
        assert "hreflang" not in page, english
        assert "Cymraeg" not in page, english
        assert '<html lang="en-GB"' in page, english


def test_a_welsh_address_of_an_english_partnerships_page_leads_to_the_english_page(
    client, bilingual
):
    english_only = factories.PlanFactory()
    english = reverse("plans:detail", args=[english_only.slug])
    response = client.get(welsh(english))
    assert response.status_code == 302
    assert response["Location"] == english


def test_no_welsh_page_is_served_while_no_partnership_is_bilingual(client, settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    build_public_plan()
    response = client.get("/cy/chwilio/?q=crime")
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=crime"


def test_an_english_prefix_leads_to_the_english_address_the_site_always_had(client, bilingual):
    slug = bilingual.plan.slug
    response = client.get(f"/en/plans/{slug}/?size=large")
    assert response.status_code == 301
    assert response["Location"] == f"/plans/{slug}/?size=large"


def test_the_browsers_language_never_changes_an_address_or_a_staff_page(client, bilingual):
    page = client.get(bilingual.urls()[3], HTTP_ACCEPT_LANGUAGE="cy").text
    assert '<html lang="en-GB"' in page
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="cy")
    assert '<html lang="en-GB"' in response.text
    assert "Sign in" in response.text


def test_a_missing_welsh_page_is_a_welsh_404(client, bilingual):
    response = client.get(f"/cy/cynlluniau/{bilingual.plan.slug}/blaenoriaethau/dim-un/")
    assert response.status_code == 404
    assert '<html lang="cy"' in response.text


def test_the_site_wide_pages_are_in_welsh_when_a_partnership_is_bilingual(client, bilingual):
    plan = bilingual.plan
    event = factories.EngagementEventFactory(
        plan=plan, published=True, date=datetime.date(2011, 9, 14)
    )
    consultation = factories.ConsultationFactory(plan=plan)
    for english in [
        reverse("partnerships"),
        reverse("partnership", args=[plan.partnership.slug]),
        reverse("search") + "?q=activity",
        reverse("engagement:list"),
        event.get_absolute_url(),
        reverse("consultations:list"),
        consultation.get_absolute_url(),
        reverse("you_said_we_did"),
        reverse("plans:delivery_plan", args=[plan.slug]),
        reverse("plans:have_your_say", args=[plan.slug]),
    ]:
        cymraeg = welsh(english)
        assert cymraeg.startswith("/cy/"), english
        response = client.get(cymraeg)
        assert response.status_code == 200, cymraeg
        assert '<html lang="cy"' in response.text, cymraeg
        assert links_to(response.text, english, "en-GB"), cymraeg
    page = client.get(welsh(event.get_absolute_url())).text
    # Django's Welsh dates: the day's and the month's names.
    assert "Dydd Mercher 14 Medi 2011" in page
    assert "Pryd" in page and "When" not in page


def test_a_welsh_page_gives_status_words_and_dates_in_welsh(client, bilingual):
    page = client.get(welsh(bilingual.plan.get_absolute_url())).text
    assert "1 Ebrill 2011 i 31 Mawrth 2012" in page
    assert "1 April 2011" not in page
    objective = client.get(welsh(bilingual.objectives[0].get_absolute_url())).text
    assert "Statws" in objective
    assert any(
        word in objective
        for word in ("Ar y trywydd iawn", "Mewn perygl", "Dim diweddariad eto", "Heb ei fesur eto")
    )
    for english_word in ("Lead officer", "Latest update", "Who is responsible", "Skip to main"):
        assert english_word not in objective


def test_the_feed_and_the_calendar_at_welsh_addresses_are_in_welsh(client, bilingual):
    factories.EngagementEventFactory(
        plan=bilingual.plan, published=True, date=datetime.date.today() + datetime.timedelta(7)
    )
    feed = client.get(welsh(reverse("plans:updates_feed", args=[bilingual.plan.slug])))
    assert feed.status_code == 200
    assert "– cynnydd</title>" in feed.text
    assert "Cynnydd cymeradwy yn erbyn targedau" in feed.text
    english = client.get(reverse("plans:updates_feed", args=[bilingual.plan.slug]))
    assert "– progress</title>" in english.text
    calendar = client.get(welsh(reverse("engagement:calendar")))
    assert calendar.status_code == 200
    assert "X-WR-CALNAME:Digwyddiadau'r Bartneriaeth Diogelwch Cymunedol" in calendar.text
