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
- ``ReminderLog.objects.visible_to(user)``: the reminders a user may read.

The chair reads everything and edits nothing.
"""

from django.db.models import QuerySet

from cspplan import roles
from cspplan.models import Partnership, Plan, is_superuser


def reads_everything_in_admin(user) -> bool:
    """Superusers and the chair read every record; everyone else sees the rows they edit."""
    return is_superuser(user) or roles.is_chair(user)


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
    return reads_everything_in_admin(user) or roles.is_plan_manager(user)


def may_edit_action_wording(user) -> bool:
    """Officers change an action's status and due date; its published words are the plan
    managers' (the board agreed them)."""
    return is_superuser(user) or roles.is_plan_manager(user)
