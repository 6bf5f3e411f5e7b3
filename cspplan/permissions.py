"""Which rows each user may see and edit: the one place that answers it.

Group permissions (created by the roles migration) say which *kinds* of record a role may
change; the querysets here say *which rows*. The admin, "my actions", the plan importer and the
bulk progress import all ask these functions, so a boundary is drawn once.

- Superusers: everything.
- Plan managers: every record in the plans of the partnerships they are members of
  (``Partnership.members``). A manager who is a member of none manages nothing: on a site with
  several partnerships, "none" must never quietly mean "all" (the admin index tells such a
  manager how to get a membership).
- Partnership officers: actions owned by their organisation (``Officer.user`` →
  ``Officer.organisation`` among ``action.owners``), measures of target rows their organisation
  owns, and the updates and measurements recorded against those.
- Chair: reads everything, edits nothing.
"""

from django.db.models import Q, QuerySet

from cspplan import roles
from cspplan.models import Partnership, Plan


def _is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def reads_everything_in_admin(user) -> bool:
    """Superusers and the chair read every record; everyone else sees the rows they edit."""
    return _is_superuser(user) or roles.is_chair(user)


def managed_partnerships(user) -> QuerySet:
    """Partnerships whose plans the user manages: for a plan manager, exactly the partnerships
    they are a member of (``Partnership.members``), so none if they are a member of none."""
    if _is_superuser(user):
        return Partnership.objects.all()
    if not roles.is_plan_manager(user):
        return Partnership.objects.none()
    return Partnership.objects.filter(members=user)


def manages_no_partnership(user) -> bool:
    """A plan manager who is a member of no partnership, and so manages nothing yet."""
    return (
        roles.is_plan_manager(user)
        and not _is_superuser(user)
        and not Partnership.members.through.objects.filter(user=user).exists()
    )


def managed_plans(user) -> QuerySet:
    """Plans the user manages: those of their managed partnerships."""
    if _is_superuser(user):
        return Plan.objects.all()
    return Plan.objects.filter(partnership__in=managed_partnerships(user))


def manages_plan(user, plan) -> bool:
    return managed_plans(user).filter(pk=plan.pk).exists()


def editable_actions(user) -> QuerySet:
    from actions.models import Action

    if _is_superuser(user):
        return Action.objects.all()
    if roles.is_plan_manager(user):
        return Action.objects.filter(target__objective__plan__in=managed_plans(user))
    organisation = roles.officer_organisation(user)
    if roles.is_partnership_officer(user) and organisation is not None:
        return Action.objects.filter(pk__in=Action.objects.owned_by(organisation).values("pk"))
    return Action.objects.none()


def editable_measures(user) -> QuerySet:
    """Measures the user may record measurements against."""
    from objectives.models import Measure

    if _is_superuser(user):
        return Measure.objects.all()
    if roles.is_plan_manager(user):
        return Measure.objects.filter(target__objective__plan__in=managed_plans(user))
    organisation = roles.officer_organisation(user)
    if roles.is_partnership_officer(user) and organisation is not None:
        return Measure.objects.filter(
            pk__in=Measure.objects.filter(target__owners=organisation).values("pk")
        )
    return Measure.objects.none()


def editable_measurements(user) -> QuerySet:
    from objectives.models import Measurement

    return Measurement.objects.filter(measure__in=editable_measures(user).values("pk"))


def editable_updates(user) -> QuerySet:
    from actions.models import ActionUpdate

    return ActionUpdate.objects.filter(action__in=editable_actions(user).values("pk"))


def editable_plan_records(user, model) -> QuerySet:
    """Objectives, targets, sections, priorities… of the plans the user manages.

    ``model`` must have a path to Plan; see ``PLAN_PATHS``.
    """
    manager = model._default_manager
    if _is_superuser(user):
        return manager.all()
    if not roles.is_plan_manager(user):
        return manager.none()
    label = model._meta.label_lower
    if label in PARTNERSHIP_PATHS:
        return manager.filter(**{f"{PARTNERSHIP_PATHS[label]}__in": managed_partnerships(user)})
    path = PLAN_PATHS[label]
    # A subquery, not a join: a path through a reverse relation would repeat rows.
    return manager.filter(
        pk__in=manager.filter(**{f"{path}__in": managed_plans(user)}).values("pk")
    )


# How each plan record reaches its plan, for editable_plan_records().
PLAN_PATHS = {
    "cspplan.plan": "pk",
    "cspplan.plansection": "plan",
    "objectives.objective": "plan",
    "objectives.target": "objective__plan",
    "objectives.measure": "target__objective__plan",
    "objectives.measurement": "measure__target__objective__plan",
    "actions.action": "target__objective__plan",
    "actions.actionupdate": "action__target__objective__plan",
    "priorities.prioritytheme": "plan",
    "priorities.priority": "plan",
    "consultation.engagementevent": "plan",
    "consultation.consultation": "plan",
    "consultation.feedback": "plan",
}
# Records that belong to a partnership rather than to one of its plans.
PARTNERSHIP_PATHS = {
    "cspplan.partnership": "pk",
    "consultation.survey": "partnership",
    "consultation.surveyresult": "survey__partnership",
}


def visible_reminders(user) -> QuerySet:
    """The update reminders e-mailed to lead officers that the user may read in the admin.

    Staff with an overview only (a reminder holds the address it went to): the chair and
    superusers read them all, as they read every record; a plan manager reads those sent to
    officers who lead an action or a target row in the plans they manage. A reminder names its
    officer, not a plan, so an officer who leads in two partnerships' plans is seen by both.
    Officers read none: "my actions" already tells them what is due.
    """
    from actions.models import Action
    from objectives.models import ReminderLog, Target

    if reads_everything_in_admin(user):
        return ReminderLog.objects.all()
    if not roles.is_plan_manager(user):
        return ReminderLog.objects.none()
    plans = managed_plans(user)
    action_leads = Action.lead_officers.through.objects.filter(
        action__target__objective__plan__in=plans
    ).values("officer")
    target_leads = Target.lead_officers.through.objects.filter(
        target__objective__plan__in=plans
    ).values("officer")
    return ReminderLog.objects.filter(Q(officer__in=action_leads) | Q(officer__in=target_leads))


def may_read_reminders(user) -> bool:
    return reads_everything_in_admin(user) or roles.is_plan_manager(user)


def may_edit_action_wording(user) -> bool:
    """Officers change an action's status and due date; its published words are the plan
    managers' (the board agreed them)."""
    return _is_superuser(user) or roles.is_plan_manager(user)


def reported_actions(user) -> QuerySet:
    """The actions on the user's "my actions" page: those their agency owns or they lead, in
    plans still running (not archived), and only those they may edit."""
    from actions.models import Action

    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None:
        return Action.objects.none()
    mine = Action.objects.filter(lead_officers=officer)
    if officer.organisation_id:
        mine = mine | Action.objects.filter(owners=officer.organisation_id)
    return (
        editable_actions(user)
        .filter(pk__in=mine.values("pk"))
        .exclude(target__objective__plan__status=Plan.Status.ARCHIVED)
    )


def reported_measures(user) -> QuerySet:
    """The measures on the user's "my actions" page: those of target rows their agency owns or
    they lead, in plans not archived, and only those they may edit."""
    from objectives.models import Measure

    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None:
        return Measure.objects.none()
    mine = Measure.objects.filter(target__lead_officers=officer)
    if officer.organisation_id:
        mine = mine | Measure.objects.filter(target__owners=officer.organisation_id)
    return (
        editable_measures(user)
        .filter(pk__in=mine.values("pk"))
        .exclude(target__objective__plan__status=Plan.Status.ARCHIVED)
    )
