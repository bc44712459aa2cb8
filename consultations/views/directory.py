"""The directory opt-out page: an organization's coordinators choose whether it is listed
in the public directory (consultations.directory)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from consultations import policies
from consultations.selectors import organizations as selectors
from consultations.services.directory import organization_listing_set
from portal.core.forms import form_service


class ListingForm(forms.Form):
    listed = forms.BooleanField(
        label=gettext_lazy("List the organization in the public directory"),
        required=False,
        help_text=gettext_lazy(
            "Unchecked, the organization is left out of the public directory and of the "
            "lists of alliance members; its page is not found by the public. UNODC, the "
            "officials of its State and its members still see it. Its recommendations "
            "show its name as each recommendation's attribution says."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing(request, pk: int):
    org = get_object_or_404(selectors.organizations_visible_to(request.user), pk=pk)
    if not policies.can_change_listing(request.user, org):
        raise PermissionDenied
    form = ListingForm(
        request.POST if request.method == "POST" else None,
        initial={"listed": org.listed_in_directory},
    )
    if request.method == "POST":
        done, _org = form_service(
            form,
            lambda: organization_listing_set(
                actor=request.user, organization=org, listed=form.cleaned_data["listed"]
            ),
        )
        if done:
            messages.success(request, _("The directory listing was saved."))
            return redirect("organizations:detail", pk=org.pk)
    return render(
        request,
        "consultations/organizations/listing.html",
        {"org": org, "form": form},
        status=400 if form.errors else 200,
    )
