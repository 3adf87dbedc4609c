"""An employee's network connections: tokens sealed with KMS, never returned or logged."""

from __future__ import annotations

from datetime import datetime

from estafette import tokens
from estafette.domain import Network
from share_dispatch import store
from share_dispatch.config import config


def connect(
    org_id: str,
    employee_id: str,
    network: Network,
    *,
    access_token: str,
    author_id: str,
    followers: int = 0,
    expires_at: datetime | None = None,
) -> None:
    connection = {
        "network": network.value,
        "author_id": author_id,
        "followers": followers,
        "status": "active",
        "token": tokens.seal(access_token, org_id, config().token_key_id),
    }
    if expires_at is not None:
        connection["expires_at"] = expires_at.isoformat()
    store.put_connection(org_id, employee_id, network.value, connection)
