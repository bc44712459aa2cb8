"""Shapes of the consultations API: reference data (instruments, clusters, State
parties). Serializers validate the input's shape only; the services check the rules."""

from __future__ import annotations

from rest_framework import serializers

from consultations.models import (
    Article,
    Cluster,
    Instrument,
    Party,
    Reservation,
    TreatyAction,
)


class ArticleSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Article
        fields = ["id", "instrument", "number", "title"]


LOCALIZED = "In the language asked for (Accept-Language or ?lang=), English when it has none."


class InstrumentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    short_title = serializers.CharField(source="__str__", read_only=True, help_text=LOCALIZED)
    title = serializers.CharField(source="local_title", read_only=True, help_text=LOCALIZED)

    class Meta:
        model = Instrument
        fields = ["id", "code", "short_title", "title", "adopted_on", "adoption_reference",
                  "in_force_on", "article_count", "parent"]


class InstrumentDetailSerializer(InstrumentSerializer):
    articles = ArticleSerializer(many=True, read_only=True)

    class Meta(InstrumentSerializer.Meta):
        fields = [*InstrumentSerializer.Meta.fields, "articles"]


class ClusterSerializer(serializers.ModelSerializer):
    articles = ArticleSerializer(many=True, read_only=True)
    title = serializers.SerializerMethodField(help_text=LOCALIZED)

    class Meta:
        model = Cluster
        fields = ["id", "number", "roman", "title", "articles"]

    def get_title(self, cluster) -> str:
        return cluster.translated("title")


class TreatyActionSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TreatyAction
        fields = ["instrument", "kind", "date", "date_confirmed", "note", "is_consent"]


class ReservationSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Reservation
        fields = ["instrument", "kind", "article_reference", "text", "date"]


class PartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="local_name", read_only=True, help_text=LOCALIZED)

    class Meta:
        model = Party
        fields = ["id", "name", "iso3", "iso2", "kind", "regional_group", "timezone",
                  "response_days"]


class PartyDetailSerializer(PartySerializer):
    treaty_actions = TreatyActionSerializer(many=True, read_only=True)
    reservations = ReservationSerializer(many=True, read_only=True)

    class Meta(PartySerializer.Meta):
        fields = [*PartySerializer.Meta.fields, "treaty_actions", "reservations"]


class PartyRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="local_name", read_only=True, help_text=LOCALIZED)

    class Meta:
        model = Party
        fields = ["id", "name", "iso3"]
