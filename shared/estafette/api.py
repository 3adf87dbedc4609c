"""The HTTP side of every service: a Powertools resolver with one error shape.

- Before anything parses a request body, `screen_body` looks at the raw bytes, in this order:
  size (413), UTF-8 (400 `body_not_utf8`), nesting depth of JSON (400 `json_too_deep`). So a
  10 MB body is refused for its size, not for a field, and no body can make a parser fail.
- Request bodies and parameters are validated by Powertools from the route's pydantic
  annotations; failures become 422 (400 for malformed JSON) naming the field.
- Every request with a signed-in caller is refused (403 `employee_left`) when HR says that person
  left (the leaver lock, `estafette.people`), whatever their token says, before any route runs.
- Texts are in the caller's language: Accept-Language (with its q-values) when sent, else the
  person's own language.
- `ApiError`s become their status with the JSON error body.
- AWS throttling becomes 429 or 503 with a JSON body; nothing a client sends becomes a 500.
- Routes are declared with `api.get/post/put/patch/delete/route` instead of the resolver's own
  decorators: the same, plus the OpenAPI document of what they answer. The success body's model
  and the errors a route raises itself are named on the route; the errors every route can answer
  (401/403 on private routes, 404 with a path parameter, 400/422 with input, 413, 429, 503) are
  added here once, with the shapes in `estafette.responses`.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from estafette import people
from estafette.auth import Caller, caller_from_claims, caller_from_event, require_role
from estafette.aws import UnprocessedKeys
from estafette.domain import Language, Role
from estafette.errors import ApiError, BadRequest, Forbidden, PayloadTooLarge, Unavailable
from estafette.i18n import message, pick_language
from estafette.observability import correlate, logger_for, metrics_for, with_context
from estafette.people import Standing

MAX_BODY_BYTES = 64 * 1024
# Deeper than any payload a client or HR system sends (Greenhouse's are about 8 levels), far below
# what makes a JSON parser recurse itself to death.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")
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


def _body_bytes(event: dict[str, Any]) -> bytes | None:
    body = event.get("body")
    if not body:
        return None
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return None  # the gateway always encodes validly; leave an odd event to the resolver
    return body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body)


def json_depth(text: str, limit: int) -> int:
    """How deeply arrays and objects nest in `text` (stops counting past `limit`); strings don't count."""
    if text.count("[") + text.count("{") <= limit:
        return 0  # cannot be deeper than the limit: the common case costs two counts
    depth = deepest = 0
    for bracket in _BRACKETS.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def screen_body(event: dict[str, Any], max_bytes: int, max_depth: int = MAX_JSON_DEPTH) -> ApiError | None:
    """Why a request body must be refused before anything parses it, or None: size, encoding, nesting."""
    raw = event.get("body")
    if not raw:
        return None
    if isinstance(raw, str) and len(raw) > (max_bytes * 4 // 3 + 4 if event.get("isBase64Encoded") else max_bytes):
        return PayloadTooLarge(limit=max_bytes)  # longer than any allowed body, without encoding it
    body = _body_bytes(event)
    if body is None:
        return None
    if len(body) > max_bytes:
        return PayloadTooLarge(limit=max_bytes)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf16 = body[:2] in (b"\xff\xfe", b"\xfe\xff")
        detail = " (it looks like UTF-16)" if utf16 else f" (invalid byte at position {exc.start})"
        return BadRequest("body_not_utf8", detail=detail)
    content_type = str({k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("content-type", "json"))
    if "json" in content_type and json_depth(text, max_depth) > max_depth:
        return BadRequest("json_too_deep", limit=max_depth)
    return None


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
        self._standing: tuple[tuple[str, str], people.Standing] | None = None

    # --- helpers for routes ---------------------------------------------------------------

    def caller(self, *roles: Role) -> Caller:
        """The verified caller, as the person their token resolves to (estafette.identity)."""
        from estafette.identity import resolve_caller

        raw = self.app.current_event.raw_event
        caller = caller_from_event(raw)
        caller = resolve_caller(caller, ((raw.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims"))
        return require_role(caller, *roles) if roles else caller

    def _person(self, caller: Caller) -> people.Standing:
        # Read once per request (the handler forgets it before each one): the lock and the
        # language fallback share the one GetItem.
        who = (caller.org_id, caller.sub)
        if self._standing is None or self._standing[0] != who:
            self._standing = (who, people.standing(caller.org_id, caller.sub))
        return self._standing[1]

    def language(self) -> str:
        """Accept-Language when the request sends one, else the signed-in person's own language."""
        headers = self.app.current_event.headers or {}
        header = headers.get("accept-language")
        if header:
            return pick_language(header).value
        try:
            caller = caller_from_event(self.app.current_event.raw_event)
        except ApiError:
            return pick_language(None).value  # a public route: nobody to ask
        try:
            own = self._person(caller).language
        except Exception:  # the language is a courtesy: never fail a request for it
            self.logger.warning("could not read the caller's language")
            own = None
        return (own or pick_language(None)).value

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

    def _leaver(self, event: dict[str, Any]) -> Standing | None:
        """The standing of a signed-in caller HR says has left, else None: the leaver lock.

        Checked for every request that carries the authorizer's claims, before routing and body
        validation, so no private route (present or future) can act for a leaver.
        """
        claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims")
        if not claims:
            return None
        try:
            caller = caller_from_claims(claims)
        except ApiError:
            return None  # the route's own caller() answers 401
        from estafette.identity import resolve_with_standing

        person, standing = resolve_with_standing(caller, claims)  # the person their token names, in one read
        self._standing = ((person.org_id, person.sub), standing)
        return standing if standing.left else None

    def _refused(self, event: dict[str, Any], problem: ApiError, own: Language | None = None) -> dict[str, Any]:
        """The proxy response for a request refused before routing (same shape the resolver gives)."""
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        header = headers.get("accept-language")
        language = (pick_language(header) if header or own is None else own).value
        self.logger.info("request refused before routing", extra={"code": problem.code, "status": problem.status})
        return {
            "statusCode": problem.status,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(problem.body(language), ensure_ascii=False),
            "isBase64Encoded": False,
            "cookies": [],
        }

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
            if isinstance(exc, UnprocessedKeys):
                self.logger.warning("DynamoDB kept keys unprocessed", extra={"table": exc.table_name})
                body = {"error": {"code": "unavailable", "message": message("unavailable", self.language())}}
                return json_response(503, body, {"Retry-After": "1"})
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
                return self._screen_and_resolve(event, context)
            finally:
                correlate(self.logger, None)

        return lambda_handler

    def _screen_and_resolve(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self._standing = None
        problem = screen_body(event, self.max_body_bytes)
        if problem is not None:
            return self._refused(event, problem)
        try:
            leaver = self._leaver(event)
        except Exception:  # cannot tell whether the caller left: refuse, and let them retry
            self.logger.exception("could not read the caller's standing")
            return self._refused(event, Unavailable())
        if leaver is not None:
            return self._refused(event, Forbidden("employee_left"), leaver.language)
        return self.app.resolve(event, context)

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
    # 400 and 413 come from the body screen, which runs before routing for every request that has a body.
    codes = set(errors) | {400, 413, 429, 503}
    if not public:
        codes |= {401, 403}
    if parameters:
        codes.add(422)
    if re.search(r"<\w+>", path):
        codes.add(404)
    from estafette.responses import error_response

    responses: dict[int, Any] = {status: success}
    for code in sorted(codes):
        responses[code] = error_response(code)
    return responses

