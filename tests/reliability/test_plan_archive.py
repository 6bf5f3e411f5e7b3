"""A plan's archive (export_plan_archive / import_plan_archive): the seed plan with demo
progress and history goes out, the database is emptied, and it comes back record for record."""

import datetime
import io
import json
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from actions.column_values import ActionColumnValue, TargetColumnValue
from actions.models import Action, ActionUpdate, Milestone, MilestoneProposal
from actions.services import record_action_update
from cspplan import roles
from cspplan.models import Plan
from objectives.models import Objective
from objectives.plan_columns import PlanColumn
from plan_archive import archive
from reviews.models import Review
from tests import factories

pytestmark = pytest.mark.django_db
SLUG = "west-lancashire-2011-12"
# A restore grants nothing: these come back off whatever the archive says (plan_archive/archive.py).
REINSTATED_BY_AN_ADMINISTRATOR = {"is_active", "is_staff", "is_superuser", "user_permissions"}


def load_demonstration(*, other_plans: bool):
    """``load_seed_plan --demo``; without ``other_plans``, not the demonstration's statutory
    records (a review's action plan, a Serious Violence strategy, an internal plan: other plans
    of the partnership, demonstration/statutory.py), so the database holds the seed plan only."""
    if other_plans:
        call_command("load_seed_plan", "--demo", verbosity=0, stdout=io.StringIO())
        return
    with mock.patch(
        "demonstration.management.commands.load_seed_plan.load_demo_statutory", autospec=True
    ):
        call_command("load_seed_plan", "--demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def seed_plan_with_history():
    load_demonstration(other_plans=False)
    plan = Plan.objects.get(slug=SLUG)
    action = Action.objects.filter(target__objective__plan=plan).order_by("pk").first()
    officer = factories.UserFactory(username="archived-officer", first_name="Ann", last_name="Kept")
    record_action_update(action=action, by=officer, status="at_risk", note="Behind: staff off.")
    # A record deleted since: its history must come along too.
    doomed = factories.ObjectiveFactory(plan=plan, number=99, title="Invented and deleted")
    doomed.delete()
    # The plan's own columns and their cells, and an action's milestones and a proposal.
    column = PlanColumn.objects.create(plan=plan, name="Cost", kind=PlanColumn.Kind.MONEY)
    row_column = PlanColumn.objects.create(
        plan=plan, name="Lead", applies_to=PlanColumn.AppliesTo.TARGETS
    )
    ActionColumnValue.objects.create(column=column, action=action, text="£1,200")
    TargetColumnValue.objects.create(column=row_column, target=action.target, text="Police")
    milestone = Milestone.objects.create(
        action=action, title="Venue booked", due_date=datetime.date(2011, 9, 1)
    )
    MilestoneProposal.objects.create(
        action=action,
        milestone=milestone,
        title="Venue booked",
        due_date=datetime.date(2011, 9, 1),
        done_on=datetime.date(2011, 8, 30),
        author=officer,
    )
    Milestone.objects.create(
        action=action, title="Dropped step", due_date=datetime.date(2011, 10, 1)
    ).delete()
    return plan


def immediate(yes: bool):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {'IMMEDIATE' if yes else 'DEFERRED'}")


def emptied():
    """The database as a fresh `migrate` leaves it: no records, the roles' groups."""
    immediate(True)  # PostgreSQL truncates no table with checks pending in the transaction
    call_command("flush", interactive=False, verbosity=0)
    immediate(False)
    for name in roles.ALL_ROLES:
        Group.objects.create(name=name)


def everything(slug) -> dict:
    """{model: [records as serialised]} of the plan's archive, without the export time."""
    objects = archive.export_plan(slug)["objects"]
    grouped = {}
    for item in objects:
        grouped.setdefault(item["model"], []).append(item)
    return grouped


def test_a_plan_goes_out_and_comes_back_whole_with_its_history(seed_plan_with_history, tmp_path):
    before = everything(SLUG)
    history_before = {m: len(rows) for m, rows in before.items() if ".historical" in m}
    assert history_before["objectives.historicalobjective"] >= 1
    assert any(
        row["fields"]["title"] == "Invented and deleted" and row["fields"]["history_type"] == "-"
        for row in before["objectives.historicalobjective"]
    )
    # The database holds this plan only: every history row in it belongs in the archive.
    in_database = {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.model_name.startswith("historical") and model._base_manager.exists()
    }
    assert history_before == in_database
    assert "actions.historicalaction_owners" in history_before
    for model in (
        "objectives.historicalplancolumn",
        "actions.historicalactioncolumnvalue",
        "actions.historicaltargetcolumnvalue",
        "actions.historicalmilestoneproposal",
    ):
        assert history_before[model] >= 1, model
    assert history_before["actions.historicalmilestone"] == 3  # one milestone kept, one deleted
    history_dates = sorted(Action.history.values_list("history_date", flat=True))
    assert any(moment.microsecond % 1000 for moment in history_dates)
    file = tmp_path / "plan.json"
    call_command("export_plan_archive", SLUG, str(file), stdout=io.StringIO())

    emptied()
    assert not Plan.objects.exists() and not ActionUpdate.objects.exists()
    call_command("import_plan_archive", str(file), stdout=io.StringIO())

    after = everything(SLUG)
    assert after.keys() == before.keys()
    for model, rows in before.items():
        assert [row["pk"] for row in after[model]] == [row["pk"] for row in rows], model
        for old, new in zip(rows, after[model], strict=True):
            differing = {
                name: (value, new["fields"].get(name))
                for name, value in old["fields"].items()
                if new["fields"].get(name) != value
                and not (model == "auth.user" and name in REINSTATED_BY_AN_ADMINISTRATOR)
            }
            assert not differing, f"{model} {old['pk']}: {differing}"
    assert ActionUpdate.objects.filter(note="Behind: staff off.").get().author.first_name == "Ann"
    # History keeps its times to the microsecond (its order depends on them).
    assert sorted(Action.history.values_list("history_date", flat=True)) == history_dates
    # Users come back unable to sign in until an administrator reinstates them.
    assert not get_user_model().objects.filter(is_active=True).exists()
    # New rows do not collide with restored ids.
    factories.ObjectiveFactory(plan=Plan.objects.get(slug=SLUG), number=98, title="New after")


def test_each_plan_takes_its_own_history_and_no_other_plans(tmp_path):
    """With the demonstration's other plans (a review's action plan, a Serious Violence strategy,
    an internal plan) beside the seed plan, each plan's archive holds its own history and no other
    plan's: together they hold every history row but the partnership's own (the PCC's requests)."""
    load_demonstration(other_plans=True)
    plans = list(Plan.objects.order_by("pk"))
    assert len(plans) == 4
    held = {}
    for plan in plans:
        objects = archive.export_plan(plan.slug)["objects"]
        assert {o["fields"]["slug"] for o in objects if o["model"] == "cspplan.plan"} == {plan.slug}
        for item in objects:
            if ".historical" in item["model"]:
                assert item["pk"] not in held.setdefault(item["model"], set()), (plan, item)
                held[item["model"]].add(item["pk"])
    partnership_only = {"pcc.historicalpccrequest"}
    in_database = {
        model._meta.label_lower: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models()
        if model._meta.model_name.startswith("historical")
        and model._base_manager.exists()
        and model._meta.label_lower not in partnership_only
    }
    assert held == in_database
    # The review whose action plan it is comes with the plan, and back.
    review_plan = Plan.objects.get(kind=Plan.Kind.REVIEW)
    file = tmp_path / "review.json"
    call_command("export_plan_archive", review_plan.slug, str(file), stdout=io.StringIO())
    emptied()
    call_command("import_plan_archive", str(file), stdout=io.StringIO())
    assert Review.objects.get().action_plan.slug == review_plan.slug
    assert Review.history.count() == 2


def test_the_file_names_its_format_and_version(seed_plan_with_history, tmp_path):
    file = tmp_path / "plan.json"
    call_command("export_plan_archive", SLUG, str(file), stdout=io.StringIO())
    data = json.loads(file.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["plan"]) == ("cspplan-plan-archive", 1, SLUG)
    assert data["counts"]["cspplan.plan"] == 1
    # Passwords never travel in an archive.
    users = [o for o in data["objects"] if o["model"] == "auth.user"]
    assert users and {u["fields"]["password"] for u in users} == {"!"}


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "not valid JSON"),
        ('{"objects": []}', "not a plan archive"),
        (
            '{"format": "cspplan-plan-archive", "version": 99, "plan": "x", "objects": []}',
            "version 99",
        ),
        (
            '{"format": "cspplan-plan-archive", "version": 1, "plan": "x", "objects": [], '
            '"counts": {"cspplan.plan": 1}}',
            "cut short or edited",
        ),
    ],
)
def test_a_wrong_or_damaged_file_is_refused_clearly(tmp_path, content, message):
    file = tmp_path / "bad.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_plan_archive", str(file))
    assert "Nothing was restored" in str(refused.value)
    assert not Plan.objects.exists()


def test_a_corrupt_record_half_way_leaves_nothing(seed_plan_with_history, tmp_path):
    data = archive.export_plan(SLUG)
    emptied()
    objectives = [i for i, o in enumerate(data["objects"]) if o["model"] == "objectives.objective"]
    data["objects"][objectives[-1]]["fields"]["plan"] = "not an id"
    file = tmp_path / "corrupt.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="damaged"):
        call_command("import_plan_archive", str(file))
    assert not Plan.objects.exists() and not Objective.objects.exists()


def test_restoring_over_the_same_plan_is_refused(seed_plan_with_history, tmp_path):
    file = tmp_path / "plan.json"
    call_command("export_plan_archive", SLUG, str(file), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already has the plan"):
        call_command("import_plan_archive", str(file))


def test_users_need_their_groups(seed_plan_with_history, tmp_path):
    data = archive.export_plan(SLUG)
    emptied()
    Group.objects.all().delete()
    with pytest.raises(archive.ArchiveError, match="run `manage.py migrate` first"):
        archive.import_plan(data)
    assert not Plan.objects.exists()


def test_an_unknown_plan_is_named(tmp_path):
    with pytest.raises(CommandError, match="No plan has the slug “no-such-plan”"):
        call_command("export_plan_archive", "no-such-plan", str(tmp_path / "x.json"))


def crafted(data, user_fields, extra=()):
    """``data`` with its first user given ``user_fields``, and ``extra`` records added (as a
    crafted file would be: the counts made to match)."""
    user = next(o for o in data["objects"] if o["model"] == "auth.user")
    user["fields"].update(user_fields)
    data["objects"].extend(extra)
    counts = {}
    for item in data["objects"]:
        counts[item["model"]] = counts.get(item["model"], 0) + 1
    data["counts"] = counts
    return user


def test_a_crafted_archive_restores_no_working_login_nor_privilege(seed_plan_with_history):
    from django.contrib.auth.hashers import make_password

    data = archive.export_plan(SLUG)
    emptied()
    Group.objects.create(name="Site editors")  # a group no role needs, as a database may have
    user = crafted(
        data,
        {
            "password": make_password("known to the attacker"),
            "is_superuser": True,
            "is_staff": True,
            "is_active": True,
            "groups": [[roles.PLAN_MANAGERS], ["Site editors"]],
            "user_permissions": [["change_user", "auth", "user"]],
        },
    )
    archive.import_plan(data)

    restored = get_user_model().objects.get(pk=user["pk"])
    assert not restored.check_password("known to the attacker")
    assert not restored.has_usable_password()
    assert (restored.is_active, restored.is_staff, restored.is_superuser) == (False, False, False)
    assert not restored.user_permissions.exists()
    # Only the groups of the partnership roles come back (they mean nothing while inactive).
    assert list(restored.groups.values_list("name", flat=True)) == [roles.PLAN_MANAGERS]
    assert not get_user_model().objects.filter(is_active=True).exists()


@pytest.mark.parametrize(
    "record",
    [
        {"model": "auth.group", "pk": 900, "fields": {"name": "Crafted", "permissions": []}},
        {
            "model": "auth.permission",
            "pk": 9000,
            "fields": {"name": "x", "content_type": ["auth", "user"], "codename": "crafted"},
        },
        {
            "model": "sessions.session",
            "pk": "k",
            "fields": {"session_data": "", "expire_date": "2030-01-01T00:00:00Z"},
        },
    ],
)
def test_a_crafted_archive_with_records_no_archive_holds_is_refused(seed_plan_with_history, record):
    data = archive.export_plan(SLUG)
    emptied()
    crafted(data, {}, extra=[record])
    with pytest.raises(archive.ArchiveError, match=f"holds {record['model']} records"):
        archive.import_plan(data)
    assert not Plan.objects.exists()


def test_an_archive_made_before_measures_had_one_kind_of_period_is_read_as_it_meant(
    seed_plan_with_history, tmp_path
):
    """objectives 0007 (issue 21): the year-to-date flag and the unit "per month" of an older
    archive become ``figures_period``, as the migration reads them."""
    from objectives.models import Measure

    data = archive.export_plan(SLUG)
    for item in data["objects"]:
        if item["model"] in {"objectives.measure", "objectives.historicalmeasure"}:
            fields = item["fields"]
            period = fields.pop("figures_period")
            fields["figures_year_to_date"] = period == "year_to_date"
            if period == "month":
                fields["unit"] = "per_month"
    emptied()
    file = tmp_path / "older.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_plan_archive", str(file), stdout=io.StringIO())
    fires = Measure.objects.get(name="Accidental building fires")
    assert fires.figures_period == Measure.FiguresPeriod.YEAR_TO_DATE
    monthly = Measure.objects.get(name__startswith="Quality assured restorative justice")
    assert (monthly.unit, monthly.figures_period) == ("count", "month")
