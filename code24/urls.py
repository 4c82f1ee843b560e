from django.contrib import admin
from django.urls import include, path, re_path

from code24 import views
from code24.api import api, not_found, trigger_api, urls

urlpatterns = [
    path("", views.landing, name="landing"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("auth/", include("allauth.urls")),
    path("api/v1/", urls(api)),
    re_path(r"^api/v1/(?P<path>.*)$", not_found),
    # The original design's build trigger, for clients written against it (API key auth).
    path("trigger/", urls(trigger_api)),
    path("", include("code24.accounts.urls")),
    path("", include("code24.billing.urls")),
    path("", include("sites.urls")),
    path("", include("domains.urls")),
    path("", include("optimization.urls")),
]
