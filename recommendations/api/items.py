"""The rows of the recommendations API list, written without DRF's per-object, per-field
serializer machinery (which cost more than the reading itself): the same output as
``serializers.RecommendationSerializer``, field by field, for every reader (the filer
is named through the same policies; ``tests/api/test_list_items.py`` compares the two
for every attribution and role). The schema is still the serializer's."""

from __future__ import annotations

from rest_framework import serializers

from recommendations import policies

_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()


def _datetime(value):
    return None if value is None else _DATETIME.to_representation(value)


def _date(value):
    return None if value is None else _DATE.to_representation(value)


def recommendation_item(user, rec) -> dict:
    """One recommendation as ``RecommendationSerializer`` writes it for ``user`` (rec
    with its party, organization, instruments and themes fetched, and
    ``endorsement_count``: ``selectors.recommendations.with_row_data``)."""
    organization = rec.organization
    party = rec.party
    named = policies.filer_name_visible_to(user, rec)
    return {
        "id": rec.pk,
        "reference": rec.reference,
        "title": rec.title,
        "status": rec.status,
        "position": rec.position,
        "is_public": rec.is_public,
        "organization": {
            "id": organization.pk,
            "name": organization.name,
            "acronym": organization.acronym,
        }
        if named
        else None,
        "filer_name": policies.filer_display_for(user, rec),
        "attribution": rec.attribution,
        "party": {"id": party.pk, "name": party.local_name, "iso3": party.iso3},
        "cluster": rec.cluster_id,
        "instruments": [instrument.code for instrument in rec.row_instruments],
        "themes": [theme.slug for theme in rec.row_themes],
        "submitted_at": _datetime(rec.submitted_at),
        "response_due_on": _date(rec.response_due_on),
        "responded_at": _datetime(rec.responded_at),
        "endorsement_count": getattr(rec, "endorsement_count", 0),
        "version": rec.version,
        "created_at": _datetime(rec.created_at),
        "updated_at": _datetime(rec.updated_at),
        "language": rec.language,
    }


def recommendation_items(user, recs) -> list[dict]:
    return [recommendation_item(user, rec) for rec in recs]
