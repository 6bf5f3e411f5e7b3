"""Create the three roles with their model permissions (names from cspplan/roles.py).

Which rows a role may touch (an officer's own agency, a plan manager's own partnership) is
decided by cspplan/permissions.py; these permissions say which kinds of record.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PLAN_APPS = ("cspplan", "priorities", "objectives", "actions", "consultation")

# Partnership officers read the plan and keep their own agency's progress current. They may
# change an action's status and due date but not its published wording (plan managers' job).
OFFICER_PERMISSIONS = {
    "cspplan": {
        "partnership": ["view"],
        "plan": ["view"],
        "organisation": ["view"],
        "officer": ["view"],
        "fundingsource": ["view"],
    },
    "objectives": {
        "objective": ["view"],
        "target": ["view"],
        "measure": ["view"],
        "measurement": ["view", "add", "change"],
    },
    "actions": {
        "action": ["view", "change"],
        "actionupdate": ["view", "add", "change"],
    },
}


def _plan_models(apps):
    for app_label in PLAN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.model_name.startswith("historical"):
                continue
            yield app_label, model._meta.model_name


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so that a
    # fresh database gets complete groups in one `migrate`.
    for app_config in apps.get_app_configs():
        # create_permissions skips app configs without a models module, which is how the
        # migration state's configs look; lend them one for the call.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, model_name, verb):
        return Permission.objects.get(
            content_type__app_label=app_label, codename=f"{verb}_{model_name}"
        )

    models = list(_plan_models(apps))
    chair, _ = Group.objects.get_or_create(name="Chair")
    chair.permissions.set([permission(app, model, "view") for app, model in models])

    managers, _ = Group.objects.get_or_create(name="Plan managers")
    managers.permissions.set(
        [
            permission(app, model, verb)
            for app, model in models
            for verb in ("view", "add", "change", "delete")
        ]
    )

    officers, _ = Group.objects.get_or_create(name="Partnership officers")
    officers.permissions.set(
        [
            permission(app, model, verb)
            for app, verbs_by_model in OFFICER_PERMISSIONS.items()
            for model, verbs in verbs_by_model.items()
            for verb in verbs
        ]
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Chair", "Plan managers", "Partnership officers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cspplan", "0002_partnership_members"),
        ("priorities", "0001_initial"),
        ("objectives", "0001_initial"),
        ("actions", "0001_initial"),
        ("consultation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
