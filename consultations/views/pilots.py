"""Pilot initiative pages: the list, the pilot at a glance, its roadmap."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from consultations import policies
from consultations.forms.events import MilestoneForm, PilotForm
from consultations.models import Milestone, PilotInitiative
from consultations.selectors.pilots import pilots_visible_to, regional_networks
from consultations.services import pilots as services
from portal.core.forms import add_service_errors
from portal.core.idempotency import create_once_from


def pilot_list(request):
    return render(request, "consultations/pilots/list.html",
                  {"pilots": list(pilots_visible_to(request.user)),
                   "networks": list(regional_networks())})


def _manageable(request, pk: int) -> PilotInitiative:
    pilot = get_object_or_404(PilotInitiative.objects.select_related("party"), pk=pk)
    if not policies.can_manage_pilot(request.user, pilot):
        raise PermissionDenied
    return pilot


@login_required
def pilot_edit(request, pk: int):
    pilot = _manageable(request, pk)
    form = PilotForm(request.POST or None, instance=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_update(actor=request.user, pilot=pilot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pilot initiative updated."))
            return redirect("pilots:detail", pk=pilot.pk)
    return render(request, "consultations/events/form.html", {
        "form": form, "pilot": pilot, "title": _("Edit the pilot initiative"),
        "submit": _("Save")}, status=400 if form.errors else 200)


@login_required
def milestone_create(request, pk: int):
    pilot = _manageable(request, pk)
    form = MilestoneForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            create_once_from(request, lambda: services.milestone_create(
                actor=request.user, pilot=pilot, **form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone added to the roadmap."))
            return redirect("pilots:detail", pk=pilot.pk)
    return render(request, "consultations/events/form.html", {
        "form": form, "pilot": pilot, "title": _("Add a milestone"),
        "submit": _("Add milestone")}, status=400 if form.errors else 200)


@login_required
def milestone_edit(request, pk: int, milestone_pk: int):
    pilot = _manageable(request, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, pilot=pilot)
    form = MilestoneForm(request.POST or None, instance=milestone, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(actor=request.user, milestone=milestone,
                                      **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone updated."))
            return redirect("pilots:detail", pk=pilot.pk)
    return render(request, "consultations/events/form.html", {
        "form": form, "pilot": pilot, "title": _("Edit a milestone"),
        "submit": _("Save")}, status=400 if form.errors else 200)
