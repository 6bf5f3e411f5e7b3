"""Give the roles (cspplan/migrations/0003_roles.py) their permissions on milestones: plan
managers add, change and delete them in the admin (an action's inline) and decide on officers'
proposals; officers and the chair read them. Officers add and tick milestones on "my actions",
through approval (``actions.services.propose_milestone``), never in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VERBS = {
    "Plan managers": {
        "milestone": ("view", "add", "change", "delete"),
        "milestoneproposal": ("view",),
    },
    "Chair": {"milestone": ("view",), "milestoneproposal": ("view",)},
    "Partnership officers": {"milestone": ("view",)},
}


def _permissions(apps, verbs):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="actions",
        codename__in=[f"{verb}_{model}" for model, names in verbs.items() for verb in names],
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("actions")
    # As in cspplan's 0003_roles: lend the state's app config a models module for the call.
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    for name, verbs in VERBS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.add(*_permissions(apps, verbs))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, verbs in VERBS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, verbs))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cspplan", "0003_roles"),
        ("actions", "0007_milestones_and_proposals"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
