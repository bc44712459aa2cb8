"""Personal data download and the admin's sign-in redirect."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET

from portal.accounts import services


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


@login_required
def personal_data(request):
    data = services.personal_data_export(user=request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="untoc-portal-data-{stamp}.json"'
    return response
