"""The contract as delivered: generated once per code version and language, then served
from the cache."""

from __future__ import annotations

from unittest import mock

from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator

from portal.api import docs


def test_schema_is_generated_once_then_served_from_the_cache(client):
    cache.clear()
    with mock.patch.object(
        SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema
    ) as gen:
        first = client.get("/api/schema/?format=json")
        second = client.get("/api/schema/?format=json")
        yaml = client.get("/api/schema/")
        assert gen.call_count == 1
        french = client.get("/api/schema/?format=json&lang=fr")
        assert gen.call_count == 2
    assert first.status_code == second.status_code == yaml.status_code == 200
    assert first.json() == second.json()
    assert french.status_code == 200
    assert b"openapi:" in yaml.content
    cache.clear()


def test_a_new_release_reads_a_new_key(settings):
    docs.code_version.cache_clear()
    settings.PORTAL_RELEASE = "2027.01.1"
    try:
        assert docs.code_version() == "2027.01.1"
        settings.PORTAL_RELEASE = ""
        docs.code_version.cache_clear()
        assert len(docs.code_version()) == 16  # the sources' fingerprint
    finally:
        docs.code_version.cache_clear()


def test_redoc_bundle_has_no_remote_request(client):
    response = client.get("/api/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert b"cdn.redoc.ly" not in response.content and b"Redoc" in response.content


def test_every_operation_is_described_and_examples_are_applied(client):
    cache.clear()
    schema = client.get("/api/schema/?format=json").json()
    undescribed = [
        op["operationId"]
        for path in schema["paths"].values()
        for method, op in path.items()
        if method in {"get", "post", "put", "patch", "delete"} and not op.get("description")
    ]
    assert undescribed == []
    create = schema["paths"]["/api/v1/me/tokens/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["example"] == {
        "name": "monthly report script"
    }
    assert "412" in schema["paths"]["/api/v1/events/{id}/"]["patch"]["responses"]
    cache.clear()
