"""Template filters for the language of user content."""

from django import template

from portal.core import content_language
from portal.core.i18n import SELF_NAMES
from recommendations.selectors.translations import ShownText, shown_text

register = template.Library()


@register.filter
def content_language_name(code: str) -> str:
    """The language's name in the reader's language ("French", "Francés"...)."""
    return content_language.name(code)


@register.filter
def content_language_self_name(code: str) -> str:
    """The language's name in itself ("Français", "العربية"...)."""
    return SELF_NAMES.get(code, code)


@register.filter
def shown_for(recommendation, language_code: str) -> ShownText:
    """The recommendation's title and text for a reader of that interface language (its
    translations prefetched)."""
    return shown_text(recommendation, language=content_language.normalize(language_code) or "en")
