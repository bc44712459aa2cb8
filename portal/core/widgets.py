"""Form widgets shared by the apps."""

from __future__ import annotations

import html

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> whose options are written in Python rather than through a template
    each: a filter form with hundreds of options (States, articles) otherwise spends
    tens of milliseconds per page in the template engine. Same HTML, same attributes
    (aria-describedby, aria-invalid, classes) as Django's Select."""

    #: The options already written (``options_html``), e.g. from a cache: rendering then
    #: only marks the selected value, whatever the number of options.
    options_html: str | None = None

    @classmethod
    def options_html_for(cls, choices) -> str:
        """The options of ``choices`` (no optgroups) with none selected, for
        ``options_html``."""
        return cls()._options(choices, set(), {"found": False})

    def render(self, name, value, attrs=None, renderer=None):
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        selected = set(self.format_value(value))
        if self.options_html is not None:
            return mark_safe(f"<select{_attributes(final)}>"
                             + _mark_selected(self.options_html, selected) + "</select>")
        state = {"found": False}  # a single select marks its first match only, as Django
        options = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):  # an optgroup
                inner = self._options(option_label, selected, state)
                options.append(format_html('<optgroup label="{}">{}</optgroup>',
                                           option_value, inner))
            else:
                options.append(self._options([(option_value, option_label)], selected,
                                             state))
        return mark_safe(f"<select{_attributes(final)}>" + "".join(options) + "</select>")

    def _options(self, choices, selected: set[str], state: dict) -> str:
        parts = []
        for value, label in choices:
            value = "" if value is None else str(value)
            mark = value in selected and (self.allow_multiple_selected or not state["found"])
            state["found"] = state["found"] or mark
            parts.append(f'<option value="{_escape(value)}"{" selected" if mark else ""}>'
                         f"{_escape(label)}</option>")
        return mark_safe("".join(parts))


def _mark_selected(options: str, selected: set[str]) -> str:
    """Mark the first option of the first selected value, as a single select does."""
    for value in sorted(selected):
        needle = f'<option value="{_escape(value)}">'
        if needle in options:
            return options.replace(needle, needle[:-1] + " selected>", 1)
    return options


def _escape(text) -> str:
    """Django's conditional_escape without its lazy-string wrapper (called per option)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text), quote=True)


def _attributes(attrs: dict) -> str:
    """Attributes in the given order (flatatt sorts them): name first, as Django's
    template writes it. True gives a bare attribute, False and None none."""
    parts = []
    for key, value in attrs.items():
        if value is True:
            parts.append(f" {key}")
        elif value is not False and value is not None:
            parts.append(f' {key}="{_escape(value)}"')
    return "".join(parts)
