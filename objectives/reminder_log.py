"""The log of update reminders e-mailed to lead officers (``send_update_reminders``), one of
the objectives app's models (imported by ``objectives.models``)."""

from django.db import models
from django.db.models import Q

from cspplan import roles
from cspplan.models import Plan, is_superuser


class ReminderLogQuerySet(models.QuerySet):
    def for_quarter(self, quarter_start):
        return self.filter(quarter_start=quarter_start)

    def visible_to(self, user):
        """The update reminders the user may read in the admin.

        Staff with an overview only (a reminder holds the address it went to): superusers read
        them all; a plan manager or the chair reads those sent to officers who lead an action or
        a target row in the plans of their partnerships (``Partnership.members``). A reminder
        names its officer, not a plan, so an officer who leads in two partnerships' plans is
        seen by both. Officers read none: "my actions" already tells them what is due.
        """
        if is_superuser(user):
            return self.all()
        if not (roles.is_plan_manager(user) or roles.is_chair(user)):
            return self.none()
        plans = Plan.objects.in_partnerships_of(user)
        # Through the officer's reverse relations (Responsibility's related names), so this
        # module need not import the actions app above it.
        leads = Q(officer__actions_action_led__target__objective__plan__in=plans) | Q(
            officer__objectives_target_led__objective__plan__in=plans
        )
        return self.filter(pk__in=ReminderLog.objects.filter(leads).values("pk"))


class ReminderLog(models.Model):
    """A reminder e-mailed to a lead officer to update their actions and measures.

    ``send_update_reminders`` writes one when it sends; the dashboard shows who was reminded
    when. Staff only: it holds the address the reminder went to.
    """

    officer = models.ForeignKey(
        "cspplan.Officer", on_delete=models.CASCADE, related_name="reminders"
    )
    quarter_start = models.DateField(help_text="First day of the quarter the reminder was for.")
    sent_at = models.DateTimeField(help_text="When the reminder was sent.")
    sent_to = models.EmailField(help_text="The address it went to.")
    action_count = models.PositiveIntegerField(
        default=0, help_text="How many actions it listed as needing an update."
    )
    measure_count = models.PositiveIntegerField(
        default=0, help_text="How many measures it listed as needing a figure."
    )

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            # At most one reminder per officer per quarter: send_update_reminders relies on it
            # when run twice (or by two schedulers at once).
            models.UniqueConstraint(
                fields=["officer", "quarter_start"], name="reminderlog_one_per_officer_quarter"
            ),
        ]

    def __str__(self):
        return f"Reminder to {self.officer} for the quarter from {self.quarter_start}"
