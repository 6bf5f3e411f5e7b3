"""Give the roles (cspplan/migrations/0003_roles.py) their permissions on the records added in
0003: plan managers everything, the chair reading. Officers of the organisation that conducts a
survey add its later waves (which rows: ``SurveyQuerySet.editable_by``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = (
    "eventpartner",
    "consultationquestion",
    "consultationresponse",
    "consultationanswer",
    "yousaidwedid",
)
OFFICER_MODELS = ("survey", "surveyresult")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("consultation")
    # As in cspplan's 0003_roles: lend the state's app config a models module for the call.
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(models, verbs):
        return Permission.objects.filter(
            content_type__app_label="consultation",
            codename__in=[f"{verb}_{model}" for model in models for verb in verbs],
        )

    for group in Group.objects.filter(name="Plan managers"):
        group.permissions.add(*permissions(NEW_MODELS, ("view", "add", "change", "delete")))
    for group in Group.objects.filter(name="Chair"):
        group.permissions.add(*permissions(NEW_MODELS, ("view",)))
    for group in Group.objects.filter(name="Partnership officers"):
        group.permissions.add(*permissions(OFFICER_MODELS, ("view", "add", "change")))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    officers = Group.objects.filter(name="Partnership officers")
    for group in officers:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="consultation",
                codename__in=[f"{v}_{m}" for m in OFFICER_MODELS for v in ("view", "add", "change")],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cspplan", "0003_roles"),
        ("consultation", "0003_events_consultations_you_said_we_did"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
