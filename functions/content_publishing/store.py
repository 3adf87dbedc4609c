"""The content table: the only module that talks to DynamoDB for content_publishing.

Access patterns (pk / sk):
- content item            ORG#{org} / CONTENT#{id}
- audit trail             ORG#{org}#CONTENT#{id} / AUDIT#{at}#{n}
- employee profile        ORG#{org} / EMPLOYEE#{sub}
- my shared items         ORG#{org}#EMPLOYEE#{sub} / SHARED#{content_id}
- vacancy → content       ORG#{org} / VACANCY#{provider}#{vacancy_id}
- due publish / expiry    DUE / {at}#{org}#{id}#{action}         (read by the schedule, never by a request)
- feed index (gsi1)       ORG#{org}#PUBLISHED / {published_at}#{id}   (sparse: only published items)
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from content_publishing.config import config
from content_publishing.model import ContentItem, Status
from estafette.aws import table
from estafette.domain import EmployeeProfile

FEED_WINDOW = 200  # newest published items one feed read considers; one or two DynamoDB pages


def _table() -> Any:
    return table(config().content_table_name)


def _content_key(org_id: str, content_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}", "sk": f"CONTENT#{content_id}"}


def _to_record(item: ContentItem) -> dict[str, Any]:
    record: dict[str, Any] = {**_content_key(item.org_id, item.content_id), **item.model_dump(mode="json")}
    if item.status is Status.PUBLISHED and item.published_at:
        record["gsi1pk"] = f"ORG#{item.org_id}#PUBLISHED"
        record["gsi1sk"] = f"{item.published_at.isoformat()}#{item.content_id}"
    return {k: v for k, v in record.items() if v is not None}


def _from_record(record: dict[str, Any]) -> ContentItem:
    return ContentItem.model_validate({k: v for k, v in record.items() if k not in ("pk", "sk", "gsi1pk", "gsi1sk")})


def get(org_id: str, content_id: str) -> ContentItem | None:
    record = _table().get_item(Key=_content_key(org_id, content_id)).get("Item")
    return _from_record(record) if record else None


def create(item: ContentItem) -> bool:
    """Store a new item; False when an item with that id already exists (a redelivered event)."""
    from botocore.exceptions import ClientError

    try:
        _table().put_item(Item=_to_record(item), ConditionExpression="attribute_not_exists(pk)")
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def save_transition(item: ContentItem, previous: Status, actor: str, reason: str, now: datetime) -> bool:
    """Write the item's new state and its audit entry together, only if nobody moved it meanwhile."""
    from botocore.exceptions import ClientError

    from estafette.aws import client

    name = config().content_table_name
    serializer = _serializer()
    record = _to_record(item)
    items: list[dict[str, Any]] = [
        {
            "Put": {
                "TableName": name,
                "Item": {k: serializer.serialize(v) for k, v in record.items()},
                "ConditionExpression": "#s = :previous",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {":previous": {"S": previous.value}},
            }
        },
        {
            "Put": {
                "TableName": name,
                "Item": {
                    "pk": {"S": f"ORG#{item.org_id}#CONTENT#{item.content_id}"},
                    "sk": {"S": f"AUDIT#{now.isoformat()}#{item.status.value}"},
                    "from": {"S": previous.value},
                    "to": {"S": item.status.value},
                    "actor": {"S": actor},
                    "reason": {"S": reason},
                    "at": {"S": now.isoformat()},
                },
            }
        },
    ]
    due = _due_marker(item)
    if due is not None:
        items.append({"Put": {"TableName": name, "Item": {k: serializer.serialize(v) for k, v in due.items()}}})
    try:
        client("dynamodb").transact_write_items(TransactItems=items)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            return False
        raise
    return True


def _due_marker(item: ContentItem) -> dict[str, Any] | None:
    if item.status is Status.SCHEDULED and item.publish_at:
        at, action = item.publish_at, "publish"
    elif item.status is Status.PUBLISHED and item.expires_at:
        at, action = item.expires_at, "expire"
    else:
        return None
    return {"pk": "DUE", "sk": f"{at.isoformat()}#{item.org_id}#{item.content_id}#{action}"}


def save(item: ContentItem) -> None:
    _table().put_item(Item=_to_record(item))
    due = _due_marker(item)
    if due is not None:
        _table().put_item(Item=due)


def audit_trail(org_id: str, content_id: str) -> list[dict[str, Any]]:
    response = _table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :audit)",
        ExpressionAttributeValues={":pk": f"ORG#{org_id}#CONTENT#{content_id}", ":audit": "AUDIT#"},
    )
    return [{k: v for k, v in r.items() if k not in ("pk", "sk")} for r in response.get("Items", [])]


def due_markers(now: datetime, limit: int = 100) -> list[tuple[str, str, str, str]]:
    """(sort key, org, content id, action) of publish/expiry work that is due."""
    response = _table().query(
        KeyConditionExpression="pk = :due AND sk <= :now",
        ExpressionAttributeValues={":due": "DUE", ":now": now.isoformat() + "~"},
        Limit=limit,
    )
    markers = []
    for record in response.get("Items", []):
        _at, org_id, content_id, action = record["sk"].rsplit("#", 3)
        markers.append((record["sk"], org_id, content_id, action))
    return markers


def delete_due_marker(sort_key: str) -> None:
    _table().delete_item(Key={"pk": "DUE", "sk": sort_key})


def list_library(org_id: str, limit: int, cursor: str | None) -> tuple[list[ContentItem], str | None]:
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :content)",
        "ExpressionAttributeValues": {":pk": f"ORG#{org_id}", ":content": "CONTENT#"},
        "Limit": limit,
        "ScanIndexForward": False,
    }
    if cursor:
        kwargs["ExclusiveStartKey"] = decode_cursor(cursor, org_id)
    response = _table().query(**kwargs)
    items = [_from_record(r) for r in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    return items, encode_cursor(last) if last else None


def published(org_id: str) -> list[ContentItem]:
    """The newest published items of the org, from the sparse feed index (at most FEED_WINDOW)."""
    response = _table().query(
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :pk",
        ExpressionAttributeValues={":pk": f"ORG#{org_id}#PUBLISHED"},
        ScanIndexForward=False,
        Limit=FEED_WINDOW,
    )
    return [_from_record(r) for r in response.get("Items", [])]


def shared_by(org_id: str, employee_id: str) -> set[str]:
    response = _table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :shared)",
        ExpressionAttributeValues={":pk": f"ORG#{org_id}#EMPLOYEE#{employee_id}", ":shared": "SHARED#"},
        ProjectionExpression="sk",
    )
    return {r["sk"].removeprefix("SHARED#") for r in response.get("Items", [])}


def mark_shared(org_id: str, employee_id: str, content_id: str) -> None:
    _table().put_item(Item={"pk": f"ORG#{org_id}#EMPLOYEE#{employee_id}", "sk": f"SHARED#{content_id}"})


def get_profile(org_id: str, employee_id: str) -> EmployeeProfile | None:
    record = _table().get_item(Key={"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{employee_id}"}).get("Item")
    if not record or record.get("left"):
        return None
    return EmployeeProfile.model_validate({k: v for k, v in record.items() if k in EmployeeProfile.model_fields})


def put_profile(org_id: str, profile: EmployeeProfile) -> None:
    _table().put_item(Item={"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{profile.employee_id}", **profile.model_dump(mode="json")})


def mark_left(org_id: str, employee_id: str) -> None:
    """Keep no personal data of a leaver: only a tombstone so late events don't re-create them."""
    _table().put_item(Item={"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{employee_id}", "employee_id": employee_id, "left": True})


def vacancy_content_id(org_id: str, provider: str, vacancy_id: str) -> str | None:
    record = _table().get_item(Key={"pk": f"ORG#{org_id}", "sk": f"VACANCY#{provider}#{vacancy_id}"}).get("Item")
    return record["content_id"] if record else None


def link_vacancy(org_id: str, provider: str, vacancy_id: str, content_id: str) -> None:
    _table().put_item(Item={"pk": f"ORG#{org_id}", "sk": f"VACANCY#{provider}#{vacancy_id}", "content_id": content_id})


def encode_cursor(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str, org_id: str) -> dict[str, Any]:
    """A cursor is opaque to clients; a forged one is refused, and it can never leave the caller's org."""
    from estafette.errors import Unprocessable

    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError as exc:
        raise Unprocessable(field="cursor", reason="not a cursor from this API") from exc
    if not isinstance(key, dict) or key.get("pk") != f"ORG#{org_id}":
        raise Unprocessable(field="cursor", reason="not a cursor from this API")
    return key


def _serializer() -> Any:
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer()
