"""The dashboard drawn once per version of the plan's content and kept (dashboard/drawn.py): a
kept dashboard costs a fixed handful of queries, and reads as one drawn afresh after anything
that changes what it shows: an approval, an edit, a change of lead officer, a reminder sent,
the next day."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache.backends.dummy import DummyCache
from django.urls import reverse
from freezegun import freeze_time

from actions.models import ActionStatus
from cspplan import roles
from objectives.models import ApprovalStatus, ReminderLog
from progress.approval import approve_update
from tests.dashboard.test_dashboard import approved_update, build_plan_of
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    OfficerFactory,
    running_plan,
)
from tests.personas import county_reader, in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return running_plan(status="published")


@pytest.fixture
def manager(plan):
    return in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)


@pytest.fixture
def chair_client(client, plan):
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    return client


def _url(plan, **query):
    url = reverse("dashboard:plan", args=[plan.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _main(response):
    """The page without the CSRF token, which is masked afresh for every response."""
    assert response.status_code == 200
    text = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def drawn_afresh(client, url):
    """The page with nothing kept: every part drawn from the database."""
    from unittest import mock

    with mock.patch("dashboard.drawn.cache", DummyCache("afresh", {})):
        return _main(client.get(url))


def assert_kept_reads_as_afresh(client, url):
    kept = _main(client.get(url))
    assert kept == drawn_afresh(client, url)
    return kept


@pytest.mark.parametrize("size", [1, 4])
def test_a_kept_dashboard_costs_the_same_few_queries_at_any_size(
    client, plan, size, django_assert_num_queries
):
    build_plan_of(plan, size)
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    url = _url(plan)
    client.get(url)
    # session, user, the user's groups, the plan, the content version (the history stamp),
    # the plan selector's plans, the staff nav's "linked to an officer?", the board reports
    # frozen for meetings: the assessment and its tables are kept. Drawn for every request
    # beside them: the partnership's reviews (1) and the overview of its statutory work (plans,
    # their actions, approved updates and milestones, the PCC's requests: 5); the next board
    # meeting and how many follow the plan by e-mail (2, issue 28).
    with django_assert_num_queries(16):
        response = client.get(url)
    assert "Who has reported this quarter" in response.content.decode()


def test_an_approval_is_shown_at_once(chair_client, plan, manager):
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.NOT_STARTED)
    waiting = ActionUpdateFactory(
        action=action, status=ActionStatus.OFF_TRACK, date=datetime.date.today()
    )
    before = assert_kept_reads_as_afresh(chair_client, _url(plan))
    assert "Approval queue (1 waiting)" in before

    approve_update(update_pk=waiting.pk, by=manager)

    after = assert_kept_reads_as_afresh(chair_client, _url(plan))
    assert "Approval queue (0 waiting)" in after
    assert after != before


def test_an_edit_of_a_due_date_is_shown_at_once(chair_client, plan):
    action = ActionFactory(
        target__objective__plan=plan,
        status=ActionStatus.ON_TRACK,
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    assert f'data-action-id="{action.pk}"' not in assert_kept_reads_as_afresh(
        chair_client, _url(plan)
    )
    action.due_date = datetime.date.today() - datetime.timedelta(days=1)
    action.save()  # as the admin's change form saves it
    assert f'data-action-id="{action.pk}"' in assert_kept_reads_as_afresh(chair_client, _url(plan))


def test_a_new_lead_officer_and_a_reminder_are_shown_at_once(chair_client, plan):
    action = ActionFactory(
        target__objective__plan=plan,
        status=ActionStatus.ON_TRACK,
        due_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    assert_kept_reads_as_afresh(chair_client, _url(plan))
    officer = OfficerFactory(name="Robin Newlyappointed", email="robin@example.org")
    action.lead_officers.add(officer)
    page = assert_kept_reads_as_afresh(chair_client, _url(plan))
    assert "Robin Newlyappointed" in page and "Not yet reminded" in page
    ReminderLog.objects.create(
        officer=officer,
        quarter_start=datetime.date.today().replace(day=1),
        sent_at=datetime.datetime.now(datetime.UTC),
        sent_to=officer.email,
    )
    assert "Not yet reminded" not in assert_kept_reads_as_afresh(chair_client, _url(plan))


def test_the_next_day_an_action_past_its_due_date_is_overdue_with_no_edit(chair_client, plan):
    today = datetime.date.today()
    action = ActionFactory(
        target__objective__plan=plan, status=ActionStatus.ON_TRACK, due_date=today
    )
    assert f'data-action-id="{action.pk}"' not in assert_kept_reads_as_afresh(
        chair_client, _url(plan)
    )
    with freeze_time(today + datetime.timedelta(days=1, hours=12)):
        chair_client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
        page = assert_kept_reads_as_afresh(chair_client, _url(plan))
    assert f'data-action-id="{action.pk}"' in page


def test_each_filter_and_day_is_kept_apart(chair_client, plan):
    overdue = ActionFactory(
        target__objective__plan=plan,
        status=ActionStatus.AT_RISK,
        due_date=datetime.date.today() - datetime.timedelta(days=2),
    )
    approved_update(action=overdue, status=ActionStatus.AT_RISK, date=plan.period_start)
    everything = assert_kept_reads_as_afresh(chair_client, _url(plan))
    green_only = assert_kept_reads_as_afresh(chair_client, _url(plan, status="green"))
    assert f'data-action-id="{overdue.pk}"' in everything
    assert f'data-action-id="{overdue.pk}"' not in green_only
    # A day before the action was due: not overdue then.
    as_at = (datetime.date.today() - datetime.timedelta(days=5)).isoformat()
    earlier = assert_kept_reads_as_afresh(chair_client, _url(plan, as_at=as_at))
    assert f'data-action-id="{overdue.pk}"' not in earlier


def test_a_county_reader_is_never_given_the_partnerships_own_dashboard(client, plan):
    ActionUpdateFactory(
        action=ActionFactory(target__objective__plan=plan), approval=ApprovalStatus.SUBMITTED
    )
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    assert "Approval queue (1 waiting)" in _main(client.get(_url(plan)))
    client.force_login(county_reader())
    page = assert_kept_reads_as_afresh(client, _url(plan))
    assert "Approval queue" not in page and "only approved progress counts" in page


def test_a_kept_dashboard_assesses_no_action_again(chair_client, plan):
    """The overview of the partnership's statutory work (open and overdue actions per plan)
    reads each plan's kept summary (progress/kept.py): a kept dashboard assesses nothing, at
    any size (it assessed every action of the partnership's plans on every request)."""
    ActionFactory(
        target__objective__plan=plan,
        status=ActionStatus.ON_TRACK,
        due_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    ActionFactory(target__objective__plan=plan, status=ActionStatus.COMPLETED)
    ActionFactory(target__objective__plan=plan, status=ActionStatus.NOT_STARTED)
    first = chair_client.get(_url(plan))
    rows = {row.plan.pk: (row.open, row.overdue) for row in first.context["overview"].plans}
    assert rows[plan.pk] == (2, 1)
    with mock.patch("progress.rag.assess_action") as assess:
        again = chair_client.get(_url(plan))
    assess.assert_not_called()
    assert _main(again) == _main(first)


def test_a_dashboard_is_kept_apart_for_each_language(plan):
    """The drawn parts hold words in the reader's language (statuses, counts' rows): one drawn
    in Welsh is never served to an English reader, nor the other way round."""
    from django.http import QueryDict
    from django.utils import translation

    from dashboard import drawn

    day = plan.reporting_day()
    keys = {}
    for language in ("en", "cy"):
        with translation.override(language):
            keys[language] = drawn._key(plan, data=QueryDict(), today=day, shows_pending=True)
    assert keys["en"] != keys["cy"]
