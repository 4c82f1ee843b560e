"""A site's status says one thing (building, live, offline or failed); whether Code24 may
improve it is a separate preference; previous addresses redirect for a while.

Data: "draft" becomes building; "paused" becomes live with improvements paused when its
address still served it, and offline when it had been unpublished; "live" without a route
becomes offline. No improvement cycle runs yet, so the scheduled times that promised one
are cleared, from the sites and from the "Go live" steps' outputs. Each version records the
hostname its files were made for (until now always the site's only address).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def split_states(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    for site in Site.objects.all().iterator():
        status, paused = site.status, False
        if status == "draft":
            status = "building"
        elif status == "paused":
            if site.current_version_id is None:
                status = "failed"
            elif site.published:
                status, paused = "live", True
            else:
                status = "offline"
        elif status == "live" and not site.published:
            status = "offline"
        site.status, site.improvements_paused = status, paused
        site.next_optimization_at = None
        site.save(update_fields=["status", "improvements_paused", "next_optimization_at"])

    SiteVersion = apps.get_model("sites", "SiteVersion")
    for version in SiteVersion.objects.select_related("site").iterator():
        if isinstance(version.spec, dict) and "hostname" not in version.spec:
            hostname = f"{version.site.slug}.{settings.PLATFORM_DOMAIN}"
            version.spec = {**version.spec, "hostname": hostname}
            version.save(update_fields=["spec"])

    BuildStep = apps.get_model("sites", "BuildStep")
    for step in BuildStep.objects.filter(name="activate").exclude(output=None).iterator():
        if isinstance(step.output, dict) and "next_optimization_at" in step.output:
            step.output = {k: v for k, v in step.output.items() if k != "next_optimization_at"}
            step.save(update_fields=["output"])


def join_states(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    for site in Site.objects.all().iterator():
        if site.status == "offline":
            site.status, site.published = "paused", False
        else:
            site.published = site.status == "live"
            if site.status == "live" and site.improvements_paused:
                site.status = "paused"
        site.save(update_fields=["status", "published"])


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0004_buildstep_waiting"),
    ]

    operations = [
        migrations.AddField(
            model_name="site",
            name="improvements_paused",
            field=models.BooleanField(
                default=False,
                help_text="The customer asked Code24 not to change the site by itself.",
            ),
        ),
        migrations.AlterField(
            model_name="site",
            name="status",
            field=models.CharField(
                choices=[
                    ("building", "Building"),
                    ("live", "Live"),
                    ("offline", "Offline"),
                    ("failed", "Failed"),
                ],
                default="building",
                max_length=10,
            ),
        ),
        migrations.RunPython(split_states, join_states),
        migrations.RemoveField(model_name="site", name="published"),
        migrations.AlterField(
            model_name="site",
            name="slug",
            field=models.SlugField(
                help_text="The subdomain: <slug>.<PLATFORM_DOMAIN>.", max_length=63, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="site",
            name="next_optimization_at",
            field=models.DateTimeField(
                blank=True, help_text="Empty while automatic improvements do not run.", null=True
            ),
        ),
        migrations.CreateModel(
            name="AddressRedirect",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=63, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                (
                    "routed_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When its redirect route was written at Cloudflare.",
                        null=True,
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="redirects",
                        to="sites.site",
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
    ]
