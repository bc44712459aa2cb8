"""States in the order of their names in the reader's language."""

from __future__ import annotations

from django.db.models import Case

from consultations.models import Party
from portal.core.ordering import in_order_of, sorted_by_label


def party_ids_by_local_name(*, reverse: bool = False) -> list[int]:
    """Every State's id, sorted by its name in the active language (one query)."""
    parties = Party.objects.only("id", "iso3", "iso2", "name").order_by()
    return [p.pk for p in sorted_by_label(parties, lambda p: p.local_name, reverse=reverse)]


def party_local_order(field: str = "pk", *, reverse: bool = False) -> Case:
    """An ``order_by()`` expression sorting rows by their State's name in the active
    language (``field`` leads to the State's id: "party_id", "recommendation__party_id")."""
    return in_order_of(field, party_ids_by_local_name(reverse=reverse))
