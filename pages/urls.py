"""The pages' URL patterns, merged by config.urls into the namespaces of the
consultations URL modules they belong to (organizations:detail, events:detail, …)."""

from django.urls import path

from pages import events, organizations, pilots

organization_patterns = [
    path("<id:pk>/", organizations.detail, name="detail"),
    path("<id:pk>/alliance/invite/", organizations.alliance_invite, name="alliance_invite"),
    path("<id:pk>/alliance/join/", organizations.alliance_join, name="alliance_join"),
    path("alliance-memberships/<id:pk>/<str:decision>/",
         organizations.alliance_membership_decide, name="alliance_membership_decide"),
]

event_patterns = [
    path("<id:pk>/", events.event_detail, name="detail"),
]

pilot_patterns = [
    path("<id:pk>/", pilots.pilot_detail, name="detail"),
]
