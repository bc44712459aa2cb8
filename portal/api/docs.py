"""The contract's delivery: the OpenAPI schema generated once per deploy and cached,
and the documentation pages fully offline.

The schema takes seconds to generate, so it is generated at its first request after a
deploy and kept in the default cache (shared by all processes), keyed by the code's
version (`PORTAL_RELEASE` when the deployment sets it, else a fingerprint of the Python
sources), the language and the API version: a new deploy reads a new key, nothing has
to be cleared. ReDoc's bundle is served from the installed sidecar package with its
one remote request (a logo on cdn.redoc.ly) removed."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import drf_spectacular_sidecar
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

SOURCE_DIRS = ("portal", "consultations", "recommendations")
REDOC_BUNDLE = (
    Path(drf_spectacular_sidecar.__file__).parent
    / "static"
    / "drf_spectacular_sidecar"
    / "redoc"
    / "bundles"
    / "redoc.standalone.js"
)
REMOTE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def code_version() -> str:
    """What identifies the deployed code: PORTAL_RELEASE, else the sources' fingerprint."""
    release = settings.PORTAL_RELEASE.strip()
    if release:
        return release
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in SOURCE_DIRS:
        for path in sorted((root / folder).rglob("*.py")):
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class CachedSchemaView(SpectacularAPIView):
    """SpectacularAPIView whose schema is generated once per code version and language."""

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request) or ""
        key = f"api-schema:{code_version()}:{translation.get_language()}:{version}"
        schema = cache.get(key)
        if schema is None:
            schema = super()._get_schema_response(request).data
            cache.set(key, schema, timeout=None)
        filename = self._get_filename(request, version or None)
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


@lru_cache(maxsize=1)
def offline_redoc_bundle() -> bytes:
    return REDOC_BUNDLE.read_bytes().replace(REMOTE_LOGO, b"")


@require_safe
def redoc_bundle(request):
    """ReDoc's standalone bundle without the remote logo (the image is then not shown)."""
    response = HttpResponse(offline_redoc_bundle(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
