from __future__ import annotations

from django.shortcuts import render

from portal.core.health import ready


def health(request):
    """The older address of the health check: the readiness report (503 when any part
    is not ready, so a proxy or an orchestrator can act on it)."""
    return ready(request)


def confirm_page(request, *, question: str, action_label: str, cancel_url: str,
                 consequence: str = "", hidden: dict[str, str] | None = None,
                 quote: str = "", quote_language: str = ""):
    """The page that asks before a destructive action (GOV.UK pattern, no JavaScript):
    a view shows it on GET and acts on POST. ``quote``: the text that would be removed,
    shown as it was written (in ``quote_language``)."""
    return render(request, "includes/confirm.html", {
        "question": question, "action_label": action_label, "cancel_url": cancel_url,
        "consequence": consequence, "hidden": hidden or {}, "quote": quote,
        "quote_language": quote_language})
