"""Partnership officers handle the feedback on the objectives their agency leads: they may view
and change feedback (which rows: ``FeedbackQuerySet.editable_by``; which fields: the handling
ones, ``consultation.admin.FeedbackAdmin``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # As in cspplan's roles migration: permissions are normally created after migrating.
    config = apps.get_app_config("consultation")
    original = getattr(config, "models_module", None)
    config.models_module = original or True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers = Group.objects.filter(name="Partnership officers").first()
    if officers is None:
        return
    officers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="consultation",
            codename__in=["view_feedback", "change_feedback"],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers = Group.objects.filter(name="Partnership officers").first()
    if officers is not None:
        officers.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="consultation",
                codename__in=["view_feedback", "change_feedback"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0005_feedback_handling"),
        ("cspplan", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
