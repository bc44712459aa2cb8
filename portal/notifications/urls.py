from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<id:pk>/retry/", views.retry, name="retry"),
    path("<id:pk>/", views.open_notification, name="open"),
    path("<id:pk>/read/", views.mark_read, name="mark_read"),
]
