from django.urls import path

from sites import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sites/", views.site_list, name="site_list"),
]
