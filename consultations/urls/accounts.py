from django.urls import path

from consultations.views import accounts

urlpatterns = [
    path("profile/", accounts.profile, name="profile"),
    path("close/", accounts.close_account, name="account_close"),
]
