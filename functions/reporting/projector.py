"""Projects domain events into report aggregates.

Each event's counters are added with atomic ADD in one transaction together with a
marker keyed by `event_id` that must not exist yet: a replayed or redelivered event
cancels the transaction and changes nothing.

Access patterns (pk / sk) in the reporting table:
- org day totals   ORG#{org} / DAY#{yyyy-mm-dd}       counters: shares, shares_{network}, clicks, clicks_{network}, unique_clicks
- event marker     EVENT#{event_id} / EVENT           (expires after 30 days; redeliveries come within SQS's 14)
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from estafette.aws import client
from estafette.events import EventData, EventMetadata, LinkClicked, ShareFailed, SharePosted
from reporting.config import config

MARKER_TTL_SECONDS = 30 * 24 * 3600


def counters_for(event: EventData) -> tuple[datetime, dict[str, int]] | None:
    """Which day's counters an event moves, and by how much."""
    match event:
        case SharePosted():
            return event.posted_at, {"shares": 1, f"shares_{event.network.value}": 1, "reach": event.followers}
        case LinkClicked():
            counters = {"clicks": 1, f"clicks_{event.network.value}": 1}
            if event.unique:
                counters["unique_clicks"] = 1
            return event.clicked_at, counters
        case ShareFailed():
            return None  # failures are reported from the share itself once reporting grows a failure view
    return None


def project(event: EventData, metadata: EventMetadata) -> bool:
    """Apply the event once; False when it had been applied before."""
    from botocore.exceptions import ClientError

    moved = counters_for(event)
    if moved is None:
        return False
    at, counters = moved
    names = {f"#c{i}": name for i, name in enumerate(counters)}
    values = {f":c{i}": {"N": str(value)} for i, value in enumerate(counters.values())}
    table_name = config().reporting_table_name
    items: list[dict[str, Any]] = [
        {
            "Put": {
                "TableName": table_name,
                "Item": {
                    "pk": {"S": f"EVENT#{metadata.event_id}"},
                    "sk": {"S": "EVENT"},
                    "ttl": {"N": str(int(time.time()) + MARKER_TTL_SECONDS)},
                },
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
        {
            "Update": {
                "TableName": table_name,
                "Key": {"pk": {"S": f"ORG#{metadata.org_id}"}, "sk": {"S": f"DAY#{at.date().isoformat()}"}},
                "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counters))),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        },
    ]
    try:
        client("dynamodb").transact_write_items(TransactItems=items)
    except ClientError as exc:
        reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
        if exc.response["Error"]["Code"] == "TransactionCanceledException" and reasons[:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    return True
