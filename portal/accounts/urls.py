from django.urls import path

from portal.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.personal_data, name="personal_data"),
    path("close/", views.close_account, name="account_close"),
]
