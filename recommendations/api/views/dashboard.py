"""Recommendations API: the dashboards, the scorecard, the exports and the country
reports."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.examples import text_examples
from recommendations import policies
from recommendations.api import serializers
from recommendations.api.views.base import AnyAccept, SubListPagination
from recommendations.columns import headers as column_headers
from recommendations.exports import (
    DATASETS,
    FORMATS,
    country_report_pdf,
    csv_text,
    export_response,
)
from recommendations.selectors import dashboard as dashboard_selectors
from recommendations.selectors.states import state_profile


def _rows(items) -> list[dict]:
    return [{"key": key, "label": str(label), "count": n} for key, label, n in items]


DASHBOARD_NUMBERS = ("public", "recommendations_total", "responded", "awaiting", "answerable",
                     "response_rate", "median_days_to_respond", "overdue_responses",
                     "actions_total", "overdue_actions", "implemented_actions",
                     "implementation_share", "average_percent", "disagreements", "as_of",
                     "stale")


DASHBOARD_ROWS = ("by_status", "by_instrument", "by_cluster", "by_theme", "actions_by_status")


def _dashboard(request, *, public: bool) -> Response:
    """The web dashboard's numbers, from the same selector."""
    params = serializers.DashboardQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    party = params.validated_data.get("party")
    d = dashboard_selectors.dashboard(public=public, party=party)
    data = {name: getattr(d, name) for name in DASHBOARD_NUMBERS}
    data.update({name: _rows(getattr(d, name)) for name in DASHBOARD_ROWS})
    data["party"] = d.party
    return Response(serializers.DashboardSerializer(data).data)


def _scorecard(view, request, *, public: bool) -> Response:
    params = serializers.ScorecardQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    rows = dashboard_selectors.scorecard(public=public, sort=params.validated_data["sort"],
                                         descending=params.validated_data["dir"] == "desc")
    paginator = view.paginator
    page = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(
        serializers.ScorecardRowSerializer(page, many=True).data)


class _DashboardView(APIView):
    pagination_class = None

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class() if self.pagination_class else None
        return self._paginator

    def require_staff(self, request):
        if not policies.can_view_staff_dashboard(request.user):
            self.permission_denied(request, message=_("The UNODC dashboard is for UNODC "
                                                      "staff; see the public dashboard."))


class DashboardView(_DashboardView):
    serializer_class = serializers.DashboardSerializer

    @extend_schema(summary="The UNODC dashboard (UNODC staff): every recommendation and "
                           "action, optionally for one State",
                   parameters=[serializers.DashboardQuerySerializer],
                   responses=serializers.DashboardSerializer, operation_id="dashboard_staff")
    def get(self, request):
        self.require_staff(request)
        return _dashboard(request, public=False)


class PublicDashboardView(_DashboardView):
    serializer_class = serializers.DashboardSerializer

    @extend_schema(summary="The public dashboard: public recommendations and actions only, "
                           "optionally for one State",
                   parameters=[serializers.DashboardQuerySerializer],
                   responses=serializers.DashboardSerializer, operation_id="dashboard_public")
    def get(self, request):
        return _dashboard(request, public=True)


class ScorecardView(_DashboardView):
    serializer_class = serializers.ScorecardRowSerializer
    pagination_class = SubListPagination

    @extend_schema(summary="The cross-country scorecard (UNODC staff), one row per State",
                   parameters=[serializers.ScorecardQuerySerializer],
                   responses=serializers.ScorecardRowSerializer(many=True),
                   operation_id="dashboard_scorecard_staff")
    def get(self, request):
        self.require_staff(request)
        return _scorecard(self, request, public=False)


class PublicScorecardView(_DashboardView):
    serializer_class = serializers.ScorecardRowSerializer
    pagination_class = SubListPagination

    @extend_schema(summary="The public cross-country scorecard (public rows only), one row "
                           "per State",
                   parameters=[serializers.ScorecardQuerySerializer],
                   responses=serializers.ScorecardRowSerializer(many=True),
                   operation_id="dashboard_scorecard_public")
    def get(self, request):
        return _scorecard(self, request, public=True)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportView(APIView):
    """The web's exports: the same datasets, filters and visibility (what you may see)."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="Export a dataset as CSV or XLSX (a file to save), honouring the filters and "
                "what you may see",
        parameters=[
            OpenApiParameter("dataset", str, OpenApiParameter.PATH, enum=list(DATASETS)),
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(FORMATS),
                             description="csv or xlsx"),
            serializers.ExportQuerySerializer],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, XLSX): OpenApiTypes.BINARY},
        operation_id="exports_download")
    def get(self, request, dataset: str, fmt: str):
        if dataset not in DATASETS or fmt not in FORMATS:
            raise Http404
        params = serializers.ExportQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = {
            "party": data.get("party"),
            "instrument": data.get("instrument"),
            "theme": data.get("theme"),
            "status": data.get("status", ""),
            "overdue": data.get("overdue", False),
        }
        return export_response(request.user, dataset, fmt, filters)


@text_examples("exports_download")
def _export_examples() -> dict[str, dict[str, str]]:
    """Each dataset's CSV columns (its header row), in the request's language."""
    return {"text/csv": {f"{dataset}.csv": csv_text(column_headers(dataset))
                         for dataset in DATASETS}}


class CountryReportView(APIView):
    """The web's printable country report, as the same PDF."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="The country report of a State as a PDF (a file to save): treaty status, "
                "the recommendations and follow-up you may see",
        parameters=[OpenApiParameter("iso3", str, OpenApiParameter.PATH, pattern="^[A-Za-z]{3}$",
                                     description="The State party's ISO3 code")],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        operation_id="country_report_download")
    def get(self, request, iso3: str):
        profile = state_profile(request.user, iso3, with_reports=True)
        response = HttpResponse(country_report_pdf(profile, user=request.user),
                                content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="country-report-{profile.party.iso3}.pdf"')
        response["X-Content-Type-Options"] = "nosniff"
        return response
