"""The shared base of the bulk progress imports (django-import-export): each row names an
existing record by its id, among those the importing user may update; nothing is created.

``ActionProgressResource`` (actions/resources.py) and ``MeasurementProgressResource``
(objectives/resources.py) build on it; the admins offer them through
``cspplan.admin.ProgressImportExportMixin``.
"""

from import_export import resources


class DehydratedDiff(resources.Diff):
    """The preview compares what the officer sees in the file (the dehydrate_* methods), not
    bare model attributes: Status and Progress note are not fields of the action."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self._values(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self._values(resource, instance)

    @staticmethod
    def _values(resource, instance):
        return [resource.export_field(field, instance) for field in resource.get_import_fields()]


class ProgressResource(resources.ModelResource):
    """Rows name existing records by an id column, among those the importing user may update;
    nothing is created. Subclasses say which column (``id_column``) names which ``noun``."""

    id_column: str  # "Action ID"
    noun: str  # "action"

    def get_diff_class(self):
        return DehydratedDiff

    def get_instance(self, instance_loader, row):
        raw = row.get(self.id_column)
        try:
            pk = int(str(raw).strip())
        except (TypeError, ValueError):
            raise ValueError(f"{self.id_column} “{raw}” is not a number.") from None
        found = self.get_queryset().filter(pk=pk).first()
        if found is None:
            raise ValueError(
                f"{self.id_column} {pk} is not one of the {self.noun}s you may update; "
                "nothing from this file was saved."
            )
        return found

    def init_instance(self, row=None):
        raise ValueError(f"Every row needs the {self.id_column} of an existing {self.noun}.")

    def save_m2m(self, instance, row, **kwargs):
        pass  # nothing relational is imported
