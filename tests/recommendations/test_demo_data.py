import pytest
from django.core.management import CommandError, call_command

from consultations.models import (
    Attendance,
    Event,
    Membership,
    OfficialAssignment,
    Organization,
    PilotInitiative,
    TreatyAction,
)
from portal.accounts.models import User
from portal.core.models import DomainEvent
from recommendations.models import FollowUpAction, ProgressReport, Recommendation, Response

pytestmark = pytest.mark.django_db

MODELS = [User, Organization, Membership, OfficialAssignment, PilotInitiative, Event,
          Attendance, TreatyAction, Recommendation, Response, FollowUpAction, ProgressReport,
          DomainEvent]


def test_demo_data_tells_the_pakistan_story():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    pilot = PilotInitiative.objects.get(party__iso3="PAK")
    assert str(pilot.launched_on) == "2022-09-15"
    assert pilot.alliance.lead_organization.acronym == "CGR"
    assert pilot.alliance.member_organizations.count() >= 5
    launch = Event.objects.get(kind=Event.Kind.PILOT_LAUNCH, party__iso3="PAK")
    assert sum(a.count for a in launch.attendance.all()) == 45
    recs = (Recommendation.objects.filter(party__iso3="PAK").exclude(status="draft")
            .order_by("reference"))
    assert [r.reference for r in recs] == [f"PAK-2022-{n:04d}" for n in range(1, 6)]
    assert {r.status for r in recs} == {"submitted", "under_consideration", "responded"}
    assert OfficialAssignment.objects.filter(role="focal_person", party__iso3="PAK").exists()
    assert User.objects.filter(is_unodc_staff=True).exists()
    assert TreatyAction.objects.filter(party__iso3="KEN", instrument__code="tip",
                                       kind="accession", date="2005-01-05").exists()
    assert PilotInitiative.objects.filter(party__iso3="MEX").exists()
    # the roadmap follows its events: the follow-up conference was held (issue 16)
    milestone = pilot.milestones.get(title="Follow-up conference")
    assert milestone.status == "done" and milestone.event.status == Event.Status.HELD


def test_demo_data_loads_twice_without_duplicates():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = {m.__name__: m.objects.count() for m in MODELS}
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert {m.__name__: m.objects.count() for m in MODELS} == first


def test_demo_data_is_refused_in_production(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="disabled"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_demo_accounts_are_printed_with_their_mfa_secrets(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "focal.pakistan@demo.untoc.test" in out
    assert "authenticator secret" in out
    assert "demo-portal-2022" in out
