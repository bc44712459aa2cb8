"""Pages of consolidation (an alliance merges its members' drafts into one) and the
similar-titles lookup of the draft form. Thin: a form validates, one service acts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.core.forms import add_service_errors
from portal.core.idempotency import create_once_from
from portal.core.ids import parse_id
from recommendations import policies
from recommendations.forms.recommendations import ConsolidateForm
from recommendations.selectors import recommendations as sel
from recommendations.services import consolidation as consol
from recommendations.views.recommendations import _detail_url


@login_required
def consolidate(request):
    if not policies.can_consolidate(request.user):
        raise PermissionDenied
    form = ConsolidateForm(request.POST or None,
                           alliances=sel.coordinated_alliances(request.user),
                           drafts=sel.consolidatable_drafts(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            rec = create_once_from(request, lambda: consol.recommendation_consolidate(
                actor=request.user, alliance=form.cleaned_data["alliance"],
                sources=list(form.cleaned_data["drafts"]), title=form.cleaned_data["title"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The drafts were consolidated into a new draft of "
                                        "the alliance. Review and edit it before you "
                                        "submit."))
            return redirect("recommendations:edit", pk=rec.pk)
    return render(request, "recommendations/consolidate.html", {"form": form},
                  status=400 if form.errors else 200)


@require_GET
def similar(request):
    """JSON for static/js/similar.js: already filed recommendations to the same State
    with a similar title."""
    party_id = parse_id(request.GET.get("party"))
    if party_id is None:
        return JsonResponse({"results": []})
    rows = sel.recommendations_similar(
        request.user, party_id=party_id, title=request.GET.get("title", "")[:200],
        exclude_pk=parse_id(request.GET.get("exclude")))
    return JsonResponse({"results": [
        {"reference": r.reference, "title": r.title,
         "organization": policies.filer_display_for(request.user, r),
         "status": r.get_status_display(), "url": _detail_url(r)} for r in rows]})
