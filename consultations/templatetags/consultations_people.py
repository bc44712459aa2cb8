"""People on the consultations pages, through the people rule
(``consultations.policies.person_name_for``)."""

from django import template

from consultations.policies import person_name_for

register = template.Library()


@register.simple_tag(takes_context=True)
def person_shown(context, person, party_id=None, organization_id=None) -> str:
    """A person's name if the reader may see it, else "" (never an e-mail address)."""
    request = context.get("request")
    reader = getattr(request, "user", None) or context.get("user")
    return person_name_for(reader, person, party_id=party_id, organization_id=organization_id)
