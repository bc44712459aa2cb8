"""What the page of one recommendation fetches besides its row (read by
``recommendations.recommendation_detail``)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, F, Model, OuterRef, Prefetch

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


def detail_relations() -> dict[str, tuple[str | Prefetch, tuple[type[Model], str] | None]]:
    """What the detail page shows besides the row: each relation with its prefetch and,
    for those that are often empty, the table and column whose rows for the
    recommendation ``relations_present`` looks for first (None: nearly always there,
    always fetched)."""
    through = Recommendation
    return {
        "instruments": ("instruments", None),
        "themes": ("themes", None),
        "articles": ("articles__instrument", (through.articles.through, "recommendation_id")),
        "sdg_targets": ("sdg_targets", (through.sdg_targets.through, "recommendation_id")),
        "versions": ("versions", (RecommendationVersion, "recommendation_id")),
        "attachments": ("attachments", (RecommendationAttachment, "recommendation_id")),
        "cosignatures": (Prefetch("cosignatures", queryset=cosignatures_with_confirmers()),
                         (CoSignature, "recommendation_id")),
        "endorsements": (Prefetch("endorsements",
                                  queryset=Endorsement.objects.select_related("organization")),
                         (Endorsement, "recommendation_id")),
        "actions": (Prefetch("actions", queryset=FollowUpAction.objects.select_related(
            "lead_body").order_by(F("due_on").asc(nulls_last=True), "id")),
            (FollowUpAction.recommendations.through, "recommendation_id")),
        "comments": (Prefetch("comments", queryset=Comment.objects.select_related(
            "author", "organization", "moderated_by")), (Comment, "recommendation_id")),
        "translations": (translations_prefetch(),
                         (RecommendationTranslation, "recommendation_id")),
        # through the response (fetched with the row): no query when there is none
        "response_translations": (response_translations_prefetch("response__"), None),
    }


def relations_present(pk: int, probes: dict[str, tuple[type[Model], str]]) -> set[str]:
    """Which of the relations have rows for the recommendation: one statement of
    ``EXISTS`` probes on each table's indexed column, written directly (as annotations
    of the row's query they cost more to build and to plan than the row itself)."""
    if not probes:
        return set()
    quote = connection.ops.quote_name
    parts: list[str] = []
    params: list[str | int] = []
    for name, (model, column) in probes.items():
        parts.append(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} "
                     f"WHERE {quote(column)} = %s)")
        params += [name, pk]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {row[0] for row in cursor.fetchall()}
