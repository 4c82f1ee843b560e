"""How many scans of any site an account may ask for in an hour, per plan."""

from django.db import migrations, models

SCANS_PER_HOUR = {"basic": 20, "professional": 100, "enterprise": 500}


def set_scans_per_hour(apps, schema_editor):
    Plan = apps.get_model("accounts", "Plan")
    for slug, limit in SCANS_PER_HOUR.items():
        Plan.objects.filter(slug=slug).update(scans_per_hour=limit)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_invitation_sent_at")]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="scans_per_hour",
            field=models.PositiveIntegerField(
                default=20,
                help_text="Scans of any site (Scan any site, POST /optimize) an hour.",
            ),
        ),
        migrations.RunPython(set_scans_per_hour, migrations.RunPython.noop),
    ]
