from django import template

from portal.core.i18n import languages_in_themselves

register = template.Library()


@register.simple_tag
def portal_languages():
    """The language menu's entries: each language named in itself."""
    return languages_in_themselves()
