from django.urls import path

from optimization import views

urlpatterns = [path("optimization/", views.overview, name="optimization")]
