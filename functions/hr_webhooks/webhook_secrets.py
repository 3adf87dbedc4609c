"""Each org's webhook secrets, in Secrets Manager: `estafette/{org_id}/hr-webhooks`.

The secret's value is a JSON object `{provider: [newest, previous]}`. Up to two secrets per
provider are active at once, so an org rotates without downtime: add the new one (both work),
switch the HR system over, then retire the previous one.

Reading (the receiver) goes through the container's secret cache (`estafette.aws.get_secret`),
five minutes per org. When a signature fails to verify, the receiver asks once more with the cache
bypassed, but at most every REFRESH_FLOOR_SECONDS per org: a secret set a moment ago works at
once, and a flood of forged requests costs at most one Secrets Manager call per org per half
minute. Writing (the admin API) reads and writes the value directly.
"""

from __future__ import annotations

import json
import re
import secrets as stdlib_secrets
import time
from typing import Any

from estafette.errors import Unavailable, Unprocessable
from hr_webhooks.config import config

CACHE_SECONDS = 300
REFRESH_FLOOR_SECONDS = 30
ACTIVE_PER_PROVIDER = 2
MAX_REMEMBERED_ORGS = 10_000
# What Secrets Manager allows in a name, less "/" (the org id is one path segment of it).
ORG_PATTERN = re.compile(r"^[A-Za-z0-9_.@+=-]{1,64}$")

_last_refresh: dict[str, float] = {}
# Orgs without a secret, and since when: the secret cache keeps only values, and requests naming an
# org that has none (a typo, or someone probing) must not each cost a Secrets Manager call.
_missing: dict[str, float] = {}


def secret_name(org_id: str) -> str:
    if not ORG_PATTERN.match(org_id):
        raise Unprocessable(field="org_id", reason="an organisation id of at most 64 letters, digits and _.@+=-")
    return config().webhook_secret_name_template.format(org_id=org_id)


def _active(document: Any, provider: str) -> list[str]:
    value = document.get(provider, []) if isinstance(document, dict) else []
    values = [value] if isinstance(value, str) else [s for s in value if isinstance(s, str)] if isinstance(value, list) else []
    return [s for s in values if s][:ACTIVE_PER_PROVIDER]


def _not_found(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        code = getattr(cause, "response", {}).get("Error", {}).get("Code") if hasattr(cause, "response") else None
        if code == "ResourceNotFoundException":
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def active(org_id: str, provider: str, *, refresh: bool = False) -> list[str] | None:
    """The provider's active secrets for the org (newest first; empty when none are set).

    With `refresh`, the cache is bypassed, unless that was done for this org within the last
    REFRESH_FLOOR_SECONDS: then None (nothing new to try). Secrets Manager failing for another
    reason than a missing secret raises Unavailable (503): the sender should retry, not give up.
    """
    from estafette.aws import SecretError, SecretNotJson, get_secret

    now = time.monotonic()
    if len(_last_refresh) + len(_missing) > MAX_REMEMBERED_ORGS:  # org ids come from the internet
        clear_cache()
    if refresh:
        if now - _last_refresh.get(org_id, -REFRESH_FLOOR_SECONDS - 1) < REFRESH_FLOOR_SECONDS:
            return None
        _last_refresh[org_id] = now
    elif now - _missing.get(org_id, -CACHE_SECONDS - 1) < CACHE_SECONDS:
        return []
    try:
        document = get_secret(secret_name(org_id), transform="json", max_age=CACHE_SECONDS, force_fetch=refresh)
    except SecretNotJson:
        return []
    except SecretError as exc:
        if _not_found(exc):
            _missing[org_id] = now
            return []
        raise Unavailable() from exc
    _missing.pop(org_id, None)
    return _active(document, provider)


# --- the admin side ---------------------------------------------------------------------------


def _read(org_id: str) -> tuple[dict[str, Any], bool]:
    """The org's whole secret document, and whether the secret exists yet."""
    from estafette.aws import client

    sm = client("secretsmanager")
    try:
        value = sm.get_secret_value(SecretId=secret_name(org_id))["SecretString"]
    except sm.exceptions.ResourceNotFoundException:
        return {}, False
    try:
        document = json.loads(value)
    except ValueError:
        document = {}
    return (document if isinstance(document, dict) else {}), True


def _write(org_id: str, document: dict[str, Any], exists: bool) -> None:
    from estafette.aws import client

    sm = client("secretsmanager")
    value = json.dumps(document, separators=(",", ":"))
    if exists:
        sm.put_secret_value(SecretId=secret_name(org_id), SecretString=value)
        return
    try:
        sm.create_secret(
            Name=secret_name(org_id),
            Description="Estafette: HMAC secrets of this organisation's HR and recruitment web hooks",
            SecretString=value,
        )
    except sm.exceptions.ResourceExistsException:
        sm.put_secret_value(SecretId=secret_name(org_id), SecretString=value)


def rotate(org_id: str, provider: str, new_secret: str | None = None) -> tuple[str, int]:
    """Make `new_secret` (or a freshly generated one) the provider's newest secret, keeping the
    previous newest active beside it. Returns the new secret and how many are active."""
    document, exists = _read(org_id)
    secret = new_secret or stdlib_secrets.token_urlsafe(32)
    kept = [s for s in _active(document, provider) if s != secret][: ACTIVE_PER_PROVIDER - 1]
    document[provider] = [secret, *kept]
    _write(org_id, document, exists)
    return secret, len(document[provider])


def retire_previous(org_id: str, provider: str) -> int | None:
    """Keep only the newest secret; None when there was no previous one to retire."""
    document, exists = _read(org_id)
    current = _active(document, provider)
    if len(current) < 2:
        return None
    document[provider] = current[:1]
    _write(org_id, document, exists)
    return 1


def clear_cache() -> None:
    """Forget when each org was last refreshed (tests; Powertools' own cache is cleared separately)."""
    _last_refresh.clear()
    _missing.clear()
