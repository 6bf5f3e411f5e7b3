"""Give the roles (cspplan/migrations/0003_roles.py) their permissions on a plan's own columns
and their values: plan managers everything, the chair reading; officers the values on actions
(which rows: ``ActionColumnValueQuerySet.editable_by``, their agency's actions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = {
    "objectives": ("plancolumn",),
    "actions": ("actioncolumnvalue", "targetcolumnvalue"),
}
OFFICER_MODELS = ("actioncolumnvalue",)
EVERYTHING = ("view", "add", "change", "delete")


def _permissions(apps, app_label, models, verbs):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label,
        codename__in=[f"{verb}_{model}" for model in models for verb in verbs],
    )


def grant(apps, schema_editor):
    for app_label in MODELS:
        app_config = apps.get_app_config(app_label)
        # As in cspplan's 0003_roles: lend the state's app config a models module for the call.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    for app_label, models in MODELS.items():
        for group in Group.objects.filter(name="Plan managers"):
            group.permissions.add(*_permissions(apps, app_label, models, EVERYTHING))
        for group in Group.objects.filter(name="Chair"):
            group.permissions.add(*_permissions(apps, app_label, models, ("view",)))
    for group in Group.objects.filter(name="Partnership officers"):
        group.permissions.add(*_permissions(apps, "actions", OFFICER_MODELS, EVERYTHING))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cspplan", "0003_roles"),
        ("objectives", "0010_plan_columns"),
        ("actions", "0007_plan_column_values"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
