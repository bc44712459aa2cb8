"""Spreadsheet imports: the job (the one truth about an import: its file, mapping,
preview, progress and outcome), the column mapping each user last chose per kind, and
the external ids rows carry so that importing a file again changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKING = "checking", _("Checking the rows")
        MAPPED = "mapped", _("Checked")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Stopped, nothing imported")
        CANCELLED = "cancelled", _("Cancelled, nothing imported")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("owner"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    scope_id = models.PositiveIntegerField(_("for"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    headers = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    all_or_nothing = models.BooleanField(_("all or nothing"), default=False)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    preview = models.JSONField(_("preview"), default=dict)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    report = models.JSONField(_("report"), default=list)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # the last step the user took (upload, mapping, check): an upload left alone for
    # IMPORT_UPLOAD_RETENTION_HOURS since then is abandoned, and its file deleted
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    queued_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_checking(self) -> bool:
        return self.status == self.Status.CHECKING

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


#: an import that will not run (again): its uploaded file is deleted, its summary and
#: error report (stored on the job, not in the file) stay
FINISHED = (ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.CANCELLED)


class ImportMapping(models.Model):
    """The columns a user last mapped for a kind: header (normalised) -> field."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_mappings"
    )
    kind = models.CharField(max_length=40)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="import_mapping_unique")
        ]
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")

    def __str__(self) -> str:
        return f"{self.kind} ({self.user_id})"


class ImportedRecord(models.Model):
    """Which row a file's external id created, within a kind and scope (an organization,
    an event): the second import of the same file finds its rows again."""

    kind = models.CharField(max_length=40)
    scope_id = models.PositiveIntegerField(default=0)
    external_id = models.CharField(max_length=200)
    object_id = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope_id", "external_id"], name="imported_record_unique"
            )
        ]
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")

    def __str__(self) -> str:
        return f"{self.kind}:{self.scope_id}:{self.external_id}"
