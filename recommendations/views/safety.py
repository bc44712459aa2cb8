"""Safe filing pages: the filer's and a co-signer's choice of who may read their name
and the protected fields. More protection at once; less only after a page saying what
it reveals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from recommendations import policies
from recommendations.forms.safety import (
    CosignerProtectionForm,
    ProtectionForm,
    what_it_reveals,
)
from recommendations.models import CoSignature
from recommendations.selectors import recommendations as sel
from recommendations.services import safety as svc


def _detail(rec):
    return reverse("recommendations:detail", args=[rec.pk])


def _page(request, rec, form, reveals, **extra):
    """The choices (400 when a post was invalid), or what a change would reveal."""
    status = 400 if request.method == "POST" and not reveals else 200
    return render(
        request,
        "recommendations/protection.html",
        {"rec": rec, "form": form, "reveals": reveals, **extra},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def protection(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_change_attribution(request.user, rec):
        raise PermissionDenied
    current = ProtectionForm.protection_initial(rec)
    form = ProtectionForm(request.POST or None, initial=current)
    reveals = []
    if request.method == "POST" and form.is_valid():
        wanted = form.protection_kwargs()
        confirmed = form.cleaned_data["confirm_reveal"]
        if rec.status != rec.Status.DRAFT and not confirmed:
            reveals = what_it_reveals(current, wanted)
        if not reveals:
            try:
                svc.recommendation_protection_set(
                    actor=request.user, recommendation=rec, confirm_reveal=True, **wanted
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved: who may see what."))
                return redirect(_detail(rec))
    return _page(request, rec, form, reveals)


@login_required
@require_http_methods(["GET", "POST"])
def cosigner_protection(request, pk: int, cosignature_pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    cosig = get_object_or_404(
        CoSignature.objects.select_related("organization"), pk=cosignature_pk, recommendation=rec
    )
    if not policies.can_change_cosigner_attribution(request.user, cosig):
        raise PermissionDenied
    current = {"attribution": cosig.attribution}
    form = CosignerProtectionForm(request.POST or None, initial=current)
    reveals = []
    if request.method == "POST" and form.is_valid():
        wanted = {"attribution": form.cleaned_data["attribution"]}
        if not form.cleaned_data["confirm_reveal"]:
            reveals = what_it_reveals(current, wanted)
        if not reveals:
            svc.cosigner_attribution_set(
                actor=request.user, cosignature=cosig, confirm_reveal=True, **wanted
            )
            messages.success(request, _("Saved: who may see your organization's name."))
            return redirect(_detail(rec))
    return _page(request, rec, form, reveals, cosignature=cosig)
