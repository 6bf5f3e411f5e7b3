"""The County readers group (cspplan/roles.py): it holds no model permission, so the admin
shows its members nothing and lets them change nothing; what they read (every public plan's
dashboard and board report) is decided by cspplan/permissions.py."""

from django.db import migrations

COUNTY_READERS = "County readers"


def create_county_readers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=COUNTY_READERS)


def remove_county_readers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COUNTY_READERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cspplan", "0005_suppression"),
    ]

    operations = [migrations.RunPython(create_county_readers, remove_county_readers)]
