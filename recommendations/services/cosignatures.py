"""Co-signatures and endorsements of a recommendation: writes that check the policy,
record a domain event and notify in the same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations.models import (
    Organization,
)
from consultations.selectors.recipients import members_of
from portal.core.errors import StateConflict
from portal.core.events import event_record
from portal.notifications.messages import msg, state_msg
from portal.notifications.models import Category
from portal.notifications.services import notifications_create
from recommendations import policies
from recommendations.models import (
    Attribution,
    CoSignature,
    Endorsement,
    Recommendation,
)
from recommendations.services.recommendations import lock, recommendation_url


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
                                                 cross_border=cross_border)
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
        ev = event_record(kind="recommendation.cosign_requested", target=rec, actor=actor,
                          payload={"organization": organization.name})
        confirmers = policies.cosign_confirmers(organization)
        notifications_create(
            recipients=confirmers,
            category=Category.COSIGN, kind="recommendation.cosign_requested",
            url=recommendation_url(rec), event=ev,
            payload={"subject": msg(gettext_noop("%(org)s invites you to co-sign a "
                                                 "recommendation"), org=rec.organization.name),
                     "summary": msg(gettext_noop("“%(title)s”, addressed to %(state)s. Confirm "
                                                 "or decline on the recommendation's page."),
                                    title=rec.title, state=state_msg(rec.party))})
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
        kind = "recommendation.cosigned" if accept else "recommendation.cosign_declined"
        ev = event_record(kind=kind, target=rec, actor=actor,
                          payload={"organization": cosig.organization.name})
        notifications_create(
            recipients=members_of([rec.organization_id]), category=Category.COSIGN,
            kind=kind, url=recommendation_url(rec), event=ev,
            payload={"subject": msg(gettext_noop("%(org)s co-signed “%(title)s”") if accept
                                    else gettext_noop("%(org)s declined to co-sign “%(title)s”"),
                                    org=cosig.organization.name, title=rec.title),
                     "summary": ""})
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
        event_record(kind="recommendation.endorsed", target=rec, actor=actor,
                     payload={"organization": organization.name})
        return endorsement
