"""What an admin does with the organisation's HR integrations: read the log, rotate secrets.

A rotation adds the new secret beside the current one (two are active), so the HR system can
be switched over without a single rejected delivery; retiring the previous one ends it. A
generated secret is returned once, in that response, and never again: neither the log nor any
other route shows a secret.
"""

from __future__ import annotations

from typing import Any

from estafette.errors import Conflict, NotFound
from hr_webhooks import deliveries, messages, webhook_secrets
from hr_webhooks.providers import PROVIDERS

assert messages  # the service's messages are registered on import


# Secrets an admin may set besides the providers' webhook secrets: API keys for reading HR data.
API_KEYS = ("bamboohr_api_key", "personio_api")


def _known(provider: str) -> str:
    if provider not in PROVIDERS and provider not in API_KEYS:
        raise NotFound("unknown_provider", provider=provider)
    return provider


def deliveries_page(org_id: str, status: str | None, limit: int, cursor: str | None) -> dict[str, Any]:
    items, next_cursor = deliveries.page(org_id, status, limit, cursor)
    return {"items": items, "next_cursor": next_cursor}


def rotate_secret(org_id: str, provider: str, secret: str | None) -> dict[str, Any]:
    secret_value, active = webhook_secrets.rotate(org_id, _known(provider), secret)
    result: dict[str, Any] = {"provider": provider, "active_secrets": active}
    if secret is None:
        result["secret"] = secret_value  # generated: shown this once
    return result


def retire_previous_secret(org_id: str, provider: str) -> dict[str, Any]:
    active = webhook_secrets.retire_previous(org_id, _known(provider))
    if active is None:
        raise Conflict("no_previous_secret", provider=provider)
    return {"provider": provider, "active_secrets": active}
