"""Pages of long lists whose cost does not grow with the table: the count stops at a cap
("more than 10,000"), the offset never goes past it, and the rows of a page can be
fetched by a second, richer query that runs on that page's rows only (joins and
per-row subqueries after the LIMIT, not before it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet


def count_cap() -> int:
    return settings.LIST_COUNT_CAP


class CappedPaginator(Paginator):
    """Django's Paginator with a count that reads at most ``cap + 1`` rows
    (``SELECT COUNT(*) FROM (SELECT ... LIMIT cap + 1)``): ``count`` is exact up to the
    cap and ``capped`` says when there are more. Pages end at the cap, so the largest
    offset is bounded too; a page number past the last gives the last page
    (``get_page``). ``rows``, when given, turns the page's slice of the queryset into
    what the page shows (``rows(window)``), e.g. one query that joins the names and
    counts the page's endorsements only. ``object_list`` may also be a list already read
    (e.g. the ranked ids of a search window), then counted by its length."""

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        cap: int | None = None,
        rows: Callable[[QuerySet], Sequence] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = count_cap() if cap is None else cap
        self.rows = rows

    @cached_property
    def _capped_count(self) -> int:
        if not isinstance(self.object_list, QuerySet):  # a list already read
            return len(self.object_list)
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        """More rows match than the count says (the count is the cap)."""
        return self._capped_count > self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        window = self.object_list[bottom:top]
        return self._get_page(self.rows(window) if self.rows else window, number, self)
