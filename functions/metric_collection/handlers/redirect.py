"""GET /r/{code}: the tracked redirect. Public; answers 302 to the stored target with UTM parameters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.event_handler import Response

from estafette.api import Api
from estafette.domain import Network
from estafette.events import LinkClicked
from estafette.publisher import Outgoing, default_publisher
from metric_collection import links

api = Api("metric_collection", max_body_bytes=0)
app = api.app

NOT_FOUND_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not found</title>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto">
<h1>This link doesn't lead anywhere (any more)</h1>
<p>The link may be mistyped or withdrawn. / Deze link is mogelijk verkeerd getypt of ingetrokken.</p></body></html>"""


def _not_found() -> Response:
    return Response(status_code=404, content_type="text/html; charset=utf-8", body=NOT_FOUND_PAGE)


@app.route("/r/<code>", method=["GET", "HEAD"], tags=["links"], summary="Follow a tracked link (public)")
def follow(code: str) -> Any:
    link = links.get_link(code)
    if link is None:
        return _not_found()
    target = links.with_utm(link["target_url"], network=link["network"], campaign=link["content_slug"], share_id=link["share_id"])
    event = app.current_event
    headers = event.headers or {}
    user_agent = headers.get("user-agent", "")
    if not links.is_bot(user_agent, event.http_method):
        now = datetime.now(UTC)
        ip = event.request_context.http.source_ip or ""
        unique = links.first_visit_today(code, links.visitor_hash(code, ip, user_agent, now.date()), now.date())
        clicked = LinkClicked(
            tracked_code=code,
            share_id=link["share_id"],
            employee_id=link["employee_id"],
            content_id=link["content_id"],
            network=Network(link["network"]),
            department=link.get("department"),
            unique=unique,
            clicked_at=now,
        )
        default_publisher().publish([Outgoing(clicked, link["org_id"])])
    return Response(status_code=302, headers={"Location": target, "Cache-Control": "no-store"}, body="")


lambda_handler = api.handler()
