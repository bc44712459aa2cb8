"""Forms for organizations and memberships. They validate input only; business rules
(unique names, the last coordinator, invitation state) live in the services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Membership, Organization, Party
from consultations.selectors.recipients import active_user_by_email
from portal.core.forms import LabelSortedChoiceField, LabelSortedIterator, https_by_default


class OrganizationForm(forms.ModelForm):
    """Member organizations of an alliance are not declared here: the alliance invites
    them from its page and each one's coordinators accept."""

    class Meta:
        model = Organization
        fields = ["name", "acronym", "category", "subtype", "country", "website",
                  "description", "ecosoc_status", "contact_email", "is_alliance",
                  "lead_organization"]
        help_texts = {
            "website": _("The full address, for example https://example.org"),
            "country": _("Where the organization is based. Leave empty for an "
                         "international organization."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        formfield_callback = https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # an organization that chose not to be listed is no public choice (an alliance
        # it already leads keeps it)
        verified = Organization.objects.filter(
            Q(listed_in_directory=True) | Q(pk=self.instance.lead_organization_id),
            status=Organization.Status.VERIFIED)
        if self.instance.pk:
            verified = verified.exclude(pk=self.instance.pk)
        self.fields["lead_organization"].queryset = verified.order_by("name")
        self.fields["lead_organization"].help_text = _(
            "For an alliance or network: the organization that leads it.")
        self.fields["country"].queryset = Party.objects.order_by("name")
        self.fields["country"].iterator = LabelSortedIterator
        self.fields["website"].widget.attrs["inputmode"] = "url"

    def validate_unique(self):
        """Uniqueness is a business rule checked by the service, with a clear message."""

    def clean_website(self):
        value = self.cleaned_data.get("website", "")
        if value and not value.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address starting with https://"))
        return value

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class AllianceInviteForm(forms.Form):
    """The alliance invites an organization (the choices: ``organizations``)."""

    organization = forms.ModelChoiceField(
        label=_("Organization to invite"), queryset=Organization.objects.none(),
        help_text=_("A verified organization. It becomes a member when its coordinators "
                    "accept."))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class AllianceJoinForm(AllianceInviteForm):
    """An organization the user coordinates asks to join."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.label = _("Organization asking to join")
        field.help_text = _("One of the verified organizations you coordinate. It becomes "
                            "a member when the alliance's coordinators accept.")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=2000, widget=forms.Textarea(
            attrs={"rows": 4}),
        help_text=_("The applicant sees this reason. Say what is missing or wrong."))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"),
                             help_text=_("They receive a link to join, valid for 14 days. "
                                         "They can create an account on the way."))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices,
                             initial=Membership.Role.MEMBER, widget=forms.RadioSelect)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the coordinators"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say who you are and what you do in the organization."))


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Name, acronym or description"))
    country = LabelSortedChoiceField(label=_("Country"), required=False,
                                     queryset=Party.objects.none(),
                                     empty_label=_("All countries"))
    category = forms.ChoiceField(
        label=_("Category"), required=False,
        choices=[("", _("All categories"))] + list(Organization.Category.choices))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Party.objects.filter(
            organizations__status=Organization.Status.VERIFIED).distinct().order_by("name")


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All"))] + list(Organization.Status.choices))
    category = forms.ChoiceField(
        label=_("Category"), required=False,
        choices=[("", _("All categories"))] + list(Organization.Category.choices))
    country = LabelSortedChoiceField(label=_("Country"), required=False,
                                     queryset=Party.objects.none(),
                                     empty_label=_("All countries"))
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Party.objects.filter(
            organizations__isnull=False).distinct().order_by("name")


class ErrorsForm(forms.Form):
    """No fields: carries a service's message into the error summary of a page whose own
    form is not bound (a button press, a link)."""

    @classmethod
    def bound(cls) -> ErrorsForm:
        form = cls(data={})
        form.is_valid()
        return form


class OfficialRoleForm(forms.Form):
    ROLE_CHOICES = [("focal_person", _("National focal person")),
                    ("agency_contact", _("Agency contact")),
                    ("unodc_staff", _("UNODC staff"))]

    email = forms.EmailField(label=_("E-mail address of the person"),
                             help_text=_("They need an account on the portal."))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, widget=forms.RadioSelect)
    party = LabelSortedChoiceField(label=_("State party"), required=False,
                                   queryset=Party.objects.none(),
                                   help_text=_("For a focal person or an agency contact."))
    agency = forms.ModelChoiceField(label=_("Government body"), required=False,
                                    queryset=Organization.objects.none(),
                                    help_text=_("For an agency contact."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.order_by("name")
        self.fields["agency"].queryset = Organization.objects.filter(
            category=Organization.Category.GOVERNMENTAL).select_related("country")

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = active_user_by_email(email)
        if user is None:
            raise forms.ValidationError(_("No active account uses this address. Ask the "
                                          "person to sign up first."))
        self.user = user
        return email
