"""The "being prepared" and "could not prepare" pages of a document in a real browser: accessible
(axe), readable at 320 px, and the waiting page finds out by itself that the file is ready.

The queue holds the job (django-tasks' dummy backend); the test plays the worker by calling
``documents.store.render`` itself, with a fake PDF.
"""

import pytest
from django.urls import reverse

from documents import store
from documents.models import Document
from tests.public_plan_builder import build_public_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(settings, monkeypatch):
    from public.exports import pdf

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": [settings.DOCUMENTS_QUEUE, settings.DOCUMENTS_PUBLIC_QUEUE],
        }
    }
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    monkeypatch.setattr(pdf, "delivery_plan_pdf", lambda plan: b"%PDF-1.7 fake")
    return build_public_plan(objectives=1, targets_per_objective=1).plan


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_waiting_page_is_accessible_and_notices_when_the_file_is_ready(
    page, plan, assert_accessible
):
    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto(reverse("plans:delivery_plan_pdf", args=[plan.slug]))
    assert response.status == 202
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "The delivery plan (PDF) is being prepared"
    status = page.get_by_role("status")
    # The script took over the status region: it says it checks by itself.
    assert "checks every few seconds" in status.inner_text()
    assert page.get_by_role("link", name="Check again").is_visible()
    assert _no_sideways_scroll(page)
    assert_accessible(page)

    # The worker draws it; the page's next check (HEAD) finds it and opens the file (GET): the
    # script only does that on a 200.
    store.render(Document.objects.get().key)
    url = page.url
    opened = page.wait_for_event(
        "request", lambda request: request.method == "GET" and request.url == url, timeout=30000
    )
    assert opened.response().status == 200


def test_the_failure_page_is_accessible_and_offers_a_retry(
    page, plan, assert_accessible, monkeypatch
):
    from public.exports import pdf

    def broken(plan):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(pdf, "delivery_plan_pdf", broken)
    url = reverse("plans:delivery_plan_pdf", args=[plan.slug])
    page.goto(url)
    with pytest.raises(RuntimeError):
        store.render(Document.objects.get().key)

    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto(url)
    assert response.status == 503
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("link", name="Try again").get_attribute("href") == f"{url}?retry=1"
    assert _no_sideways_scroll(page)
    assert_accessible(page)
