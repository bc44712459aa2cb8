"""The `ordering` query parameter of every API list, with empty values last on every
database (portal.core.ordering). Strict: an unknown or empty ordering is a 400 naming
the parameter and listing the allowed values, which the schema lists too.

A view may sort a name by the reader's language: ``localized_ordering`` maps an ordering
field to a function of ``reverse`` giving the ``order_by()`` expression (States by their
name in ``?lang=``/Accept-Language, e.g. ``consultations.selectors.parties``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from portal.core.ordering import nulls_last


class NullsLastOrdering(OrderingFilter):
    """DRF's OrderingFilter, whose orderings on nullable fields put NULLs last in both
    directions. get_ordering() still returns names, as cursor pagination expects."""

    ordering_description = "Sort by these fields, comma-separated; `-` sorts descending."

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        localized = getattr(view, "localized_ordering", {})
        terms: list = []
        for term in ordering:
            name = term.lstrip("-")
            if name in localized:
                terms.append(localized[name](reverse=term.startswith("-")))
            else:
                terms.extend(nulls_last(queryset.model, [term]))
        return queryset.order_by(*terms)

    def allowed(self, queryset, view, request=None) -> list[str]:
        names = [item[0] for item in self.get_valid_fields(queryset, view, {"request": request})]
        return [term for name in names for term in (name, f"-{name}")]

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params is not None:
            terms = [param.strip() for param in params.split(",")]
            allowed = self.allowed(queryset, view, request)
            if not params or any(term not in allowed for term in terms):
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Sort by one or more of: %(allowed)s (comma-separated).")
                            % {
                                "allowed": ", ".join(allowed)
                                or _("nothing (this list has a fixed order)")
                            }
                        ]
                    }
                )
            return terms
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view):
        try:
            queryset = view.get_queryset()
        except Exception:  # noqa: BLE001 - schema generation without a real request
            queryset = getattr(view, "queryset", None)
        if queryset is None:
            return []
        allowed = self.allowed(queryset, view)
        if not allowed:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"{self.ordering_description} Default: "
                f"{', '.join(self.get_default_ordering(view) or ()) or 'none'}.",
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "enum": allowed},
                },
                "style": "form",
                "explode": False,
            }
        ]
