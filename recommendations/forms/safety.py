"""Safe filing: the choices of who may read the filer's name, the co-signer's name and
the protected fields, each option explained (the rule: recommendations.policies)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.models import (
    ATTRIBUTION_ORDER,
    FIELD_VISIBILITY_ORDER,
    Attribution,
    FieldVisibility,
)

ATTRIBUTION_CHOICES = [
    (
        Attribution.NAMED,
        _("Named: everyone who may read the recommendation sees our organization's name"),
    ),
    (
        Attribution.IN_STATE,
        _(
            "Not named in public: the public reads “a civil society "
            "organization in” our country; the government addressed and "
            "UNODC see our name"
        ),
    ),
    (
        Attribution.UNODC_ONLY,
        _(
            "Known to UNODC only: the government reads “a civil society "
            "organization”; only UNODC sees our name"
        ),
    ),
]
FIELD_CHOICES = [
    (FieldVisibility.PUBLIC, _("Everyone who may read the recommendation")),
    (FieldVisibility.GOVERNMENT, _("The government addressed and UNODC only")),
    (FieldVisibility.UNODC, _("UNODC only")),
]
ATTRIBUTION_HELP = _(
    "If naming your organization could put its people at risk, do not "
    "name it in public. Your members and the organizations you invite to "
    "co-sign always see the name."
)


def _optional(field: forms.Field) -> forms.Field:
    """Left out of a post: unchanged (a new draft: named, fields public). Not marked
    "optional": one option is always chosen on the page."""
    field.required = False
    field.conditional = True
    return field


def attribution_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=kwargs.pop("label", _("Who may see your organization's name?")),
        choices=ATTRIBUTION_CHOICES,
        widget=forms.RadioSelect,
        initial=Attribution.NAMED,
        help_text=ATTRIBUTION_HELP,
        error_messages={
            "required": _("Choose who may see your organization's name."),
            "invalid_choice": _("Choose one of the options."),
        },
        **kwargs,
    )


def field_visibility_field(label, help_text) -> forms.ChoiceField:
    return _optional(
        forms.ChoiceField(
            label=label,
            choices=FIELD_CHOICES,
            widget=forms.RadioSelect,
            initial=FieldVisibility.PUBLIC,
            help_text=help_text,
            error_messages={
                "required": _("Choose who may read it."),
                "invalid_choice": _("Choose one of the options."),
            },
        )
    )


class ProtectionFieldsMixin(forms.Form):
    """The filer's choices, on the drafting form and on the protection page."""

    attribution = _optional(attribution_field())
    rationale_visibility = field_visibility_field(
        _("Who may read the rationale?"),
        _("Keep evidence about victims, witnesses or sources from the public."),
    )
    attachments_visibility = field_visibility_field(
        _("Who may see the attachments?"),
        _("Applies to every file attached to this recommendation."),
    )

    PROTECTION_FIELDS = ("attribution", "rationale_visibility", "attachments_visibility")

    @staticmethod
    def protection_initial(rec) -> dict:
        return {name: getattr(rec, name) for name in ProtectionFieldsMixin.PROTECTION_FIELDS}

    def protection_kwargs(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.PROTECTION_FIELDS
            if self.cleaned_data.get(name)
        }


class ProtectionForm(ProtectionFieldsMixin):
    """The protection page of a submitted recommendation."""

    confirm_reveal = forms.BooleanField(widget=forms.HiddenInput, required=False)


class CosignConfirmForm(forms.Form):
    attribution = attribution_field(label=_("Who may see your organization's name as a co-signer?"))


class CosignerProtectionForm(CosignConfirmForm):
    confirm_reveal = forms.BooleanField(widget=forms.HiddenInput, required=False)


AUDIENCES = [
    _("everyone who may read the recommendation (the public when it is public)"),
    _("the government addressed"),
]
THINGS = {
    "attribution": _("Your organization's name"),
    "rationale_visibility": _("The rationale"),
    "attachments_visibility": _("The attachments"),
}


def what_it_reveals(current: dict[str, str], wanted: dict[str, str]) -> list[str]:
    """One sentence per setting the change would show to more readers: what, to whom."""
    out = []
    for name, value in wanted.items():
        order = ATTRIBUTION_ORDER if name == "attribution" else FIELD_VISIBILITY_ORDER
        old, new = order.index(current[name]), order.index(value)
        if new >= old:
            continue
        readers = ", ".join(str(AUDIENCES[rank]) for rank in range(new, old))
        out.append(
            _("%(thing)s will be seen by %(readers)s.")
            % {"thing": THINGS[name], "readers": readers}
        )
    return out
