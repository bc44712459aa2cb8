"""Imports over the API, through the same services as the pages: upload (multipart),
mapping (then every row is checked in the background: the preview), confirm, cancel,
status, error report."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from portal.api.examples import text_examples
from portal.api.pagination import PagePagination
from portal.api.parsers import MultiPartParser
from portal.api.permissions import SIGNED_IN
from portal.api.routers import IdRouter
from portal.core.errors import StateConflict
from portal.imports import checking, policies, retention, services
from portal.imports.kinds import kinds_all
from portal.imports.models import ImportJob
from portal.imports.report import error_report_example, error_report_response
from portal.imports.selectors import import_jobs_visible_to


class ImportJobSerializer(serializers.ModelSerializer):
    problems = serializers.SerializerMethodField()
    preview_rows = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "scope_id",
            "file_name",
            "file_format",
            "encoding",
            "headers",
            "mapping",
            "status",
            "all_or_nothing",
            "total",
            "done",
            "created",
            "updated",
            "skipped",
            "failed",
            "message",
            "preview_rows",
            "problems",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_problems(self, obj) -> list[str]:
        """Every problem as a sentence (row, column, message); the preview's before the
        run, the report's after."""
        items = obj.report if obj.is_finished else obj.preview.get("problems", [])
        return [services.problem_text(p) for p in items]

    def get_preview_rows(self, obj) -> list[dict[str, str]]:
        return [{"row": str(r["row"]), **r["values"]} for r in obj.preview.get("rows", [])]


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[], help_text="What the file holds (one of the "
                                                         "kinds the apps register).")
    scope = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The organization or event imported for",
    )
    file = serializers.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [kind.name for kind in kinds_all()]


class MappingSerializer(serializers.Serializer):
    mapping = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text='Column index -> field name ("" to skip). Every required field of the '
        "import's kind needs a column, and no two columns go to one field: otherwise a 400 "
        "names this field, each message naming its column.",
    )


def mapping_errors(exc: DjangoValidationError, headers: list[str]) -> serializers.ValidationError:
    """The service names the page's fields (``column_<index>``, and the form as a whole);
    the API's body has one field, ``mapping``: every message goes there, each saying which
    column it is about."""
    messages: list[str] = []
    for key, errors in exc.message_dict.items():
        index = key.removeprefix("column_")
        for message in errors:
            if key.startswith("column_") and index.isdigit() and int(index) < len(headers):
                message = _("Column %(index)s (%(header)s): %(message)s") % {
                    "index": index, "header": headers[int(index)], "message": message}
            messages.append(message)
    return serializers.ValidationError({"mapping": messages})


class ConfirmSerializer(serializers.Serializer):
    all_or_nothing = serializers.BooleanField(default=False)


class AnyAccept(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema_view(
    list=extend_schema(summary="Your spreadsheet imports, newest first"),
    retrieve=extend_schema(summary="An import: status, progress, preview, summary and problems"),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Spreadsheet imports: upload, map the columns (every row is checked before
    anything is saved), confirm, follow the status, download the error report. You see
    your own imports (UNODC staff see all of them); only the one who uploaded maps and
    confirms."""

    serializer_class = ImportJobSerializer
    permission_classes = SIGNED_IN
    pagination_class = PagePagination
    filter_backends: list = []
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImportJob.objects.none()
        return import_jobs_visible_to(self.request.user)

    def _own(self, pk) -> ImportJob:
        job = get_object_or_404(self.get_queryset(), pk=pk)
        if not policies.can_change_job(self.request.user, job):
            self.permission_denied(self.request)
        return job

    @extend_schema(
        summary="Upload a CSV or XLSX file (multipart/form-data): the file is "
        "checked and its columns matched to fields",
        request={"multipart/form-data": UploadSerializer},
        responses={201: ImportJobSerializer},
    )
    def create(self, request):
        if request.content_type.split(";")[0].strip() != "multipart/form-data":
            raise UnsupportedMediaType(request.content_type)  # a file is sent as a part
        s = UploadSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        job = services.import_job_create(
            actor=request.user,
            kind=s.validated_data["kind"],
            file=s.validated_data["file"],
            scope_id=s.validated_data.get("scope"),
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Map the columns to fields; every row is then checked in the "
        "background (nothing is written): follow the import until its status is "
        "'mapped' (the preview) or 'failed'",
        request=MappingSerializer,
        responses={202: ImportJobSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def mapping(self, request, pk=None):  # an object of columns: JSON only
        job = self._own(pk)
        s = MappingSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            job = checking.import_job_map(
                actor=request.user,
                job=job,
                mapping={str(k): v for k, v in s.validated_data["mapping"].items()},
            )
        except DjangoValidationError as exc:
            if isinstance(exc, StateConflict) or not hasattr(exc, "error_dict"):
                raise  # a 409 for the import's state; a message not about a field
            raise mapping_errors(exc, job.headers) from None
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Cancel an import not yet confirmed: nothing is imported and the "
        "uploaded file is deleted",
        request=None,
        responses=ImportJobSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = retention.import_job_cancel(actor=request.user, job=self._own(pk))
        return Response(ImportJobSerializer(job).data)

    @extend_schema(
        summary="Confirm the checked import: it runs in the background; follow its status",
        request=ConfirmSerializer,
        responses={202: ImportJobSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        job = self._own(pk)
        s = ConfirmSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        job = services.import_job_confirm(
            actor=request.user, job=job, all_or_nothing=s.validated_data["all_or_nothing"]
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="The error report (CSV, a file to save): the rows that failed "
        "or were skipped, with the column and the reason",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="errors",
        content_negotiation_class=AnyAccept,
        pagination_class=None,
    )
    def errors(self, request, pk=None):
        return error_report_response(get_object_or_404(self.get_queryset(), pk=pk))


router = IdRouter()
router.register("imports", ImportJobViewSet, basename="api-import")
urlpatterns = router.urls


@text_examples("imports_errors_retrieve")
def _error_report_examples() -> dict[str, dict[str, str]]:
    return {"text/csv": {_("The error report"): error_report_example()}}
