"""The database unreachable mid-request: a clear, accessible 503 page with Retry-After, whatever
layer lost the connection; other failures stay 500s."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import override_settings
from django.urls import path

from cspplan import urls as site_urls
from cspplan.outage import caused_by_database_outage, retry_after_text

pytestmark = pytest.mark.django_db


def _database_gone(request):
    raise OperationalError(
        'connection to server at "db.internal" (10.0.0.5), port 5432 failed: Connection refused'
    )


def _connection_closed(request):
    raise InterfaceError("connection already closed")


def _wrapped(request):
    try:
        _database_gone(request)
    except OperationalError as error:
        raise RuntimeError("while rendering a template") from error


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("database-gone/", _database_gone),
    path("connection-closed/", _connection_closed),
    path("wrapped/", _wrapped),
    path("broken/", _broken),
    # The site's own patterns themselves, not included: the residents' pages are under
    # i18n_patterns, which Django allows only in the root URLconf.
    *site_urls.urlpatterns,
]
# handler500 comes from the URLconf in use: the site's own.
handler500 = "cspplan.outage.server_error"


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="tests.reliability.test_outage"):
        yield client


@pytest.mark.parametrize("url", ["/database-gone/", "/connection-closed/", "/wrapped/"])
def test_a_lost_database_gets_a_503_page_with_retry_after(failing_client, settings, url):
    settings.CSPPLAN_RETRY_AFTER_SECONDS = 30
    response = failing_client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "<h1>Sorry, the service is unavailable for a moment</h1>" in response.text
    assert "try again in 30 seconds" in response.text
    # What went wrong stays in the log: no host, address or port on the page.
    assert "db.internal" not in response.text and "5432" not in response.text


def test_a_post_cut_off_by_the_outage_is_told_to_check_before_repeating(failing_client):
    response = failing_client.post("/database-gone/", {"note": "Done."})
    assert response.status_code == 503
    assert "check whether it is there before you" in response.text
    assert 'href="/database-gone/"' in response.text


def test_other_failures_are_still_a_500(failing_client):
    response = failing_client.get("/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_database_lost_in_a_middleware_is_a_503_too(client, monkeypatch):
    """Signed-in staff: the session middleware reads the database before any view runs."""
    client.raise_request_exception = False
    client.cookies["sessionid"] = "a" * 32

    def lost(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", lost)
    response = client.get("/my-actions/")
    assert response.status_code == 503
    assert response["Retry-After"]


def test_the_chain_of_causes_is_followed_without_looping():
    first = RuntimeError("outer")
    second = ValueError("inner")
    first.__context__ = second
    second.__context__ = first
    assert not caused_by_database_outage(first)


def test_the_wait_reads_as_words():
    assert retry_after_text(30) == "30 seconds"
    assert retry_after_text(60) == "1 minute"
    assert retry_after_text(300) == "5 minutes"


@pytest.mark.browser
def test_the_503_page_is_accessible_in_chromium(page, assert_accessible, settings):
    settings.ROOT_URLCONF = "tests.reliability.test_outage"
    response = page.goto("/database-gone/")
    assert response.status == 503
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sorry")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_welsh_address_gets_the_503_page_in_welsh(client, monkeypatch, settings):
    """The database lost while a Welsh page is asked for (here as the site checks it offers
    Welsh): the page is in Welsh, its home link the Welsh home page (issue 27)."""

    def database_gone():
        raise OperationalError("connection refused")

    monkeypatch.setattr("cspplan.languages.site_offers_welsh", database_gone)
    settings.CSPPLAN_RETRY_AFTER_SECONDS = 120
    client.raise_request_exception = False
    response = client.get("/cy/")
    assert response.status_code == 503
    assert '<html lang="cy">' in response.text
    assert response["Content-Language"] == "cy"
    assert "<h1>Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael am ennyd</h1>" in response.text
    assert "ymhen 2 munud" in response.text
    assert '<a href="/cy/">ewch i\'r hafan</a>' in response.text
    assert "Sorry" not in response.text
