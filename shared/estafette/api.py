"""The HTTP side of every service: a Powertools resolver with one error shape.

- Request bodies and parameters are validated by Powertools from the route's pydantic
  annotations; failures become 422 (400 for malformed JSON) naming the field.
- `ApiError`s become their status with the JSON error body.
- AWS throttling becomes 429 or 503 with a JSON body; nothing a client sends becomes a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from estafette.auth import Caller, caller_from_event, require_role
from estafette.domain import Role
from estafette.errors import ApiError, PayloadTooLarge
from estafette.i18n import message, pick_language
from estafette.observability import correlate, logger_for, metrics_for, with_context

MAX_BODY_BYTES = 64 * 1024
THROTTLING_CODES = {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded"}


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        status_code=status,
        content_type="application/json",
        body=json.dumps(body, default=str, ensure_ascii=False),
        headers=headers,
    )


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in (loc or ()) if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


class Api:
    """A service's resolver plus the helpers its routes use."""

    def __init__(self, service: str, *, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.service = service
        self.max_body_bytes = max_body_bytes
        self.app = APIGatewayHttpResolver(enable_validation=True)
        self.logger = logger_for(service)
        self.metrics = metrics_for(service)
        self._register_error_handlers()
        self.app.use([self._body_limit])

    # --- helpers for routes ---------------------------------------------------------------

    def caller(self, *roles: Role) -> Caller:
        caller = caller_from_event(self.app.current_event.raw_event)
        return require_role(caller, *roles) if roles else caller

    def language(self) -> str:
        headers = self.app.current_event.headers or {}
        return pick_language(headers.get("accept-language")).value

    def error(self, exc: ApiError) -> Response:
        return json_response(exc.status, exc.body(self.language()))

    # --- wiring ---------------------------------------------------------------------------

    def _body_limit(self, app: APIGatewayHttpResolver, next_middleware: Callable[..., Response]) -> Response:
        body = app.current_event.body or ""
        if len(body.encode() if isinstance(body, str) else body) > self.max_body_bytes:
            return self.error(PayloadTooLarge(limit=self.max_body_bytes))
        return next_middleware(app)

    def _register_error_handlers(self) -> None:
        app = self.app

        @app.exception_handler(ApiError)
        def _api_error(exc: ApiError) -> Response:
            return self.error(exc)

        @app.exception_handler(RequestValidationError)
        def _validation(exc: RequestValidationError) -> Response:
            errors = exc.errors()
            first = errors[0] if errors else {}
            lang = self.language()
            if first.get("type") == "json_invalid":
                return json_response(400, {"error": {"code": "invalid_json", "message": message("invalid_json", lang)}})
            field = _field_name(first.get("loc"))
            reason = first.get("msg", "invalid value")
            details = [{"field": _field_name(e.get("loc")), "reason": e.get("msg", "")} for e in errors]
            body: dict[str, Any] = {
                "error": {
                    "code": "validation_failed",
                    "message": message("validation_failed", lang, field=field, reason=reason),
                    "field": field,
                    "details": details,
                }
            }
            return json_response(422, body)

        @app.not_found
        def _not_found(_exc: Exception) -> Response:
            event = app.current_event
            body = {
                "error": {
                    "code": "route_not_found",
                    "message": message("route_not_found", self.language(), method=event.http_method, path=event.path),
                }
            }
            return json_response(404, body)

        @app.exception_handler(Exception)
        def _unexpected(exc: Exception) -> Response:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code") if hasattr(exc, "response") else None
            if code in THROTTLING_CODES:
                self.logger.warning("AWS throttled the request", extra={"aws_error": code})
                return json_response(
                    429, {"error": {"code": "throttled", "message": message("throttled", self.language())}}, {"Retry-After": "1"}
                )
            if code is not None or type(exc).__module__.startswith("botocore"):
                # AWS answered with an error or could not be reached: the client may retry safely.
                self.logger.exception("AWS call failed")
                return json_response(503, {"error": {"code": "unavailable", "message": message("unavailable", self.language())}})
            self.logger.exception("Unhandled error")
            return json_response(500, {"error": {"code": "internal_error", "message": "Internal error."}})

    def handler(self) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        """The Lambda entry point: Powertools context, metrics and the router, stacked once."""

        @with_context(self.logger, self.metrics)
        def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
            # The HTTP API's request id starts the correlation that every event published here carries on.
            correlate(self.logger, (event.get("requestContext") or {}).get("requestId"))
            try:
                return self.app.resolve(event, context)
            finally:
                correlate(self.logger, None)

        return lambda_handler
