"""The PCC's requests and recommendations: decision with reasons, the reply letter drafted as a
Word file, staff only; and the chair's overview counting overdue items of every kind (issue 26)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from actions.models import ActionStatus
from cspplan.models import Plan
from objectives.models import ApprovalStatus
from pcc.letter import reply_letter
from pcc.models import PccRequest
from reviews.services import start_action_plan
from tests import factories
from tests.personas import chair, county_reader, plan_manager_of

pytestmark = pytest.mark.django_db


def _request(partnership, **fields):
    values = {
        "kind": PccRequest.Kind.RECOMMENDATION,
        "reference": "PCC/2011/01",
        "received_on": datetime.date(2011, 6, 1),
        "request": "Publish the plan's progress each quarter.",
        "reply_due_on": datetime.date(2011, 7, 1),
    }
    return PccRequest.objects.create(partnership=partnership, **{**values, **fields})


def test_a_decision_needs_its_reasons_and_a_reply_its_decision():
    request = PccRequest(
        partnership=factories.PartnershipFactory(),
        kind=PccRequest.Kind.REPORT,
        reference="PCC/1",
        received_on=datetime.date(2011, 6, 1),
        request="A report on the partnership's work on anti-social behaviour.",
        decision=PccRequest.Decision.DECLINED,
        replied_on=datetime.date(2011, 5, 1),
    )
    with pytest.raises(ValidationError) as refused:
        request.full_clean()
    assert set(refused.value.message_dict) == {"reasons", "replied_on"}


def test_the_reply_letter_is_drafted_from_the_record():
    partnership = factories.PartnershipFactory(name="Invented Vale CSP")
    request = _request(
        partnership,
        decision=PccRequest.Decision.PARTLY,
        reasons="Quarterly figures are published already.\nA new page costs more than it gives.",
        replied_on=datetime.date(2011, 6, 20),
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(reply_letter(request))).paragraphs)
    assert "Invented Vale CSP" in text and "PCC/2011/01" in text
    assert "20 June 2011" in text and "1 June 2011" in text
    assert "Publish the plan's progress each quarter." in text
    assert "has accepted in part" in text
    assert "A new page costs more than it gives." in text


def test_the_admin_action_gives_the_word_file(client):
    partnership = factories.PartnershipFactory()
    request = _request(partnership)
    client.force_login(plan_manager_of(partnership))
    response = client.post(
        reverse("admin:pcc_pccrequest_changelist"),
        {"action": "draft_reply", "_selected_action": [request.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('reply-to-the-pcc-PCC-2011-01.docx"')
    assert "Draft: the partnership has not yet recorded its decision" in "\n".join(
        p.text for p in Document(io.BytesIO(response.content)).paragraphs
    )


def _overview_world():
    plan = factories.PlanFactory(period_start=datetime.date(2011, 4, 1))
    partnership = plan.partnership
    late = factories.ActionFactory(
        target=factories.TargetFactory(objective=factories.ObjectiveFactory(plan=plan)),
        due_date=datetime.date(2011, 5, 1),
    )
    internal = factories.PlanFactory(
        partnership=partnership, draft=True, kind=Plan.Kind.INTERNAL, title="Prevent plan"
    )
    factories.ActionFactory(
        target=factories.TargetFactory(objective=factories.ObjectiveFactory(plan=internal)),
        due_date=datetime.date(2011, 6, 1),
    )
    review = factories.ReviewFactory(partnership=partnership)
    target = start_action_plan(review).objectives.get().targets.get()
    factories.ActionFactory(target=target, order=1, due_date=datetime.date(2011, 8, 1))
    done = factories.ActionFactory(target=target, order=2, due_date=datetime.date(2011, 8, 1))
    factories.ActionUpdateFactory(
        action=done,
        status=ActionStatus.COMPLETED,
        date=datetime.date(2011, 7, 1),
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    _request(partnership)  # due 1 July 2011, no reply
    _request(partnership, reference="PCC/2011/02", reply_due_on=None)
    return plan, late


def test_the_chairs_overview_counts_overdue_items_of_every_kind(client):
    plan, _ = _overview_world()
    client.force_login(chair(plan.partnership))
    page = client.get(reverse("dashboard:plan", args=[plan.slug])).content.decode()
    overdue = {
        part.split('"')[0]: part.split("<td>")[1].split("<")[0]
        for part in page.split('data-overdue-kind="')[1:]
    }
    assert overdue == {
        "Partnership plan": "1",
        "Internal plan (never public, e.g. Prevent)": "1",
        "Review action plan": "1",
        "PCC requests awaiting a reply": "1",
    }
    assert "The PCC's requests: 2 awaiting a reply, 1 overdue." in page


def test_a_county_reader_sees_no_internal_plan_nor_the_pccs_requests(client):
    plan, _ = _overview_world()
    client.force_login(county_reader())
    page = client.get(reverse("dashboard:plan", args=[plan.slug])).content.decode()
    assert "Prevent plan" not in page
    assert "PCC requests" not in page and "The PCC's requests" not in page
    internal = Plan.objects.get(title="Prevent plan")
    assert client.get(reverse("dashboard:plan", args=[internal.slug])).status_code == 404
