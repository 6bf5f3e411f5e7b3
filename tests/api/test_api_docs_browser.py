"""The API's documentation page (/api/v1/) in real Chromium: no axe violations, nothing blocked
by the Content-Security-Policy (the page fixture fails on that), no sideways scroll at 320 px,
and a link from it that a reader can follow to the data."""

import pytest
from django.urls import reverse

from tests.public_plan_builder import build_public_plan

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_api_documentation_page_is_accessible_and_reflows(page, assert_accessible):
    built = build_public_plan(objectives=1, targets_per_objective=1)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(reverse("api:docs"))
        assert page.get_by_role("heading", level=1).inner_text() == "Open data API"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
    page.get_by_role("link", name="Open /api/v1/plans/").click()
    assert built.plan.slug in page.content()
