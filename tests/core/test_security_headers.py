"""Every response carries a strict Content-Security-Policy; pages need nothing it forbids."""

import pytest

from tests.conftest import watch_content_security_policy

pytestmark = pytest.mark.django_db


def test_pages_forbid_inline_and_foreign_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_the_admin_is_covered_too(client):
    assert "Content-Security-Policy" in client.get("/accounts/login/")


@pytest.mark.browser
def test_the_browser_tests_see_what_the_policy_blocks(browser, live_server):
    # The page fixture fails a test on what this watcher collects; prove it collects something.
    context = browser.new_context()
    page = context.new_page()
    blocked = watch_content_security_policy(page)
    page.route(
        "**/csp-probe",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!DOCTYPE html><title>x</title><script>document.title='ran'</script>",
        ),
    )
    page.goto(f"{live_server.url}/csp-probe")
    assert page.title() == "x"  # the inline script was refused…
    context.close()
    assert blocked and "Content Security Policy" in blocked[0]  # …and the watcher saw it
