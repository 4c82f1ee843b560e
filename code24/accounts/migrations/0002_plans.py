"""Create the three plans. Staff may edit prices and limits later in the admin."""

from decimal import Decimal

from django.db import migrations

PLANS = [
    {
        "slug": "basic",
        "name": "Basic",
        "tagline": "A complete website on your Code24 address, improved every day.",
        "position": 1,
        "monthly_price": Decimal("29.00"),
        "max_sites": 1,
        "custom_domains_per_site": 0,
        "optimization_interval_hours": 24,
        "white_label": False,
        "api_access": False,
    },
    {
        "slug": "professional",
        "name": "Professional",
        "tagline": "Your own domain, optimization every 6 hours and the API.",
        "position": 2,
        "monthly_price": Decimal("79.00"),
        "max_sites": 5,
        "custom_domains_per_site": 1,
        "optimization_interval_hours": 6,
        "white_label": False,
        "api_access": True,
    },
    {
        "slug": "enterprise",
        "name": "Enterprise",
        "tagline": "Many sites and domains, hourly optimization, your own brand.",
        "position": 3,
        "monthly_price": Decimal("249.00"),
        "max_sites": 50,
        "custom_domains_per_site": 10,
        "optimization_interval_hours": 1,
        "white_label": True,
        "api_access": True,
    },
]


def create_plans(apps, schema_editor):
    Plan = apps.get_model("accounts", "Plan")
    for values in PLANS:
        Plan.objects.update_or_create(slug=values["slug"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_plans, migrations.RunPython.noop)]
