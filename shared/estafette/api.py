"""The HTTP side of every service: a Powertools resolver with one error shape.

- Request bodies and parameters are validated by Powertools from the route's pydantic
  annotations; failures become 422 (400 for malformed JSON) naming the field.
- `ApiError`s become their status with the JSON error body.
- AWS throttling becomes 429 or 503 with a JSON body; nothing a client sends becomes a 500.
- Routes are declared with `api.get/post/put/patch/delete/route` instead of the resolver's own
  decorators: the same, plus the OpenAPI document of what they answer. The success body's model
  and the errors a route raises itself are named on the route; the errors every route can answer
  (401/403 on private routes, 404 with a path parameter, 400/422 with input, 413, 429, 503) are
  added here once, with the shapes in `estafette.responses`.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from estafette.auth import Caller, caller_from_event, require_role
from estafette.domain import Role
from estafette.errors import ApiError, PayloadTooLarge
from estafette.i18n import message, pick_language
from estafette.observability import correlate, logger_for, metrics_for, with_context

MAX_BODY_BYTES = 64 * 1024
JSON = "application/json"
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

    def __init__(self, service: str, *, max_body_bytes: int = MAX_BODY_BYTES, views: str | None = None) -> None:
        self.service = service
        self.max_body_bytes = max_body_bytes
        self.views = views  # the module of the response models routes name by string, e.g. "share_dispatch.views"
        self._documents: dict[tuple[str, str], Callable[[], dict[int, Any]]] = {}
        self.app = APIGatewayHttpResolver(enable_validation=True)
        self.logger = logger_for(service)
        self.metrics = metrics_for(service)
        self._register_error_handlers()
        self.app.use([self._body_limit])

    # --- helpers for routes ---------------------------------------------------------------

    def caller(self, *roles: Role) -> Caller:
        """The verified caller, as the person their token resolves to (estafette.identity)."""
        from estafette.identity import resolve_caller

        raw = self.app.current_event.raw_event
        caller = caller_from_event(raw)
        caller = resolve_caller(caller, ((raw.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims"))
        return require_role(caller, *roles) if roles else caller

    def language(self) -> str:
        headers = self.app.current_event.headers or {}
        return pick_language(headers.get("accept-language")).value

    def error(self, exc: ApiError) -> Response:
        return json_response(exc.status, exc.body(self.language()))

    # --- declaring routes, with their OpenAPI ---------------------------------------------

    def route(
        self,
        path: str,
        method: str | list[str],
        *,
        ok: Any = None,
        status: int = 200,
        errors: Iterable[int] = (),
        public: bool = False,
        content_type: str = JSON,
        description: str | None = None,
        operation_id: str | None = None,
        headers: dict[str, Any] | None = None,
        also: dict[int, Any] | None = None,
        **kwargs: Any,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """`app.route` plus its OpenAPI answers: `ok` is the success body's model (a class, or its name in the
        service's views module; a schema dict for text bodies), `status` its code, `also` other answers (a model,
        or a whole OpenAPI response), `errors` the codes the route raises itself beyond those every route can answer."""

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            methods = [method] if isinstance(method, str) else method
            name = operation_id or camel_case(func.__name__)

            def document() -> dict[int, Any]:
                responses = route_responses(
                    func, path, methods, self._model(ok), status, errors, public, content_type, description, headers
                )
                for code, answer in (also or {}).items():
                    responses[code] = (
                        answer
                        if isinstance(answer, dict)
                        else {"description": "Success", "content": {JSON: {"model": self._model(answer)}}}
                    )
                return responses

            for i, one in enumerate(methods):
                # One operation per method, each with its own id (`followTrackedLink`, `followTrackedLinkHead`).
                suffix = "" if i == 0 else one.capitalize()
                self.app.route(path, one, operation_id=name + suffix, **kwargs)(func)
                self._documents[(path, one.upper())] = document
            return func

        return decorator

    def _model(self, ok: Any) -> Any:
        """A model named by a string lives in the service's `views` module, imported only for the document."""
        if isinstance(ok, str):
            import importlib

            if not self.views:
                raise ValueError(f"{self.service}: name the views module to refer to {ok!r} by name")
            return getattr(importlib.import_module(self.views), ok)
        return ok

    def openapi_json(self, title: str) -> str:
        """The resolver's OpenAPI document, with every route's success body and errors.

        The responses are attached here rather than when the routes are declared: the response models
        are then imported (and built) only for the document, never on a Lambda's cold start or request.
        """
        for route in self.app._static_routes + self.app._dynamic_routes:
            document = self._documents.get((route.path, route.method))
            if document is not None and route.responses is None:
                route.responses = document()
                route._dependant = None  # Powertools computes it lazily; recomputed with the responses
        return self.app.get_openapi_json_schema(title=title)

    def get(self, path: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(path, "GET", **kwargs)

    def post(self, path: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(path, "POST", **kwargs)

    def put(self, path: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(path, "PUT", **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(path, "PATCH", **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(path, "DELETE", **kwargs)

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
            code = (getattr(exc, "response", None) or {}).get("Error", {}).get("Code")  # a timeout has response=None
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


def camel_case(name: str) -> str:
    """`create_share` → `createShare`: the operation id the web app's generated client calls."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def route_responses(
    func: Callable[..., Any],
    path: str,
    methods: list[str],
    ok: Any,
    status: int,
    errors: Iterable[int],
    public: bool,
    content_type: str,
    description: str | None,
    headers: dict[str, Any] | None,
) -> dict[int, Any]:
    """Every answer a route can give, for its OpenAPI operation."""
    success: dict[str, Any] = {"description": description or ("Redirect" if 300 <= status < 400 else "Success")}
    # No body (a redirect): an empty `content`, or Powertools would describe the handler's return value.
    success["content"] = {} if ok is None else {content_type: {"model": ok} if content_type == JSON else {"schema": ok}}
    if headers:
        success["headers"] = headers
    parameters = inspect.signature(func).parameters
    codes = set(errors) | {413, 429, 503}
    if not public:
        codes |= {401, 403}
    if parameters:
        codes.add(422)
    if re.search(r"<\w+>", path):
        codes.add(404)
    if any(m.upper() in ("POST", "PUT", "PATCH") for m in methods) and _takes_body(func, path):
        codes.add(400)
    from estafette.responses import error_response

    responses: dict[int, Any] = {status: success}
    for code in sorted(codes):
        responses[code] = error_response(code)
    return responses


def _takes_body(func: Callable[..., Any], path: str) -> bool:
    path_names = set(re.findall(r"<(\w+)>", path))
    return any(name == "body" for name in inspect.signature(func).parameters if name not in path_names)
