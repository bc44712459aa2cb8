"""The options of the list's filter form, stored read models (portal.core.read_models)
that a request reads and never computes but for the very first read.

They are choices, not data: any id typed in the address still filters, so the options
may lag a change by the seconds the worker takes to refresh them (the debounced task
after the change's commit, or beat's sweep). Computing them in the request made the
first list page after any change read every public recommendation of the chosen State.

- ``list-filter-options`` (per language): the States that have public recommendations
  and the reference data (instruments, articles, review clusters, themes), each written
  as the HTML of its options, "Any" first;
- ``list-filter-state`` (per State): the organizations and events that the State's
  public recommendations name, as HTML without "Any" (names are not translated).

The options are the same for every reader, so they are drawn from what everybody may
see: the visibility selector's answer for an anonymous reader.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from consultations.models import Article, Cluster, Event, Instrument, Organization, Party
from portal.core.ordering import collation_key
from portal.core.read_models import read_model
from portal.core.widgets import FastSelect
from recommendations.models import Recommendation, Theme
from recommendations.selectors.recommendations import recommendations_visible_to

FILTER_OPTIONS = "list-filter-options"
STATE_FILTER_OPTIONS = "list-filter-state"
SCOPED_FILTERS: dict[str, tuple[type[Model], str]] = {
    "organization": (Organization, "name"),
    "event": (Event, "title"),
}


def _reference_querysets() -> dict[str, QuerySet]:
    """The reference-data filters and their options, in the models' own order."""
    return {
        "instrument": Instrument.objects.all(),
        "article": Article.objects.select_related("instrument"),
        "cluster": Cluster.objects.all(),
        "theme": Theme.objects.all(),
    }


def public_recommendations() -> QuerySet[Recommendation]:
    return recommendations_visible_to(AnonymousUser())


def filter_options_compute(*, day: dt.date, language: str) -> dict[str, str]:
    """The read model ``list-filter-options``: the HTML of each filter's options."""
    with translation.override(language):
        has = public_recommendations().filter(party=OuterRef("pk"))
        parties = Party.objects.filter(Exists(has)).only("pk", "name", "iso2", "iso3")
        choices = {
            "party": sorted(
                ((str(p.pk), p.local_name) for p in parties),
                key=lambda choice: collation_key(choice[1]),
            )
        }
        for name, queryset in _reference_querysets().items():
            choices[name] = [(str(obj.pk), str(obj)) for obj in queryset]
        return {
            name: FastSelect.options_html_for([("", gettext("Any")), *options])
            for name, options in choices.items()
        }


def state_filter_options_compute(*, day: dt.date, party: int) -> dict[str, str]:
    """The read model ``list-filter-state``: the HTML of the organization and event
    options of one State (without "Any")."""
    related = public_recommendations().filter(party_id=party)
    out = {}
    for name, (model, label) in SCOPED_FILTERS.items():
        ids = related.order_by().values(f"{name}_id")
        out[name] = FastSelect.options_html_for(
            (str(pk), text)
            for pk, text in model._default_manager.filter(pk__in=ids)
            .order_by(label)
            .values_list("pk", label)
        )
    return out


def filter_options(language: str) -> dict[str, str]:
    """The stored options of the State and reference-data filters, by field name."""
    return read_model(FILTER_OPTIONS, language=language).value


def state_filter_options(party_id: int) -> dict[str, str]:
    """The stored organization and event options of one State, by field name. Only for
    a State that the State filter offers (the stored rows stay as few as the States)."""
    return read_model(STATE_FILTER_OPTIONS, party=party_id).value


def current_choice(name: str, current_id: int) -> list[tuple[str, str]]:
    """With no State chosen: the organization or event in the address, if a public
    recommendation names it (an id in the address reveals nothing else)."""
    model, label = SCOPED_FILTERS[name]
    ids = public_recommendations().filter(**{f"{name}_id": current_id}).values(f"{name}_id")
    return [
        (str(pk), text)
        for pk, text in model._default_manager.filter(pk__in=ids).values_list("pk", label)
    ]
