"""Give the roles their permissions on the board meeting dates: plan managers
everything, the chair reading."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("boardmeeting",)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("progress")
    # As in cspplan's 0003_roles: lend the state's app config a models module for the call.
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(verbs):
        return Permission.objects.filter(
            content_type__app_label="progress",
            codename__in=[f"{verb}_{model}" for model in MODELS for verb in verbs],
        )

    for group in Group.objects.filter(name="Plan managers"):
        group.permissions.add(*permissions(("view", "add", "change", "delete")))
    for group in Group.objects.filter(name="Chair"):
        group.permissions.add(*permissions(("view",)))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cspplan", "0003_roles"),
        ("progress", "0002_board_meetings"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
