"""The documentation's screenshots (docs/img/), taken from the running app with the seed plan
and its demonstration progress, signed in as each role.

In the test suite the pictures go to a temporary folder and only their names, sizes and the
pages' headings are checked, so the suite never writes into the repository; the same test
refreshes the committed pictures when CSPPLAN_DOCS_SCREENSHOTS names a folder:
`make docs-screenshots` (docs, "About these pages")."""

import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from tests.conftest import watch_content_security_policy
from tests.personas import ensure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "img"
WIDTH, HEIGHT = 1280, 800
MAX_BYTES = 200 * 1024
PASSWORD = "docs screenshots, not a real password"
PLAN = "west-lancashire-2011-12"

# (file name, who is signed in (None: a resident), address, the page's main heading)
SHOTS = [
    ("public-home.png", None, "/", "West Lancashire Community Safety Partnership"),
    ("objective.png", None, f"/plans/{PLAN}/objectives/6/", "Reduce Arson"),
    ("delivery-plan.png", None, f"/plans/{PLAN}/delivery-plan/", "Delivery plan"),
    ("partnerships.png", None, "/partnerships/", "Community safety partnerships"),
    ("api-docs.png", None, "/api/v1/", "Open data API"),
    ("my-actions.png", "demo-officer", "/my-actions/", "My actions"),
    ("dashboard.png", "demo-chair", f"/dashboard/{PLAN}/", "Progress dashboard"),
    ("approvals.png", "demo-manager", f"/dashboard/{PLAN}/approvals/", "Approval queue"),
    ("admin-import.png", "demo-manager", "/admin/cspplan/plan/import/", "Import a plan"),
]


@pytest.fixture
def seed_with_demo_logins(monkeypatch):
    ensure_roles()
    monkeypatch.setenv("CSPPLAN_DEMO_PASSWORD", PASSWORD)
    call_command("load_seed_plan", "--demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _second_factor(tab, username):
    """The demo manager and chair have an authenticator (``load_seed_plan --demo``): type the
    code it shows now, as they would."""
    from allauth.mfa.models import Authenticator

    from cspplan.second_factor import current_totp_code

    if "/accounts/2fa/authenticate/" not in tab.url:
        return
    authenticator = Authenticator.objects.get(user__username=username, type=Authenticator.Type.TOTP)
    if time.time() % 30 > 27:  # a code about to change: wait for the next one
        time.sleep(30 - time.time() % 30)
    tab.get_by_label("Code").fill(current_totp_code(authenticator))
    tab.get_by_role("button", name="Sign In").click()
    tab.wait_for_load_state()


def _optimised(path: Path):
    """A 256-colour PNG: the pages are flat colours and text, so it reads the same at a fraction
    of the size."""
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def test_the_screenshots_of_the_docs(browser, live_server, seed_with_demo_logins, tmp_path):
    folder = Path(os.environ.get("CSPPLAN_DOCS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    contexts = {}
    try:
        for name, username, address, heading in SHOTS:
            if username not in contexts:
                context = browser.new_context(
                    base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT}
                )
                tab = context.new_page()
                blocked = watch_content_security_policy(tab)
                if username:
                    tab.goto("/accounts/login/")
                    tab.get_by_label("User name or e-mail address").fill(username)
                    tab.get_by_label("Password").fill(PASSWORD)
                    tab.get_by_role("button", name="Sign in").click()
                    tab.wait_for_load_state()
                    _second_factor(tab, username)
                contexts[username] = (context, tab, blocked)
            _, tab, blocked = contexts[username]
            response = tab.goto(address)
            assert response.status == 200, f"{address} answered {response.status}"
            main_heading = tab.get_by_role("heading", level=1).first.inner_text()
            assert heading in main_heading, f"{address}: the page is headed {main_heading!r}"
            assert not blocked, f"{address}: the Content-Security-Policy blocked {blocked}"
            tab.screenshot(path=folder / name)
            _optimised(folder / name)
    finally:
        for context, _, _ in contexts.values():
            context.close()

    for name, *_ in SHOTS:
        with Image.open(folder / name) as shot:
            assert shot.size == (WIDTH, HEIGHT), name
        assert (folder / name).stat().st_size < MAX_BYTES, f"{name} is over 200 KB"
    # The committed pictures are the same set, at the same size: a page added here and not
    # refreshed, or a picture left behind, fails until `make docs-screenshots` is run.
    assert sorted(p.name for p in COMMITTED.glob("*.png")) == sorted(name for name, *_ in SHOTS)
    for picture in COMMITTED.glob("*.png"):
        with Image.open(picture) as shot:
            assert shot.size == (WIDTH, HEIGHT), picture.name
        assert picture.stat().st_size < MAX_BYTES, f"{picture.name} is over 200 KB"
