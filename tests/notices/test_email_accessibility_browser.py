"""Every kind of e-mail the site sends has an HTML part that passes axe (WCAG 2.2 AA), as the
pages do: a language, a title, one heading first, real links (issue 28)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from actions.models import Milestone
from actions.services import record_action_update
from notices import digests, following, staff
from progress.approval import approve_update, reject_update
from progress.reminders import send_update_reminders
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def every_kind_of_email():
    plan = factories.running_plan(slug="invented-emails")
    action = factories.ActionFactory(target__objective__plan=plan, text="Invented patrols")
    agency = factories.OrganisationFactory()
    action.owners.set([agency])
    officer = officer_of(agency, username="officer-emails")
    officer.email = "officer@example.org"
    officer.save()
    lead = factories.OfficerFactory(email="lead@example.org")
    action.lead_officers.set([lead])
    manager = plan_manager_of(plan.partnership, username="manager-emails")
    manager.email = "manager@example.org"
    manager.save()
    follow = following.ask_to_follow(email="r@example.net", plan=plan, frequency="immediately")
    following.confirm(following.confirm_token(follow))

    def update(note):
        today = timezone.localdate()
        return record_action_update(
            action=action, by=officer, date=today, status="at_risk", note=note
        )

    approve_update(update_pk=update("Invented approved.").pk, by=manager)
    digests.send_due()
    reject_update(update_pk=update("Invented draft.").pk, by=manager, note="Invented why.")
    staff.send_returned()
    Milestone.objects.create(action=action, title="Invented step", due_date=timezone.localdate())
    staff.send_milestones()
    update("Invented waiting.")
    staff.send_waiting(now=timezone.now() + datetime.timedelta(days=30))
    send_update_reminders(today=timezone.localdate() + datetime.timedelta(days=100))
    return {message.subject: message.alternatives[0][0] for message in mail.outbox}


def test_every_kind_of_email_passes_axe(page, assert_accessible):
    emails = every_kind_of_email()
    assert len(emails) >= 6, list(emails)
    for subject, html in emails.items():
        page.set_content(html)
        assert page.get_by_role("heading", level=1).count() == 1, subject
        assert_accessible(page)
