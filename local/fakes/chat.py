"""A fake Slack and Microsoft Teams incoming-webhook receiver on loopback, for tests and the local cloud. Stdlib only.

The notifications sender posts to `{base_url}/{original host}{original path}` when
`CHAT_WEBHOOK_BASE_URL` is set; this server tells the provider by that host and answers
as the provider does:
- Slack (`hooks.slack.com`): 200 `ok`; 400 `invalid_payload` for non-JSON, `no_text` without
  `text` or `blocks`.
- Teams connector (`*.webhook.office.com`): 200 `1`; Teams Workflows (`*.logic.azure.com`,
  `*.environment.api.powerplatform.com`): 202. Both refuse (400) a body that is not a
  `message` with an attachment.
Every accepted message is recorded. `fail_next(n, status)` makes the next n posts fail.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from local.fakes.server import FakeServer, QuietHandler

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def provider_of(host: str) -> str | None:
    host = host.split(":")[0].lower()
    if host == "hooks.slack.com":
        return "slack"
    if host.endswith((".webhook.office.com", ".logic.azure.com", ".environment.api.powerplatform.com")):
        return "teams"
    return None


def check_slack(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return "invalid_payload"
    if not payload.get("text") and not payload.get("blocks"):
        return "no_text"
    if "blocks" in payload and not isinstance(payload["blocks"], list):
        return "invalid_blocks"
    return None


def check_teams(payload: Any) -> str | None:
    if not isinstance(payload, dict) or payload.get("type") != "message":
        return "the body must be a message"
    attachments = payload.get("attachments")
    if not isinstance(attachments, list) or not attachments:
        return "a message needs at least one attachment"
    for attachment in attachments:
        if attachment.get("contentType") == ADAPTIVE_CARD and (attachment.get("content") or {}).get("type") != "AdaptiveCard":
            return "an adaptive card attachment needs an AdaptiveCard content"
    return None


class FakeChat(FakeServer):
    name = "fake-chat"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.messages: list[dict[str, Any]] = []
        self.failures: list[int] = []
        self._lock = threading.Lock()

    def fail_next(self, count: int = 1, status: int = 500) -> None:
        with self._lock:
            self.failures.extend([status] * count)

    def received(self, provider: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if provider is None or m["provider"] == provider]

    def _receive(self, path: str, body: bytes) -> tuple[int, str]:
        split = urlsplit(path)
        host, _, rest = split.path.lstrip("/").partition("/")
        provider = provider_of(host)
        if provider is None:
            return 404, "not a chat webhook host"
        with self._lock:
            if self.failures:
                status = self.failures.pop(0)
                return status, "injected failure"
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return 400, "invalid_payload"
        problem = check_slack(payload) if provider == "slack" else check_teams(payload)
        if problem:
            return 400, problem
        message = {
            "provider": provider,
            "url": f"https://{host}/{rest}" + (f"?{split.query}" if split.query else ""),
            "payload": payload,
            "received_at": datetime.now(UTC).isoformat(),
        }
        with self._lock:
            self.messages.append(message)
        if provider == "slack":
            return 200, "ok"
        return (202, "") if not host.endswith(".webhook.office.com") else (200, "1")

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                status, text = fake._receive(self.path, self.rfile.read(length) if length else b"")
                body = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
