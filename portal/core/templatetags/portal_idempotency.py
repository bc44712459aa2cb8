"""{% idempotency_field %}: the hidden one-time token of a form that creates something
(portal.core.idempotency). A new token per rendering: a failed post used none."""

from django import template
from django.utils.html import format_html

from portal.core.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_field() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
