"""FastSelect writes the same HTML as Django's Select (compared as parsed HTML)."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from portal.core.widgets import FastSelect

CHOICES = [("", "Any"), (1, "A & B"), (2, '"quoted" <b>'), ("Group", [(3, "x"), (4, "y")])]


@pytest.mark.parametrize("value", [None, "", 2, "3", [1, 4]])
def test_same_html_as_djangos_select(value):
    attrs = {"id": "id_f", "aria-describedby": "id_f-hint", "class": "input--error"}
    expected = forms.Select(choices=CHOICES).render("f", value, attrs)
    got = FastSelect(choices=CHOICES).render("f", value, attrs)
    assert parse_html(got) == parse_html(expected)


def test_a_form_field_renders_with_it():
    class F(forms.Form):
        state = forms.ChoiceField(choices=CHOICES[:3], required=False, widget=FastSelect)

    html = str(F({"state": "2"})["state"])
    assert '<option value="2" selected>&quot;quoted&quot; &lt;b&gt;</option>' in html


@pytest.mark.parametrize("value", [None, "", 1, "2", "9"])
def test_options_written_once_render_the_same(value):
    flat = CHOICES[:3]
    widget = FastSelect()
    widget.options_html = FastSelect.options_html_for(flat)
    expected = forms.Select(choices=flat).render("f", value, {"id": "id_f"})
    assert parse_html(widget.render("f", value, {"id": "id_f"})) == parse_html(expected)
