"""Residents who reach a wrong address get a helpful, accessible page, not a bare error."""

import pytest
from django.test import override_settings
from django.urls import path

from cspplan import urls as site_urls
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_a_helpful_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert 'href="/plans/"' in response.text and "Skip to main content" in response.text


def test_a_draft_plans_address_reads_like_any_missing_page(client):
    plan = factories.PlanFactory(draft=True, title="Secret draft title")
    response = client.get(f"/plans/{plan.slug}/")
    assert response.status_code == 404
    assert "Secret draft title" not in response.text


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def _broken(request):
    raise RuntimeError("boom")


# The site's own URLs plus two views that fail on purpose; the error templates link to the
# site's named URLs, so they must resolve here too.
urlpatterns = [
    path("forbidden/", _forbidden),
    path("broken/", _broken),
    # The site's own patterns themselves, not included: the residents' pages are under
    # i18n_patterns, which Django allows only in the root URLconf.
    *site_urls.urlpatterns,
]


@override_settings(ROOT_URLCONF="tests.core.test_error_pages")
def test_a_refusal_says_whom_to_ask(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "plan manager" in response.text


def test_a_server_error_page_stands_alone(client):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="tests.core.test_error_pages"):
        response = client.get("/broken/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "boom" not in response.text


@pytest.mark.browser
def test_the_404_page_is_accessible_in_chromium(page, assert_accessible):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(page)
