"""GET|HEAD /r/{code}: the tracked redirect. Public; 302 to the stored target with UTM parameters, or a
friendly 404 page in the visitor's language."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response

from estafette.api import Api
from estafette.publisher import default_publisher
from metric_collection import clicks
from metric_collection.messages import text

api = Api("metric_collection", max_body_bytes=0)
HTML = "text/html; charset=utf-8"
app = api.app

NOT_FOUND_PAGE = """<!doctype html><html lang="{lang}"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>{title}</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>{title}</h1><p>{body}</p></body></html>"""


def _not_found() -> Response:
    lang = api.language()
    page = NOT_FOUND_PAGE.format(lang=lang, title=text("link_not_found_title", lang), body=text("link_not_found_body", lang))
    return Response(status_code=404, content_type=HTML, body=page, headers={"Cache-Control": "no-store"})


@api.route(
    "/r/<code>",
    ["GET", "HEAD"],
    status=302,
    public=True,
    headers={"Location": {"description": "The content's address with UTM parameters", "schema": {"type": "string"}}},
    description="To the content, with UTM parameters; an unknown code answers a friendly HTML 404 page",
    also={
        404: {
            "description": "Unknown code: a page in the visitor's language",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    },
    operation_id="followTrackedLink",
    tags=["links"],
    summary="Follow a tracked link (public)",
)
def follow(code: str) -> Any:
    request = app.current_event
    visit = clicks.Visit(
        code=code,
        method=request.http_method,
        headers={k.lower(): v for k, v in (request.headers or {}).items()},
        source_ip=request.request_context.http.source_ip or "",
        host=request.request_context.domain_name or "",
    )
    target = clicks.follow(visit, default_publisher())
    if target is None:
        return _not_found()
    return Response(status_code=302, headers={"Location": target, "Cache-Control": "no-store"}, body="")


lambda_handler = api.handler()
