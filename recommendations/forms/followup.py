"""Forms of follow-up: they parse input; business rules live in the services, whose
ValidationErrors the views attach to these forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from consultations.models import Instrument, OfficialAssignment, Organization, Party
from portal.core import content_language
from portal.core.forms import LabelSortedChoiceField
from portal.core.ids import IdModelMultipleChoiceField
from recommendations.models import (
    ActionStatus,
    FieldVisibility,
    Recommendation,
    Theme,
    Verdict,
)
from recommendations.services.followup import EvidenceInput, action_linkable_recommendations

PERCENT_ERRORS = {
    "min_value": _("Progress must be a whole number between 0 and 100."),
    "max_value": _("Progress must be a whole number between 0 and 100."),
    "invalid": _("Progress must be a whole number between 0 and 100."),
    "required": _("Enter the progress in percent (0 to 100)."),
}
DATE_ERRORS = {"invalid": _("Enter a real date, for example 2024-06-30.")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConfirmImplementedMixin(forms.Form):
    confirm_implemented = forms.BooleanField(
        label=_("Yes, mark it implemented although progress is below 100%"), required=False,
        help_text=_("Only when the action is really complete: for example, the remaining "
                    "part was dropped."))


class ActionForm(ConfirmImplementedMixin, forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea,
                                  required=False, max_length=10000)
    language = content_language.form_field()
    recommendations = IdModelMultipleChoiceField(
        label=_("Recommendations it serves"), queryset=Recommendation.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False)
    lead_body = forms.ModelChoiceField(label=_("Lead government body"),
                                       queryset=Organization.objects.none(), required=False)
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=get_user_model().objects.none(),
        required=False, help_text=_("An agency contact of the State. They report progress."))
    start_on = forms.DateField(label=_("Start date"), widget=DateInput(), required=False,
                               error_messages=DATE_ERRORS)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False,
                             error_messages=DATE_ERRORS)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices,
                               initial=ActionStatus.NOT_STARTED)
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                 initial=0, error_messages=PERCENT_ERRORS)
    report_every_months = forms.IntegerField(
        label=_("Report every (months)"), required=False, min_value=1, max_value=24,
        help_text=_("For example 6: a progress report is then due every six months."),
        error_messages={"min_value": _("Reporting frequency must be 1 to 24 months."),
                        "max_value": _("Reporting frequency must be 1 to 24 months.")})

    def __init__(self, *args, party: Party, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.party = party
        self.fields["recommendations"].queryset = action_linkable_recommendations(
            actor=user, party=party).order_by("reference", "title")
        self.fields["lead_body"].queryset = Organization.objects.filter(
            country=party, category=Organization.Category.GOVERNMENTAL)
        self.fields["responsible"].queryset = get_user_model().objects.filter(
            official_assignments__party=party,
            official_assignments__role=OfficialAssignment.Role.AGENCY_CONTACT).distinct()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["recommendations"] = list(data["recommendations"])
        return data


class ProgressReportForm(ConfirmImplementedMixin, forms.Form):
    reported_on = forms.DateField(label=_("Date of the report"), widget=DateInput(),
                                  error_messages={**DATE_ERRORS,
                                                  "required": _("Enter the date of the "
                                                                "report.")})
    text = forms.CharField(label=_("Progress made"), widget=forms.Textarea, max_length=10000,
                           error_messages={"required": _("Describe the progress made.")})
    language = content_language.form_field()
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                 error_messages=PERCENT_ERRORS)
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG."))
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=500,
                                  assume_scheme="https")
    evidence_title = forms.CharField(label=_("Title of the evidence"), required=False,
                                     max_length=200)
    evidence_visibility = forms.ChoiceField(
        label=_("Who may see the evidence?"), widget=forms.RadioSelect, required=False,
        initial=FieldVisibility.GOVERNMENT,
        choices=[(FieldVisibility.PUBLIC, _("Everyone who may see this action")),
                 (FieldVisibility.GOVERNMENT,
                  _("The government, UNODC and the organizations that filed the "
                    "recommendations")),
                 (FieldVisibility.UNODC, _("The government and UNODC only"))],
        help_text=_("Keep evidence that could put a person or an organization at risk "
                    "from the public."))

    def evidence(self):
        data = self.cleaned_data
        seen_by = data.get("evidence_visibility") or FieldVisibility.GOVERNMENT
        items = []
        if data.get("evidence_file"):
            items.append(EvidenceInput(file=data["evidence_file"],
                                       title=data.get("evidence_title", ""),
                                       visibility=seen_by))
        if data.get("evidence_url"):
            items.append(EvidenceInput(url=data["evidence_url"],
                                       title=data.get("evidence_title", ""),
                                       visibility=seen_by))
        return items

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"reported_on": data["reported_on"], "text": data["text"],
                "language": data["language"], "status": data["status"], "percent": data["percent"],
                "confirm_implemented": data.get("confirm_implemented", False),
                "evidence": self.evidence()}


class AssessmentForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("On behalf of"),
                                          queryset=Organization.objects.none())
    verdict = forms.ChoiceField(label=_("Do you agree with the government's report?"),
                                choices=Verdict.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False,
                              max_length=5000,
                              help_text=_("Required when you partly agree or disagree."))
    language = content_language.form_field()

    def __init__(self, *args, org_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=org_ids)
        if len(org_ids) == 1:
            self.fields["organization"].initial = next(iter(org_ids))


class ValidationForm(ConfirmImplementedMixin, forms.Form):
    status = forms.ChoiceField(label=_("Validated status"), choices=ActionStatus.choices)
    percent = forms.IntegerField(label=_("Validated progress (%)"), min_value=0,
                                 max_value=100, error_messages=PERCENT_ERRORS)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False,
                              max_length=5000)


class ActionFilterForm(forms.Form):
    party = LabelSortedChoiceField(label=_("State"), queryset=Party.objects.none(),
                                   required=False, to_field_name="iso3")
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any"))] + list(ActionStatus.choices))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    disagreement = forms.BooleanField(label=_("In disagreement only"), required=False)
    scope = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("mine", _("Mine: my agency's actions and those I am responsible for")),
                 ("all", _("All the actions I may see"))])

    def __init__(self, *args, with_mine: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(actions__isnull=False).distinct()
        if not with_mine:  # "Mine" is the agency contacts' own work
            del self.fields["scope"]

    @property
    def mine(self) -> bool:
        """Agency contacts see their own actions unless they ask for all."""
        if "scope" not in self.fields:
            return False
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("scope") != "all"


class ExportFilterForm(forms.Form):
    party = LabelSortedChoiceField(label=_("State"), queryset=Party.objects.all(),
                                   required=False, to_field_name="iso3")
    instrument = forms.ModelChoiceField(label=_("Instrument"),
                                        queryset=Instrument.objects.all(), required=False,
                                        to_field_name="code")
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(),
                                   required=False, to_field_name="slug")
    status = forms.CharField(label=_("Status"), required=False, max_length=30)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
