"""Changing an organisation's settings without losing another admin's change.

- Every saved document has a version; GET sends it as the `ETag` (`"7"`).
- `PATCH /v1/org/settings` takes a JSON merge patch (RFC 7386): objects merge key by key, a
  `null` puts that setting back to its default, anything else replaces the value. The page that
  edits one field sends just that field. It must send `If-Match` with the ETag it read
  (428 without), and a stale one is refused with 412 and the current ETag, so two admins never
  overwrite each other silently (RFC 9110 §13.1.1).
- `PUT` replaces the whole document; `If-Match` is optional there (older clients send none).
- The merged document is validated as a whole: a 422 names the field (`guard.max_shares_per_day`),
  in the same shape as every other validation error.
"""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from pydantic import ValidationError

import organisation.messages  # noqa: F401  (registers the messages raised below)
from estafette import settings
from estafette.errors import ApiError, Unprocessable
from estafette.settings import OrgSettings

_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,12})"\s*$')


class PreconditionFailed(ApiError):
    status = 412
    code = "settings_changed_meanwhile"

    def __init__(self, current: int) -> None:
        super().__init__(current_etag=etag(current))
        self.current = current

    def body(self, language: str = "en") -> dict[str, Any]:
        body = super().body(language)
        body["error"]["current_etag"] = etag(self.current)
        return body


class PreconditionRequired(ApiError):
    status = 428
    code = "if_match_required"


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None, *, required: bool) -> int | None:
    """The version an `If-Match` header names; None when absent (and allowed to be)."""
    if if_match is None or not if_match.strip():
        if required:
            raise PreconditionRequired(field="If-Match")
        return None
    if if_match.strip() == "*":
        return None
    match = _ETAG.match(if_match)
    if not match:
        raise Unprocessable("invalid_if_match", field="If-Match")
    return int(match.group(1))


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: the document `patch` turns `target` into."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def validated(document: Any) -> OrgSettings:
    try:
        return OrgSettings.model_validate(document)
    except ValidationError as exc:
        # The same 422 body as a request that failed validation at the door, with `body.` paths.
        errors = [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from exc


def current(org_id: str) -> tuple[OrgSettings, int]:
    return settings.read(org_id)


def replace(org_id: str, document: OrgSettings, actor: str, if_match: str | None) -> tuple[OrgSettings, int]:
    return _save(org_id, document, actor, expected_version(if_match, required=False))


def patch(org_id: str, changes: dict[str, Any], actor: str, if_match: str | None) -> tuple[OrgSettings, int]:
    expected = expected_version(if_match, required=True)
    before, version = settings.read(org_id)
    if expected is not None and expected != version:
        raise PreconditionFailed(version)
    after = validated(merge_patch(before.model_dump(mode="json"), changes))
    return _save(org_id, after, actor, version)


def _save(org_id: str, document: OrgSettings, actor: str, expected: int | None) -> tuple[OrgSettings, int]:
    saved = settings.save(org_id, document, actor, expected_version=expected)
    if saved is None:
        raise PreconditionFailed(settings.read(org_id)[1])
    return document, saved
