from django.urls import path

from domains import views

urlpatterns = [
    path("domains/", views.domain_list, name="domain_list"),
    path("sites/<int:site_id>/domains/", views.site_domains, name="site_domains"),
    path("sites/<int:site_id>/domains/add/", views.domain_add, name="domain_add"),
    path("domains/<int:domain_id>/check/", views.domain_check, name="domain_check"),
    path("domains/<int:domain_id>/remove/", views.domain_remove, name="domain_remove"),
    # Cloudflare's notifications (a webhook destination with DOMAINS_WEBHOOK_SECRET).
    path("webhooks/cloudflare/", views.cloudflare_webhook, name="cloudflare_webhook"),
]
