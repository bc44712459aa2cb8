"""Form rendering helpers: accessible attributes added to widgets (aria-describedby,
aria-invalid, error styling) so templates stay declarative."""

from django import template

register = template.Library()


@register.simple_tag
def field_widget(bound_field):
    attrs = {}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
        existing = bound_field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{existing} input--error".strip()
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
