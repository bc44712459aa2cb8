"""The profile page (who the user is on the portal: roles, memberships, official
assignments) and closing an account."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consultations.roles import roles_of
from consultations.selectors.organizations import memberships_of
from consultations.services.accounts import account_close
from portal.accounts.forms import CloseAccountForm, ProfileForm
from portal.core import ratelimit


def _profile_context(user) -> dict:

    roles = roles_of(user)
    return {
        "roles": roles,
        "memberships": memberships_of(user),
        "assignments": list(user.official_assignments.select_related("party", "agency")),
        "mfa_types": set(Authenticator.objects.filter(user=user)
                         .values_list("type", flat=True)),
    }


@login_required
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
        status = 400
    else:
        status = 200
    return render(request, "accounts/profile.html",
                  {"form": form, **_profile_context(request.user)}, status=status)


@login_required
def close_account(request):
    form = CloseAccountForm(request.POST if request.method == "POST" else None,
                            user=request.user, request=request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                account_close(actor=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                logout(request)
                messages.success(request, _("Your account is closed. Thank you for taking "
                                            "part."))
                return redirect("home")
        status = ratelimit.status_for(form)
    return render(request, "accounts/close.html", {"form": form}, status=status)
