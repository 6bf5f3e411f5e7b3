"""What the importer remembers: how each partnership's tables are headed."""

from django.db import models

from cspplan.models import Partnership, PlanRecordQuerySet
from importer.columns import FIELD_CHOICES, normalise_heading


class ColumnMappingQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def for_partnership(self, partnership) -> dict[str, str]:
        """Heading as written → field, for ``read_table(mapping=…)``."""
        if partnership is None or partnership.pk is None:
            return {}
        return dict(self.filter(partnership=partnership).values_list("heading", "field"))


class ColumnMapping(models.Model):
    """A column heading of a partnership's own delivery-plan tables and the field it holds,
    as a plan manager chose it in the import preview (or with ``import_plan --map``)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="import_column_mappings"
    )
    heading = models.CharField(max_length=200, help_text="As written, e.g. What we will do")
    normalised = models.CharField(max_length=200, editable=False)
    field = models.CharField(max_length=30, choices=FIELD_CHOICES)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ColumnMappingQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "heading"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "normalised"], name="columnmapping_unique_heading"
            )
        ]

    def __str__(self):
        return f"{self.heading} → {self.get_field_display()}"

    def save(self, *args, **kwargs):
        self.normalised = normalise_heading(self.heading)
        super().save(*args, **kwargs)


def remember(partnership, mapping: dict[str, str]) -> None:
    """Keep the partnership's choices (heading → field) for its next import."""
    for heading, field in mapping.items():
        key = normalise_heading(heading)
        if not key:
            continue
        ColumnMapping.objects.update_or_create(
            partnership=partnership,
            normalised=key,
            defaults={"heading": heading[:200], "field": field},
        )
