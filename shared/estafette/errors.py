"""One JSON error shape for every API: `{"error": {"code", "message", "field"?}}`.

Raise an `ApiError` subclass anywhere below a route; `estafette.api` turns it into the
response. Messages are looked up in `estafette.i18n` in the caller's language.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, code: str | None = None, *, field: str | None = None, **params: Any) -> None:
        super().__init__(code or self.code)
        if code:
            self.code = code
        self.field = field
        self.params = params

    def body(self, language: str = "en") -> dict[str, Any]:
        from estafette.i18n import message

        error: dict[str, Any] = {"code": self.code, "message": message(self.code, language, field=self.field, **self.params)}
        if self.field:
            error["field"] = self.field
        return {"error": error}


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden_role"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"


class Unprocessable(ApiError):
    status = 422
    code = "validation_failed"


class Throttled(ApiError):
    status = 429
    code = "throttled"


class Unavailable(ApiError):
    status = 503
    code = "unavailable"
