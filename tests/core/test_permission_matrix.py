"""The permission matrix: every URL of the site × every persona × read (GET) and write (POST),
each with the answer written in the table, ``permission_matrix.txt`` beside this module (a file
of its own: one row per URL, 158 columns wide, too wide and too long for a Python module here).

The URLs are walked from the URLconf (``django.urls.get_resolver()``), so every admin URL of
every registered model is here: a new URL pattern, or a new model in the admin, has no row in
the table and fails the test until someone writes down who may do what with it.

Two invented partnerships: "Ashdown Vale CSP" (A) with a **draft** plan, and "Brindle Moor
CSP" (B) with a draft plan of its own. The county reader (``cnty``) is a member of neither and
reads only public plans: A's draft is a 404 to them on every page, as to the public. Agency A
(an invented police force) owns A's action and target row, agency B (an invented fire service)
B's. Every URL that names a record names partnership A's, so the columns read: A's own people,
B's people, the county, and nobody.

Writes are empty POSTs (a form re-shown with its errors is 200): the matrix checks who gets
through to a form, never what a form accepts; the tests of each finding do that. Rendering PDFs
is replaced by a stub: who may download one is the question here, not what it holds.

Tokens: a status code; ``login`` for a redirect to the sign-in page; ``302`` for any other
redirect. Set ``CSPPLAN_PRINT_MATRIX=1`` to print the answers the site gives, in the table's
format, to compare with (never to paste over) the table.
"""

import datetime
import logging
import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from consultation.models import YouSaidWeDid
from cspplan import roles
from cspplan.models import IdentityProvider, Plan
from cspplan.sign_in_models import SignInEvent
from dashboard.models import BoardReportSnapshot
from objectives.models import ApprovalStatus, ReminderLog
from pcc.models import PccRequest
from progress.models import BoardMeeting
from strategies.models import SeriousViolenceStrategy
from tests import factories
from tests.personas import chair, county_reader, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "officer_a",
    "officer_b",
    "manager_a",
    "manager_b",
    "chair_a",
    "county",
    "superuser",
)

EXPECTED_TABLE = (Path(__file__).parent / "permission_matrix.txt").read_text(encoding="utf-8")


def _rows(table):
    """{key: {"GET": [8 tokens], "POST": [8 tokens]}} from the table's lines."""
    rows = {}
    for line in table.strip().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, get, post = (part.strip() for part in line.split(" | "))
        assert key not in rows, f"{key} twice in the table"
        rows[key] = {"GET": get.split(), "POST": post.split()}
        assert len(rows[key]["GET"]) == len(rows[key]["POST"]) == len(PERSONAS), key
    return rows


EXPECTED = _rows(EXPECTED_TABLE)


# --- Walking the URLconf -------------------------------------------------------------------


def walk(patterns, prefix="", namespace=None):
    """(key, route) of every pattern: the key is the pattern's name with its namespaces, or
    for an unnamed pattern the namespace and its route."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = f"{namespace or ''}:{route}"
            yield key, route


# --- The world -------------------------------------------------------------------------------


def _side(name, slug, agency):
    partnership = factories.PartnershipFactory(name=f"{name} CSP", short_name=name, slug=slug)
    plan = factories.PlanFactory(
        partnership=partnership, draft=True, title=f"{name} draft plan", slug=f"{slug}-plan"
    )
    objective = factories.ObjectiveFactory(plan=plan, number=1, title=f"{name} objective")
    target = factories.TargetFactory(objective=objective, order=1, wording=f"{name} target")
    target.owners.set([agency])
    action = factories.ActionFactory(target=target, order=1, text=f"{name} patrols")
    action.owners.set([agency])
    measure = factories.MeasureFactory(target=target, order=1, name=f"{name} incidents")
    return partnership, plan, objective, target, action, measure


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr("public.exports.pdf.HTML", _StubHTML)
    monkeypatch.setattr("dashboard.reports.HTML", _StubHTML)
    # Every 403 and 404 would log a line (and a traceback): thousands, all expected.
    for name in ("django.request", "django.security.csrf"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", True)
    police = factories.OrganisationFactory(name="Invented Constabulary", slug="invented-police")
    fire = factories.OrganisationFactory(name="Invented Fire Service", slug="invented-fire")
    partnership, plan, objective, target, action, measure = _side(
        "Ashdown Vale", "ashdown-vale", police
    )
    b_partnership, *_ = _side("Brindle Moor", "brindle-moor", fire)

    officer_a = officer_of(police, username="officer-a", name="Avery Constable")
    officer_b = officer_of(fire, username="officer-b", name="Blair Fireman")
    action.lead_officers.set([officer_a.officer])
    people = {
        "anonymous": None,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "manager_a": plan_manager_of(partnership, username="manager-a"),
        "manager_b": plan_manager_of(b_partnership, username="manager-b"),
        "chair_a": chair(partnership, username="chair-a"),
        "county": county_reader(username="county"),
        "superuser": factories.UserFactory(username="root", is_staff=True, is_superuser=True),
    }

    theme = factories.PriorityThemeFactory(plan=plan)
    priority = factories.PriorityFactory(theme=theme, plan=plan)
    priority.objectives.set([objective])
    survey = factories.SurveyFactory(partnership=partnership)
    update = factories.ActionUpdateFactory(action=action, approval=ApprovalStatus.SUBMITTED)
    # Issue 14: A's event, consultation and "you said, we did" entry, published, of A's draft
    # plan: still never public.
    event = factories.EngagementEventFactory(
        plan=plan, published=True, date=datetime.date(2011, 9, 1)
    )
    consultation = factories.ConsultationFactory(plan=plan)
    records = {
        "cspplan.partnership": partnership,
        "cspplan.plan": plan,
        "cspplan.plansection": factories.PlanSectionFactory(plan=plan),
        "cspplan.organisation": police,
        "cspplan.organisationalias": factories.OrganisationAliasFactory(organisation=police),
        "cspplan.officer": officer_a.officer,
        "cspplan.fundingsource": factories.FundingSourceFactory(),
        # Agency A's own sign-in (issue 25): a provider that is never reached.
        "cspplan.identityprovider": IdentityProvider.objects.create(
            organisation=police,
            issuer="https://login.invented.example/v2.0",
            client_id="cspplan",
            email_domains="invented-police.example",
        ),
        # Agency A's officer's sign-in records (issue 25): an address and an event of the trail.
        "account.emailaddress": EmailAddress.objects.get_or_create(
            user=officer_a, email=officer_a.email or "officer-a@invented.example"
        )[0],
        "cspplan.signinevent": SignInEvent.objects.create(
            kind=SignInEvent.Kind.choices[0][0], user=officer_a
        ),
        "priorities.prioritytheme": theme,
        "priorities.priority": priority,
        "objectives.objective": objective,
        "objectives.target": target,
        "objectives.measure": measure,
        "objectives.measurement": factories.MeasurementFactory(measure=measure),
        "objectives.reminderlog": ReminderLog.objects.create(
            officer=officer_a.officer,
            quarter_start=datetime.date(2011, 7, 1),
            sent_at=timezone.now(),
            sent_to=officer_a.officer.email,
        ),
        "actions.action": action,
        "actions.actionupdate": update,
        "consultation.survey": survey,
        "consultation.surveyresult": factories.SurveyResultFactory(survey=survey),
        "consultation.engagementevent": event,
        "consultation.consultation": consultation,
        "consultation.yousaidwedid": YouSaidWeDid.objects.create(
            plan=plan, title="Invented", slug="invented", you_said="x", we_did="y", published=True
        ),
        "consultation.feedback": factories.FeedbackFactory(plan=plan, name="Ada Resident"),
        # Issue 26: A's review, held and not yet published.
        "reviews.review": factories.ReviewFactory(partnership=partnership),
        # A's Serious Violence strategy (a draft plan of that kind) and a request from the PCC.
        "strategies.seriousviolencestrategy": SeriousViolenceStrategy.objects.create(
            plan=factories.PlanFactory(
                partnership=partnership,
                draft=True,
                kind=Plan.Kind.SERIOUS_VIOLENCE,
                title="Ashdown Vale Serious Violence strategy",
                slug="ashdown-vale-serious-violence",
            )
        ),
        "pcc.pccrequest": PccRequest.objects.create(
            partnership=partnership,
            kind=PccRequest.Kind.REPORT,
            reference="PCC/1",
            received_on=datetime.date(2011, 6, 1),
            request="A report on anti-social behaviour.",
        ),
        "progress.boardmeeting": BoardMeeting.objects.create(
            plan=plan, date=datetime.date(2011, 11, 20)
        ),
        "auth.user": officer_a,
        "auth.group": Group.objects.get(name=roles.PARTNERSHIP_OFFICERS),
    }
    # Issue 13: a past (archived, so public) plan of A to compare A's draft with, and a board
    # report frozen for a meeting of A's plan.
    past = factories.PlanFactory(
        partnership=partnership,
        status=Plan.Status.ARCHIVED,
        title="Ashdown Vale past plan",
        slug="ashdown-vale-past",
        period_start=datetime.date(2010, 4, 1),
        period_end=datetime.date(2011, 3, 31),
        target_date=datetime.date(2011, 3, 31),
    )
    snapshot = BoardReportSnapshot.objects.create(
        plan=plan,
        meeting_date=datetime.date(2011, 11, 20),
        as_at=datetime.date(2011, 11, 15),
        pdf=b"%PDF-1.7 frozen",
        xlsx=b"PK frozen",
    )
    values = {
        "partnership_slug": partnership.slug,
        "other_slug": past.slug,
        "plan_id": str(plan.pk),
        "pk": str(snapshot.pk),
        "extension": "pdf",
        # An invitation link (issue 25) that was never sent.
        "token": "never-sent-token",
        "provider_id": "org-no-such-organisation",
        "plan_slug": plan.slug,
        "event_slug": event.slug,
        "slug": consultation.slug,
        "number": "1",
        "priority_slug": priority.slug,
        "organisation_slug": police.slug,
        "officer_slug": officer_a.officer.slug,
        "content_type_id": str(ContentType.objects.get_for_model(Plan).pk),
        # The open data API (issue 15): A's draft records, which it never shows anyone.
        "priority_id": str(priority.pk),
        "objective_id": str(objective.pk),
        "target_id": str(target.pk),
        "measure_id": str(measure.pk),
        "action_id": str(action.pk),
        # Following (issue 28): A's draft action, and a follow that is nobody's.
        "action_pk": str(action.pk),
        "follow_pk": "999999",
        "event_id": str(records["consultation.engagementevent"].pk),
    }
    return {"people": people, "records": records, "values": values}


class _StubHTML:
    """WeasyPrint's HTML, without the seconds of layout."""

    def __init__(self, *args, **kwargs):
        pass

    def render(self):
        return self

    def write_pdf(self, *args, **kwargs):
        return b"%PDF-1.7\n% not rendered by the permission matrix\n"


def concrete_url(route, world):
    """The route with each placeholder given a value from partnership A."""
    records, values = world["records"], world["values"]
    record = None
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if match and f"{match[1]}.{match[2]}" in records:
        record = records[f"{match[1]}.{match[2]}"]
    if route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    if route.startswith("admin/^(?P<app_label>"):
        return "/admin/cspplan/"
    # allauth's addresses with a key in them (issue 25): a key that was never sent.
    if route.startswith("accounts/^confirm-email/"):
        return "/accounts/confirm-email/no-such-key/"
    if route.startswith("accounts/^password/reset/key/"):
        return "/accounts/password/reset/key/1-no-such-key/"
    if "^([^/]+)/history/([^/]+)/$" in route:  # simple_history's page of one past version
        history_id = record.history.latest().history_id
        return "/" + route.split("^")[0] + f"{record.pk}/history/{history_id}/"

    def value(placeholder):
        name = placeholder[1].split(":")[-1]
        if name in ("object_id", "id") and record is not None:
            return str(record.pk)
        if name == "object_id":  # the admin's "view on site": /admin/r/<type>/<id>/
            return str(records["cspplan.plan"].pk)
        return values[name]

    return "/" + re.sub(r"<([^>]+)>", value, route)


def answer(response):
    if response.status_code == 302:
        # The admin sends people to its sign-in address, which sends them to the one sign-in
        # page (allauth's, issue 25); every other page sends them there directly.
        login = (reverse("admin:login"), reverse("account_login"))
        return "login" if response["Location"].startswith(login) else "302"
    return str(response.status_code)


@pytest.mark.long  # over a minute of CPU: started first, never left for last (tests/conftest.py)
def test_every_url_answers_every_persona_as_the_table_says(world):
    routes = dict(walk(get_resolver().url_patterns))
    missing = sorted(set(routes) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(routes))

    clients = {}
    for persona, user in world["people"].items():
        clients[persona] = Client()
        if user is not None:
            clients[persona].force_login(user)

    observed = {}
    for key, route in routes.items():
        url = concrete_url(route, world)
        observed[key] = {"GET": [], "POST": []}
        for persona in PERSONAS:
            client = clients[persona]
            for method in ("GET", "POST"):
                response = client.get(url) if method == "GET" else client.post(url, {})
                observed[key][method].append(answer(response))
                signs_out = key in ("admin:logout", "account_logout")
                if signs_out and world["people"][persona] is not None:
                    client.force_login(world["people"][persona])  # signed out: sign back in

    if os.environ.get("CSPPLAN_PRINT_MATRIX"):
        width = max(len(key) for key in observed)
        for key, got in observed.items():
            get, post = (" ".join(f"{token:>5}" for token in got[m]) for m in ("GET", "POST"))
            print(f"{key:<{width}} | {get} | {post}")

    wrong = [
        f"{key} {method} as {persona}: expected {expected}, got {got}"
        for key in sorted(set(routes) & set(EXPECTED))
        for method in ("GET", "POST")
        for persona, expected, got in zip(
            PERSONAS, EXPECTED[key][method], observed[key][method], strict=True
        )
        if expected != got
    ]
    assert not missing, f"URLs with no row in the permission matrix: {missing}"
    assert not stale, f"Rows of the permission matrix for URLs that no longer exist: {stale}"
    assert not wrong, "\n".join(wrong)
