from django.urls import path

from code24.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.overview, name="overview"),
    path("account/new/", views.account_new, name="new"),
    path("account/switch/", views.switch, name="switch"),
    path("account/leave/", views.leave, name="leave"),
    path("account/members/", views.members, name="members"),
    path("account/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("account/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "account/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<slug:token>/", views.invitation_accept, name="invitation_accept"),
    path("account/plan/", views.plan, name="plan"),
    path("account/api-keys/", views.api_keys, name="api_keys"),
    path("account/api-keys/<int:key_id>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
