"""{{ event|event_sentence }}: a domain event as a sentence in the viewer's language."""

from django import template

from portal.core.events import event_sentence as _event_sentence

register = template.Library()


@register.filter
def event_sentence(event) -> str:
    return _event_sentence(event)
