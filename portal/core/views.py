from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core.models import Heartbeat


@require_GET
@never_cache
def health(request):
    """Liveness for load balancers and humans: the database answers, and when the
    worker last processed a beat tick (stale after five minutes)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = Heartbeat.objects.filter(name="worker").first()
    fresh = bool(beat and timezone.now() - beat.last_seen < timedelta(minutes=5))
    return JsonResponse({
        "database": "ok",
        "worker_last_seen": beat.last_seen.isoformat() if beat else None,
        "worker": "ok" if fresh else "stale",
    })


def confirm_page(request, *, question: str, action_label: str, cancel_url: str,
                 consequence: str = "", hidden: dict[str, str] | None = None):
    """The page that asks before a destructive action (GOV.UK pattern, no JavaScript):
    a view shows it on GET and acts on POST."""
    from django.shortcuts import render

    return render(request, "includes/confirm.html", {
        "question": question, "action_label": action_label, "cancel_url": cancel_url,
        "consequence": consequence, "hidden": hidden or {}})
