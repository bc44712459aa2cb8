"""What the page of one recommendation fetches besides its row (read by
``recommendations.recommendation_detail``)."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from consultations.models import Membership
from recommendations.models import (
    Comment,
    CoSignature,
    Endorsement,
    FollowUpAction,
    Recommendation,
    RecommendationAttachment,
    RecommendationTranslation,
    RecommendationVersion,
)
from recommendations.selectors.translations import (
    response_translations_prefetch,
    translations_prefetch,
)


def cosignatures_with_confirmers():
    """Co-signatures with their organization and whether it has a coordinator (read by
    policies.can_decide_cosignature without a query per row)."""
    coordinators = Membership.objects.filter(
        organization=OuterRef("organization_id"), role=Membership.Role.COORDINATOR,
        user__is_active=True)
    return (CoSignature.objects.select_related("organization", "organization__country")
            .annotate(org_has_coordinator=Exists(coordinators)))


def detail_relations() -> dict[str, tuple[str | Prefetch, QuerySet | None]]:
    """What the detail page shows besides the row: each relation with its prefetch and,
    for those that are often empty, the rows whose existence the main query checks
    first (None: nearly always there, always fetched)."""
    through = Recommendation
    return {
        "instruments": ("instruments", None),
        "themes": ("themes", None),
        "articles": ("articles__instrument", through.articles.through.objects.filter(
            recommendation_id=OuterRef("pk"))),
        "sdg_targets": ("sdg_targets", through.sdg_targets.through.objects.filter(
            recommendation_id=OuterRef("pk"))),
        "versions": ("versions", RecommendationVersion.objects.filter(
            recommendation=OuterRef("pk"))),
        "attachments": ("attachments", RecommendationAttachment.objects.filter(
            recommendation=OuterRef("pk"))),
        "cosignatures": (Prefetch("cosignatures", queryset=cosignatures_with_confirmers()),
                         CoSignature.objects.filter(recommendation=OuterRef("pk"))),
        "endorsements": (Prefetch("endorsements",
                                  queryset=Endorsement.objects.select_related("organization")),
                         Endorsement.objects.filter(recommendation=OuterRef("pk"))),
        "actions": (Prefetch("actions", queryset=FollowUpAction.objects.select_related(
            "lead_body").order_by(F("due_on").asc(nulls_last=True), "id")),
            FollowUpAction.recommendations.through.objects.filter(
                recommendation_id=OuterRef("pk"))),
        "comments": (Prefetch("comments", queryset=Comment.objects.select_related(
            "author", "organization", "moderated_by")),
            Comment.objects.filter(recommendation=OuterRef("pk"))),
        "translations": (translations_prefetch(), RecommendationTranslation.objects.filter(
            recommendation=OuterRef("pk"))),
        # through the response (fetched with the row): no query when there is none
        "response_translations": (response_translations_prefetch("response__"), None),
    }
