"""May this user see, file, edit, co-sign, endorse, answer, comment on or translate
this recommendation?"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from consultations.directory import listed_q
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
        cached = frozenset(
            AllianceMembership.objects.filter(
                alliance_id__in=coordinated,
                alliance__is_alliance=True,
                status=AllianceMembership.Status.ACCEPTED,
            ).values_list("organization_id", flat=True)
        )
        user._alliance_member_org_ids = cached
    return cached


def _invited_org_ids(recommendation) -> set[int]:
    """Organizations invited to co-sign (read from the prefetched co-signatures when
    the selector fetched them)."""
    return {c.organization_id for c in recommendation.cosignatures.all() if c.status != "declined"}


def alliance_may_see(user, recommendation) -> bool:
    """Seen by the user as the coordinator of an alliance the filer belongs to: once
    submitted, or a draft the filer shared."""
    return recommendation.organization_id in alliance_member_org_ids(user) and (
        recommendation.status != Recommendation.Status.DRAFT or recommendation.shared_with_alliance
    )


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
    return recommendation.status == Recommendation.Status.DRAFT and _is_filer(user, recommendation)


def can_share_with_alliance(user, recommendation) -> bool:
    """The filer shares a draft with (or takes it back from) its alliances."""
    return can_edit_recommendation(user, recommendation)


def can_submit_recommendation(user, recommendation) -> bool:
    """A draft, submitted by a member of the filing organization; for an alliance,
    only by its coordinators."""
    return recommendation.status == Recommendation.Status.DRAFT and can_act_for_filer(
        user, recommendation
    )


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
    return recommendation.status in (
        Recommendation.Status.SUBMITTED,
        Recommendation.Status.UNDER_CONSIDERATION,
    )


def can_correct_recommendation(user, recommendation) -> bool:
    """New versions after submission, until the State answers (as submitting)."""
    return _is_open(recommendation) and can_act_for_filer(user, recommendation)


def can_withdraw_recommendation(user, recommendation) -> bool:
    return _is_open(recommendation) and can_act_for_filer(user, recommendation)


def can_publish_recommendation(user, recommendation) -> bool:
    return (
        recommendation.status != Recommendation.Status.DRAFT
        and not recommendation.is_public
        and can_act_for_filer(user, recommendation)
    )


def can_invite_cosigner(user, recommendation) -> bool:
    return recommendation.status in (
        Recommendation.Status.DRAFT,
        Recommendation.Status.SUBMITTED,
        Recommendation.Status.UNDER_CONSIDERATION,
    ) and _is_filer(user, recommendation)


def organization_has_coordinator(organization_id: int, *, known: bool | None = None) -> bool:
    """Whether an organization has an active coordinator (``known``: the answer the
    selector already annotated, so that a page asks no query per co-signature)."""
    if known is not None:
        return known

    return Membership.objects.filter(
        organization_id=organization_id, role=Membership.Role.COORDINATOR, user__is_active=True
    ).exists()


def can_decide_cosignature(user, cosignature) -> bool:
    """Who confirms a co-signature for the invited (verified) organization, while it is
    invited: its coordinators, or any of its members when it has no coordinator."""
    roles = roles_of(user)
    if cosignature.status != "invited" or cosignature.organization_id not in roles.verified_org_ids:
        return False
    if cosignature.organization_id in roles.coordinator_org_ids:
        return True
    return not organization_has_coordinator(
        cosignature.organization_id, known=getattr(cosignature, "org_has_coordinator", None)
    )


def cosign_confirmers(organization) -> list:
    """The people who may confirm a co-signature for ``organization`` (the same rule as
    can_decide_cosignature): its active coordinators, or all its active members when it
    has none. Empty when nobody can confirm (no member yet, or not verified)."""

    if organization.status != Organization.Status.VERIFIED:
        return []
    users = get_user_model().objects.filter(memberships__organization=organization, is_active=True)
    coordinators = list(users.filter(memberships__role=Membership.Role.COORDINATOR).distinct())
    return coordinators or list(users.distinct())


def cosign_home_country_id(recommendation) -> int:
    """The State whose organizations may co-sign without a cross-border choice: the
    filer's country (the addressee State for an organization without one)."""
    return recommendation.organization.country_id or recommendation.party_id


def cosign_candidates(
    user, recommendation, *, cross_border: bool = False, invited_too: bool = False
):
    """Organizations the user may invite to co-sign: verified, not governmental, not the
    filer, not already invited (a declined one may be asked again; ``invited_too`` keeps
    the invited ones, for a repeated post), of the filer's State unless ``cross_border``
    was chosen explicitly. Never pending or rejected ones."""
    if not can_invite_cosigner(user, recommendation):
        return Organization.objects.none()
    qs = (
        Organization.objects.filter(listed_q(user), status=Organization.Status.VERIFIED)
        .exclude(category=Organization.Category.GOVERNMENTAL)
        .exclude(pk=recommendation.organization_id)
    )
    if not invited_too:
        qs = qs.exclude(
            cosignatures__recommendation=recommendation,
            cosignatures__status__in=("invited", "confirmed"),
        )
    if not cross_border:
        qs = qs.filter(country_id=cosign_home_country_id(recommendation))
    return qs.select_related("country").order_by("name")


def cosign_invite_refusal(
    recommendation, organization, *, cross_border: bool, actor=None
) -> str | None:
    """Why ``organization`` cannot be invited (a message), or None. The service's check,
    the same rule as cosign_candidates for one organization."""

    if organization.pk == recommendation.organization_id:
        return _("The filing organization cannot co-sign its own recommendation.")
    # an organization out of the directory that the inviter may not see is not offered
    # (cosign_candidates) and is refused the same way, without its name
    unlisted_to_actor = actor is not None and not Organization.objects.filter(
        listed_q(actor), pk=organization.pk).exists()
    if organization.status != Organization.Status.VERIFIED or unlisted_to_actor:
        # no name: a pending or rejected organization is never named to other users
        return _(
            "This organization is not a verified organization: only verified "
            "organizations can co-sign."
        )
    if organization.category == Organization.Category.GOVERNMENTAL:
        return _("A government body cannot co-sign a recommendation.")
    if not cross_border and organization.country_id != cosign_home_country_id(recommendation):
        return _(
            "%(org)s is in another State: tick “Include organizations of other "
            "States” to invite it."
        ) % {"org": organization.name}
    return None


def endorsing_org_ids(user, recommendation) -> set[int]:
    """The user's verified organizations that may still endorse (not the filer)."""
    if recommendation.status in (Recommendation.Status.DRAFT, Recommendation.Status.WITHDRAWN):
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
    return (
        _is_open(recommendation)
        and is_focal_person_of(user, recommendation.party_id)
        and not _has_response(recommendation)
    )


def _has_response(recommendation) -> bool:
    try:
        return recommendation.response is not None
    except Recommendation.response.RelatedObjectDoesNotExist:
        return False


def can_approve_response(user, recommendation) -> bool:
    """Another focal person of the same State than the one who answered."""
    if not _has_response(recommendation) or not is_focal_person_of(user, recommendation.party_id):
        return False
    response = recommendation.response
    return (
        response.status == "pending_approval"
        and user.is_authenticated
        and response.responded_by_id != user.pk
    )


def can_view_response(user, recommendation) -> bool:
    if not _has_response(recommendation):
        return False
    if recommendation.response.status == "published":
        return True
    roles = roles_of(user)
    return roles.is_unodc_staff or recommendation.party_id in roles.official_party_ids


def can_start_consideration(user, recommendation) -> bool:
    return recommendation.status == Recommendation.Status.SUBMITTED and is_focal_person_of(
        user, recommendation.party_id
    )


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
    return is_focal_person_of(user, recommendation.party_id) or roles_of(user).is_unodc_staff
