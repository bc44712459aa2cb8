"""Profile pages for personal API tokens: list, create (the token is shown once),
revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.api import tokens
from portal.core import ratelimit
from portal.core.forms import add_service_errors
from portal.core.idempotency import create_once_from, created_before
from portal.core.views import confirm_page


class TokenForm(forms.Form):
    """A token is a password for scripts: made as often as a sign-in may be tried."""

    RATE_LIMIT_ACTION = "api_token_create"

    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “monthly report script”."))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_name(self):
        ratelimit.attempt_or_error(self.request, action=self.RATE_LIMIT_ACTION)
        return self.cleaned_data["name"]


@login_required
def token_list(request):
    return render(request, "accounts/tokens.html", {
        "tokens": tokens.api_tokens_of(request.user),
        "can_create": tokens.can_create_api_token(request.user),
    })


@never_cache
@login_required
def token_create(request):
    if not tokens.can_create_api_token(request.user):
        return render(request, "accounts/tokens_mfa.html", status=403)
    if request.method == "POST" and (earlier := created_before(request)) is not None:
        return _created_already(request, earlier)
    form = TokenForm(request.POST or None, request=request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            secret: dict[str, str] = {}

            def create():
                token, secret["raw"] = tokens.api_token_create(
                    actor=request.user, name=form.cleaned_data["name"])
                return token

            try:
                token = create_once_from(request, create)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if "raw" not in secret:  # a concurrent repeat of the post
                    return _created_already(request, token)
                # Rendered, not redirected: the token is shown this once and never again.
                return render(request, "accounts/tokens_created.html",
                              {"token": token, "raw": secret["raw"]}, status=201)
        status = ratelimit.status_for(form)
    return render(request, "accounts/tokens_form.html", {"form": form}, status=status)


def _created_already(request, token):
    """A repeated post: the token exists and its secret was shown to the first post only
    (only its hash is kept)."""
    messages.warning(request, _(
        "The token “%(name)s” was created by your first click and its value shown then: "
        "it cannot be shown again. If you did not copy it, revoke it and create another.")
        % {"name": token.name})
    return redirect("api_tokens")


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    """GET asks on a page of its own; POST revokes."""
    token = get_object_or_404(tokens.api_tokens_of(request.user), pk=pk)
    if request.method == "GET":
        return confirm_page(
            request, question=_("Are you sure you want to revoke the token “%(name)s”?")
            % {"name": token.name},
            consequence=_("Programs using it will no longer be able to sign in. This "
                          "cannot be undone."),
            action_label=_("Yes, revoke the token"), cancel_url=reverse("api_tokens"))
    tokens.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.")
                     % {"name": token.name})
    return redirect("api_tokens")
