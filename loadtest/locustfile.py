"""Residents browsing and officers updating their actions, for `make loadtest` (loadtest/run.sh).

Every update the site acknowledges (the redirect after saving) is appended to the file named by
LOADTEST_ACK_FILE, one JSON line each; loadtest/check_writes.py then looks for every one of them
in the database. An update refused because someone saved the action first ("changed by someone
else") is the lost-update check doing its job: counted, not an error.

With LOADTEST_FAULT=1 (`make faulttest`) the database is stopped for a while during the run: a
503 page with Retry-After is then the right answer and is counted apart; anything else that is
not a success (a 500, a dropped connection) is still a failure.
"""

import json
import os
import random
import sys
import threading
import uuid
from collections import Counter
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from loadtest.pages import OUTAGE_HEADING, REFUSED_AS_STALE, VERSION_FIELD  # noqa: E402

PLAN = os.environ.get("LOADTEST_PLAN", "west-lancashire-2011-12")
OFFICER = os.environ.get("LOADTEST_OFFICER", "demo-officer")
PASSWORD = os.environ["CSPPLAN_DEMO_PASSWORD"]
ACK_FILE = os.environ["LOADTEST_ACK_FILE"]
SUMMARY_FILE = os.environ.get("LOADTEST_SUMMARY_FILE", "")
FAULT = os.environ.get("LOADTEST_FAULT") == "1"
STATUSES = ("on_track", "at_risk", "off_track", "completed")

_lock = threading.Lock()
outcomes = Counter()


def count(what):
    with _lock:
        outcomes[what] += 1


def acknowledged(record):
    with _lock, open(ACK_FILE, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def judge(response, *, ok=(200,)):
    """Success for ``ok``; in a fault run, a proper 503 page too; a failure otherwise."""
    if response.status_code in ok:
        response.success()
        return True
    if (
        FAULT
        and response.status_code == 503
        and response.headers.get("Retry-After")
        and OUTAGE_HEADING in response.text
    ):
        count("503 pages during the outage")
        response.success()
        return False
    response.failure(f"{response.status_code}: {response.text[:200]!r}")
    return False


class Resident(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def get(self, url, name=None):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            judge(response)
            return response

    @task(3)
    def home(self):
        self.get("/")

    @task(3)
    def plan(self):
        self.get(f"/plans/{PLAN}/", name="/plans/[plan]/")

    @task(2)
    def priorities(self):
        self.get(f"/plans/{PLAN}/priorities/", name="/plans/[plan]/priorities/")

    @task(3)
    def objective(self):
        number = random.randint(1, 7)
        self.get(f"/plans/{PLAN}/objectives/{number}/", name="/plans/[plan]/objectives/[n]/")

    @task(1)
    def search(self):
        word = random.choice(["fire", "crime", "alcohol", "youth", "road"])
        self.get(f"/search/?q={word}", name="/search/?q=[word]")

    @task(1)
    def partnerships(self):
        self.get("/partnerships/")


class Officer(HttpUser):
    weight = 1
    wait_time = between(2, 5)
    signed_in = False

    def sign_in(self):
        self.client.cookies.clear()
        with self.client.get("/accounts/login/", catch_response=True, name="sign in") as page:
            if not judge(page):
                return
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            {
                "login": OFFICER,
                "next": "/my-actions/",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            allow_redirects=False,
            catch_response=True,
            name="sign in",
        ) as response:
            self.signed_in = judge(response, ok=(302,))

    @task
    def update_an_action(self):
        if not self.signed_in:
            self.sign_in()
            return
        with self.client.get("/my-actions/", catch_response=True) as page:
            if not judge(page):
                return
            actions = VERSION_FIELD.findall(page.text)
        if not actions:
            self.signed_in = False  # signed out (a session lost in the outage): sign in again
            return
        pk, version = random.choice(actions)
        prefix = f"action-{pk}"
        note = f"load-{uuid.uuid4().hex}"
        status = random.choice(STATUSES)
        with self.client.post(
            "/my-actions/",
            {
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                "item": prefix,
                f"{prefix}-status": status,
                f"{prefix}-note": note,
                f"{prefix}-version": version,
            },
            allow_redirects=False,
            catch_response=True,
            name="/my-actions/ (save an update)",
        ) as response:
            if response.status_code == 400 and REFUSED_AS_STALE in response.text:
                count("updates refused: someone saved first (told)")
                response.success()
            elif judge(response, ok=(302,)):
                acknowledged({"action": int(pk), "note": note, "status": status})
                count("updates acknowledged")


@events.quitting.add_listener
def write_summary(environment, **kwargs):
    if SUMMARY_FILE:
        with open(SUMMARY_FILE, "w", encoding="utf-8") as out:
            json.dump(dict(outcomes), out, indent=1)
