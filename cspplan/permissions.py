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
everything of their own partnerships and edits nothing.
"""

from django.db.models import QuerySet

from cspplan import roles
from cspplan.models import Partnership, Plan, is_superuser


def reads_own_partnerships_in_admin(user) -> bool:
    """The chair reads every record of their own partnerships (``read_by``); everyone else but
    superusers sees the rows they edit."""
    return roles.is_chair(user)


def dashboard_plans(user) -> QuerySet:
    """The plans whose dashboard, approval queue and board reports a user may open: those of
    the partnerships a chair or plan manager is a member of; superusers every plan."""
    if not roles.can_see_dashboard(user):
        return Plan.objects.none()
    return Plan.objects.in_partnerships_of(user)


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
