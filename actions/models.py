"""Actions in the delivery plan and the progress updates officers record against them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actions.milestones import MilestoneTally, status_with_milestones
from actions.milestones import tally as milestone_tally
from cspplan import roles
from cspplan.limits import NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import PUBLIC_STATUSES, Plan, PlanRecordQuerySet, Responsibility, is_superuser
from objectives.figures import long_date
from objectives.models import ApprovalStatus, PlanManagerDecision, Target


class ActionStatus(models.TextChoices):
    # The default: the plan itself says nothing about progress, so claiming "not started" for
    # an ongoing action would be false.
    NOT_REPORTED = "not_reported", _("No update yet")
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETED = "completed", _("Completed")
    ONGOING = "ongoing", _("Ongoing (business as usual)")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def is_closed(self):
        return self in CLOSED_STATUSES


# Finished: owes no more reports and cannot be overdue.
CLOSED_STATUSES = frozenset({ActionStatus.COMPLETED, ActionStatus.CANCELLED})


def is_overdue(action, status, day) -> bool:
    """An open action past its due date on ``day``: late is late, whatever its status says.
    The one overdue rule: ``progress.rag.assess_action`` (every page, file and count) and the
    admin's list ask it; ``ActionQuerySet.overdue`` is its filter."""
    return (
        not ActionStatus(status).is_closed and action.due_date is not None and action.due_date < day
    )


def dated_words(date, sent_on) -> str:
    """An update's day in words, with the day it was sent when that was later: "31 March 2012,
    sent 6 December 2026" (``ActionUpdate.dated``; "my actions" reads the two days without
    loading the update)."""
    described = long_date(date)
    if sent_on and sent_on > date:
        return gettext("%(day)s, sent %(sent)s") % {"day": described, "sent": long_date(sent_on)}
    return described


def state_words(status, overdue: bool, milestones: MilestoneTally | None = None) -> str:
    """An action's state in words, as every surface shows it: "At risk · overdue", with its
    milestones counted when it has any: "At risk · 2 of 5 milestones done, 1 late"."""
    words = str(ActionStatus(status).label)
    if overdue:
        words = f"{words} · {gettext('overdue')}"
    if milestones is not None and milestones.total:
        words = f"{words} · {milestones.words}"
    return words


def action_state_words(action, status, day, milestones) -> str:
    """The words of an action's state on ``day`` from its status and its milestones as they
    stood (``actions.milestones``), for pages that show the state without a full assessment
    ("my actions", search, the admin's list): the same words ``progress.rag.assess_action``
    gives."""
    counted = milestone_tally(milestones, day)
    shown = status_with_milestones(status, counted)
    return state_words(shown, is_overdue(action, shown, day), counted)


class ActionQuerySet(PlanRecordQuerySet):
    plan_path = "target__objective__plan"

    def get_by_natural_key(self, plan_slug, objective_number, target_order, order):
        return self.get(
            target__objective__plan__slug=plan_slug,
            target__objective__number=objective_number,
            target__order=target_order,
            order=order,
        )

    def for_plan(self, plan):
        return self.filter(target__objective__plan=plan)

    def public(self):
        return self.filter(target__objective__plan__status__in=PUBLIC_STATUSES)

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, *, today=None):
        """Open actions past their due date on their plan's reporting day
        (``Plan.reporting_day``): today, or the plan's last day once it has ended."""
        today = today or timezone.localdate()
        return self.open().filter(
            Q(due_date__lt=today) & Q(due_date__lt=F("target__objective__plan__period_end"))
        )

    def owned_by(self, organisation):
        return self.filter(owners=organisation)

    def editable_by(self, user):
        """Actions the user may update: a plan manager's plans, or those an officer's agency
        owns (``Officer.user`` → ``Officer.organisation`` among ``action.owners``)."""
        if is_superuser(user) or roles.is_plan_manager(user):
            return self.managed_by(user)
        organisation = roles.officer_organisation(user)
        if roles.is_partnership_officer(user) and organisation is not None:
            # A subquery: owners is many-to-many, and a join would repeat rows.
            return self.filter(pk__in=Action.objects.owned_by(organisation).values("pk"))
        return self.none()

    def reported_by(self, user):
        """The actions on the user's "my actions" page: those their agency owns or they lead,
        in plans still running (not archived), among those they may edit."""
        officer = getattr(user, "officer", None) if user.is_authenticated else None
        if officer is None:
            return self.none()
        mine = Q(lead_officers=officer)
        if officer.organisation_id:
            mine |= Q(owners=officer.organisation_id)
        return (
            self.editable_by(user)
            .filter(pk__in=Action.objects.filter(mine).values("pk"))
            .exclude(target__objective__plan__status=Plan.Status.ARCHIVED)
        )


def shorten(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its longest start of whole words
    that fits with an ellipsis ("…"): never cut mid-word. A single word longer than the limit
    is the one case cut inside a word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]  # room for the ellipsis
    if not text[limit - 1].isspace() and " " in cut.strip():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


class Action(Responsibility):
    """One action in the delivery plan, in the published order within its target row.

    A bulleted list that completes an action's sentence ("…including: - • Operation Summer
    Nights • …") stays in that action's text, one "• " line per bullet.
    """

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(help_text="Position within the target row, from 1.")
    text = LimitedTextField(
        max_length=NOTE_MAX_LENGTH, help_text="The action exactly as published."
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="When it is due, where the plan says (e.g. 'by July 2011' is 31 July 2011).",
    )
    due_wording = models.CharField(
        max_length=100,
        blank=True,
        help_text="The words the due date was read from, e.g. by July 2011.",
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus, default=ActionStatus.NOT_REPORTED
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one on every save, so two officers' edits cannot overwrite "
        "each other unseen.",
    )
    history = HistoricalRecords(m2m_fields=["owners", "lead_officers", "funding_sources"])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["target", "order"]
        constraints = [
            models.UniqueConstraint(fields=["target", "order"], name="action_unique_order"),
        ]

    # The longest name an action goes by in staff lists, menus and messages; the change page and
    # the public pages show its whole text.
    SHORT_TEXT_LENGTH = 100

    def __str__(self):
        first_line = self.text.strip().splitlines()[0].strip() if self.text.strip() else ""
        return shorten(first_line, self.SHORT_TEXT_LENGTH)

    @property
    def is_shortened(self) -> bool:
        """Whether ``str(action)`` leaves words out: lists that show it offer the whole text
        (templates/includes/full_action_text.html)."""
        return str(self) != self.text.strip()

    def natural_key(self):
        return (*self.target.natural_key(), self.order)

    natural_key.dependencies = ["objectives.target"]

    @property
    def objective(self):
        return self.target.objective


class ActionUpdateQuerySet(PlanRecordQuerySet):
    plan_path = "action__target__objective__plan"

    def get_by_natural_key(self, uid):
        return self.get(uid=uid)

    def approved(self):
        return self.filter(approval=ApprovalStatus.APPROVED)

    def for_plan(self, plan):
        return self.filter(action__target__objective__plan=plan)

    def editable_by(self, user):
        return self.filter(action__in=Action.objects.editable_by(user).values("pk"))

    def returned_to(self, user):
        """Updates returned to the officer that no newer update on the action answers yet,
        among the actions on their "my actions" page."""
        # Ids grow with creation, so "a later update" needs no tie-break on equal timestamps.
        answered = ActionUpdate.objects.filter(action=OuterRef("action"), pk__gt=OuterRef("pk"))
        return (
            self.filter(
                approval=ApprovalStatus.REJECTED,
                action__in=Action.objects.reported_by(user).values("pk"),
            )
            .exclude(Exists(answered))
            .select_related("action__target__objective__plan", "approved_by")
            .order_by("action__target__objective__number", "action__target__order", "pk")
        )


class ActionUpdate(PlanManagerDecision):
    """A dated progress note on an action, with the status it reports."""

    approval_field = "approval"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(default=timezone.localdate, help_text="The date progress refers to.")
    status = models.CharField(max_length=20, choices=ActionStatus)
    note = LimitedTextField(
        max_length=NOTE_MAX_LENGTH, help_text="What has happened since the last update."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where this comes from, e.g. CSP board minutes."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(
        max_length=200, blank=True, help_text="Who wrote it, as shown publicly."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approval = models.CharField(
        max_length=10, choices=ApprovalStatus, default=ApprovalStatus.SUBMITTED
    )
    history = HistoricalRecords()

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "-date", "-created_at"]
        indexes = [
            # "Latest update per action" on the dashboard and public objective pages.
            models.Index(fields=["action", "-date"], name="actionupdate_action_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approval="approved") | models.Q(approved_at__isnull=False),
                name="actionupdate_approved_has_approved_at",
            ),
        ]

    def clean(self):
        """An update describes its plan's year: it cannot be dated after the plan's last day
        (a final report written later is dated on that day, the plan's reporting day). A
        bilingual partnership's update is approved only with its note in Welsh and English."""
        super().clean()
        if self.action_id is None or self.date is None:
            return
        plan = self.action.target.objective.plan
        if self.date > plan.period_end:
            raise ValidationError(
                {"date": f"Date the update by {plan.period_end:%d/%m/%Y}, the plan's last day."}
            )
        if self.approval == ApprovalStatus.APPROVED and (refusal := self.language_refusal(plan)):
            raise ValidationError({"approval": refusal})

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"

    def natural_key(self):
        return (str(self.uid),)

    @property
    def sent_on(self):
        """The day it was recorded (in the site's time zone), which may be later than the day
        it describes: a final report on a finished plan is dated on the plan's last day."""
        return timezone.localdate(self.created_at) if self.created_at else None

    @property
    def is_sent_late(self) -> bool:
        """Recorded on a later day than the one it describes: every surface then says both."""
        return self.sent_on is not None and self.date is not None and self.sent_on > self.date

    @property
    def sent_words(self) -> str:
        return gettext("sent %(day)s") % {"day": long_date(self.sent_on)} if self.sent_on else ""

    @property
    def dated(self) -> str:
        """The day it describes, in words, and when it was sent if that was a later day:
        "31 March 2012, sent 6 December 2026". The one way every surface dates an update."""
        return dated_words(self.date, self.sent_on)

    @property
    def is_demo(self):
        return "demonstration" in self.source.lower()


class MilestoneQuerySet(PlanRecordQuerySet):
    plan_path = "action__target__objective__plan"

    def get_by_natural_key(self, uid):
        return self.get(uid=uid)

    def for_plan(self, plan):
        return self.filter(action__target__objective__plan=plan)

    def editable_by(self, user):
        return self.filter(action__in=Action.objects.editable_by(user).values("pk"))


class Milestone(models.Model):
    """A dated step inside an action, as published: a short title, the day it is due, and the
    day it was done. Rows here are public (approved): an officer's new milestone or tick waits
    as a ``MilestoneProposal`` until a plan manager approves it, which writes it here
    (``actions.services.apply_milestone_proposal``); plan managers edit these rows directly.
    History is kept, so a past day reads milestones as they stood (``progress.as_at``)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200, help_text="A short name, e.g. Venue booked.")
    due_date = models.DateField(help_text="The day it should be done by.")
    done_on = models.DateField(
        null=True, blank=True, help_text="The day it was done; empty while it is still open."
    )
    note = LimitedTextField(max_length=NOTE_MAX_LENGTH, blank=True, help_text="Optional, public.")
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["action", "due_date", "pk"]

    def __str__(self):
        return f"{self.title} (due {long_date(self.due_date)})"

    def natural_key(self):
        return (str(self.uid),)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def clean(self):
        super().clean()
        _check_done_on(self.done_on)


def _check_done_on(done_on):
    # A tick records what happened: it cannot be dated in the future.
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": "A milestone cannot be done on a day still to come."})


class MilestoneProposalQuerySet(PlanRecordQuerySet):
    plan_path = "action__target__objective__plan"

    def for_plan(self, plan):
        return self.filter(action__target__objective__plan=plan)

    def waiting(self):
        return self.filter(approval=ApprovalStatus.SUBMITTED)


class MilestoneProposal(PlanManagerDecision):
    """An officer's new milestone, or a change to one (ticked as done, a new date), awaiting a
    plan manager's approval like any other progress (``progress.approval``). Approving it writes
    the milestone (``actions.services.apply_milestone_proposal``); returning it leaves the
    milestone as it was and tells the officer why."""

    approval_field = "approval"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    # Empty for a new milestone.
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    note = LimitedTextField(max_length=NOTE_MAX_LENGTH, blank=True)
    # The Welsh beside them, for a bilingual partnership's plan (the English is ``title`` and
    # ``note``): the milestone is written in both once approved.
    title_in_welsh = models.CharField("title (Welsh)", max_length=200, blank=True)
    note_in_welsh = LimitedTextField("note (Welsh)", max_length=NOTE_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approval = models.CharField(
        max_length=10, choices=ApprovalStatus, default=ApprovalStatus.SUBMITTED
    )
    history = HistoricalRecords()

    objects = MilestoneProposalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        what = "New milestone" if self.milestone_id is None else "Milestone"
        done = f", done {long_date(self.done_on)}" if self.done_on else ""
        return f"{what}: {self.title} (due {long_date(self.due_date)}{done})"

    def clean(self):
        super().clean()
        _check_done_on(self.done_on)


from actions.column_values import ActionColumnValue, TargetColumnValue  # noqa: E402, F401
