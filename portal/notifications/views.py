"""The inbox, the preferences page and the staff outbox. Thin: a form, one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.notifications import policies, selectors, services
from portal.notifications.forms import OutboxFilterForm, PreferencesForm
from portal.notifications.inbox import (
    notification_mark_read,
    notifications_mark_all_read,
    preferences_update,
)
from portal.notifications.models import Notification
from portal.notifications.preferences import preferences_of

PAGE_SIZE = 25


def _with_subjects(notifications):
    for n in notifications:
        n.subject = services.notification_subject(n)
    return notifications


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(selectors.inbox_of(request.user, unread_only=unread_only),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    _with_subjects(page.object_list)
    return render(request, "notifications/inbox.html",
                  {"page": page, "unread_only": unread_only})


@login_required
def open_notification(request, pk: int):
    """Mark read and go to the item."""
    notification = get_object_or_404(selectors.inbox_of(request.user), pk=pk)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    target = notification.url or "notifications:inbox"
    if notification.url and not url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


def _back(request):
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = get_object_or_404(selectors.inbox_of(request.user), pk=pk)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    messages.success(request, _("Marked as read."))
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return _back(request)


@login_required
def preferences(request):
    current = preferences_of(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                preferences_update(user=request.user, choices=form.choices())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Your notification preferences are saved."))
                return redirect("notifications:preferences")
        status = 400
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


@login_required
def outbox(request):
    if not policies.can_view_outbox(request.user):
        raise PermissionDenied
    form = OutboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.outbox_for_staff(status=filters.get("status", ""),
                                    search=filters.get("q", ""),
                                    possibly_sent_twice=filters.get("twice", False))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    counts = dict(Notification.objects.order_by().values_list("email_status")
                  .annotate(n=Count("id")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "notifications/outbox.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "statuses": [(value, label, counts.get(value, 0))
                     for value, label in Notification.EmailStatus.choices],
    })


@login_required
@require_POST
def retry(request, pk: int):
    if not policies.can_view_outbox(request.user):
        raise PermissionDenied
    notification = get_object_or_404(Notification, pk=pk)
    if not policies.can_retry_notification(request.user, notification):
        messages.error(request, _("Only failed e-mails can be retried."))
        return redirect("notifications:outbox")
    services.notification_retry(notification_id=pk, actor=request.user)
    messages.success(request, _("The e-mail is queued again."))
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect("notifications:outbox")
