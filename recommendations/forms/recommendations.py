"""Forms of the filing and response pages. They validate input shapes only; business
rules (who may address which State, article belongs to instrument...) live in the
services, which raise ValidationError that the views attach to these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consultations.models import Article, Cluster, Event, Instrument, Organization, Party
from portal.core import content_language
from portal.core.forms import LabelSortedChoiceField
from portal.core.ids import IdModelMultipleChoiceField, parse_id
from portal.core.widgets import FastSelect
from recommendations import policies
from recommendations.forms.safety import ProtectionFieldsMixin
from recommendations.models import Position, Recommendation, SdgTarget, Theme
from recommendations.selectors.filter_options import (
    SCOPED_FILTERS,
    current_choice,
    filter_options,
    state_filter_options,
)
from recommendations.selectors.recommendations import SORTS, RecommendationFilters


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RecommendationForm(ProtectionFieldsMixin, VersionMixin):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Filed on behalf of"),
        help_text=_("Your verified organization or alliance."),
        error_messages={"required": _("Choose the organization you file for.")})
    party = LabelSortedChoiceField(
        queryset=Party.objects.all(), label=_("Addressed to (State party)"),
        help_text=_("An organization addresses its own State; intergovernmental and "
                    "regional organizations may address any State."),
        error_messages={"required": _("Choose the State the recommendation is addressed "
                                      "to.")})
    title = forms.CharField(
        label=_("Title"), max_length=200,
        error_messages={"required": _("Enter a title.")},
        help_text=_("A short summary, for example “Ratify the Firearms Protocol”."),
        widget=forms.TextInput(attrs={"data-similar-title": "", "autocomplete": "off"}))
    text = forms.CharField(
        label=_("Recommendation"), max_length=10000, required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the State should do. Plain text or Markdown. Needed before you "
                    "submit."))
    rationale = forms.CharField(
        label=_("Rationale"), max_length=10000, required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why: evidence, context, who is affected. Plain text or Markdown."))
    language = content_language.form_field()
    instruments = IdModelMultipleChoiceField(
        queryset=Instrument.objects.all(), required=False, label=_("Instruments"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The Convention or Protocols concerned. At least one before you "
                    "submit."))
    articles = IdModelMultipleChoiceField(
        queryset=Article.objects.select_related("instrument"), required=False,
        label=_("Articles"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Only articles of the instruments you chose, grouped by instrument. "
                    "Open an instrument's group to tick its articles."))
    cluster = forms.ModelChoiceField(queryset=Cluster.objects.all(), required=False,
                                     label=_("Review cluster"))
    themes = IdModelMultipleChoiceField(queryset=Theme.objects.all(), required=False,
                                            label=_("Themes"),
                                            widget=forms.CheckboxSelectMultiple)
    sdg_targets = IdModelMultipleChoiceField(
        queryset=SdgTarget.objects.all(), required=False, label=_("SDG targets"),
        widget=forms.CheckboxSelectMultiple)
    event = forms.ModelChoiceField(
        queryset=Event.objects.exclude(status=Event.Status.DRAFT).order_by("-starts_at"),
        required=False, label=_("Presented at"),
        help_text=_("The consultation event where the recommendation was presented, if "
                    "any."))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations

    def articles_by_instrument(self) -> list[tuple[Instrument, bool, list]]:
        """The article checkboxes grouped by instrument (one fieldset each), with whether
        the group starts open (its instrument is chosen or one of its articles ticked)."""
        chosen = {str(getattr(v, "pk", v)) for v in (self["instruments"].value() or [])}
        groups: dict[int, tuple[Instrument, list]] = {}
        for checkbox in self["articles"]:
            instrument = checkbox.data["value"].instance.instrument
            groups.setdefault(instrument.pk, (instrument, []))[1].append(checkbox)
        return [(instrument, str(pk) in chosen
                 or any(c.data["selected"] for c in boxes), boxes)
                for pk, (instrument, boxes) in groups.items()]

    @classmethod
    def initial_for(cls, rec: Recommendation) -> dict:
        return {"party": rec.party_id, "title": rec.title, "text": rec.text,
                "rationale": rec.rationale, "language": rec.language,
                "cluster": rec.cluster_id, "event": rec.event_id,
                "instruments": list(rec.instruments.all()),
                "articles": list(rec.articles.all()), "themes": list(rec.themes.all()),
                "sdg_targets": list(rec.sdg_targets.all()), "version": rec.version,
                **cls.protection_initial(rec)}

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {**{k: d[k] for k in ("party", "title", "text", "rationale", "language",
                                     "instruments", "articles", "cluster", "themes",
                                     "sdg_targets", "event")},
                **self.protection_kwargs()}


class CorrectionForm(VersionMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Recommendation"), max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    rationale = forms.CharField(label=_("Rationale"), max_length=10000, required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))
    note = forms.CharField(label=_("What did you correct?"), max_length=500,
                           help_text=_("Shown in the version history."))


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class CosignInviteForm(forms.Form):
    """The organizations offered are policies.cosign_candidates (verified, not the filer,
    of the filer's State unless cross-border was chosen)."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization to invite"),
        error_messages={"invalid_choice": _(
            "Choose an organization from the list: only verified organizations that are "
            "not invited yet can co-sign.")},
        help_text=_("Only verified organizations can co-sign. Their coordinators (or, when "
                    "an organization has none, its members) confirm before the name "
                    "appears."))
    cross_border = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations if organizations is not None else (
            Organization.objects.none())
        if self.initial.get("cross_border") or self.data.get("cross_border"):
            field.label_from_instance = lambda o: f"{o.name} ({o.country or '–'})"


class CosignDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))],
                                 widget=forms.HiddenInput)


class EndorseForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                          label=_("Endorse on behalf of"))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations or Organization.objects.none()


class ResponseForm(VersionMixin):
    position = forms.ChoiceField(choices=Position.choices, widget=forms.RadioSelect,
                                 label=_("Position"))
    justification = forms.CharField(
        label=_("Justification"), max_length=10000, required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Required when the recommendation is supported in part or noted; "
                    "optional when it is supported."))
    language = content_language.form_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # required for two of the three positions: never labelled "optional"
        self.fields["justification"].conditional = True

    def clean(self):
        data = super().clean()
        if (data.get("position") in (Position.SUPPORTED_IN_PART, Position.NOTED)
                and not (data.get("justification") or "").strip()):
            self.add_error("justification", _("Explain the position: a justification is "
                                              "required when a recommendation is supported "
                                              "in part or noted."))
        return data


class CommitmentForm(forms.Form):
    lead_body = forms.ModelChoiceField(queryset=Organization.objects.none(), required=False,
                                       label=_("Lead government body"))
    action = forms.CharField(label=_("Action"), max_length=300, required=False)
    due_on = forms.DateField(label=_("Target date"), required=False, widget=DateInput())

    def __init__(self, *args, party=None, **kwargs):
        super().__init__(*args, **kwargs)
        if party is not None:
            self.fields["lead_body"].queryset = Organization.objects.filter(
                category=Organization.Category.GOVERNMENTAL, country=party)

    def clean(self):
        data = super().clean()
        if data.get("action") or data.get("lead_body") or data.get("due_on"):
            if not data.get("lead_body"):
                self.add_error("lead_body", _("Choose the lead government body."))
            if not (data.get("action") or "").strip():
                self.add_error("action", _("Describe the action."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("action") and self.cleaned_data.get("lead_body"))


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=3, max_num=10,
                                          validate_max=True)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Visible only to the State's officials and UNODC "
                                       "staff."))
    language = content_language.form_field()


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    language = content_language.form_field()


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("restore", _("Restore"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DeadlineForm(forms.Form):
    due_on = forms.DateField(label=_("Response due on"), widget=DateInput())
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ShareForm(forms.Form):
    shared_with_alliance = forms.BooleanField(
        label=_("Share this draft with the coordinators of our alliances"), required=False,
        help_text=_("They may read it and consolidate it into a recommendation of the "
                    "alliance; they cannot change or delete it. Untick to take it back."))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attach a file"),
                           help_text=_("PDF, Office or OpenDocument files, JPEG or PNG."))


class ConsolidateForm(forms.Form):
    alliance = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                      label=_("Alliance"))
    drafts = IdModelMultipleChoiceField(
        queryset=Recommendation.objects.none(), widget=forms.CheckboxSelectMultiple,
        label=_("Members' drafts to consolidate"))
    title = forms.CharField(label=_("Title of the consolidated recommendation"),
                            max_length=200)

    def __init__(self, *args, alliances, drafts, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = alliances
        self.fields["drafts"].queryset = drafts
        self.fields["drafts"].label_from_instance = (
            lambda r: f"{r.title} ({policies.filer_display_for(user, r)}, {r.party.name})")


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # FastSelect: hundreds of options (States, articles) rendered without a template each.
    party = forms.ModelChoiceField(queryset=Party.objects.all(), required=False,
                                   label=_("State"), widget=FastSelect)
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.all(), required=False,
                                        label=_("Instrument"), widget=FastSelect)
    article = forms.ModelChoiceField(queryset=Article.objects.select_related("instrument"),
                                     required=False, label=_("Article"), widget=FastSelect)
    cluster = forms.ModelChoiceField(queryset=Cluster.objects.all(), required=False,
                                     label=_("Review cluster"), widget=FastSelect)
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False,
                                   label=_("Theme"), widget=FastSelect)
    status = forms.ChoiceField(choices=[("", _("Any"))] + list(Recommendation.Status.choices),
                               required=False, label=_("Status"), widget=FastSelect)
    position = forms.ChoiceField(choices=[("", _("Any"))] + list(Position.choices),
                                 required=False, label=_("Position"), widget=FastSelect)
    # Any organization or event is accepted; the options offered are those of the chosen
    # State only (set in __init__), so the page does not grow with the registry.
    organization = forms.ModelChoiceField(widget=FastSelect,
        queryset=Organization.objects.all(), required=False, label=_("Organization"),
        help_text=_("Choose a State first to list its organizations."))
    event = forms.ModelChoiceField(widget=FastSelect,
        queryset=Event.objects.all(), required=False, label=_("Event"),
        help_text=_("Choose a State first to list its events."))
    submitted_from = forms.DateField(required=False, label=_("Submitted from"),
                                     widget=DateInput())
    submitted_to = forms.DateField(required=False, label=_("Submitted until"),
                                   widget=DateInput())
    sort = forms.ChoiceField(widget=FastSelect,
        choices=[("", _("Relevance or newest")), ("newest", _("Newest")),
                 ("oldest", _("Oldest")), ("title", _("Title")),
                 ("reference", _("Reference")), ("deadline", _("Response deadline"))],
        required=False, label=_("Sort by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # stored read models, refreshed by the worker after changes: a request only
        # marks the chosen option, whatever the number of options or recommendations
        for name, options in filter_options(get_language()).items():
            self.fields[name].widget.options_html = options
        party_id = parse_id(self.data.get("party")) if self.is_bound else None
        offered = party_id is not None and (
            f'<option value="{party_id}">' in self.fields["party"].widget.options_html)
        scoped = state_filter_options(party_id) if offered else {}
        for name in SCOPED_FILTERS:
            field = self.fields[name]
            if party_id is not None:
                field.widget.options_html = (FastSelect.options_html_for([("", _("Any"))])
                                             + scoped.get(name, ""))
                field.help_text = ""
            else:
                current = parse_id(self.data.get(name)) if self.is_bound else None
                field.widget.choices = [("", _("Any")), *(
                    current_choice(name, current) if current is not None else [])]

    def to_filters(self) -> RecommendationFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return RecommendationFilters(**{k: v for k, v in data.items()
                                        if v not in (None, "") and (k != "sort"
                                                                    or v in SORTS)})


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("open", _("Awaiting a response")), ("submitted", _("Submitted")),
                 ("under_consideration", _("Under consideration")),
                 ("responded", _("Responded")), ("withdrawn", _("Withdrawn")),
                 ("all", _("All"))], required=False, label=_("Show"))
    overdue = forms.BooleanField(required=False, label=_("Only overdue"))
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
