"""Profile, personal data download, account closure, and the admin's sign-in redirect."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.accounts import services
from portal.accounts.forms import CloseAccountForm, ProfileForm
from portal.core import ratelimit


@require_GET
def admin_login_redirect(request):
    """The Django admin signs in through allauth (rate limits, two-factor step).
    A signed-in user without admin access gets a 403, not a redirect loop."""
    if request.user.is_authenticated and not (request.user.is_active
                                              and request.user.is_staff):
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def _profile_context(user) -> dict:
    # consultations sits above portal.accounts: imported here, not at module level.
    from allauth.mfa.models import Authenticator

    from consultations.roles import roles_of
    from consultations.selectors.organizations import memberships_of

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
def personal_data(request):
    data = services.personal_data_export(user=request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="untoc-portal-data-{stamp}.json"'
    return response


@login_required
def close_account(request):
    form = CloseAccountForm(request.POST if request.method == "POST" else None,
                            user=request.user, request=request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.account_close(actor=request.user)
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
