from django import template

from consultations.roles import roles_of
from recommendations.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Plain text or Markdown, rendered and sanitized."""
    return render_markdown(text)


@register.filter
def is_focal_or_staff(user) -> bool:
    roles = roles_of(user)
    return bool(roles.focal_party_ids) or roles.is_unodc_staff
