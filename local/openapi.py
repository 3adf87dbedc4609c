"""One OpenAPI document for every route of every service, generated from the code.

    python -m local.openapi [--server-url URL] > web/openapi.json

Each API function's Powertools resolver describes its own routes, success bodies and errors
(`estafette.api`); the schemas are merged with Powertools' `OpenAPIMerge`, and the JWT security
scheme is added. The local cloud serves the same document at `/openapi.json`: the server URL is
relative (`/`) unless one is asked for, so the file does not change with the port.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any

from local.runtime import FunctionSpec

TITLE = "Estafette API"
VERSION = "1.0.0"
DEFAULT_SERVER_URL = "/"
# Powertools adds its own 422 shape to every document; the API answers `ErrorResponse` instead.
UNUSED_POWERTOOLS_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def document(functions: list[FunctionSpec], server_url: str = DEFAULT_SERVER_URL) -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge

    merge = OpenAPIMerge(
        title=TITLE,
        version=VERSION,
        description="Employee advocacy in your own AWS account. Private routes need `Authorization: Bearer <JWT>` "
        "with the claims sub, org_id and roles. Every error a function answers is "
        '`{"error": {"code", "message", "field"?}}`, the message in the language of `Accept-Language` (en, nl).',
        on_conflict="error",
    )
    seen = set()
    for spec in functions:
        if not spec.routes:
            continue
        module_name = spec.handler.rsplit(".", 1)[0]
        if module_name in seen:
            continue
        seen.add(module_name)
        api = importlib.import_module(module_name).api
        merge.add_schema(json.loads(api.openapi_json(TITLE)))
    schema = merge.get_openapi_schema()
    schema["servers"] = [{"url": server_url}]
    components = schema.setdefault("components", {})
    components["securitySchemes"] = {"jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    for name in UNUSED_POWERTOOLS_SCHEMAS:
        components.get("schemas", {}).pop(name, None)
    schema["security"] = [{"jwt": []}]
    public = {(r.method.lower(), r.path) for spec in functions for r in spec.routes if r.public}
    operation_ids: dict[str, str] = {}
    for path, operations in schema.get("paths", {}).items():
        template_path = path.replace("{content_id}", "{id}").replace("{share_id}", "{id}").replace("{consent_id}", "{id}")
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            responses = operation["responses"]
            for code, answer in list(responses.items()):
                if answer.get("content") == {}:
                    del answer["content"]
                if "HTTPValidationError" in json.dumps(answer):
                    del responses[code]  # Powertools' own 422, on a route that has no input to refuse
            if (method, template_path) in public:
                operation["security"] = []
                if "403" in operation["responses"]:
                    raise ValueError(f"{where} is public in the template: declare its route with public=True")
            elif "403" not in operation["responses"]:
                raise ValueError(f"{where} is private in the template but its route says public=True")
            if operation["operationId"] in operation_ids:
                raise ValueError(
                    f"operationId {operation['operationId']} of {where} is also {operation_ids[operation['operationId']]}"
                )
            operation_ids[operation["operationId"]] = where
    return schema


def functions() -> list[FunctionSpec]:
    """The template's functions, without creating any resource (the document needs only the code)."""
    from local.runtime import functions_of
    from local.template import Template

    return functions_of(Template.load(), resolve_environment=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the OpenAPI document of every route, without starting anything.")
    parser.add_argument("--server-url", default=DEFAULT_SERVER_URL, help="servers[0].url (default: relative, /)")
    args = parser.parse_args(argv)
    sys.stdout.write(dumps(document(functions(), args.server_url)))
    return 0


def dumps(spec: dict[str, Any]) -> str:
    """The one serialisation the CLI and `/openapi.json` share, so both are byte for byte the same."""
    return json.dumps(spec, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def swagger_html(spec_json: str) -> str:
    from pathlib import Path

    from aws_lambda_powertools.event_handler.openapi.swagger_ui import generate_swagger_html
    from aws_lambda_powertools.event_handler.openapi.swagger_ui.html import __file__ as html_file

    folder = Path(html_file).parent
    js = (folder / "swagger-ui-bundle.min.js").read_text()
    css = (folder / "swagger-ui.min.css").read_text()
    return generate_swagger_html(spec_json, js, css, "", None, persist_authorization=True)


if __name__ == "__main__":
    sys.exit(main())
