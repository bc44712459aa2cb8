"""Co-signatures and endorsements of a recommendation: writes that check the policy,
record a domain event and notify in the same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import (
    Organization,
)
from portal.core.errors import StateConflict
from recommendations import policies
from recommendations.events import (
    recommendation_cosign_declined_event,
    recommendation_cosign_requested_event,
    recommendation_cosigned_event,
    recommendation_endorsed_event,
)
from recommendations.models import (
    Attribution,
    CoSignature,
    Endorsement,
    Recommendation,
)
from recommendations.notifications import cosign_decided_notify, cosign_requested_notify
from recommendations.services.recommendations import lock


def cosignature_invite(*, actor, recommendation: Recommendation, organization: Organization,
                       cross_border: bool = False) -> CoSignature:
    """Invite an organization to co-sign (the rule: policies.cosign_invite_refusal) and
    notify the people who may confirm for it (policies.cosign_confirmers). The returned
    co-signature's ``confirmers`` counts them: 0 means nobody can confirm yet."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_invite_cosigner(actor, rec):
            raise PermissionDenied
        refusal = policies.cosign_invite_refusal(rec, organization,
                                                 cross_border=cross_border, actor=actor)
        if refusal:
            raise ValidationError({"organization": refusal})
        existing = CoSignature.objects.filter(recommendation=rec,
                                              organization=organization).first()
        if existing is not None and existing.status != CoSignature.Status.DECLINED:
            raise StateConflict({"organization": _("%(org)s has already been invited.")
                                   % {"org": organization.name}})
        if existing is not None:  # declined before: asked again
            existing.status, existing.invited_by = CoSignature.Status.INVITED, actor
            existing.decided_by = existing.decided_at = None
            existing.invited_at = timezone.now()
            existing.save()
            cosig = existing
        else:
            cosig = CoSignature.objects.create(recommendation=rec, organization=organization,
                                               invited_by=actor)
        ev = recommendation_cosign_requested_event(recommendation=rec, actor=actor,
                                                   organization_name=organization.name)
        confirmers = policies.cosign_confirmers(organization)
        cosign_requested_notify(recommendation=rec, confirmers=confirmers, event=ev)
        cosig.confirmers = len(confirmers)
        return cosig


def cosignature_decide(*, actor, cosignature: CoSignature, accept: bool,
                       attribution: str = Attribution.NAMED) -> CoSignature:
    """Confirm (named or not, as the co-signer chooses) or decline an invitation."""
    with transaction.atomic():
        cosig = (CoSignature.objects.select_for_update(of=("self",))
                 .select_related("organization", "recommendation").get(pk=cosignature.pk))
        if not policies.can_decide_cosignature(actor, cosig):
            if cosig.status != CoSignature.Status.INVITED:
                raise StateConflict(_("This invitation has already been answered."))
            raise PermissionDenied
        if accept and attribution not in Attribution.values:
            raise ValidationError({"attribution": _("Choose one of the options.")})
        cosig.status = (CoSignature.Status.CONFIRMED if accept
                        else CoSignature.Status.DECLINED)
        cosig.attribution = attribution if accept else cosig.attribution
        cosig.decided_by, cosig.decided_at = actor, timezone.now()
        cosig.save(update_fields=["status", "attribution", "decided_by", "decided_at"])
        rec = cosig.recommendation
        decided_event = (recommendation_cosigned_event if accept
                         else recommendation_cosign_declined_event)
        ev = decided_event(recommendation=rec, actor=actor,
                           organization_name=cosig.organization.name)
        cosign_decided_notify(cosignature=cosig, event=ev)
        return cosig


def endorsement_create(*, actor, recommendation: Recommendation,
                       organization: Organization) -> Endorsement:
    """Endorse on behalf of one of the actor's verified organizations; the endorser then
    follows the recommendation (notified of the response)."""
    with transaction.atomic():
        rec = lock(recommendation)
        allowed = policies.endorsing_org_ids(actor, rec)
        if organization.pk not in allowed:
            if Endorsement.objects.filter(recommendation=rec,
                                          organization=organization).exists():
                raise StateConflict(_("%(org)s already endorses this recommendation.")
                                      % {"org": organization.name})
            raise PermissionDenied
        endorsement = Endorsement.objects.create(recommendation=rec, organization=organization,
                                                 endorsed_by=actor)
        recommendation_endorsed_event(recommendation=rec, actor=actor,
                                      organization_name=organization.name)
        return endorsement
