"""May this user do this to this recommendation, response or follow-up action? The one
place for recommendations' permissions, used by views, the API, templates and admin."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from consultations import policies as consultation_policies
from consultations.models import AllianceMembership, Membership, Organization
from consultations.roles import roles_of
from recommendations.models import Recommendation


def is_official_of(user, party_id: int) -> bool:
    return party_id in roles_of(user).official_party_ids


def is_focal_person_of(user, party_id: int) -> bool:
    return party_id in roles_of(user).focal_party_ids


# --- What an alliance gives its coordinators -------------------------------------------
#
# Membership of an alliance is two-sided (consultations.models.AllianceMembership): the
# alliance invites and the organization accepts, or the organization asks and the
# alliance accepts. A list of members an alliance declares about itself gives nothing.
# Only a VERIFIED alliance with ACCEPTED memberships gives its COORDINATORS (not its
# plain members) the following, for as long as the membership lasts:
#
# | a member organization's recommendation | alliance coordinators may                  |
# |----------------------------------------|--------------------------------------------|
# | draft, not shared                      | nothing (404): like any outsider           |
# | draft shared with the alliance(s)      | read it; consolidate it into an alliance   |
# |                                        | draft. Never edit, delete, attach, submit  |
# | submitted, under consideration,        | read it (public or not)                    |
# | responded, withdrawn                   |                                            |
#
# A member's draft is seen only by the filing organization, the organizations it invited
# to co-sign and, when the filer shares it (``shared_with_alliance``), the coordinators
# of the verified alliances it is an accepted member of. Everything else an alliance
# does on its own recommendations follows the filer rule below: a member of the
# alliance drafts; submitting, correcting, withdrawing and publishing are for its
# coordinators only.
#
# ``recommendations.selectors.recommendations.recommendations_visible_to`` is the same
# rule as ``can_view_recommendation``, as a query (tests compare them over a world of
# every role and status).


def alliance_member_org_ids(user) -> frozenset[int]:
    """Organizations with an accepted membership of a verified alliance the user
    coordinates (one query, cached on the user like roles_of)."""
    roles = roles_of(user)
    coordinated = roles.coordinator_org_ids & roles.verified_org_ids
    if not coordinated:
        return frozenset()
    cached = getattr(user, "_alliance_member_org_ids", None)
    if cached is None:

        cached = frozenset(AllianceMembership.objects.filter(
            alliance_id__in=coordinated, alliance__is_alliance=True,
            status=AllianceMembership.Status.ACCEPTED,
        ).values_list("organization_id", flat=True))
        user._alliance_member_org_ids = cached
    return cached


def _invited_org_ids(recommendation) -> set[int]:
    """Organizations invited to co-sign (read from the prefetched co-signatures when
    the selector fetched them)."""
    return {c.organization_id for c in recommendation.cosignatures.all()
            if c.status != "declined"}


def alliance_may_see(user, recommendation) -> bool:
    """Seen by the user as the coordinator of an alliance the filer belongs to: once
    submitted, or a draft the filer shared."""
    return (recommendation.organization_id in alliance_member_org_ids(user)
            and (recommendation.status != Recommendation.Status.DRAFT
                 or recommendation.shared_with_alliance))


def can_view_recommendation(user, recommendation: Recommendation) -> bool:
    """Drafts: the filing organization, the organizations invited to co-sign and, when
    shared, the coordinators of its alliances. Submitted: also the addressee State's
    officials, UNODC staff and its alliances' coordinators. Public ones: everybody."""
    roles = roles_of(user)
    if recommendation.organization_id in roles.member_org_ids:
        return True
    is_draft = recommendation.status == Recommendation.Status.DRAFT
    if recommendation.is_public and not is_draft:
        return True
    if not roles.is_authenticated:
        return False
    if alliance_may_see(user, recommendation):
        return True
    if _invited_org_ids(recommendation) & roles.member_org_ids:
        return True
    if is_draft:
        return False
    return roles.is_unodc_staff or recommendation.party_id in roles.official_party_ids


# --- Filing and responses (issue 5) ------------------------------------------------


def addressable_party_ok(organization, party_id: int) -> bool:
    """An organization addresses its own country's State; an intergovernmental or
    regional organization (no country) may address any State."""
    return organization.country_id is None or organization.country_id == party_id


def can_file_for(user, organization) -> bool:
    roles = roles_of(user)
    return organization.pk in roles.verified_org_ids


def can_file_on_behalf(user, organization) -> bool:
    """UNODC staff file for a verified organization that asked them to (a spreadsheet
    it kept): the recommendation's history says so."""
    return roles_of(user).is_unodc_staff and organization.status == "verified"


def _is_filer(user, recommendation) -> bool:
    return recommendation.organization_id in roles_of(user).verified_org_ids


def can_act_for_filer(user, recommendation) -> bool:
    """Speak for the filing organization to the State (submit, correct, withdraw,
    publish): its verified members; for an alliance, only its coordinators."""
    if not _is_filer(user, recommendation):
        return False
    if recommendation.organization.is_alliance:
        return recommendation.organization_id in roles_of(user).coordinator_org_ids
    return True


def can_edit_recommendation(user, recommendation) -> bool:
    """A draft, by the filing organization's verified members only (an alliance's
    coordinators never edit or delete a member's draft)."""
    return recommendation.status == Recommendation.Status.DRAFT and _is_filer(
        user, recommendation)


def can_share_with_alliance(user, recommendation) -> bool:
    """The filer shares a draft with (or takes it back from) its alliances."""
    return can_edit_recommendation(user, recommendation)


def can_submit_recommendation(user, recommendation) -> bool:
    """A draft, submitted by a member of the filing organization; for an alliance,
    only by its coordinators."""
    return (recommendation.status == Recommendation.Status.DRAFT
            and can_act_for_filer(user, recommendation))


def can_consolidate(user) -> bool:
    """Coordinators of a verified alliance with accepted members."""
    return bool(alliance_member_org_ids(user))


def can_consolidate_source(user, recommendation) -> bool:
    """A member's recommendation an alliance coordinator may pull into an alliance
    draft: a draft the filer shared, or one submitted and still open; never one already
    consolidated."""
    if recommendation.consolidated_into_id is not None:
        return False
    if recommendation.organization_id not in alliance_member_org_ids(user):
        return False
    if recommendation.status == Recommendation.Status.DRAFT:
        return recommendation.shared_with_alliance
    return _is_open(recommendation)


def _is_open(recommendation) -> bool:
    return recommendation.status in (Recommendation.Status.SUBMITTED,
                                     Recommendation.Status.UNDER_CONSIDERATION)


def can_correct_recommendation(user, recommendation) -> bool:
    """New versions after submission, until the State answers (as submitting)."""
    return _is_open(recommendation) and can_act_for_filer(user, recommendation)


def can_withdraw_recommendation(user, recommendation) -> bool:
    return _is_open(recommendation) and can_act_for_filer(user, recommendation)


def can_publish_recommendation(user, recommendation) -> bool:
    return (recommendation.status != Recommendation.Status.DRAFT
            and not recommendation.is_public and can_act_for_filer(user, recommendation))


def can_invite_cosigner(user, recommendation) -> bool:
    return (recommendation.status in (Recommendation.Status.DRAFT,
                                      Recommendation.Status.SUBMITTED,
                                      Recommendation.Status.UNDER_CONSIDERATION)
            and _is_filer(user, recommendation))


def organization_has_coordinator(organization_id: int, *, known: bool | None = None) -> bool:
    """Whether an organization has an active coordinator (``known``: the answer the
    selector already annotated, so that a page asks no query per co-signature)."""
    if known is not None:
        return known

    return Membership.objects.filter(organization_id=organization_id,
                                     role=Membership.Role.COORDINATOR,
                                     user__is_active=True).exists()


def can_decide_cosignature(user, cosignature) -> bool:
    """Who confirms a co-signature for the invited (verified) organization, while it is
    invited: its coordinators, or any of its members when it has no coordinator."""
    roles = roles_of(user)
    if (cosignature.status != "invited"
            or cosignature.organization_id not in roles.verified_org_ids):
        return False
    if cosignature.organization_id in roles.coordinator_org_ids:
        return True
    return not organization_has_coordinator(
        cosignature.organization_id,
        known=getattr(cosignature, "org_has_coordinator", None))


def cosign_confirmers(organization) -> list:
    """The people who may confirm a co-signature for ``organization`` (the same rule as
    can_decide_cosignature): its active coordinators, or all its active members when it
    has none. Empty when nobody can confirm (no member yet, or not verified)."""


    if organization.status != Organization.Status.VERIFIED:
        return []
    users = get_user_model().objects.filter(memberships__organization=organization,
                                            is_active=True)
    coordinators = list(users.filter(memberships__role=Membership.Role.COORDINATOR)
                        .distinct())
    return coordinators or list(users.distinct())


def cosign_home_country_id(recommendation) -> int:
    """The State whose organizations may co-sign without a cross-border choice: the
    filer's country (the addressee State for an organization without one)."""
    return recommendation.organization.country_id or recommendation.party_id


def cosign_candidates(user, recommendation, *, cross_border: bool = False,
                      invited_too: bool = False):
    """Organizations the user may invite to co-sign: verified, not governmental, not the
    filer, not already invited (a declined one may be asked again; ``invited_too`` keeps
    the invited ones, for a repeated post), of the filer's State unless ``cross_border``
    was chosen explicitly. Never pending or rejected ones."""
    if not can_invite_cosigner(user, recommendation):
        return Organization.objects.none()
    qs = (Organization.objects.filter(status=Organization.Status.VERIFIED)
          .exclude(category=Organization.Category.GOVERNMENTAL)
          .exclude(pk=recommendation.organization_id))
    if not invited_too:
        qs = qs.exclude(cosignatures__recommendation=recommendation,
                        cosignatures__status__in=("invited", "confirmed"))
    if not cross_border:
        qs = qs.filter(country_id=cosign_home_country_id(recommendation))
    return qs.select_related("country").order_by("name")


def cosign_invite_refusal(recommendation, organization, *, cross_border: bool) -> str | None:
    """Why ``organization`` cannot be invited (a message), or None. The service's check,
    the same rule as cosign_candidates for one organization."""


    if organization.pk == recommendation.organization_id:
        return _("The filing organization cannot co-sign its own recommendation.")
    if organization.status != Organization.Status.VERIFIED:
        # no name: a pending or rejected organization is never named to other users
        return _("This organization is not a verified organization: only verified "
                 "organizations can co-sign.")
    if organization.category == Organization.Category.GOVERNMENTAL:
        return _("A government body cannot co-sign a recommendation.")
    if (not cross_border
            and organization.country_id != cosign_home_country_id(recommendation)):
        return _("%(org)s is in another State: tick “Include organizations of other "
                 "States” to invite it.") % {"org": organization.name}
    return None


def endorsing_org_ids(user, recommendation) -> set[int]:
    """The user's verified organizations that may still endorse (not the filer)."""
    if recommendation.status in (Recommendation.Status.DRAFT,
                                 Recommendation.Status.WITHDRAWN):
        return set()
    if not can_view_recommendation(user, recommendation):
        return set()
    roles = roles_of(user)
    done = {e.organization_id for e in recommendation.endorsements.all()}
    return set(roles.verified_org_ids) - {recommendation.organization_id} - done


def can_endorse(user, recommendation) -> bool:
    return bool(endorsing_org_ids(user, recommendation))


def can_respond(user, recommendation) -> bool:
    """The addressee State's focal person, while the recommendation is open and has no
    answer yet."""
    return (_is_open(recommendation) and is_focal_person_of(user, recommendation.party_id)
            and not _has_response(recommendation))


def _has_response(recommendation) -> bool:
    try:
        return recommendation.response is not None
    except Recommendation.response.RelatedObjectDoesNotExist:
        return False


def can_approve_response(user, recommendation) -> bool:
    """Another focal person of the same State than the one who answered."""
    if not _has_response(recommendation) or not is_focal_person_of(user,
                                                                   recommendation.party_id):
        return False
    response = recommendation.response
    return (response.status == "pending_approval" and user.is_authenticated
            and response.responded_by_id != user.pk)


def can_view_response(user, recommendation) -> bool:
    if not _has_response(recommendation):
        return False
    if recommendation.response.status == "published":
        return True
    roles = roles_of(user)
    return roles.is_unodc_staff or recommendation.party_id in roles.official_party_ids


def can_start_consideration(user, recommendation) -> bool:
    return (recommendation.status == Recommendation.Status.SUBMITTED
            and is_focal_person_of(user, recommendation.party_id))


def can_set_deadline(user, recommendation) -> bool:
    return roles_of(user).is_unodc_staff and _is_open(recommendation)


def can_view_notes(user, recommendation) -> bool:
    if recommendation.status == Recommendation.Status.DRAFT:
        return False
    roles = roles_of(user)
    return roles.is_unodc_staff or recommendation.party_id in roles.official_party_ids


can_add_note = can_view_notes


def can_comment(user, recommendation) -> bool:
    """Published recommendations: members of verified organizations, officials and
    UNODC staff."""
    if not recommendation.is_public or recommendation.status == Recommendation.Status.DRAFT:
        return False
    roles = roles_of(user)
    return bool(roles.verified_org_ids) or roles.is_official or roles.is_unodc_staff


def can_moderate_comments(user) -> bool:
    return roles_of(user).is_unodc_staff


def can_add_attachment(user, recommendation) -> bool:
    return can_edit_recommendation(user, recommendation)


# --- Follow-up (issue 6) ---------------------------------------------------------------
# Actions are passed with their recommendations prefetched (see
# recommendations.selectors.followup); these functions then run no query.


def _served(action) -> list:
    return list(action.recommendations.all())


def is_public_action(action) -> bool:
    """Public when it serves at least one recommendation and all it serves are public."""
    served = _served(action)
    return bool(served) and all(
        r.is_public and r.status != Recommendation.Status.DRAFT for r in served)


def can_view_action(user, action) -> bool:
    roles = roles_of(user)
    if roles.is_unodc_staff or action.party_id in roles.official_party_ids:
        return True
    if is_public_action(action):
        return True
    return any(r.organization_id in roles.member_org_ids for r in _served(action))


def can_create_action(user, party_id: int) -> bool:
    roles = roles_of(user)
    return roles.is_unodc_staff or party_id in roles.focal_party_ids


def can_edit_action(user, action) -> bool:
    return can_create_action(user, action.party_id)


def can_report_progress(user, action) -> bool:
    """The action's responsible person or its lead body's agency contacts, or the State's
    focal person."""
    roles = roles_of(user)
    if action.party_id in roles.focal_party_ids:
        return True
    if action.party_id not in roles.agency_party_ids:
        return False
    # The named responsible person, or any contact of the lead government body (a
    # commitment names the body before anyone is made responsible).
    return action.responsible_id == user.pk or (
        action.lead_body_id is not None and action.lead_body_id in roles.agency_ids)


def can_edit_progress_report(user, report, action) -> bool:
    if not can_report_progress(user, action):
        return False
    return report.author_id == user.pk or action.party_id in roles_of(user).focal_party_ids


def can_assess(user, action) -> bool:
    """A coordinator of the organization (alliance) that filed a served recommendation."""
    return bool(assessable_org_ids(user, action))


def assessable_org_ids(user, action) -> set[int]:
    roles = roles_of(user)
    return {r.organization_id for r in _served(action)
            if r.organization_id in roles.coordinator_org_ids}


def can_validate(user, action) -> bool:
    return roles_of(user).is_unodc_staff


def can_view_evidence(user, evidence, action) -> bool:
    """Public evidence: everyone who sees the action. "Government and UNODC": also the
    filing organizations of the served recommendations. "UNODC only": UNODC staff and
    the government that reported it."""
    if not can_view_action(user, action):
        return False
    if evidence.visibility == "public":
        return True
    roles = roles_of(user)
    if roles.is_unodc_staff or action.party_id in roles.official_party_ids:
        return True
    return evidence.visibility == "government" and any(
        r.organization_id in roles.member_org_ids for r in _served(action))


def can_view_staff_dashboard(user) -> bool:
    return roles_of(user).is_unodc_staff


def can_follow_up_event(user, event) -> bool:
    """Whether the user may turn the event's action items into follow-up actions: the
    same people who create follow-up actions for the event's State."""
    return event.party_id is not None and can_create_action(user, event.party_id)


def recommendation_capabilities(user, recommendation, *,
                                endorse_ids: frozenset[int] | set[int] | None = None
                                ) -> dict[str, bool]:
    """What the user may do with the recommendation: one dict for the web page (``can``)
    and the API (``permissions``), with the same keys. ``endorse_ids``: the user's
    organizations that may endorse it, when the caller has them already."""
    if endorse_ids is None:
        endorse_ids = endorsing_org_ids(user, recommendation)
    return {
        "edit": can_edit_recommendation(user, recommendation),
        "submit": can_submit_recommendation(user, recommendation),
        "withdraw": can_withdraw_recommendation(user, recommendation),
        "publish": can_publish_recommendation(user, recommendation),
        "invite_cosigner": can_invite_cosigner(user, recommendation),
        "endorse": bool(endorse_ids),
        "respond": can_respond(user, recommendation),
        "comment": can_comment(user, recommendation),
        "correct": can_correct_recommendation(user, recommendation),
        "approve_response": can_approve_response(user, recommendation),
        "consider": can_start_consideration(user, recommendation),
        "set_deadline": can_set_deadline(user, recommendation),
        "notes": can_view_notes(user, recommendation),
        "moderate_comments": can_moderate_comments(user),
        "attach": can_add_attachment(user, recommendation),
        "share": can_share_with_alliance(user, recommendation),
        "translate": can_translate_recommendation(user, recommendation),
        "protect": can_change_attribution(user, recommendation),
    }
def can_translate_recommendation(user, recommendation) -> bool:
    """Add or remove a translation of the title and text into another official language:
    the filer (its members on a draft, those who speak for it once submitted) or UNODC
    staff once submitted; never on a withdrawn recommendation."""
    status = recommendation.status
    if status == Recommendation.Status.WITHDRAWN:
        return False
    if status == Recommendation.Status.DRAFT:
        return can_edit_recommendation(user, recommendation)
    return can_act_for_filer(user, recommendation) or roles_of(user).is_unodc_staff


def can_translate_response(user, recommendation) -> bool:
    """Add or remove a translation of the State's response (its justification): the
    State's focal persons or UNODC staff, on a response they may read."""
    if not can_view_response(user, recommendation):
        return False
    return (is_focal_person_of(user, recommendation.party_id)
            or roles_of(user).is_unodc_staff)


def can_translate_progress_report(user, action) -> bool:
    """Add or remove a translation of a progress report: whoever reports progress on the
    action, or UNODC staff."""
    return can_report_progress(user, action) or roles_of(user).is_unodc_staff


# --- Safe filing: attribution and field-level visibility --------------------------------
#
# The one rule for whose name and which fields a reader sees (security.md, "Safe
# filing"). Each level is a rank, from the least to the most protective:
#
# | rank | attribution (filer, co-signer)       | field (rationale, attachments)    |
# |------|--------------------------------------|-----------------------------------|
# | 0    | named                                | everyone who reads the recommendation |
# | 1    | "a civil society organization in X"  | the government addressed and UNODC |
# |      | for the public                       |                                   |
# | 2    | known to UNODC only                  | UNODC only                        |
#
# A reader's audience is a rank too: the public (everyone else, alliances included) 0,
# the addressee State's officials 1, UNODC staff 2. The filing organization and the
# organizations invited to co-sign wrote the recommendation: they read everything. A
# reader sees a thing when the thing's rank is at most the reader's.

PUBLIC_AUDIENCE, GOVERNMENT_AUDIENCE, UNODC_AUDIENCE = 0, 1, 2


def _rank(level: str) -> int:
    from recommendations.models import ATTRIBUTION_ORDER, FIELD_VISIBILITY_ORDER

    for order in (ATTRIBUTION_ORDER, FIELD_VISIBILITY_ORDER):
        if level in order:
            return order.index(level)
    return len(ATTRIBUTION_ORDER)  # unknown: the most protective


def is_more_protective(new: str, old: str) -> bool:
    """Whether ``new`` shows the thing to fewer readers than ``old``."""
    return _rank(new) > _rank(old)


def _audience(user, party_id: int) -> int:
    roles = roles_of(user)
    if roles.is_unodc_staff:
        return UNODC_AUDIENCE
    if party_id in roles.official_party_ids:
        return GOVERNMENT_AUDIENCE
    return PUBLIC_AUDIENCE


def is_author(user, recommendation) -> bool:
    """A member of the filing organization or of an organization invited to co-sign."""
    members = roles_of(user).member_org_ids
    if not members:
        return False
    if recommendation.organization_id in members:
        return True
    if "cosignatures" in getattr(recommendation, "_prefetched_objects_cache", {}):
        return bool(_invited_org_ids(recommendation) & members)
    return recommendation.pk in _cosigning_recommendation_ids(user)


def _cosigning_recommendation_ids(user) -> frozenset[int]:
    """The recommendations the user's organizations are invited to co-sign (one query,
    cached on the user: a list asks it once, not per row)."""
    cached = getattr(user, "_cosigning_recommendation_ids", None)
    if cached is None:
        from recommendations.models import CoSignature

        cached = frozenset(CoSignature.objects.filter(
            organization_id__in=roles_of(user).member_org_ids).exclude(
            status=CoSignature.Status.DECLINED).values_list("recommendation_id", flat=True))
        user._cosigning_recommendation_ids = cached
    return cached


def filer_name_visible_to(user, recommendation) -> bool:
    if recommendation.attribution == "named":
        return True
    if _rank(recommendation.attribution) <= _audience(user, recommendation.party_id):
        return True
    return is_author(user, recommendation)


def filer_display_for_audience(recommendation, audience: int) -> str:
    """What an audience that is not an author sees (for a message to a group, e.g. the
    State's focal persons: GOVERNMENT_AUDIENCE)."""
    if _rank(recommendation.attribution) <= audience:
        return recommendation.organization.name
    return _anonymous_label(recommendation.attribution, recommendation.organization,
                            recommendation.party)


def _anonymous_label(attribution: str, organization, party) -> str:
    from django.utils.translation import gettext as _

    if attribution == "in_state":
        country = organization.country or party
        return _("A civil society organization in %(state)s") % {"state": country.local_name}
    return _("A civil society organization")


def filer_display_for(user, recommendation) -> str:
    """The filing organization as this reader may see it: its name, "a civil society
    organization in <State>" or "a civil society organization". Every read path names
    the filer through this function (or ``filer_named_q`` for a query)."""
    if filer_name_visible_to(user, recommendation):
        return recommendation.organization.name
    return _anonymous_label(recommendation.attribution, recommendation.organization,
                            recommendation.party)


def cosigner_name_visible_to(user, cosignature, recommendation) -> bool:
    if cosignature.attribution == "named":
        return True
    members = roles_of(user).member_org_ids
    if cosignature.organization_id in members or recommendation.organization_id in members:
        return True
    return _rank(cosignature.attribution) <= _audience(user, recommendation.party_id)


def cosigner_display_for(user, cosignature, recommendation) -> str:
    """A co-signing organization as this reader may see it (as filer_display_for)."""
    if cosigner_name_visible_to(user, cosignature, recommendation):
        return cosignature.organization.name
    return _anonymous_label(cosignature.attribution, cosignature.organization,
                            recommendation.party)


def names_hidden_from(user, recommendation) -> dict[str, str]:
    """The organization names of a recommendation this reader may not see, each with
    what the reader sees instead (for sentences recorded with the name, e.g. the
    timeline's)."""
    hidden = {}
    if not filer_name_visible_to(user, recommendation):
        hidden[recommendation.organization.name] = filer_display_for(user, recommendation)
    for c in recommendation.cosignatures.all():
        if not cosigner_name_visible_to(user, c, recommendation):
            hidden[c.organization.name] = cosigner_display_for(user, c, recommendation)
    return hidden


def filer_named_q(user):
    """The recommendations whose filer this reader may see by name, as a query (the same
    rule as filer_name_visible_to, for organization pages, filters and counts)."""
    return _readable_q(user, "attribution", "named", "in_state")


def field_visible_q(user, level_field: str):
    """The recommendations whose field kept at ``level_field`` (``rationale_visibility``,
    ``attachments_visibility``) this reader may read, as a query (the same rule as
    field_visible_to, for search)."""
    return _readable_q(user, level_field, "public", "government")


def _readable_q(user, level_field: str, everyone: str, government: str):
    """A level field's rule as a query: ``everyone`` for all, ``government`` also for
    the addressee State's officials, every level for UNODC staff and the authors."""
    from django.db.models import Q

    from recommendations.models import CoSignature

    q = Q(**{level_field: everyone})
    roles = roles_of(user)
    if not roles.is_authenticated:
        return q
    if roles.is_unodc_staff:
        return Q()
    if roles.member_org_ids:
        q |= Q(organization_id__in=roles.member_org_ids) | Q(pk__in=CoSignature.objects.filter(
            organization_id__in=roles.member_org_ids).exclude(
            status=CoSignature.Status.DECLINED).values("recommendation_id"))
    if roles.official_party_ids:
        q |= Q(**{level_field: government}, party_id__in=roles.official_party_ids)
    return q


def field_visible_to(user, recommendation, level: str) -> bool:
    """May this reader (who may read the recommendation) read a field kept at ``level``
    (the rationale: ``rationale_visibility``; the attachments:
    ``attachments_visibility``)?"""
    if level == "public" or _rank(level) <= _audience(user, recommendation.party_id):
        return True
    return is_author(user, recommendation)


def can_view_rationale(user, recommendation) -> bool:
    return field_visible_to(user, recommendation, recommendation.rationale_visibility)


def can_view_attachments(user, recommendation) -> bool:
    return field_visible_to(user, recommendation, recommendation.attachments_visibility)


def can_change_attribution(user, recommendation) -> bool:
    """The filer's voice (as publishing): its members; for an alliance, its coordinators.
    Drafts and submitted recommendations alike."""
    return can_act_for_filer(user, recommendation)


def can_change_cosigner_attribution(user, cosignature) -> bool:
    """The co-signer's voice: those who may confirm for it, once it has confirmed."""
    roles = roles_of(user)
    return (cosignature.status == "confirmed"
            and cosignature.organization_id in roles.verified_org_ids
            and (cosignature.organization_id in roles.coordinator_org_ids
                 or not organization_has_coordinator(cosignature.organization_id)))


def person_name_for(user, person, *, recommendation=None, party_id: int | None = None) -> str:
    """A person's name as this reader may see it ("" when kept): the people rule of
    ``consultations.policies.person_name_for``, with the authors of the recommendation
    concerned (its State is the one concerned) among those who see names."""
    if recommendation is not None:
        party_id = recommendation.party_id
        if person is not None and is_author(user, recommendation):
            return person.full_name or ""
    return consultation_policies.person_name_for(user, person, party_id=party_id)


def assessor_display_for(user, assessment, action) -> str:
    """The organization that assessed an action, unnamed to a reader who may not see it
    named as the filer of a recommendation the action serves."""
    from django.utils.translation import gettext as _

    for rec in _served(action):
        if (rec.organization_id == assessment.organization_id
                and not filer_name_visible_to(user, rec)):
            return _("The filing organization")
    org = assessment.organization
    return org.acronym or org.name
