"""The built documentation site is accessible (axe, WCAG 2.2 AA and best practice), page by
page, read from the disk as `make docs` leaves it (site/index.html, no server)."""

import pytest

from tests.docs.site import build, config, nav_pages, needs_mkdocs

pytestmark = pytest.mark.browser


def test_every_page_of_the_docs_site_is_accessible(browser, assert_accessible, tmp_path):
    needs_mkdocs()
    result = build(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        for page in nav_pages(config()["nav"]):
            tab.goto((site / page).with_suffix(".html").as_uri())
            tab.wait_for_load_state("load")
            assert_accessible(tab)
    finally:
        context.close()
