"""Where the employee's browser lands after a network's OAuth consent screen: the web app.

The network redirects the browser to `GET /v1/oauth/{network}/callback`; that completes the
connection (`connections.complete`) and answers 302 to the app's own page,
`/me/connections/{network}?outcome=connected`, or `?outcome=failed&reason=<code>` with the
refusal's stable code, which the app explains in the employee's language. A browser never sees
raw JSON there, and nothing secret travels in the address.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from aws_lambda_powertools.event_handler import Response

from estafette.errors import ApiError
from share_dispatch import connections
from share_dispatch.config import config


def app_page(network: str, outcome: dict[str, str]) -> str:
    settings = config()
    base = (settings.app_base_url or settings.public_api_base_url or settings.tracked_link_base_url).rstrip("/")
    known = network in connections.OAUTH_NETWORKS
    path = f"/me/connections/{quote(network, safe='')}" if known else "/me/connections"
    return f"{base}{path}?{urlencode(outcome)}"


def land(network: str, *, state: str | None, code: str | None, error: str | None) -> Response:
    try:
        connections.complete(network, state=state, code=code, error=error)
        outcome = {"outcome": "connected"}
    except ApiError as exc:
        outcome = {"outcome": "failed", "reason": exc.code}
    return Response(302, headers={"Location": app_page(network, outcome), "Cache-Control": "no-store"}, body="")
