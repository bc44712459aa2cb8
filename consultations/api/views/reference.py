"""Reference data (public): instruments, clusters, State parties."""

from __future__ import annotations

from django.db.models import F, Prefetch
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets

from consultations.api import filters, serializers
from consultations.models import (
    Article,
    Cluster,
    Instrument,
    Party,
    Reservation,
    TreatyAction,
)
from consultations.selectors.parties import party_local_order
from portal.core.translated import translated_order


@extend_schema_view(list=extend_schema(summary="Instruments (UNTOC and its Protocols)"),
                    retrieve=extend_schema(summary="One instrument with its articles"))
class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = filters.InstrumentFilter
    ordering_fields = ["order", "code", "adopted_on", "short_title", "title"]
    ordering = ["order", "code"]
    localized_ordering = {
        "short_title": lambda reverse: translated_order(Instrument, "short_title",
                                                        reverse=reverse),
        "title": lambda reverse: translated_order(Instrument, "title", reverse=reverse),
    }

    def get_queryset(self):
        qs = Instrument.objects.select_related("parent")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch(
                "articles", queryset=Article.objects.select_related("instrument")))
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.InstrumentDetailSerializer
        return serializers.InstrumentSerializer


@extend_schema_view(list=extend_schema(summary="The four review clusters"),
                    retrieve=extend_schema(summary="One review cluster with its articles"))
class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ClusterSerializer
    ordering_fields = ["number"]
    ordering = ["number"]
    filterset_fields = ["number"]
    queryset = Cluster.objects.prefetch_related(
        Prefetch("articles", queryset=Article.objects.select_related("instrument")))


@extend_schema_view(list=extend_schema(summary="State parties"),
                    retrieve=extend_schema(summary="A State with its treaty actions, "
                                                   "reservations and declarations"))
class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = filters.PartyFilter
    ordering_fields = ["name", "iso3"]
    ordering = ["name"]
    # the name in the reader's language, as the list shows it
    localized_ordering = {"name": lambda reverse: party_local_order(reverse=reverse)}

    def get_queryset(self):
        qs = Party.objects.all()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("treaty_actions", queryset=TreatyAction.objects.select_related(
                    "instrument").order_by("instrument__order", "date")),
                Prefetch("reservations", queryset=Reservation.objects.select_related(
                    "instrument").order_by("instrument__order",
                                           F("date").asc(nulls_last=True), "id")))
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PartyDetailSerializer
        return serializers.PartySerializer
