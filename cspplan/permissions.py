"""Who may do what across the site: the questions every app asks about a user.

Group permissions (created by the roles migration) say which *kinds* of record a role may
change; which *rows* is said by each model's queryset, so a boundary is drawn once, beside the
rows it guards:

- ``<Model>.objects.managed_by(user)`` (``cspplan.models.PlanRecordQuerySet``): every record in
  the plans of the partnerships a plan manager is a member of; superusers everything.
- ``Action.objects.editable_by(user)``, ``ActionUpdate.objects.editable_by(user)``,
  ``Measure.objects.editable_by(user)``, ``Measurement.objects.editable_by(user)``: what an
  officer may record progress against (their own agency's rows), and what a manager manages.
- ``Action.objects.reported_by(user)``, ``Measure.objects.reported_by(user)``: the rows on the
  officer's "my actions" page.
- ``<Model>.objects.read_by(user)``: what the chair reads: every record of the partnerships
  they are a member of, never another partnership's; superusers everything.
- ``ReminderLog.objects.visible_to(user)``: the reminders a user may read.
- ``Plan.objects.visible_to(user)``: published plans, plus the drafts staff may preview (their
  own partnerships').
- ``Officer.objects.visible_to(user)``, ``.choosable_by(user)``, ``.managed_by(user)``: the
  shared officer records (see ``cspplan.models.OfficerQuerySet`` for the rule).

Partnerships are the outer boundary: apart from superusers, nobody reads or writes a record of
a partnership they are not a member of, except an officer's own agency's rows. The chair reads
everything of their own partnerships and edits nothing. County readers are the one reader
across partnerships, and only of what is public: every public plan's approved progress on the
dashboard and board report (``dashboard_plans``), never a draft plan, never progress awaiting
approval (``reads_progress_awaiting_approval``), nothing to change.
"""

from django.db.models import Q, QuerySet

from cspplan import roles
from cspplan.models import Partnership, Plan, is_superuser


def reads_own_partnerships_in_admin(user) -> bool:
    """The chair reads every record of their own partnerships (``read_by``); everyone else but
    superusers sees the rows they edit."""
    return roles.is_chair(user)


def dashboard_plans(user) -> QuerySet:
    """The plans whose dashboard and board reports a user may open: those of the partnerships
    a chair or plan manager is a member of; for a county reader, every public plan (published
    or archived, of every partnership: never a draft); superusers every plan."""
    if not roles.can_see_dashboard(user):
        return Plan.objects.none()
    plans = Plan.objects.none()
    if is_superuser(user) or roles.reads_own_partnerships(user):
        plans = Plan.objects.in_partnerships_of(user)
    if roles.is_county_reader(user):
        # By id: OR-ing the members join with the public filter would repeat a public plan
        # once per member of its partnership.
        plans = Plan.objects.filter(
            Q(pk__in=plans.values("pk")) | Q(pk__in=Plan.objects.public().values("pk"))
        )
    return plans


def reads_progress_awaiting_approval(user, plan) -> bool:
    """Whether ``user`` sees ``plan``'s approval queue and how much waits in it: the plan's own
    partnership's chair and plan managers (``dashboard_plans`` holds no other plan for them) and
    superusers. A county reader reads published progress only, unless also a member of the
    plan's partnership. No query but for a county reader."""
    if is_superuser(user):
        return True
    if not roles.is_county_reader(user):
        return roles.reads_own_partnerships(user)
    return Plan.objects.in_partnerships_of(user).filter(pk=plan.pk).exists()


def managed_partnerships(user) -> QuerySet:
    """Partnerships whose plans the user manages."""
    return Partnership.objects.managed_by(user)


def managed_plans(user) -> QuerySet:
    """Plans the user manages: those of their managed partnerships."""
    return Plan.objects.managed_by(user)


def manages_plan(user, plan) -> bool:
    return managed_plans(user).filter(pk=plan.pk).exists()


def manages_no_partnership(user) -> bool:
    """A plan manager who is a member of no partnership, and so manages nothing yet."""
    return (
        roles.is_plan_manager(user)
        and not is_superuser(user)
        and not Partnership.members.through.objects.filter(user=user).exists()
    )


def may_read_reminders(user) -> bool:
    return is_superuser(user) or roles.is_chair(user) or roles.is_plan_manager(user)


def may_edit_action_wording(user) -> bool:
    """Officers change an action's status and due date; its published words are the plan
    managers' (the board agreed them)."""
    return is_superuser(user) or roles.is_plan_manager(user)
