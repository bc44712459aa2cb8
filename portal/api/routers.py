"""The router of every API resource: ids in the path through the `id` converter
(portal.core.ids), so that an id no primary key can hold is a 404, never a query."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter


class IdRouter(SimpleRouter):
    """SimpleRouter with Django path converters; a viewset's lookup is an `id` unless it
    names another converter (`lookup_value_converter`). Nested prefixes and extra
    actions write their ids as `<id:name>` too."""

    def __init__(self, trailing_slash: bool = True):
        super().__init__(trailing_slash=trailing_slash, use_regex_path=False)

    def get_lookup_regex(self, viewset, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        converter = getattr(viewset, "lookup_value_converter", "id")
        return f"<{converter}:{lookup_prefix}{kwarg}>"
