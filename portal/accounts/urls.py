from django.urls import path

from portal.accounts import views

urlpatterns = [
    path("profile/data/", views.personal_data, name="personal_data"),
]
