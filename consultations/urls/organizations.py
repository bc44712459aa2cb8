from django.urls import path

from consultations.views import directory
from consultations.views import organizations as views

app_name = "organizations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register, name="register"),
    path("mine/", views.mine, name="mine"),
    path("verification/", views.queue, name="queue"),
    path("verification/<id:pk>/", views.decide, name="decide"),
    path("roles/", views.official_roles, name="official_roles"),
    path("roles/<id:pk>/revoke/", views.official_role_revoke, name="official_role_revoke"),
    path("roles/staff/<id:user_id>/revoke/", views.unodc_staff_revoke,
         name="unodc_staff_revoke"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/listing/", directory.listing, name="listing"),
    path("<id:pk>/members/", views.members, name="members"),
    path("<id:pk>/members/invite/", views.invite, name="invite"),
    path("<id:pk>/join/", views.join, name="join"),
    path("memberships/<id:pk>/role/", views.membership_role, name="membership_role"),
    path("memberships/<id:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("join-requests/<id:pk>/<str:decision>/", views.join_request_decide,
         name="join_request_decide"),
    path("invitations/<id:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
