"""A plan's own columns (issue 23): each kind reads its cells as written, the values are edited
in the admin by whoever may edit their record and keep their history, and rollover carries them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions import delivery_table
from actions.column_values import read_cell
from actions.models import ActionColumnValue, TargetColumnValue
from objectives.plan_columns import RESERVED_NAMES, PlanColumn
from progress.rollover import roll_over
from tests import factories
from tests.core.test_publishing_form import rendered_form_data
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
Kind = PlanColumn.Kind


def column(kind, **fields):
    return PlanColumn(name="Invented column", kind=kind, **fields)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("£5,000 (CDRP fund)", Decimal("5000")),
        ("£90k Invented Fund", Decimal("90000")),
        ("12,500", Decimal("12500")),
        ("Staff Time", None),
        ("Met from 2012 budgets", None),  # a year among words is not an amount
    ],
)
def test_a_money_cell_keeps_its_words_and_reads_its_amount(text, amount):
    value = read_cell(column(Kind.MONEY), text)
    assert (value.text, value.amount) == (text, amount)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("by July 2011", datetime.date(2011, 7, 31)),
        ("March 2013", datetime.date(2013, 3, 31)),
        ("Launch (20.6.11)", datetime.date(2011, 6, 20)),
        ("31/03/2012", datetime.date(2012, 3, 31)),
        ("2012-09-30", datetime.date(2012, 9, 30)),
        ("Ongoing", None),
    ],
)
def test_a_date_cell_is_read_as_the_importer_reads_dates(text, day):
    assert read_cell(column(Kind.DATE), text).date == day


def test_a_link_is_http_or_https_only_and_a_choice_one_of_its_list():
    assert read_cell(column(Kind.LINK), "https://example.org/act").text == "https://example.org/act"
    for bad in ("javascript:alert(1)", "ftp://example.org/", "Part 1 of the Act"):
        with pytest.raises(ValueError, match="web address"):
            read_cell(column(Kind.LINK), bad)
    choice = column(Kind.CHOICE, choices="Secured\nBid made")
    assert read_cell(choice, "Bid made").text == "Bid made"
    with pytest.raises(ValueError, match="not one of “Secured”, “Bid made”"):
        read_cell(choice, "Hoped for")


def test_a_column_cannot_take_a_heading_every_delivery_plan_has():
    plan = factories.PlanFactory(target_label="March 2012")
    assert set(delivery_table.headings(plan)) - {"March 2012"} <= set(RESERVED_NAMES)
    for name in ("Owner", "  status ", "March 2012"):
        with pytest.raises(ValidationError, match="every delivery plan has"):
            PlanColumn(plan=plan, name=name).full_clean()
    with pytest.raises(ValidationError, match="needs its choices"):
        PlanColumn(plan=plan, name="Funding state", kind=Kind.CHOICE).full_clean()


@pytest.fixture
def plan_with_columns():
    plan = factories.PlanFactory(target_label="March 2012")
    police = factories.OrganisationFactory(name="Invented Police")
    target = factories.TargetFactory(objective=factories.ObjectiveFactory(plan=plan))
    action = factories.ActionFactory(target=target, owners=[police])
    money = PlanColumn.objects.create(plan=plan, name="Resource Requirement", kind=Kind.MONEY)
    link = PlanColumn.objects.create(plan=plan, name="Legislation", kind=Kind.LINK, order=2)
    on_targets = PlanColumn.objects.create(
        plan=plan, name="Review", kind=Kind.TEXT, order=3, applies_to="targets"
    )
    return plan, police, target, action, money, link, on_targets


def test_a_value_belongs_to_a_column_of_its_records_plan_and_kind_of_record(plan_with_columns):
    plan, _police, target, action, money, _link, on_targets = plan_with_columns
    other = PlanColumn.objects.create(plan=factories.PlanFactory(), name="Resource Requirement")
    with pytest.raises(ValidationError, match="another plan"):
        ActionColumnValue(action=action, column=other, text="x").full_clean()
    with pytest.raises(ValidationError, match="column of target rows"):
        ActionColumnValue(action=action, column=on_targets, text="x").full_clean()
    TargetColumnValue(target=target, column=on_targets, text="Every June").full_clean()
    ActionColumnValue(action=action, column=money, text="£1k").full_clean()


def change_url(action):
    return reverse("admin:actions_action_change", args=[action.pk])


def test_an_officer_gives_their_agencys_action_a_value_in_the_admin_with_history(
    client, plan_with_columns
):
    _plan, police, _target, action, money, link, _on_targets = plan_with_columns
    officer = officer_of(police)
    client.force_login(officer)
    page = client.get(change_url(action))
    assert page.status_code == 200
    assert "the plan&#x27;s own columns" in page.content.decode().lower() or (
        "the plan's own columns" in page.content.decode().lower()
    )
    data = rendered_form_data(page)
    data.update(
        {
            "column_values-TOTAL_FORMS": "2",
            "column_values-0-column": str(money.pk),
            "column_values-0-text": "£5,000 (CDRP fund)",
            "column_values-1-column": str(link.pk),
            "column_values-1-text": "javascript:alert(1)",
        }
    )
    refused = client.post(change_url(action), data)
    assert refused.status_code == 200 and not ActionColumnValue.objects.exists()

    data["column_values-1-text"] = "https://example.org/invented-act"
    saved = client.post(change_url(action), data)
    assert saved.status_code == 302
    value = ActionColumnValue.objects.get(column=money)
    assert (value.text, value.amount) == ("£5,000 (CDRP fund)", Decimal("5000.00"))
    assert value.history.get().history_user == officer


def test_an_officer_edits_only_their_agencys_values(plan_with_columns):
    _plan, police, target, action, money, _link, _on_targets = plan_with_columns
    theirs = factories.ActionFactory(
        target=target, order=2, owners=[factories.OrganisationFactory()]
    )
    mine = ActionColumnValue.objects.create(action=action, column=money, text="£1")
    ActionColumnValue.objects.create(action=theirs, column=money, text="£2")
    officer = officer_of(police)

    assert list(ActionColumnValue.objects.editable_by(officer)) == [mine]
    assert not TargetColumnValue.objects.editable_by(officer).exists()
    manager = plan_manager_of(_plan.partnership)
    assert ActionColumnValue.objects.editable_by(manager).count() == 2
    assert list(PlanColumn.objects.choosable_by(officer).order_by("order")) == list(
        _plan.columns.all()
    )


def test_rollover_carries_the_columns_and_their_values(plan_with_columns):
    plan, _police, target, action, money, link, on_targets = plan_with_columns
    ActionColumnValue.objects.create(action=action, column=money, text="£5,000 (CDRP fund)")
    TargetColumnValue.objects.create(target=target, column=on_targets, text="Every June")

    new = roll_over(
        plan,
        title="Next year",
        start=datetime.date(2012, 4, 1),
        end=datetime.date(2013, 3, 31),
    ).plan

    assert [(c.name, c.kind, c.applies_to) for c in new.columns.all()] == [
        (c.name, c.kind, c.applies_to) for c in plan.columns.all()
    ]
    carried = ActionColumnValue.objects.get(action__target__objective__plan=new)
    assert (carried.column.plan, carried.text, carried.amount) == (
        new,
        "£5,000 (CDRP fund)",
        Decimal("5000.00"),
    )
    assert TargetColumnValue.objects.get(target__objective__plan=new).text == "Every June"
