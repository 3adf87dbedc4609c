"""Fake HR systems on loopback: their senders (what each web hook delivery looks like, and whether the real
sender would count an answer as delivered) and their APIs (BambooHR's employee read, Personio's token and
person read). Stdlib only. Each behaviour follows the provider's public documentation (docs/hr_webhooks.md
cites each one):

Senders (`delivery(provider, secret, body)` → headers and body; `delivered(provider, status)`):
- Greenhouse signs `Signature: sha256 <hex HMAC of the body>` and retries any answer but 200.
- BambooHR signs the body followed by `X-BambooHR-Timestamp` (`X-BambooHR-Signature`, hex).
- Teamtailor puts `signature` (Base64 of the hex HMAC of the resource id) in the body, beside `payload`.
- Personio sends the web hook's token in `Authorization`, signs nothing, retries 5xx except 501, and
  counts only a 2xx within 3 seconds as delivered.

APIs (`FakeHrApi`):
- BambooHR `GET /api/gateway.php/{company}/v1/employees/{id}/?fields=...`: HTTP Basic with the API key as user
  name (401 otherwise); JSON only with `Accept: application/json`, else XML (BambooHR's default); the
  requested fields only, plus `id`; 400 without `fields`; 404 for an unknown employee.
- Personio `POST /v2/auth/token` (form: grant_type=client_credentials, client_id, client_secret) → a bearer
  token (401 for wrong credentials, 400 for another grant type); `GET /v2/persons/{id}` with that token
  (401 without it, 404 for an unknown person).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local.fakes.server import FakeServer, QuietHandler


def _mac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


# --- senders -----------------------------------------------------------------------------------


def delivery(provider: str, secret: str, body: dict[str, Any] | bytes, at: int | None = None) -> tuple[dict[str, str], bytes]:
    """The headers and body the provider's sender would post for this payload."""
    timestamp = int(time.time()) if at is None else at
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if provider == "greenhouse":
        headers |= {"Signature": f"sha256 {_mac(secret, raw)}", "Greenhouse-Event-ID": secrets.token_hex(8)}
    elif provider == "bamboohr":
        headers |= {"X-BambooHR-Timestamp": str(timestamp), "X-BambooHR-Signature": _mac(secret, raw + str(timestamp).encode())}
    elif provider == "teamtailor":
        document = json.loads(raw)
        resource_id = str(document["payload"]["data"]["id"])
        document["signature"] = base64.b64encode(_mac(secret, resource_id.encode()).encode()).decode()
        raw = json.dumps(document).encode()
    elif provider == "personio":
        headers |= {"Authorization": secret}
    elif provider == "generic":
        headers |= {"X-Estafette-Signature": f"t={timestamp},v1={_mac(secret, f'{timestamp}.'.encode() + raw)}"}
    else:
        raise ValueError(f"no fake sender for {provider!r}")
    return headers, raw


def delivered(provider: str, status: int, seconds: float = 0.0) -> bool:
    """Whether the real sender counts this answer as delivered (False: it retries or gives up)."""
    if provider == "greenhouse":
        return status == 200
    if provider == "personio":
        return 200 <= status < 300 and seconds < 3.0
    return 200 <= status < 300


def retried(provider: str, status: int) -> bool:
    """Whether the real sender tries again after this answer."""
    if provider == "greenhouse":
        return status != 200
    if provider == "personio":
        return status >= 500 and status != 501
    return status >= 500


# --- APIs --------------------------------------------------------------------------------------


class FakeHrApi(FakeServer):
    name = "fake-hr"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.bamboohr_keys: set[str] = set()
        self.bamboohr: dict[tuple[str, str], dict[str, Any]] = {}  # (company, employee id) → fields
        self.personio_clients: dict[str, str] = {}  # client id → secret
        self.personio: dict[str, dict[str, Any]] = {}  # person id → person
        self.requests: list[tuple[str, str]] = []
        self._tokens: set[str] = set()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(QuietHandler):
            def _reply(self, status: int, body: Any, content_type: str = "application/json") -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                fake.requests.append(("GET", self.path))
                url = urlsplit(self.path)
                parts = [p for p in url.path.split("/") if p]
                if len(parts) == 6 and parts[:2] == ["api", "gateway.php"] and parts[3:5] == ["v1", "employees"]:
                    return fake._bamboohr_employee(self, parts[2], parts[5], parse_qs(url.query))
                if len(parts) == 3 and parts[:2] == ["v2", "persons"]:
                    return fake._personio_person(self, parts[2])
                self._reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                fake.requests.append(("POST", self.path))
                if urlsplit(self.path).path == "/v2/auth/token":
                    return fake._personio_token(self, parse_qs(body))
                self._reply(404, {"error": "not found"})

        return Handler

    # --- BambooHR ------------------------------------------------------------------------------

    def _bamboohr_employee(self, handler: Any, company: str, employee_id: str, query: dict[str, list[str]]) -> None:
        auth = handler.headers.get("Authorization") or ""
        try:
            user = base64.b64decode(auth.removeprefix("Basic ")).decode().split(":", 1)[0] if auth.startswith("Basic ") else ""
        except ValueError:
            user = ""
        if user not in self.bamboohr_keys:
            return handler._reply(401, b"", "text/html")  # BambooHR answers 401 with no JSON body
        fields = [f for f in ",".join(query.get("fields", [])).split(",") if f]
        if not fields:
            return handler._reply(400, b"", "text/html")
        record = self.bamboohr.get((company, employee_id))
        if record is None:
            return handler._reply(404, b"", "text/html")
        shown = {"id": employee_id, **{f: record.get(f) for f in fields}}
        if "application/json" not in (handler.headers.get("Accept") or ""):
            xml = "".join(f'<field id="{k}">{v}</field>' for k, v in shown.items() if v is not None)
            return handler._reply(200, f'<employee id="{employee_id}">{xml}</employee>'.encode(), "text/xml")
        handler._reply(200, shown)

    # --- Personio ------------------------------------------------------------------------------

    def _personio_token(self, handler: Any, form: dict[str, list[str]]) -> None:
        if form.get("grant_type") != ["client_credentials"]:
            return handler._reply(400, {"error": "unsupported_grant_type"})
        client_id, client_secret = (form.get("client_id") or [""])[0], (form.get("client_secret") or [""])[0]
        if self.personio_clients.get(client_id) != client_secret or not client_secret:
            return handler._reply(401, {"error": "invalid_client"})
        token = "papi-" + secrets.token_hex(16)
        self._tokens.add(token)
        handler._reply(
            200, {"access_token": token, "token_type": "Bearer", "expires_in": 86400, "scope": "personio:persons:read"}
        )

    def _personio_person(self, handler: Any, person_id: str) -> None:
        token = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token not in self._tokens:
            return handler._reply(401, {"errors": [{"title": "Unauthorized", "detail": "a valid access token is required"}]})
        person = self.personio.get(person_id)
        if person is None:
            return handler._reply(404, {"errors": [{"title": "Not found", "detail": f"person {person_id} does not exist"}]})
        handler._reply(200, {"id": person_id, **person})
