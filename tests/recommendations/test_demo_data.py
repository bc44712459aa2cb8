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
    assert pilot.alliance.alliance_members.filter(status="accepted").count() >= 5
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


MFA_ACCOUNTS = ["unodc.staff@demo.untoc.test", "focal.pakistan@demo.untoc.test",
                "fia.contact@demo.untoc.test", "focal.mexico@demo.untoc.test"]


def _printed_accounts(out: str) -> dict[str, dict]:
    """email -> {"secret", "uri", "codes"} from load_demo's output."""
    import re

    accounts: dict[str, dict] = {}
    current = None
    for line in out.splitlines():
        if m := re.match(r"^  (\S+@\S+)\s", line):
            current = accounts.setdefault(m[1], {})
        elif current is not None and (m := re.match(r"^\s+authenticator secret: (\S+)$",
                                                    line)):
            current["secret"] = m[1]
        elif current is not None and (m := re.match(r"^\s+authenticator URI: (\S+)$",
                                                    line)):
            current["uri"] = m[1]
        elif current is not None and (m := re.match(r"^\s+recovery codes: (.+)$", line)):
            current["codes"] = m[1].split()
    return accounts


def test_demo_accounts_are_printed_with_their_mfa_secrets(capsys):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from recommendations.demo import enrolled_totp_secret

    call_command("load_demo")
    out = capsys.readouterr().out
    assert "demo-portal-2022" in out
    printed = _printed_accounts(out)
    assert set(MFA_ACCOUNTS) <= set(printed)
    for email in MFA_ACCOUNTS:
        user = User.objects.get(email=email)
        account = printed[email]
        # the secret allauth stored, with a working otpauth URI
        assert account["secret"] == enrolled_totp_secret(user)
        assert account["uri"].startswith("otpauth://totp/")
        assert f"secret={account['secret']}" in account["uri"]
        # every recovery code it promises, each one accepted by allauth
        recovery = RecoveryCodes(Authenticator.objects.get(
            user=user, type=Authenticator.Type.RECOVERY_CODES))
        assert account["codes"] == recovery.get_unused_codes()
        assert len(account["codes"]) == len(recovery.generate_codes()) >= 10
        code = format_hotp_value(hotp_value(account["secret"], 0))
        assert len(code) == 6
    assert "secret" not in printed["member.cso@demo.untoc.test"]


def test_demo_authenticator_secrets_are_random_per_installation_and_kept(capsys):
    from recommendations.demo import enrolled_totp_secret

    call_command("load_demo")
    first = _printed_accounts(capsys.readouterr().out)
    # kept on re-runs: the printed secret and codes stay valid
    call_command("load_demo")
    again = _printed_accounts(capsys.readouterr().out)
    assert {e: first[e] for e in MFA_ACCOUNTS} == {e: again[e] for e in MFA_ACCOUNTS}
    # a fresh installation (a new database) gets new ones: nothing derives from the code
    from allauth.mfa.models import Authenticator

    Authenticator.objects.all().delete()
    call_command("load_demo")
    fresh = _printed_accounts(capsys.readouterr().out)
    for email in MFA_ACCOUNTS:
        assert fresh[email]["secret"] != first[email]["secret"]
        assert fresh[email]["codes"] != first[email]["codes"]
        assert fresh[email]["secret"] == enrolled_totp_secret(User.objects.get(email=email))
    secrets = [fresh[e]["secret"] for e in MFA_ACCOUNTS]
    assert len(set(secrets)) == len(secrets)
