"""The OpenAPI document tells the truth about every operation: its success body, its errors, its id."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest

from local import openapi

ERROR_REF = "#/components/schemas/ErrorResponse"


@pytest.fixture(scope="module")
def spec():
    return openapi.document(openapi.functions())


def operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_has_a_readable_unique_operation_id(spec):
    ids = [operation["operationId"] for _, operation in operations(spec)]
    assert len(ids) == len(set(ids)) >= 50
    assert all(re.fullmatch(r"[a-z][A-Za-z]+", i) for i in ids), ids
    assert {"createShare", "checkShare", "getFeed", "exportReport", "followTrackedLink"} <= set(ids)


def test_every_success_body_is_described_by_a_model(spec):
    for where, operation in operations(spec):
        successes = {code: answer for code, answer in operation["responses"].items() if code.startswith(("2", "3"))}
        assert successes, where
        for code, answer in successes.items():
            if code == "302":
                assert "content" not in answer and "Location" in answer["headers"], where
                continue
            if code == "204":  # No Content: a body would be a lie
                assert "content" not in answer, where
                continue
            (media_type, body), *_ = answer["content"].items()
            schema = body["schema"]
            assert "$ref" in schema or schema.get("type") == "string", (where, schema)
            assert media_type in ("application/json", "text/csv", "text/html"), where


def test_errors_have_the_shapes_the_api_sends(spec):
    for where, operation in operations(spec):
        responses = operation["responses"]
        for code in ("413", "429", "503"):
            assert responses[code]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (where, code)
        if operation.get("security") != []:
            unauthorized = responses["401"]["content"]["application/json"]["schema"]["anyOf"]
            assert {"$ref": "#/components/schemas/GatewayUnauthorized"} in unauthorized, where
            assert responses["403"]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, where
        else:
            assert "403" not in responses, where
        if "422" in responses:
            assert responses["422"]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, where
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas  # Powertools' {"detail": …} is not what the API answers
    assert set(schemas["ErrorDetail"]["properties"]) >= {"code", "message", "field", "details", "reasons", "warnings"}


def test_the_csv_export_and_the_redirect_are_documented_as_such(spec):
    export = spec["paths"]["/v1/reports/export.csv"]["get"]["responses"]["200"]
    assert list(export["content"]) == ["text/csv"] and "Content-Disposition" in export["headers"]
    follow = spec["paths"]["/r/{code}"]["get"]
    assert "302" in follow["responses"] and follow["security"] == []
    assert list(follow["responses"]["404"]["content"]) == ["text/html"]


def test_share_routes_document_the_guards_refusals(spec):
    create = spec["paths"]["/v1/shares"]["post"]["responses"]
    assert set(create) >= {"202", "400", "401", "403", "404", "409", "413", "422", "429", "503"}
    assert create["202"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ShareAccepted"}


def test_the_cli_prints_the_document_with_a_relative_server(spec):
    out = io.StringIO()
    with redirect_stdout(out):
        assert openapi.main([]) == 0
    assert out.getvalue() == openapi.dumps(spec)
    assert spec["servers"] == [{"url": "/"}]
