"""The HTTP API on localhost: each request becomes the API Gateway v2 event AWS would send.

- Routes come from the functions' `HttpApi` events in the template.
- Private routes need a JWT, validated like the HTTP API's JWT authorizer does (signature
  against the issuer's keys, `iss`, `aud`, `exp`, `nbf`); its claims land in
  `requestContext.authorizer.jwt.claims`, array claims flattened to "[a b]" as AWS does.
  A failure answers 401 `{"message":"Unauthorized"}`, the body AWS itself sends.
- Local extras: `POST /local/tokens` mints development tokens, `/openapi.json` and `/docs`;
  what no route takes goes to `fallback` (the web app, `local/webapp.py`).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from estafette import clock
from local.runtime import FunctionSpec

AUDIENCE = "estafette-local"
TOKEN_TTL_SECONDS = 12 * 3600
MAX_LOCAL_BODY = 10 * 1024 * 1024  # API Gateway's own payload limit


class TokenIssuer:
    """A development identity provider: one RSA key, RS256 tokens."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex[:8]

    def mint(self, sub: str, org_id: str, roles: list[str], ttl: int = TOKEN_TTL_SECONDS) -> str:
        now = int(clock.time())
        claims = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": sub,
            "org_id": org_id,
            "roles": roles,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
        }
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self.kid})

    def verify(self, token: str) -> dict[str, Any]:
        return jwt.decode(
            token,
            self._key.public_key(),
            algorithms=["RS256"],
            audience=AUDIENCE,
            issuer=self.issuer,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}


def route_regex(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{(\w+)\+\}", r"(?P<\1>.+)", path)
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
    return re.compile(f"^{pattern}$")


def _flatten_claims(claims: dict[str, Any]) -> dict[str, str]:
    flat = {}
    for key, value in claims.items():
        flat[key] = f"[{' '.join(str(v) for v in value)}]" if isinstance(value, list) else str(value)
    return flat


def http_api_event(
    method: str,
    route_path: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
    source_ip: str = "127.0.0.1",
    path_params: dict[str, str] | None = None,
    claims: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The API Gateway HTTP API (payload format 2.0) event for one request."""
    lowered = {k.lower(): v for k, v in headers.items()}
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        params[key] = f"{params[key]},{value}" if key in params else value
    try:
        text, is_base64 = body.decode("utf-8"), False
    except UnicodeDecodeError:
        text, is_base64 = base64.b64encode(body).decode(), True
    now = clock.now()
    context: dict[str, Any] = {
        "accountId": "123456789012",
        "apiId": "local",
        "domainName": lowered.get("host", "localhost"),
        "domainPrefix": "local",
        "http": {
            "method": method,
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": lowered.get("user-agent", ""),
        },
        "requestId": uuid.uuid4().hex,
        "routeKey": f"{method} {route_path}",
        "stage": "$default",
        "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": int(now.timestamp() * 1000),
    }
    if claims is not None:
        context["authorizer"] = {"jwt": {"claims": _flatten_claims(claims), "scopes": None}}
    return {
        "version": "2.0",
        "routeKey": f"{method} {route_path}",
        "rawPath": path,
        "rawQueryString": query,
        "cookies": [c.strip() for c in lowered.get("cookie", "").split(";") if c.strip()],
        "headers": lowered,
        "queryStringParameters": params or None,
        "pathParameters": path_params or None,
        "requestContext": context,
        "body": text or None,
        "isBase64Encoded": is_base64,
    }


class Gateway:
    def __init__(self, functions: list[FunctionSpec], host: str = "127.0.0.1", port: int = 3000) -> None:
        self.routes = [(route.method, route_regex(route.path), route, spec) for spec in functions for route in spec.routes]
        self.server = ThreadingHTTPServer((host, port), self._handler_class())
        self.server.daemon_threads = True
        self.base_url = f"http://{host}:{self.server.server_address[1]}"
        self.tokens = TokenIssuer(f"{self.base_url}/local")
        self.extra_routes: dict[tuple[str, str], Callable[[bytes], tuple[int, str, bytes]]] = {}
        # What answers a request no route takes (the web app, local/webapp.py); None: 404.
        self.fallback: Callable[[str, str], tuple[int, dict[str, str], bytes] | None] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Gateway:
        self._thread = threading.Thread(target=self.server.serve_forever, name="gateway", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- request handling -------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                status, headers, body = gateway.handle(
                    self.command, self.path, dict(self.headers.items()), self._body(), self.client_address[0]
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(min(length, MAX_LOCAL_BODY + 1)) if length else b""

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes, source_ip: str
    ) -> tuple[int, dict[str, str], bytes]:
        url = urlsplit(raw_path)
        path = url.path
        json_headers = {"Content-Type": "application/json"}
        if len(body) > MAX_LOCAL_BODY:
            return 413, json_headers, b'{"message":"Request Entity Too Large"}'
        extra = self.extra_routes.get((method, path))
        if extra is not None:
            try:
                status, content_type, payload = extra(body)
            except Exception:
                import traceback

                traceback.print_exc()
                return 500, json_headers, b'{"message":"Internal Server Error"}'
            return status, {"Content-Type": content_type}, payload
        for route_method, regex, route, spec in self.routes:
            match = regex.match(path)
            if route_method != method or match is None:
                continue
            claims = None
            if not route.public:
                claims = self._authorize(headers)
                if claims is None:
                    return 401, {**json_headers, "WWW-Authenticate": "Bearer"}, b'{"message":"Unauthorized"}'
            event = http_api_event(method, route.path, url.path, url.query, headers, body, source_ip, match.groupdict(), claims)
            try:
                result = spec.invoke(event)
            except Exception:  # an unhandled error in the function: API Gateway answers 500
                import traceback

                traceback.print_exc()
                return 500, json_headers, b'{"message":"Internal Server Error"}'
            return self._response(result)
        answer = self.fallback(method, path) if self.fallback else None
        return answer or (404, json_headers, b'{"message":"Not Found"}')

    def _authorize(self, headers: dict[str, str]) -> dict[str, Any] | None:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            return self.tokens.verify(token.strip())
        except jwt.PyJWTError:
            return None

    @staticmethod
    def _response(result: Any) -> tuple[int, dict[str, str], bytes]:
        if not isinstance(result, dict) or "statusCode" not in result:
            return 200, {"Content-Type": "application/json"}, json.dumps(result).encode()
        body = result.get("body") or ""
        payload = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
        headers = {k: str(v) for k, v in (result.get("headers") or {}).items()}
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers[name] = ", ".join(values)
        return int(result["statusCode"]), headers, payload
