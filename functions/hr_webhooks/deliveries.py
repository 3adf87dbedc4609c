"""The delivery log: every webhook delivery an org received, and the dedupe records behind it.

What is stored is what admins need to trust the integration: provider, the sender's delivery id,
what it meant (events), its status and, for a rejection, why. Never a header, a body or a secret.

Statuses: `received` (recorded, its events not yet on the bus), `processed` (events emitted),
`duplicate` (seen before: no second effect), `ignored` (authentic, but nothing in it applies to
Estafette) and `rejected` (bad signature, stale timestamp, or a payload that doesn't map).

Access patterns, webhooks table (pk / sk):
- delivery   ORG#{org} / DELIVERY#{provider}#{dedupe key}  conditional put, the first one wins; then
             status received → processed. Kept for good when the provider signs no timestamp (it
             is the replay protection), else expires after RETENTION_DAYS.
- log entry  ORG#{org} / LOG#{received at}#{n}              duplicate, ignored and rejected deliveries;
             expires after RETENTION_DAYS.
- Greenhouse job facts     ORG#{org} / JOB#greenhouse#{job id}    department and offices, for its posts
                                                                    (providers/greenhouse.py)
- planned leave            DUE#OFFBOARD / {due at}#{org}#{person}    read by the schedule only (schedule.py)
- the log, newest first    gsi1: ORG#{org}#LOG / {received at}#{n}
- the log of one status    gsi2: ORG#{org}#LOG#{status} / {received at}#{n}
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from estafette import clock
from estafette.aws import table
from estafette.errors import Unprocessable
from hr_webhooks.config import config

RETENTION_DAYS = 90
RECEIVED, PROCESSED, DUPLICATE, IGNORED, REJECTED = "received", "processed", "duplicate", "ignored", "rejected"
STATUSES = (RECEIVED, PROCESSED, DUPLICATE, IGNORED, REJECTED)
MAX_REASON = 500


def _table() -> Any:
    return table(config().webhooks_table_name)


def _expiry() -> int:
    return int(clock.time()) + RETENTION_DAYS * 24 * 3600


def _log_keys(org_id: str, status: str, received_at: str) -> dict[str, str]:
    order = f"{received_at}#{secrets.token_hex(4)}"
    return {"gsi1pk": f"ORG#{org_id}#LOG", "gsi1sk": order, "gsi2pk": f"ORG#{org_id}#LOG#{status}", "gsi2sk": order}


@dataclass(frozen=True)
class Entry:
    provider: str
    delivery_id: str
    kind: str
    events: Sequence[str]
    received_at: str
    reason: str = ""


def record_first(org_id: str, dedupe_key: str, entry: Entry, *, expires: bool) -> str | None:
    """Record a delivery as received, unless one with this key exists: then its status."""
    from botocore.exceptions import ClientError

    item: dict[str, Any] = {
        "pk": f"ORG#{org_id}",
        "sk": f"DELIVERY#{entry.provider}#{dedupe_key}",
        "provider": entry.provider,
        "delivery_id": entry.delivery_id,
        "kind": entry.kind,
        "events": list(entry.events),
        "status": RECEIVED,
        "received_at": entry.received_at,
        **_log_keys(org_id, RECEIVED, entry.received_at),
    }
    if entry.reason:
        item["reason"] = entry.reason[:MAX_REASON]
    if expires:
        item["ttl"] = _expiry()
    try:
        _table().put_item(
            Item=item, ConditionExpression="attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure="ALL_OLD"
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return str((exc.response.get("Item") or {}).get("status", {}).get("S", PROCESSED))
        raise
    return None


def mark_processed(
    org_id: str, provider: str, dedupe_key: str, processed_at: str, events: Sequence[str] = (), reason: str = ""
) -> None:
    """The delivery's events are on the bus; `events` and `reason` say what it finally meant."""
    expression = "SET #s = :s, gsi2pk = :g, processed_at = :at, events = :e"
    values: dict[str, Any] = {":s": PROCESSED, ":g": f"ORG#{org_id}#LOG#{PROCESSED}", ":at": processed_at, ":e": list(events)}
    if reason:
        expression += ", reason = :r"
        values[":r"] = reason[:MAX_REASON]
    _table().update_item(
        Key={"pk": f"ORG#{org_id}", "sk": f"DELIVERY#{provider}#{dedupe_key}"},
        UpdateExpression=expression,
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues=values,
    )


def record(org_id: str, status: str, entry: Entry) -> None:
    """A log entry for a delivery that had no effect: duplicate, ignored or rejected."""
    keys = _log_keys(org_id, status, entry.received_at)
    item: dict[str, Any] = {
        "pk": f"ORG#{org_id}",
        "sk": f"LOG#{keys['gsi1sk']}",
        "provider": entry.provider,
        "status": status,
        "received_at": entry.received_at,
        "ttl": _expiry(),
        **keys,
    }
    if entry.delivery_id:
        item["delivery_id"] = entry.delivery_id
    if entry.kind:
        item["kind"] = entry.kind[:100]
    if entry.events:
        item["events"] = list(entry.events)
    if entry.reason:
        item["reason"] = entry.reason[:MAX_REASON]
    _table().put_item(Item=item)


# --- reading the log ---------------------------------------------------------------------------

SHOWN = ("provider", "delivery_id", "kind", "events", "status", "reason", "received_at", "processed_at")


def page(org_id: str, status: str | None, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the org's log, newest first; `status` narrows it to one status."""
    index, key, value = ("gsi2", "gsi2pk", f"ORG#{org_id}#LOG#{status}") if status else ("gsi1", "gsi1pk", f"ORG#{org_id}#LOG")
    kwargs: dict[str, Any] = {
        "IndexName": index,
        "KeyConditionExpression": f"{key} = :v",
        "ExpressionAttributeValues": {":v": value},
        "ScanIndexForward": False,
        "Limit": limit,
    }
    if cursor:
        kwargs["ExclusiveStartKey"] = decode_cursor(cursor, org_id, key, value)
    response = _table().query(**kwargs)
    items = [{k: _plain(item[k]) for k in SHOWN if k in item} for item in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    return items, encode_cursor(last) if last else None


def _plain(value: Any) -> Any:
    return [str(v) for v in value] if isinstance(value, list | set) else value


def encode_cursor(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str, org_id: str, index_key: str, index_value: str) -> dict[str, Any]:
    """A cursor is opaque to clients; a forged one is refused, and it can never leave the caller's org."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError as exc:
        raise Unprocessable(field="cursor", reason="not a cursor from this API") from exc
    if (
        not isinstance(key, dict)
        or key.get("pk") != f"ORG#{org_id}"
        or key.get(index_key) != index_value
        or not all(isinstance(v, str) for v in key.values())
    ):
        raise Unprocessable(field="cursor", reason="not a cursor from this API")
    return key
