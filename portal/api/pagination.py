"""Pagination of every list: page numbers for reference data, cursors for the long
lists (recommendations, follow-up actions, notifications). Strict: a `page_size` or
`page` that is not a whole number in range is a 400 naming the parameter, never
silently replaced by the default."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination


def whole_number(raw: str, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    number = int(raw) if raw.isascii() and raw.isdigit() else None
    if number is None or number < minimum or (maximum is not None and number > maximum):
        limits = (
            _("a whole number from %(min)s to %(max)s") % {"min": minimum, "max": maximum}
            if maximum is not None
            else _("a whole number from %(min)s") % {"min": minimum}
        )
        raise ValidationError({name: [_("Give %(limits)s.") % {"limits": limits}]})
    return number


class StrictPageSize:
    """`page_size`: from 1 to max_page_size; anything else is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return whole_number(raw, self.page_size_query_param, maximum=self.max_page_size)

    def page_size_parameter(self) -> dict:
        return {
            "name": self.page_size_query_param,
            "required": False,
            "in": "query",
            "description": _("Results per page (default %(default)s, at most %(max)s).")
            % {"default": self.page_size, "max": self.max_page_size},
            "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
        }

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        return [
            self.page_size_parameter() if p["name"] == self.page_size_query_param else p
            for p in params
        ]


class PagePagination(StrictPageSize, PageNumberPagination):
    page_size = 25

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        return whole_number(raw, self.page_query_param)

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_query_param:
                param["schema"] = {"type": "integer", "minimum": 1}
                param["description"] = _("Page number, from 1 (a page past the last is a 404).")
        return params


class Cursor(StrictPageSize, CursorPagination):
    """Stable under inserts; orders on a non-null field (ties are broken by offset)."""

    page_size = 25
    ordering = "-created_at"

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.cursor_query_param:
                param["description"] = _(
                    "Opaque: copy it from the `next` or `previous` link of the previous page."
                )
        return params


class IdCursor(Cursor):
    ordering = "-id"
