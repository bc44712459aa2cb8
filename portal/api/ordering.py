"""The `ordering` query parameter of every API list, with empty values last on every
database (portal.core.ordering)."""

from __future__ import annotations

from rest_framework.filters import OrderingFilter

from portal.core.ordering import nulls_last


class NullsLastOrdering(OrderingFilter):
    """DRF's OrderingFilter, whose orderings on nullable fields put NULLs last in both
    directions. get_ordering() still returns names, as cursor pagination expects."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*nulls_last(queryset.model, ordering))
        return queryset
