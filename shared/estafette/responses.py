"""The documented bodies of the HTTP API: the error shapes every route shares, and the routes' OpenAPI.

These models describe what the handlers send; they are not used to build or validate the
answers at run time (a drift between model and answer would otherwise turn into an error for
the user, and cost every request). The contract test (`tests/contract`) checks every answer
against them instead. Neither this module nor a service's `views` module is imported on a
Lambda's cold start: `estafette.api` attaches them to the routes only when the OpenAPI document
is built (`Api.openapi_json`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Every response model: built on first use (the OpenAPI document), and open to fields a later
# version adds (clients must ignore what they do not know).
DOC = ConfigDict(defer_build=True, extra="allow")


class Body(BaseModel):
    """Base of every documented response body."""

    model_config = DOC


class FieldProblem(Body):
    field: str = Field(description="The offending field, dotted for nested ones (`audience.departments`)")
    reason: str


class Decision(Body):
    """One rule of the credibility guard (or a refusal before it): a block or a warning.

    Rules add their own figures next to `code` and `message`, e.g. `cap` and `network` for the caps,
    `length` and `limit` for `text_too_long`, `next_window` for the sharing hours, `post_at` for a
    share moved into them.
    """

    code: str = Field(description="Stable machine-readable code, e.g. `daily_cap_reached`")
    message: str = Field(description="Explanation in the caller's language (Accept-Language or profile)")
    field: str | None = None


class ErrorDetail(Body):
    code: str = Field(description="Stable machine-readable code, e.g. `validation_failed`, `not_found`")
    message: str = Field(description="What went wrong, in the caller's language (Accept-Language: en, nl)")
    field: str | None = Field(default=None, description="The request field the error is about, when there is one")
    details: list[FieldProblem] | None = Field(default=None, description="422 validation_failed: every problem found")
    reasons: list[Decision] | None = Field(
        default=None, description="A share the credibility guard refused: every rule that refused it (the first is `code`)"
    )
    warnings: list[Decision] | None = Field(default=None, description="A refused share: the guard's warnings as well")


class ErrorResponse(Body):
    """Every error the functions answer: `{"error": {"code", "message", "field"?}}`."""

    error: ErrorDetail


class GatewayUnauthorized(Body):
    """What the HTTP API's JWT authorizer answers (before any function runs) for a missing, expired or foreign token."""

    message: str = Field(examples=["Unauthorized"])


JSON = "application/json"

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed JSON (`invalid_json`) or a request the route cannot use",
    401: 'No valid token: the JWT authorizer answers `{"message": "Unauthorized"}`; a token without `sub` or `org_id` '
    "gets `unauthorized`",
    403: "The token's roles may not use this route (`forbidden_role`), or the person has left (`employee_left`)",
    404: "Not found in the caller's organisation (or no such route)",
    409: "Conflicts with the current state",
    412: "If-Match names a version that is no longer current (`settings_changed_meanwhile`, with `current_etag`)",
    413: "The request body is larger than the route accepts (`payload_too_large`)",
    422: "A parameter or body field is invalid (`validation_failed`, with `field` and `details`), or a rule refused it",
    428: "The route needs If-Match with the ETag that was read (`if_match_required`)",
    429: "AWS throttled the request (`throttled`); retry after `Retry-After` seconds",
    503: "A dependency (AWS or a network) is unavailable (`unavailable`); safe to retry",
}


def error_response(status: int, description: str | None = None) -> dict[str, Any]:
    # 401 has two sources: the authorizer (no function runs) and the function (claims it cannot use).
    model: Any = GatewayUnauthorized | ErrorResponse if status == 401 else ErrorResponse
    return {"description": description or ERROR_DESCRIPTIONS[status], "content": {JSON: {"model": model}}}
