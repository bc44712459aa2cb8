"""One seeded world for the leak test: a user per role of portal/core/visibility.py and a
unique marker (sentinel) in every restricted thing, made through the services (so the
notifications and e-mails they write are real)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultations.models import (
    AllianceMembership,
    Event,
    Instrument,
    JoinRequest,
    Membership,
    OfficialAssignment,
    Organization,
)
from consultations.services import directory as directory_svc
from consultations.services import events as event_svc
from consultations.services import organizations as org_svc
from consultations.services import pilots as pilot_svc
from portal.api.tokens import api_token_create
from portal.imports.checking import import_job_check, import_job_map
from portal.imports.services import import_job_create
from portal.notifications.models import Category, Notification
from portal.notifications.services import notifications_create
from recommendations.models import Response
from recommendations.services import attachments as attach
from recommendations.services import cosignatures as cosign
from recommendations.services import discussion as talk
from recommendations.services import followup as followup_svc
from recommendations.services import recommendations as rec_svc
from recommendations.services import responses as response_svc
from recommendations.services import translations as translation_svc
from tests.factories import (
    AgencyContactFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    PilotFactory,
    UserFactory,
)
from tests.recommendations.filing_support import NOPW, fresh
from tests.security.combinations import evidence_inputs, seed_combinations

C = Membership.Role.COORDINATOR

#: One marker per restricted thing (the rows of portal/core/visibility.py). Letters only,
#: so no escaping, wrapping or folding changes them (a title starts with its marker, so a
#: truncated title keeps it).
SENTINELS = {
    "draft_title": "Zqdrafttitlex",
    "restricted_recommendation": "Zqrestrictedrecx",
    "pending_answer": "Zqpendinganswerx",
    "internal_note": "Zqinternalnotex",
    "hidden_comment": "Zqhiddencommentx",
    "pending_organization": "Zqpendingorgx",
    "rejected_organization": "Zqrejectedorgx",
    "draft_event": "Zqdrafteventx",
    "online_link": "Zqonlinelinkx",
    "other_notification": "Zqothernotificationx",
    "restricted_progress": "Zqrestrictedprogressx",
    "draft_attachment": "Zqdraftattachmentx",
    "restricted_translation": "Zqrestrictedtranslationx",
    "import_job": "Zqimportjobx",
    "unlisted_organization": "Zqunlistedorgx",
}
# Safe filing (unnamed filers and co-signers, fields and evidence kept from some
# readers) is seeded over every combination: tests/security/combinations.py. An
# organization's name is public (the directory lists it): what must not leak is that it
# filed or co-signed a recommendation, so names are checked only in the responses that
# show the recommendation.
PDF = b"%PDF-1.4\n"


def make_alliance_member(alliance: Organization,
                         organization: Organization) -> AllianceMembership:
    """The organization has joined the alliance, accepted by both sides."""
    return AllianceMembership.objects.create(alliance=alliance, organization=organization,
                                             status=AllianceMembership.Status.ACCEPTED)


def declare_alliance_member(alliance: Organization,
                            organization: Organization) -> AllianceMembership:
    """The alliance claims the organization as a member on its own say-so: an
    invitation the organization never accepted, which must give the alliance nothing."""
    return AllianceMembership.objects.create(alliance=alliance, organization=organization,
                                             status=AllianceMembership.Status.INVITED)


@dataclass
class LeakWorld:
    users: dict[str, object]  # role -> user (None: anonymous)
    ids: dict[str, int] = field(default_factory=dict)
    strs: dict[str, str] = field(default_factory=dict)

    def user(self, role):
        return self.users[role]


def _member(org, role=Membership.Role.MEMBER, **user):
    return MembershipFactory(organization=org, role=role, user__password=NOPW, **user).user


def seed() -> LeakWorld:  # noqa: PLR0915 - one story, told in order
    s = SENTINELS
    party = PartyFactory(name="Leakland", iso3="LKL", requires_second_approval=True)
    other_party = PartyFactory(name="Otherland", iso3="OTL")
    untoc = Instrument.objects.get(code="untoc")
    filing = OrganizationFactory(country=party, name="Filing Rights Centre")
    alliance = OrganizationFactory(country=party, name="Leakland Civil Society Alliance",
                                   is_alliance=True, lead_organization=filing)
    alliance_membership = make_alliance_member(alliance, filing)
    other_alliance = OrganizationFactory(country=party, name="Self-declared Network",
                                         is_alliance=True)
    claimed_membership = declare_alliance_member(other_alliance, filing)
    cosigning = OrganizationFactory(country=party, name="Co-signing Institute")
    commenting = OrganizationFactory(country=party, name="Commenting Forum")
    gov_body = OrganizationFactory(country=party, name="Leakland Investigation Agency",
                                   category=Organization.Category.GOVERNMENTAL)

    member = _member(filing)
    filing_coordinator = _member(filing, C)
    staff = UserFactory(is_unodc_staff=True, password=NOPW)
    users = {
        "anonymous": None,
        "member": member,
        "alliance_coordinator": _member(alliance, C),
        "other_alliance": _member(other_alliance, C),
        "cosigner": _member(cosigning, C),
        "focal": FocalPersonFactory(party=party, user__password=NOPW).user,
        "other_focal": FocalPersonFactory(party=other_party, user__password=NOPW).user,
        "agency": AgencyContactFactory(party=party, agency=gov_body,
                                       user__password=NOPW).user,
        "staff": staff,
        # not a column of the visibility table: a plain member of the alliance, for the
        # writes (publish, withdraw, correct are the alliance coordinator's)
        "alliance_member": _member(alliance),
    }
    second_focal = FocalPersonFactory(party=party, user__password=NOPW).user
    commenter = _member(commenting)
    bystander = UserFactory(password=NOPW)
    focal = users["focal"]

    # Recommendations: a draft (with an attachment), a restricted one, a public one ----
    draft = rec_svc.recommendation_create(
        actor=fresh(member), organization=filing, party=party, instruments=[untoc],
        title=f"{s['draft_title']} national register of victims",
        text=f"{s['draft_title']} body of the draft.")
    attachment = attach.attachment_add(
        actor=fresh(member), recommendation=draft,
        file=SimpleUploadedFile(f"{s['draft_attachment']}.pdf",
                                PDF + s["draft_attachment"].encode()))
    restricted = rec_svc.recommendation_create(
        actor=fresh(member), organization=filing, party=party, instruments=[untoc],
        title=f"{s['restricted_recommendation']} witness protection fund",
        text=f"{s['restricted_recommendation']} body of the restricted one.")
    restricted = rec_svc.recommendation_submit(actor=fresh(member), recommendation=restricted)
    translation_svc.recommendation_translation_add(
        actor=fresh(member), recommendation=restricted, language="fr",
        title=f"{s['restricted_translation']} fonds de protection des témoins",
        text=f"{s['restricted_translation']} texte de la recommandation restreinte.")
    public = rec_svc.recommendation_create(
        actor=fresh(member), organization=filing, party=party, instruments=[untoc],
        title="Publish annual organized crime statistics",
        text="Open national crime data to researchers.")
    public = rec_svc.recommendation_submit(actor=fresh(member), recommendation=public)
    public = rec_svc.recommendation_publish(actor=fresh(member), recommendation=public)
    alliance_rec = rec_svc.recommendation_create(
        actor=fresh(users["alliance_coordinator"]), organization=alliance, party=party,
        instruments=[untoc], title="Consolidated alliance position on data",
        text="The alliance asks for open data.")
    alliance_rec = rec_svc.recommendation_submit(actor=fresh(users["alliance_coordinator"]),
                                                 recommendation=alliance_rec)
    for rec in (draft, restricted):
        cosignature = cosign.cosignature_invite(actor=fresh(member), recommendation=rec,
                                                 organization=cosigning)
    safe = seed_combinations(party=party, untoc=untoc, alliance=alliance, member=member,
                             cosigner=users["cosigner"], cosigning=cosigning)
    talk.note_create(actor=fresh(focal), recommendation=public,
                        text=f"{s['internal_note']} the ministry disagrees.")
    comment = talk.comment_create(actor=fresh(commenter), recommendation=public,
                                     text=f"{s['hidden_comment']} insulting remark.")
    talk.comment_moderate(actor=fresh(staff), comment=comment, hide=True,
                             reason="Offensive.")
    talk.comment_create(actor=fresh(commenter), recommendation=public,
                           text="A fair and published comment.")
    public.refresh_from_db()
    response_svc.response_create(actor=fresh(focal), recommendation=public,
                                 expected_version=public.version, position="supported",
                                 justification=f"{s['pending_answer']} the answer to come.")
    # translations are exactly as restricted as what they translate: the same markers
    translation_svc.response_translation_add(
        actor=fresh(focal), response=Response.objects.get(recommendation=public),
        language="fr", justification=f"{s['pending_answer']} la réponse à venir.")

    # Follow-up: an action on the restricted recommendation, one on the public one ------
    def action_with_report(rec, title, text, evidence=()):
        action = followup_svc.action_create(
            actor=fresh(focal), party=party, title=title, recommendations=[rec],
            lead_body=gov_body, responsible=users["agency"], start_on=dt.date(2024, 1, 1),
            due_on=timezone.localdate() + dt.timedelta(days=60))
        return action, followup_svc.progress_report_create(
            actor=fresh(users["agency"]), action=action, reported_on=timezone.localdate(),
            status="in_progress", percent=20, text=text, evidence=evidence)

    restricted_action, restricted_report = action_with_report(
        restricted, "Fund the protection of witnesses",
        f"{s['restricted_progress']} the fund's rules are drafted.",
        evidence=evidence_inputs("restricted_action"))
    public_action, public_report = action_with_report(
        public, "Publish the crime statistics", "The first statistics are out.",
        evidence=evidence_inputs("public_action"))
    evidence = public_report.evidence.order_by("pk").first()
    translation_svc.progress_report_translation_add(
        actor=fresh(users["agency"]), report=restricted_report, language="fr",
        text=f"{s['restricted_progress']} les règles du fonds sont rédigées.")

    # Organizations: one pending, one rejected ------------------------------------------
    applicant = UserFactory(password=NOPW)
    pending = org_svc.organization_register(
        actor=fresh(applicant), name=f"{s['pending_organization']} Youth Forum",
        category="civil_society", country=party)
    rejected = org_svc.organization_register(
        actor=fresh(applicant), name=f"{s['rejected_organization']} Shell Company",
        category="private_sector", country=party)
    org_svc.organization_reject(actor=fresh(staff), organization=rejected,
                                reason="Not a stakeholder.")
    # An organization at risk that chose not to be listed (the member belongs to it)
    unlisted = OrganizationFactory(country=party, name=f"{s['unlisted_organization']} Refuge")
    MembershipFactory(organization=unlisted, user=member, role=C)
    unlisted = directory_svc.organization_listing_set(actor=fresh(member),
                                                      organization=unlisted, listed=False)
    Membership.objects.filter(organization=unlisted, user=member).update(
        role=Membership.Role.MEMBER)  # its coordinator chose; the member role only reads
    invitation = org_svc.invitation_create(actor=fresh(filing_coordinator),
                                           organization=filing, email="new@example.org")
    join_request = JoinRequest.objects.create(organization=filing, user=bystander)

    # Events: a draft one, a published one with an online link ---------------------------
    start = timezone.now() + dt.timedelta(days=20)
    when = {"starts_at": start, "ends_at": start + dt.timedelta(hours=3), "party": party}
    draft_event = event_svc.event_create(actor=fresh(staff), **{
        **when, "kind": Event.Kind.WORKSHOP, "title": f"{s['draft_event']} closed workshop",
        "venue": "Vienna International Centre"})
    online_event = event_svc.event_create(actor=fresh(staff), **{
        **when, "kind": Event.Kind.CONSTRUCTIVE_DIALOGUE, "title": "Online dialogue",
        "mode": Event.Mode.ONLINE, "capacity": 50,
        "online_url": f"https://meet.example.org/{s['online_link']}"})
    online_event = event_svc.event_status_change(actor=fresh(staff), event=online_event,
                                                 status=Event.Status.REGISTRATION_OPEN)
    registration = event_svc.registration_create(actor=fresh(member), event=online_event,
                                                 organization=filing)
    document = event_svc.event_document_add(
        actor=fresh(staff), event=online_event, title="Agenda",
        file=SimpleUploadedFile("agenda.pdf", PDF + b"agenda"))
    item = event_svc.action_item_create(actor=fresh(staff), event=online_event,
                                        title="Circulate the summary", owner_name="Secretariat",
                                        due_on=timezone.localdate() + dt.timedelta(days=30))
    pilot = PilotFactory(party=party, alliance=alliance)
    milestone = pilot_svc.milestone_create(actor=fresh(staff), pilot=pilot,
                                           title="Launch workshop",
                                           due_on=timezone.localdate())

    # Another user's notification ---------------------------------------------------------
    [other_notification] = notifications_create(
        recipients=[bystander], category=Category.MEMBERSHIP, kind="test.leak",
        payload={"subject": f"{s['other_notification']} for you only",
                 "summary": f"{s['other_notification']} private summary"})
    Notification.objects.filter(pk=other_notification.pk).update(
        email_status=Notification.EmailStatus.FAILED)
    token, _raw = api_token_create(actor=fresh(member), name="leak test")

    # A spreadsheet import by the alliance's coordinator, checked, with a failing row ------
    import_job = import_job_create(
        actor=fresh(users["alliance_coordinator"]), kind="recommendations", scope_id=alliance.pk,
        file=SimpleUploadedFile(f"{s['import_job']}.csv", (
            f"Title,Instruments\n{s['import_job']} imported title,UNTOC\n"
            f"{s['import_job']} second,{s['import_job']} instrument\n").encode()))
    import_job_map(actor=fresh(users["alliance_coordinator"]), job=import_job,
                   mapping=import_job.mapping)
    import_job = import_job_check(job_id=import_job.pk)

    world = LeakWorld(users={r: fresh(u) for r, u in users.items()})
    world.ids.update(
        party=party.pk, draft=draft.pk, restricted=restricted.pk, public=public.pk,
        alliance_rec=alliance_rec.pk,
        attachment=attachment.pk, cosignature=cosignature.pk, comment=comment.pk,
        restricted_action=restricted_action.pk, public_action=public_action.pk,
        restricted_report=restricted_report.pk, public_report=public_report.pk,
        evidence=evidence.pk, filing=filing.pk, alliance=alliance.pk,
        other_alliance=other_alliance.pk, pending=pending.pk, rejected=rejected.pk,
        invitation=invitation.pk, join_request=join_request.pk,
        membership=Membership.objects.get(user=member, organization=filing).pk,
        official=OfficialAssignment.objects.get(user=focal).pk, staff=staff.pk,
        draft_event=draft_event.pk, online_event=online_event.pk,
        registration=registration.pk, document=document.pk, item=item.pk, pilot=pilot.pk,
        milestone=milestone.pk, notification=other_notification.pk,
        member_notification=Notification.objects.filter(recipient=member).first().pk,
        token=token.pk, second_focal=second_focal.pk, bystander=bystander.pk,
        alliance_membership=alliance_membership.pk, claimed_membership=claimed_membership.pk,
        import_job=import_job.pk, unlisted=unlisted.pk, **safe)
    world.strs.update(iso3=party.iso3, invitation_token=invitation.token)
    return world
