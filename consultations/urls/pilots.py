from django.urls import path

from consultations.views import pilots as views

app_name = "pilots"

urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
    path("<int:pk>/edit/", views.pilot_edit, name="edit"),
    path("<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("<int:pk>/milestones/<int:milestone_pk>/edit/", views.milestone_edit,
         name="milestone_edit"),
]
