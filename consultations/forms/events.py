"""Forms of events, registrations, outcomes and pilots. Date-times are entered in the
event's own time zone (chosen in the form) and stored as aware datetimes."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.directory import listed_q
from consultations.models import (
    ActionItem,
    Attendance,
    Cluster,
    Event,
    EventDocument,
    Milestone,
    Organization,
    Party,
    PilotInitiative,
    RegionalNetwork,
    WorkingGroup,
)
from consultations.roles import roles_of
from consultations.selectors.organizations import organizations_public
from portal.core.forms import LabelSortedChoiceField, LabelSortedIterator


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones()
                   if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/"))
                   or z == "UTC")
    return [(z, z.replace("_", " ")) for z in zones]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format="%Y-%m-%dT%H:%M"):
        super().__init__(attrs, format)

    def format_value(self, value):
        if isinstance(value, str):  # echo only what a datetime-local input can hold
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date-time, kept naive; the form attaches the event's time zone."""

    widget = LocalDateTimeInput

    def to_python(self, value):
        with timezone.override(dt.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result


def _local_initial(value: dt.datetime | None, zone: str) -> str | None:
    if not value:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    starts_at = LocalDateTimeField(label=_("Starts"),
                                   help_text=_("Local time at the event's time zone."))
    ends_at = LocalDateTimeField(label=_("Ends"))
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices,
                                 help_text=_("The time zone of the dates above."))
    registration_deadline = LocalDateTimeField(label=_("Registration deadline"),
                                               required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https",
                                max_length=200)

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "party", "pilot", "network", "working_group",
                  "cluster", "starts_at", "ends_at", "timezone", "mode", "venue", "online_url",
                  "organizers", "capacity", "registration_deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "organizers": forms.SelectMultiple(attrs={"size": 6})}
        help_texts = {"capacity": _("Leave empty for no limit. When full, people join the "
                                    "waiting list.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_of(user)
        parties = Party.objects.order_by("name")
        if not roles.is_unodc_staff:
            parties = parties.filter(pk__in=roles.focal_party_ids)
            self.fields["party"].required = True
            self.fields["party"].help_text = _("Your State.")
        self.fields["party"].queryset = parties
        self.fields["party"].iterator = LabelSortedIterator
        self.fields["pilot"].queryset = PilotInitiative.objects.filter(
            party__in=parties).select_related("party").order_by("party__name")
        self.fields["working_group"].queryset = WorkingGroup.objects.order_by("name")
        self.fields["cluster"].queryset = Cluster.objects.order_by("number")
        self.fields["network"].queryset = RegionalNetwork.objects.order_by("name")
        # an organization out of the public directory is offered only to those who see it
        self.fields["organizers"].queryset = Organization.objects.filter(
            listed_q(user), status=Organization.Status.VERIFIED).order_by("name")
        zone = self.instance.timezone if self.instance.pk else (
            getattr(user, "timezone", "") or "UTC")
        self.initial["timezone"] = zone
        if self.instance.pk:
            for name in ("starts_at", "ends_at", "registration_deadline"):
                self.initial[name] = _local_initial(getattr(self.instance, name), zone)

    def _post_clean(self):  # the service validates the model; keep ModelForm from doing it
        pass

    def clean(self):
        data = super().clean()
        zone_name = data.get("timezone")
        if not zone_name:
            return data
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in ("starts_at", "ends_at", "registration_deadline"):
            if data.get(name):
                data[name] = data[name].replace(tzinfo=zone)
        starts, ends, deadline = (data.get("starts_at"), data.get("ends_at"),
                                  data.get("registration_deadline"))
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline",
                           _("The registration deadline must be before the event starts."))
        return data

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organizers"}


class EventStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Event.Status.choices)


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("When"), required=False, choices=[
        ("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))])
    party = LabelSortedChoiceField(label=_("State"), required=False,
                                   queryset=Party.objects.none(), empty_label=_("All States"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds"))] + list(Event.Kind.choices))
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(
            events__isnull=False).distinct().order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period must be after its start."))
        return data


class RegistrationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none(),
        help_text=_("The organization you represent at the event."))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
            ids = [o.pk for o in organizations]
            if len(ids) == 1:
                self.initial["organization"] = ids[0]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"),
                             help_text=_("The person needs an account on the portal."))
    organization = forms.ModelChoiceField(
        label=_("On behalf of"), required=False,
        queryset=Organization.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            listed_q(user), status=Organization.Status.VERIFIED).order_by("name")


class AttendanceForm(forms.Form):
    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.category: a.count for a in event.attendance.all()} if event else {}
        for value, label in Attendance.Category.choices:
            self.fields[value] = forms.IntegerField(label=label, required=False, min_value=0,
                                                    initial=current.get(value))

    def counts(self) -> dict[str, int | None]:
        return {c: self.cleaned_data.get(c) for c in Attendance.Category.values}


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes or chair's summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 12}), max_length=50000)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to use the file name."))
    kind = forms.ChoiceField(label=_("Type of document"), choices=EventDocument.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_(
        "PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG."))


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner_organization", "owner_name", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organization"].queryset = organizations_public().order_by("name")

    def _post_clean(self):
        pass


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class PilotForm(forms.ModelForm):
    class Meta:
        model = PilotInitiative
        fields = ["title", "summary", "launched_on", "status", "alliance", "focal_person",
                  "unodc_contact"]
        widgets = {"launched_on": forms.DateInput(attrs={"type": "date"}),
                   "summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        User = get_user_model()
        pilot = self.instance
        self.fields["alliance"].queryset = Organization.objects.filter(
            is_alliance=True).order_by("name")
        self.fields["focal_person"].queryset = User.objects.filter(
            official_assignments__role="focal_person",
            official_assignments__party_id=pilot.party_id).distinct().order_by("email")
        self.fields["unodc_contact"].queryset = User.objects.filter(
            is_unodc_staff=True).order_by("email")

    def _post_clean(self):
        pass


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "status", "event"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, pilot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = (Event.objects.filter(pilot=pilot).order_by(
            "starts_at") if pilot is not None else Event.objects.none())

    def _post_clean(self):
        pass
