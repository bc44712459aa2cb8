"""Demo data: the Pakistan pilot as DOMAIN.md tells it, plus Mexico, Kenya, Panama.

Idempotent: every row is looked up by a natural key first, so loading twice changes
nothing. Refused unless settings.DEMO_DATA_ALLOWED (never in production).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from consultations.events import OrganizationEventKind, RegistrationEventKind
from consultations.models import (
    ActionItem,
    AllianceMembership,
    Article,
    Attendance,
    Event,
    EventDocument,
    Instrument,
    Invitation,
    JoinRequest,
    Membership,
    Milestone,
    OfficialAssignment,
    Organization,
    Party,
    PilotInitiative,
    RegionalNetwork,
    Registration,
    TreatyAction,
)
from consultations.reference import load_reference
from portal.core.events import event_record
from recommendations.events import ActionEventKind, RecommendationEventKind
from recommendations.models import (
    ActionStatus,
    Assessment,
    Comment,
    CoSignature,
    Endorsement,
    Evidence,
    FollowUpAction,
    InternalNote,
    Position,
    ProgressReport,
    Recommendation,
    RecommendationVersion,
    ReferenceCounter,
    Response,
    SdgTarget,
    Theme,
    Validation,
    Verdict,
)
from recommendations.reference import load_taxonomies
from recommendations.services.recommendations import search_vector_refresh

DEMO_PASSWORD = "demo-portal-2022"
KARACHI = ZoneInfo("Asia/Karachi")
VIENNA = ZoneInfo("Europe/Vienna")
MEXICO_CITY = ZoneInfo("America/Mexico_City")


@dataclass
class DemoAccount:
    email: str
    role: str
    totp_secret: str = ""
    totp_url: str = ""  # otpauth:// URI, for an authenticator app
    recovery_codes: list[str] = field(default_factory=list)


@dataclass
class DemoResult:
    accounts: list[DemoAccount] = field(default_factory=list)


def _at(year, month, day, hour=9, minute=0, tz=KARACHI) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def _user(email: str, full_name: str, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name,
                                                                      **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif user.full_name != full_name and user.full_name.endswith(" (demo)"):
        # Earlier versions suffixed every name with "(demo)", which showed on public pages.
        user.full_name = full_name
        user.save(update_fields=["full_name"])

    EmailAddress.objects.get_or_create(user=user, email=email,
                                       defaults={"verified": True, "primary": True})
    return user


def enrolled_totp_secret(user) -> str | None:
    """The user's authenticator-app secret as allauth stored it (None: not enrolled)."""
    authenticator = Authenticator.objects.filter(user=user,
                                                 type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def _enroll_mfa(user) -> tuple[str, str, list[str]]:
    """A random authenticator secret and recovery codes, made at the first load and
    stored by allauth as for anyone; later loads read them back (never derived from
    anything in the source). Returns the secret, its otpauth URI and the unused
    recovery codes."""
    secret = enrolled_totp_secret(user)
    if secret is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, get_adapter().build_totp_url(user, secret), codes


def _org(name: str, country: Party | None, category: str, **extra) -> Organization:
    extra.setdefault("status", Organization.Status.VERIFIED)
    org, _ = Organization.objects.get_or_create(name=name, country=country,
                                                defaults={"category": category, **extra})
    return org


def _action(party, instrument, kind, date, confirmed=True, note=""):
    TreatyAction.objects.get_or_create(
        party=party, instrument=instrument, kind=kind,
        defaults={"date": date, "date_confirmed": confirmed, "note": note},
    )


def _treaty_status(parties: dict[str, Party], inst: dict[str, Instrument]) -> None:
    K = TreatyAction.Kind
    pak, mex, ken, pan = (parties[c] for c in ("PAK", "MEX", "KEN", "PAN"))
    unconfirmed = "Exact day to be confirmed by staff against the UN Treaty Collection."
    _action(pak, inst["untoc"], K.SIGNATURE, dt.date(2000, 12, 14), False, unconfirmed)
    _action(pak, inst["untoc"], K.RATIFICATION, dt.date(2010, 1, 13), False, unconfirmed)
    _action(pak, inst["tip"], K.DOMESTIC_APPROVAL, dt.date(2022, 9, 1), False,
            "Cabinet approval announced by the FIA at the pilot launch on 15 Sep 2022; "
            "UN deposit unconfirmed.")
    _action(mex, inst["untoc"], K.SIGNATURE, dt.date(2000, 12, 13), False, unconfirmed)
    _action(mex, inst["untoc"], K.RATIFICATION, dt.date(2003, 3, 4), False, unconfirmed)
    _action(mex, inst["tip"], K.SIGNATURE, dt.date(2000, 12, 13))
    _action(mex, inst["tip"], K.RATIFICATION, dt.date(2003, 3, 4))
    _action(ken, inst["untoc"], K.ACCESSION, dt.date(2004, 6, 16), False, unconfirmed)
    _action(ken, inst["tip"], K.ACCESSION, dt.date(2005, 1, 5))
    _action(pan, inst["untoc"], K.SIGNATURE, dt.date(2000, 12, 13), False, unconfirmed)
    _action(pan, inst["untoc"], K.RATIFICATION, dt.date(2004, 8, 18), False, unconfirmed)


RECOMMENDATIONS = [
    # (title, text, instruments, themes, sdgs, status, position, justification)
    ("Ratify the remaining Protocols",
     "We welcome the Cabinet's approval of the Trafficking in Persons Protocol and urge the "
     "Government to ratify the remaining Protocols: the Protocol against the Smuggling of "
     "Migrants by Land, Sea and Air and the Firearms Protocol.",
     ["tip", "som", "firearms"], ["ratification"], ["16.4"],
     "responded", Position.SUPPORTED_IN_PART,
     "The Government welcomes the recommendation. The deposit of the instrument for the "
     "Trafficking in Persons Protocol is under way; accession to the Smuggling of Migrants "
     "and Firearms Protocols will be examined by an inter-ministerial review."),
    ("More research on organized crime and access to national data",
     "Increase research on organized crime in Pakistan and give researchers and civil "
     "society access to national crime and justice data.",
     ["untoc"], ["research-and-data"], ["16.1", "16.4"],
     "responded", Position.SUPPORTED,
     "The FIA will publish annual organized crime statistics and open a data-sharing "
     "arrangement with academic institutions."),
    ("A centralized national task force against organized crime",
     "Create a centralized national task force against organized crime to avoid "
     "fragmentation and address serious crimes holistically at the national level.",
     ["untoc"], ["institutional-coordination"], ["16.4", "17.17"],
     "under_consideration", "", ""),
    ("Resources and regulation against the rise of cybercrime",
     "Provide resources and regulation to address the rise of cybercrime, including "
     "capacity for investigators and safeguards for rights online.",
     ["untoc"], ["cybercrime", "legal-reform"], ["16.3"],
     "responded", Position.SUPPORTED,
     "The Government will strengthen the FIA Cyber Crime Wing and review the Prevention of "
     "Electronic Crimes Act with stakeholders."),
    ("Support to victims of organized crime, human rights and gender",
     "Prioritize support to victims of organized crime, and integrate human rights and "
     "gender perspectives in the implementation of the Convention and its Protocols.",
     ["untoc", "tip"], ["victims-and-human-rights", "gender"], ["16.2", "16.3"],
     "submitted", "", ""),
]


@transaction.atomic
def demo_load() -> DemoResult:
    load_reference()
    load_taxonomies()
    result = DemoResult()
    parties = {p.iso3: p for p in Party.objects.filter(iso3__in=["PAK", "MEX", "KEN", "PAN"])}
    Party.objects.filter(iso3="PAK").update(timezone="Asia/Karachi")
    Party.objects.filter(iso3="MEX").update(timezone="America/Mexico_City")
    Party.objects.filter(iso3="KEN").update(timezone="Africa/Nairobi")
    Party.objects.filter(iso3="PAN").update(timezone="America/Panama")
    inst = {i.code: i for i in Instrument.objects.all()}
    _treaty_status(parties, inst)
    pak, mex = parties["PAK"], parties["MEX"]

    # People -------------------------------------------------------------------
    staff = _user("unodc.staff@demo.untoc.test", "Amina Rahman (UNODC)",
                  is_unodc_staff=True, is_staff=True, timezone="Europe/Vienna")
    focal = _user("focal.pakistan@demo.untoc.test", "Dr. Ehsan Sadiq",
                  timezone="Asia/Karachi")
    agency = _user("fia.contact@demo.untoc.test", "Sana Mirza (FIA liaison officer)",
                   timezone="Asia/Karachi")
    coordinator = _user("coordinator.cgr@demo.untoc.test", "Tariq Khosa",
                        timezone="Asia/Karachi")
    member = _user("member.cso@demo.untoc.test", "Farah Baloch", timezone="Asia/Karachi")
    focal_mx = _user("focal.mexico@demo.untoc.test", "Lucía Hernández",
                     timezone="America/Mexico_City")

    # Organizations ----------------------------------------------------------------
    C = Organization.Category
    cgr = _org("Centre for Governance Research", pak, C.CIVIL_SOCIETY, acronym="CGR",
               website="https://cgr.example.org", contact_email="info@cgr.example.org",
               description="Islamabad-based think tank leading the civil society alliance.")
    alliance = _org("Civil Society Alliance for the Pakistan UNTOC review", pak,
                    C.CIVIL_SOCIETY, acronym="CSA-PK", is_alliance=True, lead_organization=cgr,
                    description="A network of over 50 civil society organizations, led by "
                                "Tariq Khosa, Director at the Centre for Governance Research.")
    members = [
        cgr,
        _org("Indus Centre for Victim Support", pak, C.CIVIL_SOCIETY,
             subtype=Organization.Subtype.VICTIM_LED),
        _org("Punjab Digital Rights Initiative", pak, C.CIVIL_SOCIETY),
        _org("Northern Academic Network on Crime Research", pak, C.ACADEMIA),
        _org("Pakistan Business Integrity Council", pak, C.PRIVATE_SECTOR,
             subtype=Organization.Subtype.PROFESSIONAL),
        _org("Women Lawyers for Justice", pak, C.CIVIL_SOCIETY,
             subtype=Organization.Subtype.PROFESSIONAL),
    ]
    # Each member accepted the alliance's invitation (a two-sided membership).
    for org in members:
        AllianceMembership.objects.get_or_create(
            alliance=alliance, organization=org, status=AllianceMembership.Status.ACCEPTED,
            defaults={"decided_at": timezone.now()})
    _org("Karachi Youth Forum against Trafficking", pak, C.CIVIL_SOCIETY,
         subtype=Organization.Subtype.YOUTH, status=Organization.Status.PENDING)
    fia = _org("Federal Investigation Agency", pak, C.GOVERNMENTAL, acronym="FIA")
    interior = _org("Ministry of Interior", pak, C.GOVERNMENTAL)
    foreign = _org("Ministry of Foreign Affairs", pak, C.GOVERNMENTAL, acronym="MOFA")
    unodc = _org("United Nations Office on Drugs and Crime", None, C.INTERGOVERNMENTAL,
                 acronym="UNODC")
    mx_network = _org("Red mexicana de la sociedad civil para la revisión de la UNTOC", mex,
                      C.CIVIL_SOCIETY, is_alliance=True)

    for user, org, role in [
        (coordinator, cgr, Membership.Role.COORDINATOR),
        (coordinator, alliance, Membership.Role.COORDINATOR),
        (member, members[1], Membership.Role.MEMBER),
        (member, alliance, Membership.Role.MEMBER),
    ]:
        Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})
    OfficialAssignment.objects.get_or_create(
        user=focal, role=OfficialAssignment.Role.FOCAL_PERSON, party=pak)
    OfficialAssignment.objects.get_or_create(
        user=agency, role=OfficialAssignment.Role.AGENCY_CONTACT, party=pak,
        defaults={"agency": fia})
    OfficialAssignment.objects.get_or_create(
        user=focal_mx, role=OfficialAssignment.Role.FOCAL_PERSON, party=mex)

    # Pilots, milestones, events ---------------------------------------------------------
    pilot, _ = PilotInitiative.objects.get_or_create(
        party=pak, title="Pakistan pilot initiative on stakeholder engagement",
        defaults=dict(
            launched_on=dt.date(2022, 9, 15), status=PilotInitiative.Status.FOLLOW_UP,
            alliance=alliance, focal_person=focal, unodc_contact=staff,
            summary="The second pilot worldwide and the first in Asia, launched in "
                    "Islamabad with 45 senior representatives of government, civil "
                    "society, academia and the private sector."),
    )
    pilot_mx, _ = PilotInitiative.objects.get_or_create(
        party=mex, title="Mexico pilot initiative on stakeholder engagement",
        defaults=dict(launched_on=dt.date(2022, 3, 1), status=PilotInitiative.Status.FOLLOW_UP,
                      alliance=mx_network, focal_person=focal_mx, unodc_contact=staff,
                      summary="The first pilot initiative worldwide (March 2022; exact day to "
                              "be confirmed)."),
    )
    for title, due, status in [
        ("Pilot initiative launch in Islamabad", dt.date(2022, 9, 15), "done"),
        ("Statements at the 11th Conference of the Parties", dt.date(2022, 10, 21), "done"),
        ("Civil society implementation report", dt.date(2023, 3, 14), "done"),
        ("Participation in constructive dialogues", dt.date(2023, 5, 31), "done"),
        ("Follow-up conference", dt.date(2023, 11, 30), "planned"),
    ]:
        Milestone.objects.get_or_create(pilot=pilot, title=title,
                                        defaults={"due_on": due, "status": status})

    E = Event.Kind
    launch = _event(
        "Launch of the Pakistan pilot initiative", E.PILOT_LAUNCH, pak, pilot,
        _at(2022, 9, 15, 9, 30), _at(2022, 9, 15, 16, 0), "Asia/Karachi", "Islamabad",
        Event.Status.HELD, staff, minutes=(
            "Opened by the National Focal Person on the UNTOC Review Mechanism. The Federal "
            "Investigation Agency announced the Cabinet's approval of the Trafficking in "
            "Persons Protocol. The Civil Society Alliance presented five areas of "
            "recommendations. UNODC committed to support follow-up activities."),
        organizers=[unodc, cgr])
    # "45 senior representatives from government, civil society, academic institutions,
    # and the private sector" (the seed news): no other category is claimed.
    launch_attendance = {"government": 16, "civil_society": 19, "academia": 6,
                         "private_sector": 4}
    Attendance.objects.filter(event=launch).exclude(category__in=launch_attendance).delete()
    for category, count in launch_attendance.items():
        Attendance.objects.update_or_create(event=launch, category=category,
                                            defaults={"count": count})
    _event("Constructive dialogue on trafficking in persons", E.CONSTRUCTIVE_DIALOGUE, None,
           None, _at(2023, 5, 30, 14, 0, VIENNA), _at(2023, 5, 30, 17, 0, VIENNA),
           "Europe/Vienna", "Vienna International Centre", Event.Status.HELD, staff,
           organizers=[unodc])
    followup_conference = _event(
        "Follow-up conference of the Pakistan pilot", E.FOLLOW_UP_CONFERENCE, pak, pilot,
        _at(2023, 11, 28, 10, 0), _at(2023, 11, 28, 17, 0), "Asia/Karachi", "Islamabad",
        Event.Status.HELD, staff, organizers=[cgr, unodc])
    # the roadmap's milestone follows its event, which was held
    Milestone.objects.filter(pilot=pilot, title="Follow-up conference", event=None).update(
        event=followup_conference, status=Milestone.Status.DONE)
    soon = timezone.localdate() + dt.timedelta(days=21)
    _event("Second follow-up conference: implementation review", E.FOLLOW_UP_CONFERENCE, pak,
           pilot, _at(soon.year, soon.month, soon.day, 10, 0),
           _at(soon.year, soon.month, soon.day, 16, 0), "Asia/Karachi", "Islamabad",
           Event.Status.REGISTRATION_OPEN, staff, organizers=[cgr, unodc], capacity=60,
           registration_deadline=_at(soon.year, soon.month, soon.day, 10, 0)
           - dt.timedelta(days=7))
    _event("Launch of the Mexico pilot initiative", E.PILOT_LAUNCH, mex, pilot_mx,
           _at(2022, 3, 1, 10, 0, MEXICO_CITY), _at(2022, 3, 1, 15, 0, MEXICO_CITY),
           "America/Mexico_City", "Mexico City", Event.Status.HELD, staff, organizers=[unodc])

    # Recommendations, responses, follow-up -------------------------------------------
    themes = {t.slug: t for t in Theme.objects.all()}
    sdgs = {s.code: s for s in SdgTarget.objects.all()}
    submitted_at = _at(2022, 9, 15, 12, 0)
    recs = []
    for number, (title, text, instruments, theme_slugs, sdg_codes, status, position,
                 justification) in enumerate(RECOMMENDATIONS, start=1):
        reference = f"PAK-2022-{number:04d}"
        rec, created = Recommendation.objects.get_or_create(
            reference=reference,
            defaults=dict(
                organization=alliance, party=pak, title=title, text=text, status=status,
                position=position, event=launch, submitted_at=submitted_at,
                response_due_on=(submitted_at + dt.timedelta(days=pak.response_days)).date(),
                responded_at=_at(2022, 12, 1, 11, 0) if position else None,
                is_public=True, created_by=coordinator,
                rationale="Presented by the Civil Society Alliance at the pilot launch.",
            ),
        )
        recs.append(rec)
        if not created:
            continue
        rec.instruments.set([inst[c] for c in instruments])
        rec.themes.set([themes[s] for s in theme_slugs])
        rec.sdg_targets.set([sdgs[c] for c in sdg_codes])
        event_record(kind=RecommendationEventKind.SUBMITTED, target=rec, actor=coordinator,
                     occurred_at=submitted_at, payload={"reference": reference})
        if status in ("under_consideration", "responded"):
            event_record(kind=RecommendationEventKind.UNDER_CONSIDERATION, target=rec, actor=focal,
                         occurred_at=_at(2022, 10, 3, 10, 0))
        if position:
            Response.objects.create(recommendation=rec, position=position,
                                    justification=justification, responded_by=focal,
                                    published_at=rec.responded_at)
            event_record(kind=RecommendationEventKind.RESPONDED, target=rec, actor=focal,
                         occurred_at=rec.responded_at, payload={"position": position})

    # Follow-up actions (commitments of the responses and CGR-reported follow-up) --------
    today = timezone.localdate()
    actions = [
        ("Inter-ministerial review of accession to the Smuggling of Migrants and Firearms "
         "Protocols", foreign, None, [recs[0]], dt.date(2023, 1, 1), dt.date(2024, 6, 30),
         ActionStatus.IN_PROGRESS, 40,
         [(dt.date(2023, 6, 30), "Review committee constituted; legal gap analysis begun.",
           ActionStatus.IN_PROGRESS, 25),
          (dt.date(2024, 3, 31), "Gap analysis completed for the Firearms Protocol.",
           ActionStatus.IN_PROGRESS, 40)]),
        ("Publish annual organized crime statistics and open a data-sharing arrangement with "
         "academia", fia, agency, [recs[1]], dt.date(2023, 1, 1), today + dt.timedelta(days=6),
         ActionStatus.IN_PROGRESS, 60,
         [(dt.date(2023, 12, 31), "First statistical bulletin published.",
           ActionStatus.IN_PROGRESS, 60)]),
        ("Strengthen the FIA Cyber Crime Wing", fia, agency, [recs[3]], dt.date(2023, 1, 1),
         dt.date(2024, 12, 31), ActionStatus.IMPLEMENTED, 100,
         [(dt.date(2024, 12, 15), "New cybercrime reporting centres operational in five "
           "cities.", ActionStatus.IMPLEMENTED, 100)]),
        ("Statements of the civil society alliance at the 11th Conference of the Parties",
         interior, None, [recs[0], recs[2]], dt.date(2022, 10, 17), dt.date(2022, 10, 21),
         ActionStatus.IMPLEMENTED, 100,
         [(dt.date(2022, 10, 21), "Two statements delivered in Vienna.",
           ActionStatus.IMPLEMENTED, 100)]),
        ("Civil society implementation report", interior, None, list(recs),
         dt.date(2022, 11, 1), dt.date(2023, 3, 14), ActionStatus.IMPLEMENTED, 100,
         [(dt.date(2023, 3, 14), "Report published by the alliance on 14 March 2023.",
           ActionStatus.IMPLEMENTED, 100)]),
        ("Three civil society working groups (legal; human rights and victims; transnational "
         "organized crime)", interior, None, [recs[2], recs[4]], dt.date(2023, 1, 15),
         dt.date(2023, 12, 31), ActionStatus.PARTIALLY_IMPLEMENTED, 70, []),
        ("National victim support referral mechanism", interior, agency, [recs[4]],
         dt.date(2024, 1, 1), today - dt.timedelta(days=45), ActionStatus.STALLED, 20,
         [(dt.date(2024, 9, 30), "Draft standard operating procedures awaiting approval.",
           ActionStatus.STALLED, 20)]),
    ]
    for (title, lead, responsible, served, start, due, status, percent, reports) in actions:
        action, created = FollowUpAction.objects.get_or_create(
            party=pak, title=title,
            defaults=dict(lead_body=lead, responsible=responsible, start_on=start, due_on=due,
                          status=status, percent=percent, created_by=focal),
        )
        if not created:
            continue
        action.recommendations.set(served)
        event_record(kind=ActionEventKind.CREATED, target=action, actor=focal)
        for reported_on, text, report_status, report_percent in reports:
            ProgressReport.objects.create(action=action, reported_on=reported_on, text=text,
                                          status=report_status, percent=report_percent,
                                          author=responsible or focal)
            event_record(kind=ActionEventKind.PROGRESS_REPORTED, target=action,
                         actor=responsible or focal,
                         payload={"percent": report_percent, "status": report_status})

    _demo_events_and_pilots()
    _demo_followup()
    _demo_filing()

    # Accounts to print ---------------------------------------------------------------
    for user, role, mfa in [
        (staff, "UNODC staff (admin access)", True),
        (focal, "National focal person, Pakistan", True),
        (agency, "Agency contact, FIA", True),
        (focal_mx, "National focal person, Mexico", True),
        (coordinator, "Alliance coordinator (CGR)", False),
        (member, "Stakeholder member (Indus Centre for Victim Support)", False),
    ]:
        account = DemoAccount(email=user.email, role=role)
        if mfa:
            account.totp_secret, account.totp_url, account.recovery_codes = _enroll_mfa(user)
        result.accounts.append(account)
    _demo_organizations(result)
    return result


def _event(title, kind, party, pilot, starts_at, ends_at, tz, venue, status, creator,
           minutes="", organizers=(), capacity=None, registration_deadline=None) -> Event:
    event, created = Event.objects.get_or_create(
        title=title, party=party,
        defaults=dict(kind=kind, pilot=pilot, starts_at=starts_at, ends_at=ends_at, timezone=tz,
                      venue=venue, status=status, created_by=creator, minutes=minutes,
                      capacity=capacity, registration_deadline=registration_deadline),
    )
    if created and organizers:
        event.organizers.set(organizers)
    return event


# --- Events and pilots: regional networks, registrations, documents, action items -------

DEMO_MINUTES_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 88>>stream\nBT /F1 14 Tf 60 780 Td (Chair's summary: launch of the "
    b"Pakistan pilot, Islamabad) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_events_and_pilots() -> None:
    """Regional networks, the Islamabad launch's outcomes (chair's summary document,
    action items) and registrations for the follow-up conferences. Idempotent."""


    User = get_user_model()
    users = {u.email.split("@")[0]: u for u in User.objects.filter(
        email__endswith="@demo.untoc.test")}
    pak = Party.objects.get(iso3="PAK")
    orgs = {o.name: o for o in Organization.objects.filter(country=pak)}
    cgr = orgs["Centre for Governance Research"]
    indus = orgs["Indus Centre for Victim Support"]
    academia = orgs["Northern Academic Network on Crime Research"]
    fia = orgs["Federal Investigation Agency"]
    foreign = orgs["Ministry of Foreign Affairs"]
    staff, member, coordinator = (users["unodc.staff"], users["member.cso"],
                                  users["coordinator.cgr"])

    # Regional networks group organizations across States.
    mx_network = Organization.objects.filter(country__iso3="MEX", is_alliance=True).first()
    for name, region, members in [
        ("Asia civil society network on the UNTOC review", RegionalNetwork.Region.ASIA,
         [orgs["Civil Society Alliance for the Pakistan UNTOC review"], cgr, academia]),
        ("Americas civil society network on the UNTOC review",
         RegionalNetwork.Region.AMERICAS, [mx_network] if mx_network else []),
        ("Africa civil society network on the UNTOC review", RegionalNetwork.Region.AFRICA,
         []),
    ]:
        network, created = RegionalNetwork.objects.get_or_create(
            name=name, defaults={"region": region})
        if created and members:
            network.organizations.set(members)

    launch = Event.objects.get(kind=Event.Kind.PILOT_LAUNCH, party=pak)
    # The chair's summary, stored privately under MEDIA_ROOT.
    path = "events/demo/islamabad-launch-chairs-summary.pdf"
    if not EventDocument.objects.filter(event=launch, title="Chair's summary").exists():
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(DEMO_MINUTES_PDF))
        EventDocument.objects.create(
            event=launch, kind=EventDocument.Kind.MINUTES, title="Chair's summary",
            file=path, filename="islamabad-launch-chairs-summary.pdf",
            size=len(DEMO_MINUTES_PDF), uploaded_by=staff)
    for title, owner_org, owner_name, due, status in [
        ("Share the alliance's five areas of recommendations with the focal person in writing",
         cgr, "", dt.date(2022, 9, 30), ActionItem.Status.DONE),
        ("Prepare statements for the 11th Conference of the Parties", cgr, "",
         dt.date(2022, 10, 14), ActionItem.Status.DONE),
        ("Brief the Cabinet on the deposit of the Trafficking in Persons Protocol", foreign,
         "", dt.date(2022, 12, 31), ActionItem.Status.OPEN),
        ("Propose a data-sharing arrangement with academic institutions", fia, "",
         dt.date(2023, 3, 31), ActionItem.Status.OPEN),
        ("Plan a follow-up conference with UNODC support", None, "UNODC and CGR",
         dt.date(2023, 11, 30), ActionItem.Status.DONE),
    ]:
        ActionItem.objects.get_or_create(
            event=launch, title=title,
            defaults={"owner_organization": owner_org, "owner_name": owner_name,
                      "due_on": due, "status": status, "created_by": staff})

    # Registrations: the held 2023 conference and the upcoming one.
    held = Event.objects.filter(party=pak, title="Follow-up conference of the Pakistan pilot"
                                ).first()
    upcoming = Event.objects.filter(
        party=pak, title="Second follow-up conference: implementation review").first()
    for event in (held, upcoming):
        if event is None:
            continue
        for user, org in [(coordinator, cgr), (member, indus)]:
            registration, created = Registration.objects.get_or_create(
                event=event, user=user,
                defaults={"organization": org, "registered_by": user,
                          "status": Registration.Status.CONFIRMED,
                          "created_at": min(event.starts_at - dt.timedelta(days=10),
                                            timezone.now())})
            if created:
                event_record(kind=RegistrationEventKind.CREATED, target=registration, actor=user,
                             payload={"event": event.pk, "status": registration.status})


# --- Follow-up: the conference, assessments, validations, evidence (issue 6) -------------


def _demo_followup() -> None:
    """The Pakistan follow-ups as actions with progress reports: the follow-up
    conference, a report on the working groups, the alliance's assessments (one
    "disagree" against a government "implemented"), UNODC validations (one closing an
    action) and public evidence. The stalled victim-support action stays overdue.
    Idempotent: everything is looked up by natural keys first."""
    User = get_user_model()
    users = {u.email.split("@")[0]: u for u in User.objects.filter(
        email__endswith="@demo.untoc.test")}
    staff, focal, coordinator = (users["unodc.staff"], users["focal.pakistan"],
                                 users["coordinator.cgr"])
    pak = Party.objects.get(iso3="PAK")
    orgs = {o.name: o for o in Organization.objects.filter(country=pak)}
    alliance = orgs["Civil Society Alliance for the Pakistan UNTOC review"]
    interior = orgs["Ministry of Interior"]
    recs = list(Recommendation.objects.filter(party=pak, reference__startswith="PAK-2022-")
                .order_by("reference"))
    actions = {a.title: a for a in FollowUpAction.objects.filter(party=pak)}

    conference_event = Event.objects.filter(
        party=pak, title="Follow-up conference of the Pakistan pilot").first()
    conference, created = FollowUpAction.objects.get_or_create(
        party=pak, title="Follow-up conference of the Pakistan pilot initiative",
        defaults=dict(
            description="Government, the civil society alliance and UNODC review the "
                        "implementation of the recommendations presented at the launch.",
            lead_body=interior, start_on=dt.date(2023, 6, 1), due_on=dt.date(2023, 11, 30),
            status=ActionStatus.IMPLEMENTED, percent=100, source_event=conference_event,
            created_by=focal))
    if created:
        conference.recommendations.set(recs)
        event_record(kind=ActionEventKind.CREATED, target=conference, actor=focal)
    if conference.source_action_item_id is None:
        # The launch's action item "plan a follow-up conference" is what this carries on.

        item = ActionItem.objects.filter(
            event__party=pak, title="Plan a follow-up conference with UNODC support",
            follow_up_action__isnull=True).first()
        if item is not None:
            conference.source_action_item = item
            conference.save(update_fields=["source_action_item"])
    actions[conference.title] = conference

    def report(action, reported_on, text, status, percent, author):
        row, made = ProgressReport.objects.get_or_create(
            action=action, reported_on=reported_on,
            defaults={"text": text, "status": status, "percent": percent, "author": author})
        if made:
            event_record(kind=ActionEventKind.PROGRESS_REPORTED, target=action, actor=author,
                         payload={"report": row.pk, "status": status, "percent": percent})
        return row

    report(conference, dt.date(2023, 11, 28),
           "Follow-up conference held in Islamabad with government, the alliance and UNODC.",
           ActionStatus.IMPLEMENTED, 100, focal)
    groups = actions.get("Three civil society working groups (legal; human rights and "
                         "victims; transnational organized crime)")
    if groups is not None:
        report(groups, dt.date(2023, 6, 30),
               "Legal and human rights working groups meeting monthly; the transnational "
               "organized crime group is still being formed.",
               ActionStatus.PARTIALLY_IMPLEMENTED, 70, focal)
    cso_report = actions.get("Civil society implementation report")
    if cso_report is not None:
        first = cso_report.progress_reports.order_by("reported_on").first()
        if first is not None:
            Evidence.objects.get_or_create(
                report=first, url="https://cgr.example.org/untoc-implementation-report-2023",
                defaults={"title": "Civil society implementation report (14 March 2023)",
                          "visibility": "public", "uploaded_by": coordinator})

    def assess(action, verdict, comment):
        if action is None:
            return
        _row, made = Assessment.objects.get_or_create(
            action=action, organization=alliance,
            defaults={"verdict": verdict, "comment": comment, "author": coordinator})
        if made:
            event_record(kind=ActionEventKind.ASSESSED, target=action, actor=coordinator,
                         payload={"organization": alliance.pk, "verdict": verdict})

    def validate(action, status, percent, comment):
        if action is None:
            return
        _row, made = Validation.objects.get_or_create(
            action=action, defaults={"status": status, "percent": percent,
                                     "comment": comment, "validated_by": staff})
        if made:
            event_record(kind=ActionEventKind.VALIDATED, target=action, actor=staff,
                         payload={"status": status, "percent": percent})

    cyber = actions.get("Strengthen the FIA Cyber Crime Wing")
    # The disagreement: the government reports "implemented", the alliance disagrees.
    assess(cyber, Verdict.DISAGREE,
           "Reporting centres exist in five cities only, and the promised review of the "
           "Prevention of Electronic Crimes Act with stakeholders has not been held.")
    validate(cyber, ActionStatus.PARTIALLY_IMPLEMENTED, 60,
             "Centres verified in five cities; the legislative review is still pending.")
    assess(cso_report, Verdict.AGREE, "Published by the alliance as planned.")
    assess(conference, Verdict.AGREE, "")
    cop = actions.get("Statements of the civil society alliance at the 11th Conference of "
                      "the Parties")
    # Implemented and validated: the action is closed.
    validate(cop, ActionStatus.IMPLEMENTED, 100, "Statements on record at COP11, Vienna.")
    validate(cso_report, ActionStatus.IMPLEMENTED, 100, "Report received by UNODC.")



# --- Filing: versions, references, co-signatures, endorsements, notes, comments ---------


def _demo_filing() -> None:
    """Make the five Pakistan recommendations consistent with the filing loop (frozen
    first version, reference counter, search vector), add endorsements, a confirmed
    co-signer, a comment and an internal note, and a member's draft with a pending
    co-signing invitation to CGR (to confirm in the browser). Idempotent."""
    User = get_user_model()
    users = {u.email.split("@")[0]: u for u in User.objects.filter(
        email__endswith="@demo.untoc.test")}
    pak = Party.objects.get(iso3="PAK")
    orgs = {o.name: o for o in Organization.objects.filter(country=pak)}
    recs = list(Recommendation.objects.filter(party=pak, reference__startswith="PAK-2022-")
                .order_by("reference"))
    if len(recs) < 5:
        return
    for rec in recs:
        RecommendationVersion.objects.get_or_create(
            recommendation=rec, number=1,
            defaults={"title": rec.title, "text": rec.text, "rationale": rec.rationale,
                      "created_by": rec.created_by})
    counter, _ = ReferenceCounter.objects.get_or_create(party=pak, year=2022)
    if counter.last < len(recs):
        counter.last = len(recs)
        counter.save(update_fields=["last"])
    coordinator, member, focal = (users.get("coordinator.cgr"), users.get("member.cso"),
                                  users.get("focal.pakistan"))
    for rec_index, org_name in [(4, "Women Lawyers for Justice"),
                                (3, "Punjab Digital Rights Initiative"),
                                (1, "Northern Academic Network on Crime Research"),
                                (4, "Indus Centre for Victim Support")]:
        Endorsement.objects.get_or_create(recommendation=recs[rec_index],
                                          organization=orgs[org_name],
                                          defaults={"endorsed_by": member})
    cosig, created = CoSignature.objects.get_or_create(
        recommendation=recs[3], organization=orgs["Pakistan Business Integrity Council"],
        defaults={"status": CoSignature.Status.CONFIRMED, "invited_by": coordinator,
                  "decided_at": _at(2022, 9, 14, 17, 0)})
    if member and not Comment.objects.filter(recommendation=recs[0]).exists():
        Comment.objects.create(
            recommendation=recs[0], author=member,
            organization=orgs["Indus Centre for Victim Support"],
            text="The deposit of the TIP instrument is the most urgent step: survivors "
                 "need the Protocol's protections in law.")
    if focal and not InternalNote.objects.filter(recommendation=recs[2]).exists():
        InternalNote.objects.create(
            recommendation=recs[2], author=focal,
            text="Ministry of Interior consulted on the task force; awaiting its view "
                 "before we answer.")
    # A member's draft with a pending invitation to co-sign (CGR's coordinator confirms).
    indus = orgs["Indus Centre for Victim Support"]
    draft, created = Recommendation.objects.get_or_create(
        organization=indus, party=pak, title="Shelters and legal aid for trafficking survivors",
        defaults=dict(
            text="Fund shelters run with civil society in every province and guarantee free "
                 "legal aid to survivors of trafficking in persons.",
            rationale="Survivors who testify need protection and counsel (TIP Protocol, "
                      "article 6).",
            status=Recommendation.Status.DRAFT, created_by=member,
            shared_with_alliance=True))  # the alliance's coordinator may consolidate it
    if created:
        draft.instruments.set(Instrument.objects.filter(code="tip"))
        draft.articles.set(Article.objects.filter(instrument__code="tip", number=6))
        draft.themes.set(Theme.objects.filter(slug="victims-and-human-rights"))
        event_record(kind=RecommendationEventKind.CREATED, target=draft, actor=member)
        CoSignature.objects.get_or_create(recommendation=draft,
                                          organization=orgs["Centre for Governance Research"],
                                          defaults={"invited_by": member})
        event_record(kind=RecommendationEventKind.COSIGN_REQUESTED, target=draft, actor=member,
                     payload={"organization": "Centre for Governance Research"})
    search_vector_refresh([r.pk for r in recs] + [draft.pk])


def _demo_organizations(result: DemoResult) -> None:
    """The registry at work: a pending registration with its applicant, a rejected one
    with the reason, a pending join request to CGR and an open invitation from CGR's
    coordinator. Idempotent (natural keys; events only when a row is created)."""
    pak = Party.objects.get(iso3="PAK")
    staff = get_user_model().objects.get(email="unodc.staff@demo.untoc.test")
    coordinator = get_user_model().objects.get(email="coordinator.cgr@demo.untoc.test")
    cgr = Organization.objects.get(name="Centre for Governance Research", country=pak)
    applicant = _user("applicant.youth@demo.untoc.test", "Bilal Qureshi",
                      timezone="Asia/Karachi")
    volunteer = _user("volunteer@demo.untoc.test", "Nadia Aslam",
                      timezone="Asia/Karachi")
    pending = Organization.objects.get(name="Karachi Youth Forum against Trafficking",
                                       country=pak)
    if pending.created_by_id is None:
        pending.created_by = applicant
        pending.contact_email = "contact@youthforum.example.org"
        pending.website = "https://youthforum.example.org"
        pending.description = "Youth volunteers raising awareness of trafficking in Sindh."
        pending.save(update_fields=["created_by", "contact_email", "website", "description"])
        event_record(kind=OrganizationEventKind.REGISTERED, target=pending, actor=applicant,
                     payload={"name": pending.name})
    Membership.objects.get_or_create(user=applicant, organization=pending,
                                     defaults={"role": Membership.Role.COORDINATOR})
    rejected, created = Organization.objects.get_or_create(
        name="Anonymous Consulting Services", country=pak,
        defaults=dict(category=Organization.Category.PRIVATE_SECTOR,
                      status=Organization.Status.REJECTED, created_by=applicant,
                      rejection_reason="No information on the organization's members, "
                                       "registration or work on organized crime.",
                      decided_at=_at(2023, 2, 1, 11, 0), decided_by=staff))
    if created:
        event_record(kind=OrganizationEventKind.REGISTERED, target=rejected, actor=applicant,
                     occurred_at=_at(2023, 1, 20, 10, 0))
        event_record(kind=OrganizationEventKind.REJECTED, target=rejected, actor=staff,
                     note=rejected.rejection_reason, occurred_at=rejected.decided_at)
    if not JoinRequest.objects.filter(organization=cgr, user=volunteer).exists():
        JoinRequest.objects.create(
            organization=cgr, user=volunteer,
            message="I research cybercrime at a Lahore university and would like to help "
                    "with the implementation report.")
    if not Invitation.objects.filter(organization=cgr,
                                     email="new.colleague@demo.untoc.test").exists():
        Invitation.objects.create(organization=cgr, email="new.colleague@demo.untoc.test",
                                  invited_by=coordinator,
                                  expires_at=timezone.now() + dt.timedelta(days=365))
    result.accounts.append(DemoAccount(email=applicant.email,
                                       role="Applicant of a pending organization"))
    result.accounts.append(DemoAccount(email=volunteer.email,
                                       role="Signed-up user waiting to join CGR"))
