from django.urls import path

from portal.api import token_views

urlpatterns = [
    path("", token_views.token_list, name="api_tokens"),
    path("new/", token_views.token_create, name="api_token_create"),
    path("<id:pk>/revoke/", token_views.token_revoke, name="api_token_revoke"),
]
