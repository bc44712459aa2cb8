from django.urls import path

from consultations.views import events as views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("calendar.ics", views.event_feed, name="feed"),
    path("my-registrations/", views.my_registrations, name="my_registrations"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/status/", views.event_status, name="status"),
    path("<int:pk>/event.ics", views.event_ical, name="ical"),
    path("<int:pk>/register/", views.registration_create, name="register"),
    path("<int:pk>/registrations/", views.event_registrations, name="registrations"),
    path("<int:pk>/registrations/<int:reg_pk>/cancel/", views.registration_cancel,
         name="registration_cancel"),
    path("<int:pk>/outcomes/", views.event_outcomes, name="outcomes"),
    path("<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document"),
    path("<int:pk>/documents/<int:doc_pk>/delete/", views.document_delete,
         name="document_delete"),
    path("<int:pk>/action-items/new/", views.action_item_create, name="action_item_create"),
    path("<int:pk>/action-items/<int:item_pk>/status/", views.action_item_status,
         name="action_item_status"),
]
