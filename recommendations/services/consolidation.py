"""Consolidation: an alliance coordinator merges members' drafts into one draft of the
alliance."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultations.models import (
    Article,
    Instrument,
    Organization,
)
from consultations.selectors.alliances import accepted_member_ids
from portal.core.errors import StateConflict
from recommendations import policies
from recommendations.events import (
    recommendation_consolidated_event,
    recommendation_consolidated_into_event,
)
from recommendations.models import (
    Recommendation,
    SdgTarget,
    Theme,
)
from recommendations.services.recommendations import S, _set_relations, search_vector_refresh


def recommendation_consolidate(*, actor, alliance: Organization,
                               sources: Sequence[Recommendation], title: str) -> Recommendation:
    """Pull accepted member organizations' shared drafts (or submitted recommendations)
    into one draft of the alliance."""
    with transaction.atomic():
        roles = policies.roles_of(actor)
        if not alliance.is_alliance or alliance.pk not in roles.coordinator_org_ids:
            raise PermissionDenied
        if not alliance.is_verified:
            raise StateConflict(_("Only a verified alliance can file recommendations."))
        ids = [s.pk for s in sources]
        locked = list(Recommendation.objects.select_for_update(of=("self",))
                      .filter(pk__in=ids).order_by("created_at", "pk"))
        members = accepted_member_ids(alliance)
        errors = []
        if len(locked) < 2:
            errors.append(_("Choose at least two drafts to consolidate."))
        for s in locked:
            if (s.organization_id not in members
                    or not policies.can_consolidate_source(actor, s)):
                errors.append(_("“%(title)s” is neither a draft a member organization "
                                "shared with the alliance nor one it submitted.")
                              % {"title": s.title})
        parties = {s.party_id for s in locked}
        if len(parties) > 1:
            errors.append(_("The drafts are addressed to different States."))
        if not title.strip():
            errors.append(_("Enter a title."))
        if errors:
            raise ValidationError({"__all__": errors})
        party = locked[0].party
        if not policies.addressable_party_ok(alliance, party.pk):
            raise ValidationError(_("The alliance cannot address %(state)s.")
                                  % {"state": party})
        text = "\n\n".join(f"### {s.title}\n\n{s.text}" for s in locked)
        rationale = "\n\n".join(s.rationale for s in locked if s.rationale)
        rec = Recommendation.objects.create(
            organization=alliance, party=party, title=title.strip(), text=text[:10000],
            rationale=rationale[:10000], created_by=actor, status=S.DRAFT,
            cluster=next((s.cluster for s in locked if s.cluster_id), None),
            event=next((s.event for s in locked if s.event_id), None))
        _set_relations(
            rec,
            instruments=Instrument.objects.filter(recommendations__in=ids).distinct(),
            articles=Article.objects.filter(recommendations__in=ids).distinct(),
            themes=Theme.objects.filter(recommendations__in=ids).distinct(),
            sdg_targets=SdgTarget.objects.filter(recommendations__in=ids).distinct())
        Recommendation.objects.filter(pk__in=ids).update(consolidated_into=rec)
        search_vector_refresh([rec.pk])
        recommendation_consolidated_event(recommendation=rec, actor=actor, source_ids=ids)
        for s in locked:
            recommendation_consolidated_into_event(recommendation=s, actor=actor, into=rec)
        return rec
