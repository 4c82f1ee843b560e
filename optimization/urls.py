from django.urls import path

from optimization import views

urlpatterns = [
    path("optimization/", views.overview, name="optimization"),
    path("optimization/scan/", views.scan, name="scan"),
    path("optimization/scans/<int:scan_id>/", views.scan_detail, name="scan_detail"),
]
