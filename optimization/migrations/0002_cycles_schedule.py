"""The dispatcher's index of unfinished cycles, and a first cycle for the sites that were
live before cycles ran (spread over their plan's interval, so they do not all come due in
the same minute)."""

import random
from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def schedule_live_sites(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    now = timezone.now()
    sites = list(
        Site.objects.filter(status="live", next_optimization_at__isnull=True).select_related(
            "account__subscription__plan"
        )
    )
    for site in sites:
        hours = site.account.subscription.plan.optimization_interval_hours
        site.next_optimization_at = now + timedelta(hours=hours) * random.random()  # noqa: S311
    Site.objects.bulk_update(sites, ["next_optimization_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("optimization", "0001_cycles_scans"),
        ("sites", "0008_cycles_due_index"),
        ("accounts", "0004_invitation_sent_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="optimizationcycle",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=["status", "lease_until"],
                name="cycles_unfinished",
            ),
        ),
        migrations.RunPython(schedule_live_sites, migrations.RunPython.noop),
    ]
