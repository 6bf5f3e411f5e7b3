"""The values of a plan's own columns (``objectives.plan_columns.PlanColumn``) on its actions and
target rows, and how a cell is read for each kind of column.

A value keeps its words exactly as written; a money value also its amount, a date value its date,
both read from the words whenever they are saved (so the two never disagree):

- money: "£5,000 (CDRP fund)" is £5,000.00 with its words kept; "Staff Time" has no amount;
- date: as the importer reads dates elsewhere (``actions.due_dates``: "by July 2011" is 31 July
  2011, "(20.6.11)"), and also a month ("March 2012"), "31/03/2012" or "2012-03-31"; words that
  give no date ("Ongoing") are kept with none;
- link: an http or https address, nothing else;
- choice: one of the column's choices.

Values are edited where their record is (the action's and target row's admin pages), by whoever
may edit that record (``editable_by``).
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from simple_history.models import HistoricalRecords

from actions.due_dates import parse_due_date
from cspplan.limits import NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import PlanRecordQuerySet
from objectives.models import Target
from objectives.plan_columns import PlanColumn

# "£90,000", "£5k", "£1.2 million"; or a cell that is only a figure ("5000", "12,500.50").
AMOUNT = re.compile(
    r"(?P<all>£\s*(?P<value>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>k\b|m\b|million\b|thousand\b)?)",
    re.IGNORECASE,
)
_BARE_AMOUNT = re.compile(r"^\s*(?P<value>\d[\d,]*(?:\.\d{1,2})?)\s*$")
_SCALE = {"k": 1000, "thousand": 1000, "m": 1_000_000, "million": 1_000_000}
_DAY = re.compile(r"^\s*(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{2}|\d{4})\s*$")
_LINK = URLValidator(schemes=["http", "https"])


def amount_of(match: re.Match) -> Decimal | None:
    """The pounds an ``AMOUNT`` match says, scaled ("£5k" is 5,000)."""
    try:
        amount = Decimal(match["value"].replace(",", ""))
    except InvalidOperation:
        return None
    if match.groupdict().get("scale"):
        amount *= _SCALE[match["scale"].lower()]
    return amount


def read_amount(text: str) -> Decimal | None:
    """The first amount in pounds in ``text``, or None: never guessed from a year or a count
    among words, only from a figure with a pound sign or a cell that is a figure alone."""
    match = AMOUNT.search(text or "") or _BARE_AMOUNT.match(text or "")
    return amount_of(match) if match else None


def read_date(text: str) -> datetime.date | None:
    """The date ``text`` gives, or None."""
    text = " ".join((text or "").split())
    if not text:
        return None
    found, _words = parse_due_date(text)
    if found is None and not text.lower().startswith("by "):
        found, _words = parse_due_date(f"by {text}")
    if found is not None:
        return found
    match = _DAY.match(text)
    if match:
        year = int(match["year"])
        year = year + 2000 if year < 100 else year
        try:
            return datetime.date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def is_link(text: str) -> bool:
    try:
        _LINK(text.strip())
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class CellValue:
    text: str
    amount: Decimal | None = None
    date: datetime.date | None = None


def read_cell(column: PlanColumn, text: str) -> CellValue:
    """What a cell of ``column`` holds; raise ValueError saying why a link or choice is not one."""
    text = (text or "").strip()
    kind = column.kind
    if not text:
        return CellValue("")
    if kind == PlanColumn.Kind.MONEY:
        return CellValue(text, amount=read_amount(text))
    if kind == PlanColumn.Kind.DATE:
        return CellValue(text, date=read_date(text))
    if kind == PlanColumn.Kind.LINK and not is_link(text):
        raise ValueError(f"“{text[:80]}” is not a web address beginning http:// or https://")
    if kind == PlanColumn.Kind.CHOICE and text not in column.choice_list:
        choices = ", ".join(f"“{choice}”" for choice in column.choice_list)
        raise ValueError(f"“{text[:80]}” is not one of {choices}")
    return CellValue(text)


def values_by_heading(record) -> dict[str, str]:
    """A record's values as every page and file shows them (their words as written), by the
    column's name; from ``column_values`` as prefetched (``delivery_table.plan_objectives``)."""
    return {value.column.name: value.text for value in record.column_values.all()}


def column_values_prefetch(model, *, wanted: bool = True) -> "models.Prefetch":
    """The values of a record, each with its column, in the columns' order; ``wanted=False``
    (the plan has no such columns) prefetches nothing, without a query."""
    values = model.objects.select_related("column").order_by("column__order", "column__pk")
    return models.Prefetch("column_values", queryset=values if wanted else values.none())


class ColumnValueQuerySet(PlanRecordQuerySet):
    record = ""  # "action" or "target"

    def editable_by(self, user):
        """The values of the records the user may edit (an officer: their agency's actions)."""
        model = self.model._meta.get_field(self.record).related_model
        manager = model._default_manager.all()
        editable = getattr(manager, "editable_by", None)
        records = editable(user) if editable is not None else manager.managed_by(user)
        return self.filter(**{f"{self.record}__in": records.values("pk")})


class ActionColumnValueQuerySet(ColumnValueQuerySet):
    plan_path = "action__target__objective__plan"
    record = "action"


class TargetColumnValueQuerySet(ColumnValueQuerySet):
    plan_path = "target__objective__plan"
    record = "target"


class ColumnValue(models.Model):
    column = models.ForeignKey(PlanColumn, on_delete=models.CASCADE, related_name="+")
    text = LimitedTextField(
        max_length=NOTE_MAX_LENGTH, blank=True, help_text="The cell exactly as written."
    )
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="For a money column: the amount in pounds the words give, if any.",
    )
    date = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="For a date column: the date the words give, if any.",
    )

    applies_to = ""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.column}: {self.text[:60]}"

    @property
    def href(self) -> str:
        """The address a link value points to; "" for any other value (or a bad address)."""
        if self.column.kind == PlanColumn.Kind.LINK and is_link(self.text):
            return self.text.strip()
        return ""

    @property
    def record(self):
        raise NotImplementedError

    def clean(self):
        if self.column_id is None:
            return
        record = self.record
        if record is not None and self.column.plan_id != record.objective.plan_id:
            raise ValidationError({"column": "That column is another plan's."})
        if self.column.applies_to != self.applies_to:
            belongs = self.column.get_applies_to_display().lower()
            raise ValidationError({"column": f"“{self.column}” is a column of {belongs}."})
        try:
            read_cell(self.column, self.text)
        except ValueError as error:
            raise ValidationError({"text": str(error)}) from None

    def save(self, *args, **kwargs):
        # The amount and date are always those the words give, so they never disagree.
        try:
            value = read_cell(self.column, self.text)
        except ValueError:
            value = CellValue(self.text)
        self.text, self.amount, self.date = value.text, value.amount, value.date
        super().save(*args, **kwargs)


class ActionColumnValue(ColumnValue):
    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, related_name="column_values"
    )
    applies_to = PlanColumn.AppliesTo.ACTIONS
    record_field = "action"
    history = HistoricalRecords()

    objects = ActionColumnValueQuerySet.as_manager()

    class Meta:
        ordering = ["column__order", "column__pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "column"], name="action_column_value_once"),
        ]

    @property
    def record(self):
        return self.action if self.action_id else None


class TargetColumnValue(ColumnValue):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="column_values")
    applies_to = PlanColumn.AppliesTo.TARGETS
    record_field = "target"
    history = HistoricalRecords()

    objects = TargetColumnValueQuerySet.as_manager()

    class Meta:
        ordering = ["column__order", "column__pk"]
        constraints = [
            models.UniqueConstraint(fields=["target", "column"], name="target_column_value_once"),
        ]

    @property
    def record(self):
        return self.target if self.target_id else None
