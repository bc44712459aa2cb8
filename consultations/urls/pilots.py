from django.urls import path

from consultations.views import pilots as views

app_name = "pilots"

urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("<id:pk>/edit/", views.pilot_edit, name="edit"),
    path("<id:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("<id:pk>/milestones/<id:milestone_pk>/edit/", views.milestone_edit,
         name="milestone_edit"),
]
