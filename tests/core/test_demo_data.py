"""The demonstration data `make run` adds: illustrative progress that always says it is not real,
and three demo logins whose passwords never live in the repository."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from actions.models import ActionUpdate
from cspplan import roles
from cspplan.management.commands import create_demo_users
from cspplan.models import Officer, Plan
from objectives.models import ApprovalStatus, Measurement

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def seeded():
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)


def load_demo():
    call_command("loaddata", "demo_progress", verbosity=0)


def run_create_demo_users():
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


def printed_passwords(output):
    return dict(re.findall(r"^(demo-\w+) .*Created with password: (\S+)", output, flags=re.M))


# --- demo progress --------------------------------------------------------------------------------


def test_demo_progress_loads_on_top_of_the_seed_plan(seeded):
    load_demo()

    assert Measurement.objects.count() >= 20
    assert ActionUpdate.objects.count() >= 10
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    assert Measurement.objects.for_plan(plan).count() == Measurement.objects.count()


def test_every_demo_record_is_labelled_demonstration_data(seeded):
    load_demo()

    records = [*Measurement.objects.all(), *ActionUpdate.objects.all()]
    assert records and all(record.is_demo for record in records)
    assert {record.source for record in records} == {"Demonstration data – not real figures"}


def test_demo_progress_is_approved_so_the_dashboard_can_show_it(seeded):
    load_demo()

    assert not Measurement.objects.exclude(status=ApprovalStatus.APPROVED).exists()
    assert not ActionUpdate.objects.exclude(approval=ApprovalStatus.APPROVED).exists()
    assert not Measurement.objects.filter(approved_at=None).exists()


def test_demo_progress_mixes_statuses_ratings_and_overdue_actions(seeded):
    load_demo()

    statuses = set(ActionUpdate.objects.values_list("status", flat=True))
    assert {"completed", "on_track", "at_risk", "off_track"} <= statuses
    assert set(Measurement.objects.exclude(rating="").values_list("rating", flat=True)) >= {
        "green",
        "amber",
    }
    latest_open_and_late = [
        update
        for update in ActionUpdate.objects.select_related("action")
        if update.action.due_date
        and update.status not in ("completed", "cancelled")
        and update.action.due_date < update.action.target.objective.plan.period_end
    ]
    assert latest_open_and_late, "some demo actions should be overdue by the end of the plan"


def test_running_totals_are_recorded_only_against_year_to_date_measures(seeded):
    load_demo()

    running_totals = Measurement.objects.filter(note__icontains="cumulative")
    assert running_totals.exists()
    assert all(m.measure.figures_year_to_date for m in running_totals.select_related("measure"))


def test_demo_figures_stay_inside_the_plan_year(seeded):
    load_demo()

    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    for measurement in Measurement.objects.all():
        assert plan.period_start <= measurement.period_start <= measurement.period_end
        assert measurement.period_end <= plan.period_end
    for update in ActionUpdate.objects.all():
        assert plan.period_start <= update.date <= plan.period_end


def test_loading_the_demo_twice_does_not_duplicate_it(seeded):
    load_demo()
    counts = (Measurement.objects.count(), ActionUpdate.objects.count())

    load_demo()

    assert (Measurement.objects.count(), ActionUpdate.objects.count()) == counts


def test_the_seed_fixture_alone_holds_no_progress(seeded):
    assert not Measurement.objects.exists()
    assert not ActionUpdate.objects.exists()


# --- make run: load_seed_plan --demo ----------------------------------------------------------


def test_load_seed_plan_demo_fills_an_empty_database_once(monkeypatch):
    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)
    out = io.StringIO()
    call_command("load_seed_plan", demo=True, stdout=out)
    # The seed plan is the one partnership plan (the demonstration's strategy, internal plan
    # and review action plan are drafts of other kinds: demonstration/statutory.py).
    assert Plan.objects.partnership_plans().count() == 1
    counts = (Plan.objects.count(), Measurement.objects.count(), User.objects.count())

    again = io.StringIO()
    call_command("load_seed_plan", demo=True, stdout=again)

    assert counts[0] == 4 and counts[1] > 0 and counts[2] == 3
    assert (Plan.objects.count(), Measurement.objects.count(), User.objects.count()) == counts
    assert "nothing loaded" in again.getvalue()
    assert not printed_passwords(again.getvalue())


# --- create_demo_users ------------------------------------------------------------------------


def test_it_creates_an_lfrs_officer_a_plan_manager_and_the_chair(seeded, monkeypatch):
    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)

    run_create_demo_users()

    groups = {
        user.username: set(user.groups.values_list("name", flat=True))
        for user in User.objects.all()
    }
    assert groups == {
        "demo-officer": {roles.PARTNERSHIP_OFFICERS},
        "demo-manager": {roles.PLAN_MANAGERS},
        "demo-chair": {roles.CHAIR},
    }
    assert all(user.is_staff and not user.is_superuser for user in User.objects.all())
    officer = Officer.objects.get(user__username="demo-officer")
    assert officer.name == "John Buck"
    assert officer.organisation.short_name == "LFRS"
    assert roles.officer_organisation(officer.user) == officer.organisation


def test_the_demo_plan_manager_and_chair_are_members_of_the_default_partnership(
    seeded, monkeypatch, settings
):
    from cspplan import permissions
    from cspplan.models import Partnership

    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)
    assert settings.DEFAULT_PARTNERSHIP_SLUG == "west-lancashire-csp"

    run_create_demo_users()
    run_create_demo_users()  # a second run adds no second membership

    partnership = Partnership.objects.get(slug="west-lancashire-csp")
    assert set(partnership.members.values_list("username", flat=True)) == {
        "demo-manager",
        "demo-chair",
    }
    manager = User.objects.get(username="demo-manager")
    assert list(permissions.managed_plans(manager)) == list(partnership.plans.all())
    assert not permissions.manages_no_partnership(manager)


def test_without_the_default_partnership_the_command_says_so(monkeypatch):
    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)

    output = run_create_demo_users()

    assert "partnership 'west-lancashire-csp' not found (load the seed plan first)" in output
    assert not User.objects.filter(partnerships__isnull=False).exists()


def test_it_prints_each_generated_password_once(seeded, monkeypatch):
    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)

    first = printed_passwords(run_create_demo_users())
    second = run_create_demo_users()

    assert set(first) == {"demo-officer", "demo-manager", "demo-chair"}
    for username, password in first.items():
        assert User.objects.get(username=username).check_password(password)
    assert not printed_passwords(second)
    assert second.count("password unchanged") == 3


def test_running_again_never_resets_a_password(seeded, monkeypatch):
    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)
    first = printed_passwords(run_create_demo_users())

    monkeypatch.setenv(create_demo_users.PASSWORD_VARIABLE, "a-different-one-later")
    run_create_demo_users()

    for username, password in first.items():
        assert User.objects.get(username=username).check_password(password)


def test_generated_passwords_differ_every_time(monkeypatch):
    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)
    first = printed_passwords(run_create_demo_users())
    User.objects.all().delete()

    second = printed_passwords(run_create_demo_users())

    assert len(set(first.values())) == 3
    assert not set(first.values()) & set(second.values())


def test_it_reads_the_shared_password_from_the_environment(seeded, monkeypatch):
    monkeypatch.setenv(create_demo_users.PASSWORD_VARIABLE, "correct-horse-battery")

    output = run_create_demo_users()

    assert all(user.check_password("correct-horse-battery") for user in User.objects.all())
    assert User.objects.count() == 3
    assert "correct-horse-battery" not in output
    assert not printed_passwords(output)


def test_the_command_holds_no_fixed_password():
    source = Path(create_demo_users.__file__).read_text(encoding="utf-8")

    assert "set_password(" not in source
    assert not re.search(r"password\s*=\s*['\"]", source)


def test_it_creates_the_groups_when_no_migration_has(seeded, monkeypatch):
    from django.contrib.auth.models import Group

    Group.objects.filter(name__in=roles.ALL_ROLES).delete()
    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)

    run_create_demo_users()

    # The demo logins' roles (the demo has no county reader: its one partnership is no county).
    demo_roles = {spec.group for spec in create_demo_users.DEMO_USERS}
    assert demo_roles == {roles.PARTNERSHIP_OFFICERS, roles.PLAN_MANAGERS, roles.CHAIR}
    assert set(Group.objects.values_list("name", flat=True)) >= demo_roles


def test_the_demonstration_statutory_records_are_labelled_private_and_never_count(monkeypatch):
    from pcc.models import PccRequest
    from progress.duties import Outcome, check_plan
    from reviews.models import Review

    monkeypatch.delenv(create_demo_users.PASSWORD_VARIABLE, raising=False)
    call_command("load_seed_plan", demo=True, stdout=io.StringIO())
    review = Review.objects.get()
    assert review.demonstration and not review.is_published and "DEMO" in str(review)
    assert PccRequest.objects.get().demonstration
    others = Plan.objects.exclude(kind=Plan.Kind.PARTNERSHIP)
    assert sorted(others.values_list("kind", flat=True)) == [
        "internal",
        "review",
        "serious_violence",
    ]
    assert all("Demonstration" in plan.title or "DEMO" in plan.title for plan in others)
    assert not others.public().exists()
    strategy = others.get(kind=Plan.Kind.SERIOUS_VIOLENCE)
    consulted = {d.key: d for d in check_plan(strategy).duties}["consulted"]
    assert consulted.outcome == Outcome.NOT_RECORDED and "educational" in consulted.finding
