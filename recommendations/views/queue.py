"""The focal person's queue: recommendations addressed to their State, soonest deadline
first, with what is overdue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consultations.roles import roles_of
from portal.core.paging import CappedPaginator
from recommendations.forms.recommendations import QueueFilterForm
from recommendations.selectors.recommendations import queue_counts, queue_matching, queue_rows


@login_required
@require_GET
def queue(request):
    roles = roles_of(request.user)
    if not (roles.focal_party_ids or roles.is_unodc_staff):
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = queue_matching(request.user, status=data.get("status") or "open",
                        overdue_only=bool(data.get("overdue")), q=data.get("q") or "")
    page = CappedPaginator(qs, 25, rows=queue_rows).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "recommendations/queue.html", {
        "form": form, "page": page, "counts": queue_counts(request.user),
        "querystring": params.urlencode()})
