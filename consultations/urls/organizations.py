from django.urls import path

from consultations.views import organizations as views

app_name = "organizations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register, name="register"),
    path("mine/", views.mine, name="mine"),
    path("verification/", views.queue, name="queue"),
    path("verification/<int:pk>/", views.decide, name="decide"),
    path("roles/", views.official_roles, name="official_roles"),
    path("roles/<int:pk>/revoke/", views.official_role_revoke, name="official_role_revoke"),
    path("roles/staff/<int:user_id>/revoke/", views.unodc_staff_revoke,
         name="unodc_staff_revoke"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/invite/", views.invite, name="invite"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/alliance/invite/", views.alliance_invite, name="alliance_invite"),
    path("<int:pk>/alliance/join/", views.alliance_join, name="alliance_join"),
    path("alliance-memberships/<int:pk>/<str:decision>/", views.alliance_membership_decide,
         name="alliance_membership_decide"),
    path("memberships/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("join-requests/<int:pk>/<str:decision>/", views.join_request_decide,
         name="join_request_decide"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
