import pytest
from django.core.management import call_command
from django.urls import reverse

from consultations.models import (
    ActionItem,
    Attendance,
    Event,
    EventDocument,
    Organization,
    PilotInitiative,
    RegionalNetwork,
    Registration,
)
from portal.accounts.models import User
from recommendations.models import FollowUpAction, Recommendation

pytestmark = pytest.mark.django_db


def _load():
    with open("/dev/null", "w") as out:
        call_command("load_demo", stdout=out)


def test_demo_pilots_events_and_outcomes(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _load()
    assert set(PilotInitiative.objects.values_list("party__iso3", flat=True)) >= {"PAK", "MEX"}
    launch = Event.objects.get(kind=Event.Kind.PILOT_LAUNCH, party__iso3="PAK")
    assert sum(a.count for a in launch.attendance.all()) == 45
    assert "Trafficking in Persons Protocol" in launch.minutes
    document = EventDocument.objects.get(event=launch)
    assert ActionItem.objects.filter(event=launch).count() >= 3
    conferences = Event.objects.filter(kind=Event.Kind.FOLLOW_UP_CONFERENCE, party__iso3="PAK")
    assert Registration.objects.filter(event__in=conferences, status="confirmed").count() >= 2
    assert set(RegionalNetwork.objects.values_list("region", flat=True)) == {
        "americas", "africa", "asia"}
    # The pages show it.
    html = client.get(reverse("events:detail", args=[launch.pk])).content.decode()
    assert "Chair&#x27;s summary" in html and "45" in html
    download = client.get(reverse("events:document", args=[launch.pk, document.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    pilot = PilotInitiative.objects.get(party__iso3="PAK")
    html = client.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    assert "Launch of the Pakistan pilot initiative" in html
    # The pilot page links its recommendations and actions.
    rec = Recommendation.objects.filter(party__iso3="PAK", is_public=True).exclude(
        status="draft").first()
    action = FollowUpAction.objects.filter(party__iso3="PAK").first()
    assert f'href="{reverse("recommendations:detail", args=[rec.pk])}"' in html
    assert f'href="{reverse("followup:detail", args=[action.pk])}"' in html
    # The launch's 45 attendees are counted in the categories the news names.
    assert dict(launch.attendance.values_list("category", "count")).keys() == {
        "government", "civil_society", "academia", "private_sector"}
    assert "media" in Attendance.Category.values
    # People have names (no "(demo)" suffix); the alliance's leader is named.
    assert not User.objects.filter(full_name__contains="(demo)").exists()
    assert User.objects.get(email="coordinator.cgr@demo.untoc.test").full_name == "Tariq Khosa"
    alliance = Organization.objects.get(acronym="CSA-PK")
    for url in (reverse("organizations:detail", args=[alliance.pk]), reverse("home"),
                reverse("recommendations:detail", args=[rec.pk])):
        page = client.get(url).content.decode()
        assert "(demo)" not in page, url
    assert "Tariq Khosa" in client.get(
        reverse("organizations:detail", args=[alliance.pk])).content.decode()
    # Loading again changes nothing.
    counts = [m.objects.count() for m in (EventDocument, ActionItem, Registration,
                                          RegionalNetwork)]
    _load()
    assert counts == [m.objects.count() for m in (EventDocument, ActionItem, Registration,
                                                  RegionalNetwork)]
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
