"""A plan's own columns: the extra fields a partnership keeps on its actions or target rows.

Partnerships write more into their delivery-plan tables than the common columns: the legislation
a priority links to, the resources an action needs, the resources available, the date it is to
be achieved by. A ``PlanColumn`` is one such field of one plan: its name (the heading as the
plan writes it), its kind (text, money, date, choice, link), its place among the plan's columns
and whether it belongs to actions or to target rows. The plan manager defines them in the plan's
admin page, or the importer creates them from the columns of a file it does not otherwise
understand (``importer/extra_columns.py``). The values live with the records they describe
(``actions/column_values.py``), where actions and target rows are both known.
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspplan import roles
from cspplan.models import Plan, PlanRecordQuerySet

# The delivery-plan table's own headings (``actions.delivery_table``, which a test holds to
# this list): a plan column under one of them would be mistaken for it in every file.
RESERVED_NAMES = (
    "Objective",
    "Target & Base Line",
    "Target",
    "Owner",
    "Actions",
    "Lead Officer",
    "Funding",
    "Status",
    "Milestones",
    "Measures",
    "Objective number",
    "Target ID",
    "Action ID",
    "Target row",
    "Target begins",
    "Row",
)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class PlanColumnQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def choosable_by(self, user):
        """Plan managers the columns of their plans; an officer also those of the plans in
        which their agency owns actions, to give their actions a value (the value's own
        ``editable_by`` keeps them to their agency's actions)."""
        managed = self.managed_by(user)
        organisation = roles.officer_organisation(user)
        if not roles.is_partnership_officer(user) or organisation is None:
            return managed
        plans = Plan.objects.filter(objectives__targets__actions__owners=organisation)
        return self.filter(models.Q(pk__in=managed.values("pk")) | models.Q(plan__in=plans))

    def for_actions(self):
        return self.filter(applies_to=PlanColumn.AppliesTo.ACTIONS)

    def for_targets(self):
        return self.filter(applies_to=PlanColumn.AppliesTo.TARGETS)


class PlanColumn(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        MONEY = "money", "Money (an amount in pounds, its words kept)"
        DATE = "date", "Date"
        CHOICE = "choice", "Choice (one of a list)"
        LINK = "link", "Link (a web address)"

    class AppliesTo(models.TextChoices):
        ACTIONS = "actions", "Actions"
        TARGETS = "targets", "Target rows"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(max_length=200, help_text="The column's heading as the plan writes it.")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.TEXT)
    choices = models.TextField(
        blank=True, help_text="For a choice column: each choice on a line of its own."
    )
    applies_to = models.CharField(max_length=10, choices=AppliesTo, default=AppliesTo.ACTIONS)
    order = models.PositiveSmallIntegerField(
        default=1, help_text="Position among the plan's own columns, from 1."
    )
    history = HistoricalRecords()

    objects = PlanColumnQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="plan_column_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        self.name = " ".join(self.name.split())
        taken = {_key(name) for name in RESERVED_NAMES}
        if self.plan_id is not None and self.plan.target_label:
            taken.add(_key(self.plan.target_label))
        if _key(self.name) in taken:
            raise ValidationError(
                {"name": f"“{self.name}” is a column every delivery plan has; name it otherwise."}
            )
        if self.kind == self.Kind.CHOICE and not self.choice_list:
            raise ValidationError({"choices": "A choice column needs its choices, one a line."})
        if self.kind != self.Kind.CHOICE and self.choice_list:
            raise ValidationError({"choices": "Only a choice column has choices."})
