import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import ActionItem, Attendance, Event, Milestone, PilotInitiative
from consultations.services import events as event_services
from consultations.services import pilots as services
from portal.core.models import DomainEvent
from recommendations.models import Recommendation
from tests.consultations.events_support import fast_passwords, make_world, open_event
from tests.factories import EventFactory, PilotFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    fast_passwords(settings)
    return make_world()


@pytest.fixture
def pilot(world):
    pilot = PilotFactory(party=world.party, focal_person=world.focal, unodc_contact=world.staff)
    Milestone.objects.create(pilot=pilot, title="Launch", due_on=dt.date(2022, 9, 15),
                             status="done")
    return pilot


def test_pilot_page_gathers_events_recommendations_and_follow_up(client, world, pilot):
    launch = open_event(world.party, pilot=pilot, title="Launch in Islamabad",
                        status=Event.Status.HELD)
    open_event(world.party, pilot=pilot, title="Secret draft", status=Event.Status.DRAFT)
    RecommendationFactory(organization=world.org, title="Ratify the Protocols", event=launch)
    RecommendationFactory(organization=world.org, title="Hidden draft rec",
                          status=Recommendation.Status.DRAFT, is_public=False)
    ActionItem.objects.create(event=launch, title="Publish statistics", owner_name="FIA",
                              due_on=dt.date(2030, 1, 1))
    response = client.get(reverse("pilots:detail", args=[pilot.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Launch in Islamabad", "Ratify the Protocols", "Publish statistics",
                 "Launch"):
        assert text in html
    assert "Secret draft" not in html and "Hidden draft rec" not in html
    assert world.focal.full_name not in html  # the public sees the role, not the person
    assert response.context["page"].recommendation_total == 1
    assert response.context["can_manage"] is False
    # The State's focal person sees the draft event of their pilot.
    client.force_login(world.focal)
    html = client.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    assert "Secret draft" in html and world.focal.full_name in html


def test_pilot_list_and_home_link_to_pilot_page(client, pilot):
    url = reverse("pilots:detail", args=[pilot.pk])
    assert url in client.get(reverse("pilots:list")).content.decode()
    assert url in client.get(reverse("home")).content.decode()
    assert client.get(reverse("pilots:detail", args=[99999])).status_code == 404


def test_pilot_page_query_budget(client, world, pilot, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            event = EventFactory(party=world.party, pilot=pilot, title=f"Event {i}")
            RecommendationFactory(organization=world.org, event=event)
            ActionItem.objects.create(event=event, title=f"Item {i}", owner_name="X",
                                      due_on=dt.date(2030, 1, 1))
            Milestone.objects.create(pilot=pilot, title=f"M {i}", due_on=dt.date(2023, 1, 1))
    add(1)
    with django_assert_max_num_queries(14) as first:
        client.get(reverse("pilots:detail", args=[pilot.pk]))
    add(12)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("pilots:detail", args=[pilot.pk]))
    assert len(response.context["page"].events) == 13


#: role -> may manage the pilot
MATRIX = {"anonymous": False, "member": False, "coordinator": False, "focal": True,
          "other_focal": False, "agency": False, "staff": True}


@pytest.mark.parametrize("role", list(MATRIX))
def test_pilot_permission_matrix(client, world, pilot, role):
    user = world.users()[role]
    if user:
        client.force_login(user)
    allowed = MATRIX[role]
    expected = 200 if allowed else (302 if user is None else 403)
    for url in (reverse("pilots:edit", args=[pilot.pk]),
                reverse("pilots:milestone_create", args=[pilot.pk])):
        assert client.get(url).status_code == expected
    response = client.post(reverse("pilots:milestone_create", args=[pilot.pk]),
                           {"title": "Follow-up conference", "due_on": "2023-11-30",
                            "status": "planned"})
    assert response.status_code == (302 if allowed or user is None else 403)
    assert pilot.milestones.filter(title="Follow-up conference").exists() is allowed
    assert client.get(reverse("pilots:detail", args=[pilot.pk])).context["can_manage"] is allowed


def test_pilot_edit_and_milestone_status(client, world, pilot):
    client.force_login(world.focal)
    response = client.post(reverse("pilots:edit", args=[pilot.pk]), {
        "title": pilot.title, "summary": "Updated", "launched_on": "2022-09-15",
        "status": "follow_up", "focal_person": world.focal.pk,
        "unodc_contact": world.staff.pk})
    assert response.status_code == 302, response.context["form"].errors
    pilot.refresh_from_db()
    assert pilot.status == PilotInitiative.Status.FOLLOW_UP and pilot.summary == "Updated"
    milestone = pilot.milestones.get()
    client.post(reverse("pilots:milestone_edit", args=[pilot.pk, milestone.pk]),
                {"title": milestone.title, "due_on": "2022-09-15", "status": "dropped"})
    milestone.refresh_from_db()
    assert milestone.status == "dropped"
    response = client.post(reverse("pilots:milestone_create", args=[pilot.pk]),
                           {"title": "", "due_on": "not a date", "status": "planned"})
    assert response.status_code == 400
    assert DomainEvent.objects.filter(kind="pilot.updated", target_id=pilot.pk).exists()


def test_pilot_services_check_policy(world, pilot):
    with pytest.raises(PermissionDenied):
        services.pilot_update(actor=world.other_focal, pilot=pilot, summary="x")
    with pytest.raises(ValidationError):
        services.milestone_create(actor=world.staff, pilot=pilot, title="", due_on=None)
    assert pilot.milestones.count() == 1


def test_pilot_list_shows_regional_networks(client, django_assert_max_num_queries):
    from consultations.models import RegionalNetwork
    from tests.factories import OrganizationFactory

    for region in ("asia", "africa", "americas"):
        network = RegionalNetwork.objects.create(name=f"{region} network", region=region)
        network.organizations.set(OrganizationFactory.create_batch(3))
    with django_assert_max_num_queries(6):
        html = client.get(reverse("pilots:list")).content.decode()
    assert "asia network" in html and "Africa" in html


# --- milestones follow their events; attendance of held events (issue 16) ----------------


def test_a_milestone_is_done_when_its_event_is_held(world, pilot):
    started = timezone.now() - dt.timedelta(hours=2)
    event = open_event(world.party, pilot=pilot, title="Follow-up conference",
                       status=Event.Status.PUBLISHED, starts_at=started,
                       ends_at=started + dt.timedelta(hours=6),
                       registration_deadline=started - dt.timedelta(days=1))
    milestone = services.milestone_create(actor=world.staff, pilot=pilot,
                                          title="Follow-up conference",
                                          due_on=dt.date(2023, 11, 30), event=event)
    assert milestone.status == Milestone.Status.PLANNED
    event_services.event_status_change(actor=world.staff, event=event,
                                       status=Event.Status.HELD)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.DONE
    # tied afterwards to a held event: done at once
    other = services.milestone_create(actor=world.staff, pilot=pilot, title="Report",
                                      due_on=dt.date(2024, 1, 1))
    other = services.milestone_update(actor=world.staff, milestone=other,
                                      event=event)
    assert other.status == Milestone.Status.DONE


def test_the_events_table_shows_attendance_once_held(client, world, pilot):
    held = open_event(world.party, pilot=pilot, title="Launch", status=Event.Status.HELD,
                      starts_at=timezone.now() - dt.timedelta(days=400),
                      ends_at=timezone.now() - dt.timedelta(days=400, hours=-6))
    for category, count in (("government", 15), ("civil_society", 30)):
        Attendance.objects.create(event=held, category=category, count=count)
    open_event(world.party, pilot=pilot, title="Second conference", capacity=60)
    html = client.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    rows = {title: html.split(title, 1)[1].split("</tr>", 1)[0]
            for title in ("Launch</bdi></a>", "Second conference</bdi></a>")}
    launch = rows["Launch</bdi></a>"]
    assert "45 attended" in launch and "registered" not in launch
    assert "0 registered / 60" in rows["Second conference</bdi></a>"]
