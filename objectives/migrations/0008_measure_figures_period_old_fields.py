# The second half of 0007_measure_figures_period, in a migration of its own: on PostgreSQL a
# table cannot be altered in the transaction that updated its rows while their foreign keys'
# checks are deferred ("pending trigger events"), and each migration is its own transaction.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0007_measure_figures_period"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalmeasure",
            name="figures_year_to_date",
        ),
        migrations.RemoveField(
            model_name="measure",
            name="figures_year_to_date",
        ),
        migrations.AlterField(
            model_name="historicalmeasure",
            name="unit",
            field=models.CharField(
                choices=[
                    ("count", "Number"),
                    ("percent", "Per cent"),
                    ("rate", "Rate"),
                    ("none", "No unit (qualitative)"),
                ],
                default="count",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="measure",
            name="unit",
            field=models.CharField(
                choices=[
                    ("count", "Number"),
                    ("percent", "Per cent"),
                    ("rate", "Rate"),
                    ("none", "No unit (qualitative)"),
                ],
                default="count",
                max_length=20,
            ),
        ),
    ]
