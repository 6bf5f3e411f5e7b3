"""Status changes recorded before ``change_status`` wrote neutral words published staff wording
("Status set to “Completed” in the admin.", source "Status set in the admin") on the objective
page, the feed and the API. Reword them as it now does ("Status changed to Completed.", no
source). Only notes written exactly by the old code change; the history rows keep what was
written then, for staff."""

import re

from django.db import migrations

OLD_NOTE = re.compile(
    r"^Status set to “(?P<label>[^”]+)” (?P<how>in the admin|by a bulk action)\.$"
)


def reword(apps, schema_editor):
    ActionUpdate = apps.get_model("actions", "ActionUpdate")
    for how in ("in the admin", "by a bulk action"):
        rows = ActionUpdate.objects.filter(
            source=f"Status set {how}", note__startswith="Status set to “"
        )
        for update in rows.only("pk", "note"):
            found = OLD_NOTE.match(update.note)
            if found is None or found["how"] != how:
                continue
            ActionUpdate.objects.filter(pk=update.pk).update(
                note=f"Status changed to {found['label']}.", source=""
            )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_limit_text_lengths"),
    ]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
