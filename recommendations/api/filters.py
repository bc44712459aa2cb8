"""Filters of the recommendations API lists. The filter sets validate the parameters and
hand them to the user-scoped selectors (the same search and facets as the web)."""

from __future__ import annotations

import django_filters as df

from consultations.models import Article, Cluster, Event, Instrument, Organization, Party
from portal.api.filters import IdFilter
from recommendations.models import (
    ActionStatus,
    FollowUpAction,
    Position,
    Recommendation,
    Theme,
)
from recommendations.selectors import followup as followup_selectors
from recommendations.selectors import recommendations as rec_selectors


class RecommendationFilter(df.FilterSet):
    q = df.CharFilter(label="Full-text search (title, text, rationale, reference)")
    party = IdFilter(queryset=Party.objects.all())
    instrument = IdFilter(queryset=Instrument.objects.all())
    article = IdFilter(queryset=Article.objects.all())
    cluster = IdFilter(queryset=Cluster.objects.all())
    theme = IdFilter(queryset=Theme.objects.all())
    status = df.ChoiceFilter(choices=Recommendation.Status.choices)
    position = df.ChoiceFilter(choices=Position.choices)
    organization = IdFilter(queryset=Organization.objects.all())
    event = IdFilter(queryset=Event.objects.all())
    submitted_from = df.DateFilter(label="Submitted on or after")
    submitted_to = df.DateFilter(label="Submitted on or before")

    class Meta:
        model = Recommendation
        fields = ["q", "party", "instrument", "article", "cluster", "theme", "status",
                  "position", "organization", "event", "submitted_from", "submitted_to"]

    def filter_queryset(self, queryset):
        data = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        return rec_selectors.recommendations_search(
            self.request.user, rec_selectors.RecommendationFilters(**data))


class ActionFilter(df.FilterSet):
    party = IdFilter(queryset=Party.objects.all())
    status = df.ChoiceFilter(choices=ActionStatus.choices)
    overdue = df.BooleanFilter(label="Only overdue actions")
    disagreement = df.BooleanFilter(
        label="Only actions where the alliance or UNODC disagree with the reported status")

    class Meta:
        model = FollowUpAction
        fields = ["party", "status", "overdue", "disagreement"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        party = data.get("party")
        return followup_selectors.action_list(
            self.request.user, party_id=party.pk if party else None,
            status=data.get("status") or "", overdue=bool(data.get("overdue")),
            disagreement=bool(data.get("disagreement")))
