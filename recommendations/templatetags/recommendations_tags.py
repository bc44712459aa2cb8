from django import template

from consultations.roles import roles_of
from recommendations.markdown import render_markdown
from recommendations.policies import (
    assessor_display_for,
    cosigner_display_for,
    filer_display_for,
    filer_name_visible_to,
    person_name_for,
)

register = template.Library()


@register.filter
def markdown(text: str):
    """Plain text or Markdown, rendered and sanitized."""
    return render_markdown(text)


@register.filter
def is_focal_or_staff(user) -> bool:
    roles = roles_of(user)
    return bool(roles.focal_party_ids) or roles.is_unodc_staff


def _reader(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def filer_name(context, recommendation) -> str:
    """The filing organization as the reader may see it (policies.filer_display_for)."""
    return filer_display_for(_reader(context), recommendation)


@register.simple_tag(takes_context=True)
def cosigner_name(context, cosignature, recommendation) -> str:
    """A co-signing organization as the reader may see it."""
    return cosigner_display_for(_reader(context), cosignature, recommendation)


@register.simple_tag(takes_context=True)
def filer_named(context, recommendation) -> bool:
    """Whether the reader may see the filer's name (and so link to its page)."""
    return filer_name_visible_to(_reader(context), recommendation)


@register.simple_tag(takes_context=True)
def assessor_name(context, assessment, action) -> str:
    """The assessing organization as the reader may see it."""
    return assessor_display_for(_reader(context), assessment, action)


@register.simple_tag(takes_context=True)
def person_name(context, person, recommendation=None, party_id=None) -> str:
    """A person's name if the reader may see it, else "" (policies.person_name_for)."""
    return person_name_for(_reader(context), person, recommendation=recommendation,
                           party_id=party_id)
