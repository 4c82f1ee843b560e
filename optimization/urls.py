from django.urls import path

from optimization import views

urlpatterns = [
    path("optimization/", views.overview, name="optimization"),
    path("sites/<int:site_id>/optimization/", views.site_optimization, name="site_optimization"),
    path("sites/<int:site_id>/optimization/run/", views.cycle_run_now, name="cycle_run_now"),
    path(
        "sites/<int:site_id>/optimization/pause/",
        views.improvements_pause,
        name="improvements_pause",
    ),
    path(
        "sites/<int:site_id>/optimization/resume/",
        views.improvements_resume,
        name="improvements_resume",
    ),
    path(
        "sites/<int:site_id>/optimization/proposals/<int:proposal_id>/accept/",
        views.proposal_accept,
        name="proposal_accept",
    ),
    path(
        "sites/<int:site_id>/optimization/proposals/<int:proposal_id>/dismiss/",
        views.proposal_dismiss,
        name="proposal_dismiss",
    ),
    path(
        "sites/<int:site_id>/optimization/cycles/<int:number>/",
        views.cycle_detail,
        name="cycle_detail",
    ),
    path(
        "sites/<int:site_id>/optimization/reports/<int:number>/",
        views.milestone_report,
        name="milestone_report",
    ),
    path("optimization/scan/", views.scan, name="scan"),
    path("optimization/scans/<int:scan_id>/", views.scan_detail, name="scan_detail"),
]
