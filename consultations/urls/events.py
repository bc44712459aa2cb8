from django.urls import path

from consultations.views import events as views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("calendar.ics", views.event_feed, name="feed"),
    path("my-registrations/", views.my_registrations, name="my_registrations"),
    path("<id:pk>/edit/", views.event_edit, name="edit"),
    path("<id:pk>/status/", views.event_status, name="status"),
    path("<id:pk>/event.ics", views.event_ical, name="ical"),
    path("<id:pk>/register/", views.registration_create, name="register"),
    path("<id:pk>/registrations/", views.event_registrations, name="registrations"),
    path("<id:pk>/registrations/<id:reg_pk>/cancel/", views.registration_cancel,
         name="registration_cancel"),
    path("<id:pk>/outcomes/", views.event_outcomes, name="outcomes"),
    path("<id:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("<id:pk>/documents/<id:doc_pk>/", views.document_download, name="document"),
    path("<id:pk>/documents/<id:doc_pk>/delete/", views.document_delete,
         name="document_delete"),
    path("<id:pk>/action-items/new/", views.action_item_create, name="action_item_create"),
    path("<id:pk>/action-items/<id:item_pk>/status/", views.action_item_status,
         name="action_item_status"),
]
