"""Pagination of every list: page numbers for reference data, cursors for the long
lists (recommendations, follow-up actions, notifications)."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class Cursor(CursorPagination):
    """Stable under inserts; orders on a non-null field (ties are broken by offset)."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"


class IdCursor(Cursor):
    ordering = "-id"
