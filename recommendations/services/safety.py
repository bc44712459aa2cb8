"""Safe filing: who may read a recommendation's filer, co-signers and protected fields
(the rule: recommendations.policies, "Safe filing"). Protection may always grow; after
submission it shrinks only by the filer's explicit confirmation. Every change is a
domain event whose sentence names nobody."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core.models import DomainEvent
from recommendations import policies
from recommendations.events import (
    recommendation_attachments_visibility_changed_event,
    recommendation_attribution_changed_event,
    recommendation_cosigner_attribution_changed_event,
    recommendation_rationale_visibility_changed_event,
)
from recommendations.models import Attribution, CoSignature, FieldVisibility, Recommendation

#: The protected settings of a recommendation: field -> (allowed values, the event a
#: change records).
PROTECTION: dict[str, tuple[list[str], Callable[..., DomainEvent]]] = {
    "attribution": (Attribution.values, recommendation_attribution_changed_event),
    "rationale_visibility": (
        FieldVisibility.values,
        recommendation_rationale_visibility_changed_event,
    ),
    "attachments_visibility": (
        FieldVisibility.values,
        recommendation_attachments_visibility_changed_event,
    ),
}


def protection_validate(**values: str) -> None:
    errors = {}
    for name, value in values.items():
        if value not in PROTECTION[name][0]:
            errors[name] = _("Choose one of the options.")
    if errors:
        raise ValidationError(errors)


def protection_apply(rec: Recommendation, *, actor, **values: str) -> list[str]:
    """Set the given settings on ``rec`` (not saved) and record an event per change;
    returns the names of the settings that changed. Inside the caller's transaction."""
    changed = []
    for name, value in values.items():
        old = getattr(rec, name)
        if value == old:
            continue
        setattr(rec, name, value)
        changed.append(name)
        PROTECTION[name][1](recommendation=rec, actor=actor, old=old, new=value)
    return changed


def protection_reveals(rec: Recommendation, **values: str) -> list[str]:
    """The settings that the change would make less protective (they show something to
    more readers than now)."""
    return [
        name
        for name, value in values.items()
        if policies.is_more_protective(getattr(rec, name), value)
    ]


def recommendation_protection_set(
    *, actor, recommendation: Recommendation, confirm_reveal: bool = False, **values: str
) -> Recommendation:
    """Change who may read the filer's name and the protected fields. More protection at
    any time; less only with ``confirm_reveal`` (the filer's explicit act, after a page
    saying what it reveals)."""
    with transaction.atomic():
        rec = (
            Recommendation.objects.select_for_update(of=("self",))
            .select_related("organization", "party")
            .get(pk=recommendation.pk)
        )
        if not policies.can_change_attribution(actor, rec):
            raise PermissionDenied
        values = {k: v for k, v in values.items() if v}
        protection_validate(**values)
        reveals = protection_reveals(rec, **values)
        if reveals and not confirm_reveal and rec.status != Recommendation.Status.DRAFT:
            raise ValidationError(
                {
                    name: _("This shows more than now: confirm that you want to reveal it.")
                    for name in reveals
                }
            )
        if protection_apply(rec, actor=actor, **values):
            rec.version += 1
            rec.save(update_fields=[*values, "version", "updated_at"])
        return rec


def cosigner_attribution_set(
    *, actor, cosignature: CoSignature, attribution: str, confirm_reveal: bool = False
) -> CoSignature:
    """A co-signer changes who may read its name (the same rule as the filer's)."""
    with transaction.atomic():
        cosig = (
            CoSignature.objects.select_for_update(of=("self",))
            .select_related("recommendation")
            .get(pk=cosignature.pk)
        )
        if not policies.can_change_cosigner_attribution(actor, cosig):
            raise PermissionDenied
        if attribution not in Attribution.values:
            raise ValidationError({"attribution": _("Choose one of the options.")})
        if attribution == cosig.attribution:
            return cosig
        if policies.is_more_protective(cosig.attribution, attribution) and not confirm_reveal:
            raise ValidationError(
                {
                    "attribution": _(
                        "This shows your name to more readers than now: confirm that you want "
                        "to reveal it."
                    )
                }
            )
        old, cosig.attribution = cosig.attribution, attribution
        cosig.save(update_fields=["attribution"])
        recommendation_cosigner_attribution_changed_event(
            recommendation=cosig.recommendation, actor=actor, old=old, new=attribution
        )
        return cosig
