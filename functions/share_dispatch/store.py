"""The shares table: the only module that talks to DynamoDB for share_dispatch.

Access patterns (pk / sk):
- share                   ORG#{org}#EMPLOYEE#{sub} / SHARE#{share_id}     (share ids sort by time)
- one share per item      ORG#{org}#EMPLOYEE#{sub} / SHARED#{content_id}#{network}
- shares per day (caps)   ORG#{org}#EMPLOYEE#{sub} / DAY#{yyyy-mm-dd}     (atomic counter)
- network connection      ORG#{org}#EMPLOYEE#{sub} / CONNECTION#{network}  (token sealed with KMS)
- content (projection)    ORG#{org} / CONTENT#{content_id}              (from ContentPublished/Expired)
- employee (projection)   ORG#{org} / EMPLOYEE#{sub}                    (from EmployeeJoined/Updated/Left)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from estafette.aws import client, table
from share_dispatch.config import config


def _table() -> Any:
    return table(config().shares_table_name)


def employee_pk(org_id: str, employee_id: str) -> str:
    return f"ORG#{org_id}#EMPLOYEE#{employee_id}"


def get_share(org_id: str, employee_id: str, share_id: str) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": employee_pk(org_id, employee_id), "sk": f"SHARE#{share_id}"}).get("Item")


def list_shares(org_id: str, employee_id: str, limit: int = 50) -> list[dict[str, Any]]:
    response = _table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :share)",
        ExpressionAttributeValues={":pk": employee_pk(org_id, employee_id), ":share": "SHARE#"},
        ScanIndexForward=False,
        Limit=limit,
    )
    return response.get("Items", [])


def create_share(share: dict[str, Any], day: date) -> bool:
    """Store the share, its one-per-item marker and the day's counter in one transaction.

    False when the employee already shared this content to this network.
    """
    from boto3.dynamodb.types import TypeSerializer
    from botocore.exceptions import ClientError

    s = TypeSerializer()
    name = config().shares_table_name
    pk = share["pk"]
    try:
        client("dynamodb").transact_write_items(
            TransactItems=[
                {"Put": {"TableName": name, "Item": {k: s.serialize(v) for k, v in share.items()}}},
                {
                    "Put": {
                        "TableName": name,
                        "Item": {
                            "pk": {"S": pk},
                            "sk": {"S": f"SHARED#{share['content_id']}#{share['network']}"},
                            "share_id": {"S": share["share_id"]},
                        },
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": {"S": pk}, "sk": {"S": f"DAY#{day.isoformat()}"}},
                        "UpdateExpression": "ADD shares :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
            ]
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            return False
        raise
    return True


def shares_on(org_id: str, employee_id: str, day: date) -> int:
    record = _table().get_item(Key={"pk": employee_pk(org_id, employee_id), "sk": f"DAY#{day.isoformat()}"}).get("Item")
    return int(record["shares"]) if record else 0


def mark_posted(org_id: str, employee_id: str, share_id: str, external_post_id: str, posted_at: str) -> bool:
    """Record the post once; False when it was already recorded (a redelivered message)."""
    from botocore.exceptions import ClientError

    try:
        _table().update_item(
            Key={"pk": employee_pk(org_id, employee_id), "sk": f"SHARE#{share_id}"},
            UpdateExpression="SET #s = :posted, external_post_id = :post, posted_at = :at",
            ConditionExpression="#s <> :posted",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":posted": "posted", ":post": external_post_id, ":at": posted_at},
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def mark_failed(org_id: str, employee_id: str, share_id: str, reason_code: str) -> None:
    _table().update_item(
        Key={"pk": employee_pk(org_id, employee_id), "sk": f"SHARE#{share_id}"},
        UpdateExpression="SET #s = :failed, failure = :reason",
        ConditionExpression="#s <> :posted",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":failed": "failed", ":reason": reason_code, ":posted": "posted"},
    )


def get_connection(org_id: str, employee_id: str, network: str) -> dict[str, Any] | None:
    record = _table().get_item(Key={"pk": employee_pk(org_id, employee_id), "sk": f"CONNECTION#{network}"}).get("Item")
    return record if record and record.get("status", "active") == "active" else None


def put_connection(org_id: str, employee_id: str, network: str, connection: dict[str, Any]) -> None:
    _table().put_item(Item={"pk": employee_pk(org_id, employee_id), "sk": f"CONNECTION#{network}", **connection})


def mark_connection_expired(org_id: str, employee_id: str, network: str) -> None:
    _table().update_item(
        Key={"pk": employee_pk(org_id, employee_id), "sk": f"CONNECTION#{network}"},
        UpdateExpression="SET #s = :expired",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":expired": "expired"},
    )


def get_content(org_id: str, content_id: str) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": f"ORG#{org_id}", "sk": f"CONTENT#{content_id}"}).get("Item")


def put_content(org_id: str, content: dict[str, Any]) -> None:
    _table().put_item(Item={"pk": f"ORG#{org_id}", "sk": f"CONTENT#{content['content_id']}", **content})


def expire_content(org_id: str, content_id: str) -> None:
    _table().update_item(
        Key={"pk": f"ORG#{org_id}", "sk": f"CONTENT#{content_id}"},
        UpdateExpression="SET expired = :yes",
        ExpressionAttributeValues={":yes": True},
    )


def get_employee(org_id: str, employee_id: str) -> dict[str, Any] | None:
    record = _table().get_item(Key={"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{employee_id}"}).get("Item")
    return None if not record or record.get("left") else record


def put_employee(org_id: str, profile: dict[str, Any]) -> None:
    _table().put_item(Item={"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{profile['employee_id']}", **profile})


def mark_employee_left(org_id: str, employee_id: str) -> None:
    _table().put_item(Item={"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{employee_id}", "employee_id": employee_id, "left": True})
