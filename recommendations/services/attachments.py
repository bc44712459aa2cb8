"""Files attached to a draft recommendation (checked by consultations.uploads)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultations.uploads import validate_upload
from portal.core.errors import StateConflict
from recommendations import policies
from recommendations.events import recommendation_attachment_added_event
from recommendations.models import (
    Recommendation,
    RecommendationAttachment,
)
from recommendations.services.recommendations import S, lock


def attachment_add(*, actor, recommendation: Recommendation, file) -> RecommendationAttachment:
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_add_attachment(actor, rec):
            if rec.status != S.DRAFT:
                raise StateConflict(_("Attachments can only be added to drafts."))
            raise PermissionDenied
        try:
            name = validate_upload(file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        attachment = RecommendationAttachment(
            recommendation=rec, name=name, size=file.size, uploaded_by=actor,
            content_type=getattr(file, "content_type", "") or "")
        attachment.file.save(name, file, save=False)
        attachment.save()
        recommendation_attachment_added_event(recommendation=rec, actor=actor, name=name)
        return attachment


def attachment_delete(*, actor, attachment: RecommendationAttachment) -> None:
    with transaction.atomic():
        rec = lock(attachment.recommendation_id)
        if not policies.can_add_attachment(actor, rec):
            raise PermissionDenied
        storage, path = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(path))
