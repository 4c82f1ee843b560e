from django.urls import path

from code24.billing import views

app_name = "billing"

urlpatterns = [
    path("account/billing/", views.billing, name="billing"),
    path("account/billing/card/", views.card, name="card"),
    path("account/billing/details/", views.details, name="details"),
    path("account/billing/cancel/", views.cancel, name="cancel"),
    path("account/billing/resume/", views.resume, name="resume"),
    path("account/billing/retry/", views.retry_payment, name="retry"),
    path("billing/stripe/webhook/", views.webhook, name="webhook"),
]
