"""Filters shared by the API's filter sets. Every filter that takes an id is bounded to
the ids a primary key can hold (portal.core.ids): a larger number is a 400 naming the
parameter, never an OverflowError from the database. The filter backend of every list
(StrictFilterBackend) refuses what django-filter would silently ignore."""

from __future__ import annotations

import re

import django_filters as df
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import remote_queryset
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from portal.core.ids import MAX_ID, IdField, IdModelChoiceField, validate_id

ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
BOOLEAN_VALUES = {"true", "false"}
INTEGER = re.compile(r"-?[0-9]+")


#: Reference data that goes by a stable code, accepted wherever its id is (filters and
#: request bodies) and shown by it: a State party by its ISO3 code, an instrument by its
#: code (the codes of dashboards and exports), a theme by its slug, an SDG target by its
#: number. (model label: (field, upper-cased, pattern of a code))
NATURAL_KEYS = {"consultations.party": ("iso3", True, "[A-Za-z]{3}"),
                "consultations.instrument": ("code", False, "[A-Za-z][A-Za-z0-9_-]{0,29}"),
                "recommendations.theme": ("slug", False, "[A-Za-z][A-Za-z0-9_-]{0,99}"),
                "recommendations.sdgtarget": ("code", False, "[0-9]{1,2}\\.[0-9A-Za-z]{1,2}")}
#: An example code per model, for the contract.
CODE_EXAMPLES = {"consultations.party": "PAK", "consultations.instrument": "untoc",
                 "recommendations.theme": "cybercrime", "recommendations.sdgtarget": "16.4"}


def code_pattern(natural: tuple) -> str:
    return rf"^([1-9][0-9]{{0,18}}|{natural[2]})$"


def natural_key_of(model) -> tuple[str, bool, str] | None:
    return NATURAL_KEYS.get(model._meta.label_lower) if model is not None else None


class CodeOrIdField(IdModelChoiceField):
    """An object given by its id or, where it has one, by its stable code. A well-formed
    id or code that names no object is the error `no_match` (an empty list for a filter)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.natural = natural_key_of(self.queryset.model)

    def to_python(self, value):
        text = str(value).strip() if value not in self.empty_values else ""
        if not text:
            return None
        if INTEGER.fullmatch(text) or self.natural is None:
            if INTEGER.fullmatch(text):
                validate_id(int(text))  # 0 and below are no id at all: a 400, not "none"
            try:
                return super().to_python(text)
            except DjangoValidationError as exc:
                if exc.code == "invalid_choice" and INTEGER.fullmatch(text):
                    raise DjangoValidationError(str(exc.messages[0]), code="no_match") from exc
                raise
        return find_by_code(self.queryset, self.natural, text)


def find_by_code(queryset, natural: tuple, text: str):
    """The object of ``queryset`` with this code (``natural``: an entry of NATURAL_KEYS);
    a malformed code is `invalid_choice`, a well-formed one that names nothing
    `no_match`."""
    field, upper, _pattern = natural
    if not re.fullmatch(code_pattern(natural), text):
        raise DjangoValidationError(_("Give an id or a code."), code="invalid_choice")
    found = queryset.filter(**{f"{field}__iexact" if not upper else field:
                               text.upper() if upper else text}).first()
    if found is None:
        raise DjangoValidationError(_("Nothing has this code."), code="no_match")
    return found


@extend_schema_field(ID_SCHEMA)
class IdFilter(df.ModelChoiceFilter):
    """A related object given by its id (documented as an integer), or by its stable
    code for State parties (ISO3) and instruments (documented as a string then)."""

    field_class = CodeOrIdField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = kwargs.get("queryset")
        natural = natural_key_of(getattr(queryset, "model", None))
        if natural is not None:
            self._spectacular_annotation = {"field": {
                "type": "string", "pattern": code_pattern(natural),
                "description": f"Its id, or its {natural[0]} (e.g. "
                               f"{CODE_EXAMPLES[queryset.model._meta.label_lower]})."}}


@extend_schema_field(ID_SCHEMA)
class IdNumberFilter(df.NumberFilter):
    """An id compared as a number (e.g. `pilot_id`), without loading the object."""

    field_class = IdField

    def get_max_validator(self):
        return None  # IdField has its own bounds




class StrictFilterSet(df.FilterSet):
    """The base of the filter sets made from a view's ``filterset_fields``: a foreign key
    is an IdFilter (bounded like every id, documented as one) instead of django-filter's
    ModelChoiceFilter (an unbounded integer in the contract; 0 or -5 gave an empty
    list)."""

    FILTER_DEFAULTS = {
        **df.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter,
                            "extra": lambda field: {"queryset": remote_queryset(field)}},
    }


def strict_errors(filterset) -> dict[str, list[str]]:
    """What django-filter lets through silently, as field errors: a boolean that is not
    `true`/`false` (django-filter reads junk as "no filter"), and an empty value for any
    parameter that is not free text (an empty enum, id, date or number)."""
    errors: dict[str, list[str]] = {}
    data = filterset.data
    for name, filter_ in filterset.filters.items():
        if name not in data:
            continue
        raw = data.get(name)
        if isinstance(filter_, df.BooleanFilter):
            if raw not in BOOLEAN_VALUES:
                errors[name] = [_("Give true or false.")]
        elif raw == "" and not isinstance(filter_, df.CharFilter):
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif (isinstance(filter_, df.NumberFilter) and _integer_field(filterset, filter_)
              and INTEGER.fullmatch(str(raw)) is None):
            errors[name] = [_("Give a whole number.")]
    return errors


def _integer_field(filterset, filter_) -> bool:
    """Whether a number filter compares an integer column (documented as an integer)."""
    try:
        field = filterset._meta.model._meta.get_field(filter_.field_name)
    except Exception:  # noqa: BLE001 - a filter on an annotation or a lookup path
        return isinstance(filter_, IdNumberFilter)
    return isinstance(field, models.IntegerField | models.ForeignKey)


class StrictFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose parameters are validated strictly: every parameter of
    the filter set that is given must be valid, or the request is a 400 naming it. A
    well-formed id that matches no object is not an error: the list is empty."""

    filterset_base = StrictFilterSet

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = strict_errors(filterset)
        unmatched = False
        if not filterset.is_valid():
            for name, problems in filterset.form.errors.as_data().items():
                if _no_such_object(filterset, name, problems):
                    unmatched = True
                else:
                    errors.setdefault(name, [str(m) for e in problems for m in e.messages])
        if errors:
            raise ValidationError(errors)
        return queryset.none() if unmatched else filterset.qs


def _no_such_object(filterset, name: str, problems) -> bool:
    raw = str(filterset.data.get(name, ""))
    return (isinstance(filterset.filters.get(name), df.ModelChoiceFilter)
            and all(e.code == "no_match" or (e.code == "invalid_choice"
                                             and INTEGER.fullmatch(raw) is not None
                                             and abs(int(raw)) <= MAX_ID)
                    for e in problems))
