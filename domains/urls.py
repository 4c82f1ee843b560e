from django.urls import path

from domains import views

urlpatterns = [path("domains/", views.domain_list, name="domain_list")]
