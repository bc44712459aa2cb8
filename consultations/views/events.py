"""Event pages: thin views (form → one service → redirect with a message)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import ical, policies
from consultations.forms.events import (
    ActionItemForm,
    ActionItemStatusForm,
    AttendanceForm,
    DocumentForm,
    EventFilterForm,
    EventForm,
    EventStatusForm,
    InviteForm,
    MinutesForm,
    RegistrationForm,
)
from consultations.models import ActionItem, Event, EventDocument, Registration
from consultations.selectors import events as selectors
from consultations.services import events as services
from portal.core.forms import add_service_errors
from portal.core.idempotency import create_once_from
from portal.core.views import confirm_page

PAGE_SIZE = 20


def _form_page(request, template, context, status=200):
    return render(request, template, context, status=status)


def _manageable(request, pk: int) -> Event:
    event = selectors.event_get_for(request.user, pk)
    if not policies.can_manage_event(request.user, event):
        raise PermissionDenied
    return event


# --- Public pages ---------------------------------------------------------------------


def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = selectors.EventFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.EventFilters(
            when=data.get("when") or "upcoming",
            party=data["party"].pk if data.get("party") else None,
            kind=data.get("kind") or "", date_from=data.get("date_from"),
            date_to=data.get("date_to"))
    page = Paginator(selectors.event_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "consultations/events/list.html", {
        "form": form, "page": page, "events": page.object_list, "filters": filters,
        "query": query.urlencode(),
        "can_create": policies.can_create_event(request.user),
    }, status=400 if form.is_bound and form.errors else 200)


def event_ical(request, pk: int):
    event = selectors.event_get_for(request.user, pk)
    # The user's own download: the online link where the policy gives it to them.
    body = ical.calendar([event], name=event.title, online_link_for=partial(
        policies.can_view_online_link, request.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def event_feed(request):
    """The public calendar (subscribed to without signing in): never an online link."""
    events = selectors.events_upcoming_public()
    return HttpResponse(ical.calendar(events, name=_("UNTOC consultation events")),
                        content_type="text/calendar; charset=utf-8")


def document_download(request, pk: int, doc_pk: int):
    event = selectors.event_get_for(request.user, pk)
    document = get_object_or_404(EventDocument, pk=doc_pk, event=event)
    if not policies.can_download_event_document(request.user, document):
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=document.filename)


# --- Managing events -------------------------------------------------------------------


@login_required
def event_create(request):
    if not policies.can_create_event(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_once_from(request, lambda: services.event_create(
                actor=request.user, organizers=form.cleaned_data["organizers"],
                **form.service_data()))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Event created as a draft. Publish it when ready."))
            return redirect("events:detail", pk=event.pk)
    return _form_page(request, "consultations/events/form.html", {
        "form": form, "title": _("New event"), "submit": _("Create event")},
        status=400 if form.errors else 200)


@login_required
def event_edit(request, pk: int):
    event = _manageable(request, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event,
                                  organizers=form.cleaned_data["organizers"],
                                  **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Event updated."))
            return redirect("events:detail", pk=event.pk)
    return _form_page(request, "consultations/events/form.html", {
        "form": form, "event": event, "title": _("Edit event"), "submit": _("Save")},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def event_status(request, pk: int):
    """A POST changes the status; cancelling asks first on a page of its own (GET)."""
    event = _manageable(request, pk)
    if request.method == "GET":
        if request.GET.get("status") != Event.Status.CANCELLED:
            raise Http404
        return confirm_page(
            request, question=_("Cancel the event “%(title)s”?") % {"title": event.title},
            consequence=_("Everyone registered is told that the event is cancelled."),
            action_label=_("Yes, cancel the event"),
            cancel_url=reverse("events:detail", args=[event.pk]),
            hidden={"status": Event.Status.CANCELLED})
    form = EventStatusForm(request.POST)
    if form.is_valid():
        try:
            services.event_status_change(actor=request.user, event=event,
                                         status=form.cleaned_data["status"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The event is now “%(status)s”.") % {
                "status": Event.Status(form.cleaned_data["status"]).label})
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("events:detail", pk=event.pk)


# --- Registrations --------------------------------------------------------------------------


@login_required
def registration_create(request, pk: int):
    event = selectors.event_get_for(request.user, pk)
    organizations = selectors.organizations_for_registration(request.user)
    form = RegistrationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            registration = create_once_from(request, lambda: services.registration_create(
                actor=request.user, event=event,
                organization=form.cleaned_data["organization"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You are registered. A confirmation is on its way."))
            else:
                messages.warning(request, _("The event is full: you are on the waiting list. "
                                            "We will tell you if a place becomes free."))
            return redirect("events:detail", pk=event.pk)
    return _form_page(request, "consultations/events/register.html", {
        "form": form, "event": event,
        "registration_open": policies.event_registration_is_open(event)},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk: int, reg_pk: int):
    """GET asks on a page of its own; POST cancels the registration."""
    event = selectors.event_get_for(request.user, pk)
    registration = get_object_or_404(Registration.objects.select_related("event", "user"),
                                     pk=reg_pk, event=event)
    if not policies.can_cancel_registration(request.user, registration):
        raise Http404
    if request.method == "GET":
        own = registration.user_id == request.user.pk
        return confirm_page(
            request,
            question=(_("Cancel your registration for “%(title)s”?") if own
                      else _("Cancel the registration of %(who)s for “%(title)s”?"))
            % {"title": event.title, "who": registration.user},
            consequence=_("The place goes to the next person on the waiting list, if any."),
            action_label=_("Yes, cancel the registration"),
            cancel_url=reverse("events:detail" if own else "events:registrations",
                               args=[event.pk]))
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The registration is cancelled."))
    if registration.user_id != request.user.pk:
        return redirect("events:registrations", pk=event.pk)
    return redirect("events:detail", pk=event.pk)


@login_required
def my_registrations(request):
    return render(request, "consultations/events/my_registrations.html", {
        "registrations": list(selectors.registrations_of(request.user))})


@login_required
def event_registrations(request, pk: int):
    event = _manageable(request, pk)
    form = InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = create_once_from(request, lambda: services.registration_invite(
                actor=request.user, event=event, email=form.cleaned_data["email"],
                organization=form.cleaned_data["organization"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(person)s is registered (%(status)s).") % {
                "person": registration.user, "status": registration.get_status_display()})
            return redirect("events:registrations", pk=event.pk)
    return render(request, "consultations/events/registrations.html", {
        "event": event, "form": form,
        "registrations": list(selectors.registrations_for_event(event)),
    }, status=400 if form.errors else 200)


# --- After the event -------------------------------------------------------------------------


@login_required
def event_outcomes(request, pk: int):
    """Attendance and minutes in one page (two forms, told apart by the button)."""
    event = selectors.event_get_for(request.user, pk, full=True)
    if not policies.can_manage_event(request.user, event):
        raise PermissionDenied
    which = request.POST.get("form") if request.method == "POST" else None
    attendance_form = AttendanceForm(request.POST if which == "attendance" else None,
                                     event=event, prefix="attendance")
    minutes_form = MinutesForm(request.POST if which == "minutes" else None,
                               initial={"minutes": event.minutes}, prefix="minutes")
    try:
        if which == "attendance" and attendance_form.is_valid():
            services.attendance_record(actor=request.user, event=event,
                                       counts=attendance_form.counts())
            messages.success(request, _("Attendance recorded."))
            return redirect("events:detail", pk=event.pk)
        if which == "minutes" and minutes_form.is_valid():
            services.minutes_record(actor=request.user, event=event,
                                    minutes=minutes_form.cleaned_data["minutes"])
            messages.success(request, _("Minutes saved."))
            return redirect("events:detail", pk=event.pk)
    except ValidationError as exc:
        add_service_errors(attendance_form if which == "attendance" else minutes_form, exc)
    failed = attendance_form.errors or minutes_form.errors
    return render(request, "consultations/events/outcomes.html", {
        "event": event, "attendance_form": attendance_form, "minutes_form": minutes_form,
    }, status=400 if failed else 200)


@login_required
def document_upload(request, pk: int):
    event = _manageable(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_once_from(request, lambda: services.event_document_add(
                actor=request.user, event=event, file=form.cleaned_data["file"],
                title=form.cleaned_data["title"], kind=form.cleaned_data["kind"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect("events:detail", pk=event.pk)
    return _form_page(request, "consultations/events/form.html", {
        "form": form, "event": event, "title": _("Add a document"), "submit": _("Upload"),
        "multipart": True}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, pk: int, doc_pk: int):
    """GET asks on a page of its own; POST removes the document."""
    event = _manageable(request, pk)
    document = get_object_or_404(EventDocument, pk=doc_pk, event=event)
    if request.method == "GET":
        return confirm_page(
            request, question=_("Remove the document “%(title)s”?") % {"title": document.title},
            consequence=_("The file is deleted. This cannot be undone."),
            action_label=_("Yes, remove the document"),
            cancel_url=reverse("events:detail", args=[event.pk]))
    services.event_document_delete(actor=request.user, document=document)
    messages.success(request, _("Document removed."))
    return redirect("events:detail", pk=event.pk)


@login_required
def action_item_create(request, pk: int):
    event = _manageable(request, pk)
    form = ActionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_once_from(request, lambda: services.action_item_create(
                actor=request.user, event=event, title=data["title"], due_on=data["due_on"],
                owner_organization=data["owner_organization"], owner_name=data["owner_name"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Action item added."))
            return redirect(reverse("events:detail", args=[event.pk]) + "#action-items")
    return _form_page(request, "consultations/events/form.html", {
        "form": form, "event": event, "title": _("Add an action item"),
        "submit": _("Add action item")}, status=400 if form.errors else 200)


@login_required
@require_POST
def action_item_status(request, pk: int, item_pk: int):
    event = _manageable(request, pk)
    item = get_object_or_404(ActionItem, pk=item_pk, event=event)
    form = ActionItemStatusForm(request.POST)
    if form.is_valid():
        services.action_item_status_set(actor=request.user, item=item,
                                        status=form.cleaned_data["status"])
        messages.success(request, _("Action item updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(reverse("events:detail", args=[event.pk]) + "#action-items")
