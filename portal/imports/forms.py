"""The import forms: upload (what for, which file), column mapping, confirmation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    scope = forms.ModelChoiceField(queryset=None, label="")
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A CSV file or an Excel workbook (.xlsx) whose first row names the columns."),
    )

    def __init__(self, *args, kind, user, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = kind.scopes(user)
        if scopes is None:
            del self.fields["scope"]
        else:
            self.fields["scope"].queryset = scopes
            self.fields["scope"].label = kind.scope_label
            self.fields["scope"].empty_label = _("Choose…")


class MappingForm(forms.Form):
    """One select per column of the file: the field it goes to, or not imported."""

    def __init__(self, *args, kind, headers: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —"))] + [
            (f.name, f"{f.label}{' *' if f.required else ''}") for f in kind.fields
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("(column %(n)s, no name)") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=initial_mapping.get(str(index), ""),
            )

    def mapping(self) -> dict[str, str]:
        return {name.removeprefix("column_"): value for name, value in self.cleaned_data.items()}


class ConfirmForm(forms.Form):
    all_or_nothing = forms.TypedChoiceField(
        label=_("If a row fails"),
        widget=forms.RadioSelect,
        initial="0",
        coerce=lambda v: v == "1",
        choices=[
            ("0", _("Import the other rows; the report lists the rows that failed")),
            ("1", _("Import nothing (all or nothing)")),
        ],
    )
