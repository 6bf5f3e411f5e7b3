"""Which of the records every partnership shares a user may see and change: organisations
(and, through them, their aliases) and officers.

These rules name ``Plan`` (the plans a record is used in), which is defined in
``cspplan.models`` beside the models that use these querysets; it is read when a query is built,
not when this module is imported.
"""

from django.db import models

from cspplan import roles


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def _plans():
    from cspplan.models import Plan

    return Plan.objects


# From an organisation to the plans it works in, through the Responsibility relations' reverse
# names (this core module names no app above it).
ORGANISATION_USED_IN = (
    "actions_action_owned__target__objective__plan",
    "objectives_target_owned__objective__plan",
)


class OrganisationQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def used_in(self, plans):
        """The organisations owning a target row or an action of any of ``plans``."""
        used = models.Q()
        for path in ORGANISATION_USED_IN:
            used |= models.Q(**{f"{path}__in": plans})
        return self.filter(pk__in=self.model.objects.filter(used).values("pk"))

    def changeable_by(self, user):
        """The organisations ``user`` may change, and give or change aliases of: a superuser
        any; anyone else those no plan of another partnership uses (``SharedUseMixin``'s rule:
        an alias is a spelling every partnership's imports match, so it is shared as its
        organisation is)."""
        if is_superuser(user):
            return self.all()
        elsewhere = _plans().exclude(pk__in=_plans().managed_by(user).values("pk"))
        return self.exclude(pk__in=self.model.objects.used_in(elsewhere).values("pk"))

    def new_to(self, partnership):
        """The organisations working in other partnerships' plans and in none of
        ``partnership``'s (None: a partnership still to be created). Making one of them the
        owner of a record lets its officers see and update that record, so an import asks
        the plan manager to confirm each (importer/writing.py)."""
        own = _plans().filter(partnership=partnership) if partnership else _plans().none()
        others = _plans().exclude(pk__in=own.values("pk"))
        return self.filter(pk__in=self.model.objects.used_in(others).values("pk")).exclude(
            pk__in=self.model.objects.used_in(own).values("pk")
        )

    def matching(self, name):
        """Organisations called ``name`` or known by it as an alias, ignoring case."""
        name = name.strip()
        return self.filter(
            models.Q(name__iexact=name)
            | models.Q(short_name__iexact=name)
            | models.Q(aliases__name__iexact=name)
        ).distinct()


class OfficerQuerySet(models.QuerySet):
    """Which officer records a user may see and change.

    Officer records are shared by every partnership, and an officer's login (``user``) and
    ``organisation`` decide which rows that login edits, in *every* partnership (an officer
    edits what their agency owns). So:

    - superusers see and change every officer, and alone link a login or change the agency of an
      officer who has one (``cspplan.shared_admin.OfficerAdmin``);
    - a plan manager sees the officers who lead an action or a target row in the plans of their
      partnerships, and officers attached to nothing yet (no login, leading nothing anywhere),
      such as one they have just added; they may choose those as lead officers;
    - a plan manager changes (or deletes) only officers who lead nothing outside the plans they
      manage: an officer who also leads in another partnership's plan is that partnership's
      too, and is changed by a superuser;
    - the chair sees the officers who lead in their partnerships' plans; a partnership officer
      their own record and their agency's officers; nobody else any.
    """

    # From an officer to the plans they lead in, through the Responsibility relations' reverse
    # names, so this core module names no app above it.
    LEADS_IN = (
        "actions_action_led__target__objective__plan",
        "objectives_target_led__objective__plan",
    )

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def _leading_in(self, plans):
        leads = models.Q()
        for path in self.LEADS_IN:
            leads |= models.Q(**{f"{path}__in": plans})
        return self.model.objects.filter(leads).values("pk")

    def unattached(self):
        """No login, and leading nothing in any plan."""
        return self.filter(user__isnull=True).exclude(pk__in=self._leading_in(_plans().all()))

    def visible_to(self, user):
        if is_superuser(user):
            return self.all()
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        shown = models.Q(user=user)
        if roles.is_plan_manager(user) or roles.is_chair(user):
            plans = _plans().in_partnerships_of(user)
            shown |= models.Q(pk__in=self._leading_in(plans))
        if roles.is_plan_manager(user):
            shown |= models.Q(pk__in=self.unattached().values("pk"))
        if roles.is_partnership_officer(user):
            organisation = roles.officer_organisation(user)
            if organisation is not None:
                shown |= models.Q(organisation=organisation)
        return self.filter(shown)

    def choosable_by(self, user):
        """The officers a user may name as lead officers: those they see, if they manage."""
        if is_superuser(user):
            return self.all()
        if not roles.is_plan_manager(user):
            return self.none()
        return self.visible_to(user)

    def managed_by(self, user):
        if is_superuser(user):
            return self.all()
        if not roles.is_plan_manager(user):
            return self.none()
        managed = _plans().managed_by(user)
        elsewhere = _plans().exclude(pk__in=managed.values("pk"))
        return self.filter(
            models.Q(pk__in=self._leading_in(managed))
            | models.Q(pk__in=self.unattached().values("pk"))
        ).exclude(pk__in=self._leading_in(elsewhere))
