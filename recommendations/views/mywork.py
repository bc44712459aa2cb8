"""The landing page after sign-in: what waits for the user, per role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from recommendations.selectors.mywork import my_work


@login_required
@require_GET
def my_work_page(request):
    # Failed e-mails are listed by recipient and category, never their content (which
    # is the recipient's, as in the outbox).
    return render(request, "mywork.html", {"work": my_work(request.user)})
