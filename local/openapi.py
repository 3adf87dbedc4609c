"""One OpenAPI document for every route of every service, generated from the code.

Each API function's Powertools resolver describes its own routes and models; the schemas
are merged with Powertools' `OpenAPIMerge`, and the JWT security scheme is added.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from local.runtime import FunctionSpec

TITLE = "Estafette API"


def document(functions: list[FunctionSpec], server_url: str) -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge

    merge = OpenAPIMerge(
        title=TITLE,
        version="1.0.0",
        description="Employee advocacy in your own AWS account. Private routes need `Authorization: Bearer <JWT>` "
        "with the claims sub, org_id and roles.",
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
        app = importlib.import_module(module_name).app
        merge.add_schema(json.loads(app.get_openapi_json_schema(title=TITLE)))
    schema = merge.get_openapi_schema()
    schema["servers"] = [{"url": server_url}]
    schema.setdefault("components", {})["securitySchemes"] = {"jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    schema["security"] = [{"jwt": []}]
    public = {(r.method.lower(), r.path) for spec in functions for r in spec.routes if r.public}
    for path, operations in schema.get("paths", {}).items():
        template_path = path.replace("{content_id}", "{id}").replace("{share_id}", "{id}")
        for method, operation in operations.items():
            if (method, template_path) in public:
                operation["security"] = []
    return schema


def swagger_html(spec_json: str) -> str:
    from pathlib import Path

    from aws_lambda_powertools.event_handler.openapi.swagger_ui import generate_swagger_html
    from aws_lambda_powertools.event_handler.openapi.swagger_ui.html import __file__ as html_file

    folder = Path(html_file).parent
    js = (folder / "swagger-ui-bundle.min.js").read_text()
    css = (folder / "swagger-ui.min.css").read_text()
    return generate_swagger_html(spec_json, js, css, "", None, persist_authorization=True)
