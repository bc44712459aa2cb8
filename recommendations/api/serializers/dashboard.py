"""Shapes of the recommendations API: the dashboard, the scorecard and the exports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from consultations.api.serializers import PartyRefSerializer
from consultations.models import Instrument, Party
from portal.api.fields import CodeOrIdRelatedField, QuerySerializer
from recommendations.models import Theme
from recommendations.selectors.dashboard import SCORECARD_COLUMNS


class CountRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class DashboardQuerySerializer(QuerySerializer):
    party = CodeOrIdRelatedField(
        query=True, queryset=Party.objects.all(), required=False,
        help_text=_("Only this State party: its ISO3 code or its id (404 when none has "
                    "it)."))


class DashboardSerializer(serializers.Serializer):
    public = serializers.BooleanField()
    party = PartyRefSerializer(allow_null=True)
    recommendations_total = serializers.IntegerField()
    by_status = CountRowSerializer(many=True)
    by_instrument = CountRowSerializer(many=True)
    by_cluster = CountRowSerializer(many=True)
    by_theme = CountRowSerializer(many=True)
    responded = serializers.IntegerField()
    awaiting = serializers.IntegerField()
    answerable = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    median_days_to_respond = serializers.FloatField(allow_null=True)
    overdue_responses = serializers.IntegerField()
    actions_total = serializers.IntegerField()
    actions_by_status = CountRowSerializer(many=True)
    overdue_actions = serializers.IntegerField()
    implemented_actions = serializers.IntegerField()
    implementation_share = serializers.FloatField(allow_null=True)
    average_percent = serializers.FloatField(allow_null=True)
    disagreements = serializers.IntegerField()
    as_of = serializers.DateTimeField(
        help_text=_("When these numbers were computed (they are recomputed shortly after "
                    "each change)."))
    stale = serializers.BooleanField(
        help_text=_("True when something changed since: newer numbers are being computed."))


class ScorecardQuerySerializer(QuerySerializer):
    sort = serializers.ChoiceField(choices=[c[0] for c in SCORECARD_COLUMNS], required=False,
                                   default="state")
    dir = serializers.ChoiceField(choices=["asc", "desc"], required=False, default="asc")


class ScorecardRowSerializer(serializers.Serializer):
    party = PartyRefSerializer()
    recommendations = serializers.IntegerField()
    responded = serializers.IntegerField()
    answerable = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)
    overdue_responses = serializers.IntegerField()
    actions = serializers.IntegerField()
    implemented = serializers.IntegerField()
    implementation_share = serializers.FloatField(allow_null=True)
    overdue_actions = serializers.IntegerField()
    disagreements = serializers.IntegerField()
    as_of = serializers.DateTimeField(
        help_text=_("When these numbers were computed (they are recomputed shortly after "
                    "each change)."))


class ExportQuerySerializer(QuerySerializer):
    party = CodeOrIdRelatedField(
        query=True, queryset=Party.objects.all(), required=False,
        help_text=_("A State party: its ISO3 code or its id (404 when none has it)."))
    instrument = CodeOrIdRelatedField(
        query=True, queryset=Instrument.objects.all(), required=False,
        help_text=_("An instrument: its code or its id (404 when none has it)."))
    theme = CodeOrIdRelatedField(
        query=True, queryset=Theme.objects.all(), required=False,
        help_text=_("A theme: its slug or its id (404 when none has it)."))
    status = serializers.CharField(
        required=False, allow_blank=True, max_length=30,
        help_text=_("A recommendation status, a response position or an action status, "
                    "depending on the dataset."))
    overdue = serializers.BooleanField(required=False, default=False,
                                       help_text=_("Only overdue actions."))
