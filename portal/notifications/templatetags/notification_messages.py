"""``{{ notification.payload.subject|message }}``: a stored notification text in the
active language (portal/notifications/messages.py)."""

from __future__ import annotations

from django import template

from portal.notifications.messages import render_message

register = template.Library()


@register.filter
def message(value) -> str:
    return render_message(value)
