"""Helpers the test tiers share: API Gateway events, calling handlers, signed webhooks."""

from __future__ import annotations

import importlib
import json
import time
from dataclasses import dataclass
from typing import Any

from local.gateway import http_api_event
from local.runtime import LambdaContext


def claims(sub: str, org_id: str = "acme", roles: tuple[str, ...] = ("employee",)) -> dict[str, str]:
    # As API Gateway passes them: array claims flattened to "[a b]".
    return {"sub": sub, "org_id": org_id, "roles": f"[{' '.join(roles)}]"}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any


def call(
    handler_module: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    who: dict[str, str] | None = None,
    query: str = "",
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    source_ip: str = "127.0.0.1",
) -> Reply:
    """Invoke an API function's handler with the event API Gateway would send."""
    payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
    event = http_api_event(
        method,
        path,
        path,
        query,
        {"content-type": "application/json", **(headers or {})},
        payload,
        source_ip=source_ip,
        claims=who,
    )
    handler = importlib.import_module(handler_module).lambda_handler
    result = handler(event, LambdaContext(handler_module, 10))
    text = result.get("body") or ""
    try:
        parsed: Any = json.loads(text) if text else None
    except ValueError:
        parsed = text
    return Reply(result["statusCode"], {k.lower(): v for k, v in (result.get("headers") or {}).items()}, parsed)


def sign_generic(secret: str, body: bytes, at: int | None = None) -> str:
    from hr_webhooks.signatures import sign

    return sign(secret, int(time.time()) if at is None else at, body)


def eventually(check: Any, timeout: float = 20.0, interval: float = 0.1) -> Any:
    """Poll until `check()` returns something truthy: the system is eventually consistent by design."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")
