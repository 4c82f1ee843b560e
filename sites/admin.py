from django.contrib import admin

from sites.models import Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "hostname", "account", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "account__name"]
    list_select_related = ["account"]
    raw_id_fields = ["account"]
