"""The delivery log: every webhook delivery, accepted, duplicate or rejected, without secrets.

Access patterns (pk / sk) in the webhooks table:
- delivery     ORG#{org} / DELIVERY#{provider}#{delivery_id}   (conditional put: the first one wins)
- rejection    ORG#{org} / REJECTED#{at}#{n}                    (reason only; expires after 30 days)
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from estafette.aws import table
from hr_webhooks.config import config

REJECTION_TTL_SECONDS = 30 * 24 * 3600


def _table() -> Any:
    return table(config().webhooks_table_name)


def record_first(org_id: str, provider: str, delivery_id: str, event_name: str, received_at: str) -> bool:
    """True for the first delivery with this id; False for a redelivery."""
    from botocore.exceptions import ClientError

    try:
        _table().put_item(
            Item={
                "pk": f"ORG#{org_id}",
                "sk": f"DELIVERY#{provider}#{delivery_id}",
                "provider": provider,
                "delivery_id": delivery_id,
                "event": event_name,
                "status": "received",
                "received_at": received_at,
            },
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def mark(org_id: str, provider: str, delivery_id: str, status: str) -> None:
    _table().update_item(
        Key={"pk": f"ORG#{org_id}", "sk": f"DELIVERY#{provider}#{delivery_id}"},
        UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": status},
    )


def record_rejection(org_id: str, provider: str, reason: str, received_at: str) -> None:
    _table().put_item(
        Item={
            "pk": f"ORG#{org_id}",
            "sk": f"REJECTED#{received_at}#{secrets.token_hex(3)}",
            "provider": provider,
            "status": "rejected",
            "reason": reason,
            "received_at": received_at,
            "ttl": int(time.time()) + REJECTION_TTL_SECONDS,
        }
    )
