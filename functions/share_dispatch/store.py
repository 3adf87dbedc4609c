"""The shares table: the only module that talks to DynamoDB for share_dispatch.

Access patterns (pk / sk), EMP = ORG#{org}#EMPLOYEE#{sub}:
- share                  EMP / SHARE#{share_id}                (ids sort by time: my shares newest first)
- one share per item     EMP / SHARED#{content_id}#{network}   (released again when a share fails or is cancelled)
- caps                   EMP / CAP#{network}#{yyyy-mm-dd} and CAP#{network}#{yyyy-Www}  (atomic counters, the
                         employee's own calendar, conditional on the cap; expire after 9 days)
- content mix            EMP / MIX                             (content types of my last 100 shares; `released`:
                         ids of those cancelled or failed since, which no longer count)
- network connection     EMP / CONNECTION#{network}            (tokens sealed with KMS)
- standing consent       EMP / CONSENT#{consent_id}, its history EMP / CONSENTLOG#{at}#{consent_id}
- consents by department ORG#{org}#AUTOSHARE#{content_type}#{department} / EMP#{sub}#{consent_id}
- recent texts per item  ORG#{org}#CONTENT#{content_id} / TEXT#{at}#{share_id}   (near-duplicates; expire)
- OAuth state            OAUTH#{sha256(state)} / STATE          (one use, expires after 10 minutes)
- content (projection)   ORG#{org} / CONTENT#{content_id}      (from ContentPublished/Updated/Expired)
- employee (projection)  ORG#{org} / EMPLOYEE#{sub}            (from EmployeeJoined/Updated/Left)

Index gsi1 (sparse, written only while there is something to do at a time):
- shares due             DUE#{yyyy-mm-dd} / {due_at}#{org}#{sub}#{share_id}   (scheduled shares at their time;
                         queued shares at a safety time, re-released if nothing happened by then;
                         intent shares awaiting the employee at the moment they lapse)
- connections to warn    WARN#{yyyy-mm-dd} / {org}#{sub}#{network}            (ConnectionExpiring is due that day)
Both are read by schedules with a Query per day bucket; nothing here is ever scanned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from estafette import clock
from estafette.aws import batch_get as shared_batch_get
from estafette.aws import client, table
from share_dispatch.config import config

CAP_TTL_SECONDS = 9 * 24 * 3600
MIX_KEEP = 100
OPEN_STATUSES = ("queued", "scheduled")
AWAITING_EMPLOYEE = "awaiting_employee"  # an intent share: the employee finishes it in the network's app


class Created(StrEnum):
    CREATED = "created"
    EXISTS = "exists"  # the very same share id was stored before (a redelivered auto-share)
    ALREADY_SHARED = "already_shared"
    CAP_REACHED = "cap_reached"


def _table() -> Any:
    return table(config().shares_table_name)


def _name() -> str:
    return config().shares_table_name


def employee_pk(org_id: str, employee_id: str) -> str:
    return f"ORG#{org_id}#EMPLOYEE#{employee_id}"


def stamp(moment: datetime) -> str:
    """A UTC timestamp that sorts as text: index sort keys compare these."""
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def due_keys(org_id: str, employee_id: str, share_id: str, due_at: datetime) -> dict[str, str]:
    at = stamp(due_at)
    return {"gsi1pk": f"DUE#{at[:10]}", "gsi1sk": f"{at}#{org_id}#{employee_id}#{share_id}"}


def _ser(value: dict[str, Any]) -> dict[str, Any]:
    from estafette.dynamodb import serialize

    return {k: serialize(v) for k, v in value.items() if v is not None}


def _deser(item: dict[str, Any]) -> dict[str, Any]:
    from estafette.dynamodb import deserialize_item

    return deserialize_item(item)


def _conditional_failed(exc: Exception) -> bool:
    return getattr(exc, "response", {}).get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def batch_get(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Items by (pk, sk), with the shared BatchGetItem helper (100 keys a call, bounded retries)."""
    wanted = [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in dict.fromkeys(keys)]
    items = (_deser(raw) for raw in shared_batch_get(client("dynamodb"), _name(), wanted))
    return {(item["pk"], item["sk"]): item for item in items}


# --- share requests -------------------------------------------------------------------------


def content_key(org_id: str, content_id: str) -> tuple[str, str]:
    return f"ORG#{org_id}", f"CONTENT#{content_id}"


def employee_key(org_id: str, employee_id: str) -> tuple[str, str]:
    return f"ORG#{org_id}", f"EMPLOYEE#{employee_id}"


def connection_key(org_id: str, employee_id: str, network: str) -> tuple[str, str]:
    return employee_pk(org_id, employee_id), f"CONNECTION#{network}"


def mix_key(org_id: str, employee_id: str) -> tuple[str, str]:
    return employee_pk(org_id, employee_id), "MIX"


def shared_marker_key(org_id: str, employee_id: str, content_id: str, network: str) -> tuple[str, str]:
    """The one-share-per-item marker: present while a share of this item on this network is open or posted."""
    return employee_pk(org_id, employee_id), f"SHARED#{content_id}#{network}"


def cap_keys(org_id: str, employee_id: str, network: str, day: str, week: str) -> tuple[tuple[str, str], tuple[str, str]]:
    pk = employee_pk(org_id, employee_id)
    return (pk, f"CAP#{network}#{day}"), (pk, f"CAP#{network}#{week}")


def cap_counts(org_id: str, employee_id: str, network: str, day: str, week: str) -> tuple[int, int]:
    day_key, week_key = cap_keys(org_id, employee_id, network, day, week)
    items = batch_get([day_key, week_key])
    return int(items.get(day_key, {}).get("shares", 0)), int(items.get(week_key, {}).get("shares", 0))


def recent_texts(org_id: str, content_id: str, since: datetime, limit: int = 100) -> list[tuple[str, str]]:
    """(employee_id, text) of shares of this item since `since`, newest first."""
    response = _table().query(
        KeyConditionExpression="pk = :pk AND sk >= :since",
        ExpressionAttributeValues={":pk": f"ORG#{org_id}#CONTENT#{content_id}", ":since": f"TEXT#{stamp(since)}"},
        ScanIndexForward=False,
        Limit=limit,
    )
    return [(i["employee_id"], i["text"]) for i in response.get("Items", [])]


def create_share(
    share: dict[str, Any],
    *,
    day: str,
    week: str,
    caps: tuple[int, int],
    recent_types: list[list[str]],
    text_ttl_days: int,
) -> Created:
    """Store a share with everything that must change with it, in one transaction.

    The share (new id), its one-per-item marker, the day and week counters (each conditional on
    its cap, so two concurrent shares cannot both take the last slot), the content-mix history
    and the text for near-duplicate checks.
    """
    from botocore.exceptions import ClientError

    org_id, employee_id, network = share["org_id"], share["employee_id"], share["network"]
    pk = share["pk"]
    now = int(clock.time())
    day_key, week_key = cap_keys(org_id, employee_id, network, day, week)
    mix = {"pk": pk, "sk": "MIX", "recent": recent_types[:MIX_KEEP]}
    text_item = {
        "pk": f"ORG#{org_id}#CONTENT#{share['content_id']}",
        "sk": f"TEXT#{share['created_at_key']}#{share['share_id']}",
        "employee_id": employee_id,
        "text": share.get("own_text", share["text"]),
        "ttl": now + text_ttl_days * 86400,
    }
    counter = {
        "UpdateExpression": "ADD shares :one SET #ttl = :ttl",
        "ConditionExpression": "attribute_not_exists(shares) OR shares < :cap",
        "ExpressionAttributeNames": {"#ttl": "ttl"},
    }
    stored = {k: v for k, v in share.items() if k not in ("created_at_key", "own_text")}
    items = [
        {"Put": {"TableName": _name(), "Item": _ser(stored), "ConditionExpression": "attribute_not_exists(pk)"}},
        {
            "Put": {
                "TableName": _name(),
                "Item": _ser({"pk": pk, "sk": f"SHARED#{share['content_id']}#{network}", "share_id": share["share_id"]}),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
        *[
            {
                "Update": {
                    "TableName": _name(),
                    "Key": _ser({"pk": key[0], "sk": key[1]}),
                    **counter,
                    "ExpressionAttributeValues": _ser({":one": 1, ":cap": cap, ":ttl": now + CAP_TTL_SECONDS}),
                }
            }
            for key, cap in ((day_key, caps[0]), (week_key, caps[1]))
        ],
        {"Put": {"TableName": _name(), "Item": _ser(mix)}},
        {"Put": {"TableName": _name(), "Item": _ser(text_item)}},
    ]
    try:
        client("dynamodb").transact_write_items(TransactItems=items)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
        if reasons[:1] == ["ConditionalCheckFailed"]:
            return Created.EXISTS
        if reasons[1:2] == ["ConditionalCheckFailed"]:
            return Created.ALREADY_SHARED
        if "ConditionalCheckFailed" in reasons[2:4]:
            return Created.CAP_REACHED
        if not reasons:  # an emulator that gives no reasons: find out which condition it was
            if get_share(org_id, employee_id, share["share_id"]):
                return Created.EXISTS
            if marker(org_id, employee_id, share["content_id"], network):
                return Created.ALREADY_SHARED
            return Created.CAP_REACHED
        raise
    return Created.CREATED


def put_blocked_share(share: dict[str, Any]) -> bool:
    """An automatic share the guard stopped, kept so the employee sees why. False when stored before."""
    from botocore.exceptions import ClientError

    try:
        _table().put_item(Item=share, ConditionExpression="attribute_not_exists(pk)")
    except ClientError as exc:
        if _conditional_failed(exc):
            return False
        raise
    return True


def marker(org_id: str, employee_id: str, content_id: str, network: str) -> dict[str, Any] | None:
    key = {"pk": employee_pk(org_id, employee_id), "sk": f"SHARED#{content_id}#{network}"}
    return _table().get_item(Key=key).get("Item")


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


def open_shares(org_id: str, employee_id: str) -> list[dict[str, Any]]:
    """The employee's shares still waiting to go out (offboarding cancels them)."""
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :share)",
        "FilterExpression": "#s IN (:queued, :scheduled)",
        "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {
            ":pk": employee_pk(org_id, employee_id),
            ":share": "SHARE#",
            ":queued": "queued",
            ":scheduled": "scheduled",
        },
    }
    while True:
        response = _table().query(**kwargs)
        items.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return items
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def _release_items(share: dict[str, Any], day: str | None, week: str | None) -> list[dict[str, Any]]:
    """The marker deleted, the cap counters given back and the share out of the content-mix history
    (it never went out): the employee may share this item again, and nothing counts against them."""
    pk = share["pk"]
    items: list[dict[str, Any]] = [
        {"Delete": {"TableName": _name(), "Key": _ser({"pk": pk, "sk": f"SHARED#{share['content_id']}#{share['network']}"})}},
        {
            "Update": {
                "TableName": _name(),
                "Key": _ser({"pk": pk, "sk": "MIX"}),
                "UpdateExpression": "ADD released :id",
                "ExpressionAttributeValues": _ser({":id": {share["share_id"]}}),
            }
        },
    ]
    for key in (day, week):
        if key:
            items.append(
                {
                    "Update": {
                        "TableName": _name(),
                        "Key": _ser({"pk": pk, "sk": f"CAP#{share['network']}#{key}"}),
                        "UpdateExpression": "ADD shares :minus",
                        "ConditionExpression": "shares > :zero",
                        "ExpressionAttributeValues": _ser({":minus": -1, ":zero": 0}),
                    }
                }
            )
    return items


def cancel_share(share: dict[str, Any], reason: str, at: datetime) -> bool:
    """Cancel a share that has not started posting. False when it is no longer open."""
    from botocore.exceptions import ClientError

    update = {
        "Update": {
            "TableName": _name(),
            "Key": _ser({"pk": share["pk"], "sk": share["sk"]}),
            "UpdateExpression": "SET #s = :cancelled, cancelled_at = :at, cancel_reason = :why REMOVE gsi1pk, gsi1sk",
            "ConditionExpression": "#s IN (:queued, :scheduled)",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": _ser(
                {":cancelled": "cancelled", ":at": stamp(at), ":why": reason, ":queued": "queued", ":scheduled": "scheduled"}
            ),
        }
    }
    try:
        client("dynamodb").transact_write_items(
            TransactItems=[update, *_release_items(share, share.get("cap_day"), share.get("cap_week"))]
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
            if not reasons or reasons[0] == "ConditionalCheckFailed":
                return False
            # A counter already at zero: cancel without giving it back.
            client("dynamodb").transact_write_items(TransactItems=[update, *_release_items(share, None, None)])
            return True
        raise
    return True


# --- the dispatch worker --------------------------------------------------------------------


def claim(org_id: str, employee_id: str, share_id: str, now: datetime, lease_until: datetime) -> tuple[dict | None, dict | None]:
    """Take a queued share for posting (or one whose previous worker's lease ran out).

    Returns (claimed item, None) or (None, current item) when it is not claimable.
    """
    from botocore.exceptions import ClientError

    try:
        response = _table().update_item(
            Key={"pk": employee_pk(org_id, employee_id), "sk": f"SHARE#{share_id}"},
            UpdateExpression="SET #s = :posting, lease_until = :lease, attempts = if_not_exists(attempts, :zero) + :one, "
            "previous_status = #s",
            ConditionExpression="#s = :queued OR (#s = :posting AND lease_until < :now)",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={
                ":posting": "posting",
                ":queued": "queued",
                ":lease": stamp(lease_until),
                ":now": stamp(now),
                ":zero": 0,
                ":one": 1,
            },
            ReturnValues="ALL_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as exc:
        if _conditional_failed(exc):
            old = exc.response.get("Item")
            return None, _deser(old) if old else get_share(org_id, employee_id, share_id)
        raise
    return response["Attributes"], None


def mark_posted(share: dict[str, Any], external_post_id: str, posted_at: datetime, post_url: str | None) -> bool:
    """Record the post once; False when this worker no longer holds the share."""
    from botocore.exceptions import ClientError

    try:
        _table().update_item(
            Key={"pk": share["pk"], "sk": share["sk"]},
            UpdateExpression="SET #s = :posted, external_post_id = :post, posted_at = :at, post_url = :url "
            "REMOVE lease_until, gsi1pk, gsi1sk, uncertain",
            ConditionExpression="#s = :posting AND attempts = :attempt",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={
                ":posted": "posted",
                ":posting": "posting",
                ":post": external_post_id,
                ":at": stamp(posted_at),
                ":url": post_url or "",
                ":attempt": share["attempts"],
            },
        )
    except ClientError as exc:
        if _conditional_failed(exc):
            return False
        raise
    return True


def release_claim(share: dict[str, Any], *, retry_at: datetime, error: str, uncertain: bool) -> None:
    """Give a share back to the queue after a transient failure; the safety re-release moves with the retry."""
    from botocore.exceptions import ClientError

    keys = due_keys(share["org_id"], share["employee_id"], share["share_id"], retry_at)
    try:
        _table().update_item(
            Key={"pk": share["pk"], "sk": share["sk"]},
            UpdateExpression="SET #s = :queued, last_error = :error, gsi1pk = :gpk, gsi1sk = :gsk"
            + (", uncertain = :yes" if uncertain else "")
            + " REMOVE lease_until",
            ConditionExpression="#s = :posting AND attempts = :attempt",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={
                ":queued": "queued",
                ":posting": "posting",
                ":error": error[:200],
                ":gpk": keys["gsi1pk"],
                ":gsk": keys["gsi1sk"],
                ":attempt": share["attempts"],
                **({":yes": True} if uncertain else {}),
            },
        )
    except ClientError as exc:
        if not _conditional_failed(exc):
            raise


def mark_failed(share: dict[str, Any], reason_code: str, reason: str, *, expire_connection: bool = False) -> bool:
    """Fail a share for good and let the employee share the item again. False when it was settled before."""
    from botocore.exceptions import ClientError

    update = {
        "Update": {
            "TableName": _name(),
            "Key": _ser({"pk": share["pk"], "sk": share["sk"]}),
            "UpdateExpression": "SET #s = :failed, failure = :code, failure_reason = :reason REMOVE lease_until, gsi1pk, gsi1sk",
            "ConditionExpression": "#s IN (:posting, :queued, :scheduled)",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": _ser(
                {
                    ":failed": "failed",
                    ":code": reason_code,
                    ":reason": reason[:300],
                    ":posting": "posting",
                    ":queued": "queued",
                    ":scheduled": "scheduled",
                }
            ),
        }
    }
    items = [update, *_release_items(share, share.get("cap_day"), share.get("cap_week"))]
    if expire_connection:
        items.append(
            {
                "Update": {
                    "TableName": _name(),
                    "Key": _ser({"pk": share["pk"], "sk": f"CONNECTION#{share['network']}"}),
                    "UpdateExpression": "SET #s = :expired",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeNames": {"#s": "status"},
                    "ExpressionAttributeValues": _ser({":expired": "expired"}),
                }
            }
        )
    try:
        client("dynamodb").transact_write_items(TransactItems=items)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
            if not reasons or reasons[0] == "ConditionalCheckFailed":
                return False
            client("dynamodb").transact_write_items(TransactItems=[update, *_release_items(share, None, None)])
            return True
        raise
    return True


# --- intent shares ---------------------------------------------------------------------------


def confirm_self_reported(share: dict[str, Any], at: datetime) -> bool:
    """The employee says they posted an intent share: it counts, marked self-reported. False when it
    no longer waits for them (confirmed before, or lapsed)."""
    from estafette.aws import conditional_write

    return conditional_write(
        _table().update_item,
        Key={"pk": share["pk"], "sk": share["sk"]},
        UpdateExpression="SET #s = :posted, posted_at = :at, self_reported = :yes REMOVE gsi1pk, gsi1sk",
        ConditionExpression="#s = :waiting",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":posted": "posted", ":at": stamp(at), ":yes": True, ":waiting": AWAITING_EMPLOYEE},
    )


def lapse(share: dict[str, Any], at: datetime) -> bool:
    """An intent share nobody confirmed in time: it lapses, and the item may be shared again (its
    marker, cap counters and content-mix entry are given back). False when it was settled before."""
    from botocore.exceptions import ClientError

    update = {
        "Update": {
            "TableName": _name(),
            "Key": _ser({"pk": share["pk"], "sk": share["sk"]}),
            "UpdateExpression": "SET #s = :lapsed, lapsed_at = :at REMOVE gsi1pk, gsi1sk",
            "ConditionExpression": "#s = :waiting",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": _ser({":lapsed": "lapsed", ":at": stamp(at), ":waiting": AWAITING_EMPLOYEE}),
        }
    }
    try:
        client("dynamodb").transact_write_items(
            TransactItems=[update, *_release_items(share, share.get("cap_day"), share.get("cap_week"))]
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
        if not reasons or reasons[0] == "ConditionalCheckFailed":
            return False
        client("dynamodb").transact_write_items(TransactItems=[update, *_release_items(share, None, None)])
    return True


# --- scheduled release ----------------------------------------------------------------------


def due_shares(day: str, until: datetime, limit: int = 500) -> list[dict[str, Any]]:
    response = _table().query(
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :day AND gsi1sk <= :until",
        ExpressionAttributeValues={":day": f"DUE#{day}", ":until": f"{stamp(until)}#~"},
        Limit=limit,
    )
    return response.get("Items", [])


def release(share: dict[str, Any], *, next_check: datetime, from_status: str) -> bool:
    """A due share goes to the queue: scheduled → queued, and its safety re-release moves on."""
    from botocore.exceptions import ClientError

    keys = due_keys(share["org_id"], share["employee_id"], share["share_id"], next_check)
    try:
        _table().update_item(
            Key={"pk": share["pk"], "sk": share["sk"]},
            UpdateExpression="SET #s = :queued, gsi1pk = :gpk, gsi1sk = :gsk, releases = if_not_exists(releases, :zero) + :one",
            ConditionExpression="#s = :from AND gsi1sk = :old",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={
                ":queued": "queued",
                ":from": from_status,
                ":old": share["gsi1sk"],
                ":gpk": keys["gsi1pk"],
                ":gsk": keys["gsi1sk"],
                ":zero": 0,
                ":one": 1,
            },
        )
    except ClientError as exc:
        if _conditional_failed(exc):
            return False
        raise
    return True


# --- connections ----------------------------------------------------------------------------


def get_connection(org_id: str, employee_id: str, network: str, *, any_status: bool = False) -> dict[str, Any] | None:
    pk, sk = connection_key(org_id, employee_id, network)
    record = _table().get_item(Key={"pk": pk, "sk": sk}).get("Item")
    if record is None:
        return None
    return record if any_status or record.get("status", "active") == "active" else None


def list_connections(org_id: str, employee_id: str) -> list[dict[str, Any]]:
    response = _table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :c)",
        ExpressionAttributeValues={":pk": employee_pk(org_id, employee_id), ":c": "CONNECTION#"},
    )
    return response.get("Items", [])


def put_connection(org_id: str, employee_id: str, network: str, connection: dict[str, Any]) -> None:
    pk, sk = connection_key(org_id, employee_id, network)
    _table().put_item(Item={**connection, "pk": pk, "sk": sk})


def replace_tokens(connection: dict[str, Any], changes: dict[str, Any], remove: list[str]) -> bool:
    """Store refreshed tokens unless another worker refreshed first (the version moved on)."""
    from botocore.exceptions import ClientError

    names = {f"#a{i}": k for i, k in enumerate(changes)}
    values = {f":a{i}": v for i, v in enumerate(changes.values())}
    expression = "SET " + ", ".join(f"#a{i} = :a{i}" for i in range(len(changes))) + ", version = :next"
    if remove:
        names.update({f"#r{i}": k for i, k in enumerate(remove)})
        expression += " REMOVE " + ", ".join(f"#r{i}" for i in range(len(remove)))
    try:
        _table().update_item(
            Key={"pk": connection["pk"], "sk": connection["sk"]},
            UpdateExpression=expression,
            ConditionExpression="version = :version",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={
                **values,
                ":version": connection.get("version", 0),
                ":next": connection.get("version", 0) + 1,
            },
        )
    except ClientError as exc:
        if _conditional_failed(exc):
            return False
        raise
    return True


def delete_connection(org_id: str, employee_id: str, network: str) -> None:
    pk, sk = connection_key(org_id, employee_id, network)
    _table().delete_item(Key={"pk": pk, "sk": sk})


def mark_connection_expired(org_id: str, employee_id: str, network: str) -> None:
    from botocore.exceptions import ClientError

    pk, sk = connection_key(org_id, employee_id, network)
    try:
        _table().update_item(
            Key={"pk": pk, "sk": sk},
            UpdateExpression="SET #s = :expired REMOVE gsi1pk, gsi1sk",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":expired": "expired"},
        )
    except ClientError as exc:
        if not _conditional_failed(exc):
            raise


def connections_to_warn(day: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": "gsi1pk = :day",
        "ExpressionAttributeValues": {":day": f"WARN#{day}"},
    }
    while True:
        response = _table().query(**kwargs)
        items.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return items
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def mark_warned(connection: dict[str, Any], reconnect_by: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        _table().update_item(
            Key={"pk": connection["pk"], "sk": connection["sk"]},
            UpdateExpression="SET warned_for = :by REMOVE gsi1pk, gsi1sk",
            ConditionExpression="reconnect_by = :by AND gsi1pk = :gpk",
            ExpressionAttributeValues={":by": reconnect_by, ":gpk": connection["gsi1pk"]},
        )
    except ClientError as exc:
        if _conditional_failed(exc):
            return False
        raise
    return True


# --- OAuth state ----------------------------------------------------------------------------


def _state_key(state: str) -> dict[str, str]:
    return {"pk": f"OAUTH#{hashlib.sha256(state.encode()).hexdigest()}", "sk": "STATE"}


def put_oauth_state(state: str, record: dict[str, Any], ttl_seconds: int) -> None:
    _table().put_item(Item={**record, **_state_key(state), "ttl": int(clock.time()) + ttl_seconds})


def take_oauth_state(state: str) -> dict[str, Any] | None:
    """The state's record, deleted in the same call: a state works once."""
    from botocore.exceptions import ClientError

    try:
        response = _table().delete_item(Key=_state_key(state), ConditionExpression="attribute_exists(pk)", ReturnValues="ALL_OLD")
    except ClientError as exc:
        if _conditional_failed(exc):
            return None
        raise
    record = response.get("Attributes")
    if not record or int(record.get("ttl", 0)) < clock.time():
        return None
    return record


# --- consents -------------------------------------------------------------------------------


def autoshare_pk(org_id: str, content_type: str, department: str) -> str:
    return f"ORG#{org_id}#AUTOSHARE#{content_type}#{department.casefold()}"


def put_consent(consent: dict[str, Any], log: dict[str, Any]) -> None:
    org_id, employee_id, consent_id = consent["org_id"], consent["employee_id"], consent["consent_id"]
    pk = employee_pk(org_id, employee_id)
    index = {
        "pk": autoshare_pk(org_id, consent["content_type"], consent["department"]),
        "sk": f"EMP#{employee_id}#{consent_id}",
        "employee_id": employee_id,
        "consent_id": consent_id,
        "network": consent["network"],
    }
    client("dynamodb").transact_write_items(
        TransactItems=[
            {
                "Put": {
                    "TableName": _name(),
                    "Item": _ser({**consent, "pk": pk, "sk": f"CONSENT#{consent_id}"}),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            {"Put": {"TableName": _name(), "Item": _ser({**log, "pk": pk, "sk": f"CONSENTLOG#{log['at']}#{consent_id}"})}},
            {"Put": {"TableName": _name(), "Item": _ser(index)}},
        ]
    )


def revoke_consent(consent: dict[str, Any], log: dict[str, Any]) -> bool:
    from botocore.exceptions import ClientError

    pk = employee_pk(consent["org_id"], consent["employee_id"])
    try:
        client("dynamodb").transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": _name(),
                        "Key": _ser({"pk": pk, "sk": f"CONSENT#{consent['consent_id']}"}),
                        "UpdateExpression": "SET #s = :revoked, revoked_at = :at, revoked_because = :why",
                        "ConditionExpression": "#s = :active",
                        "ExpressionAttributeNames": {"#s": "status"},
                        "ExpressionAttributeValues": _ser(
                            {":revoked": "revoked", ":active": "active", ":at": log["at"], ":why": log["reason"]}
                        ),
                    }
                },
                {
                    "Put": {
                        "TableName": _name(),
                        "Item": _ser({**log, "pk": pk, "sk": f"CONSENTLOG#{log['at']}#{consent['consent_id']}"}),
                    }
                },
                {
                    "Delete": {
                        "TableName": _name(),
                        "Key": _ser(
                            {
                                "pk": autoshare_pk(consent["org_id"], consent["content_type"], consent["department"]),
                                "sk": f"EMP#{consent['employee_id']}#{consent['consent_id']}",
                            }
                        ),
                    }
                },
            ]
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            return False
        raise
    return True


def _query_all(pk: str, prefix: str, newest_first: bool = False) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": pk, ":prefix": prefix},
        "ScanIndexForward": not newest_first,
    }
    while True:
        response = _table().query(**kwargs)
        items.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return items
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def list_consents(org_id: str, employee_id: str) -> list[dict[str, Any]]:
    return _query_all(employee_pk(org_id, employee_id), "CONSENT#")


def consent_history(org_id: str, employee_id: str) -> list[dict[str, Any]]:
    return _query_all(employee_pk(org_id, employee_id), "CONSENTLOG#", newest_first=True)


def get_consent(org_id: str, employee_id: str, consent_id: str) -> dict[str, Any] | None:
    key = {"pk": employee_pk(org_id, employee_id), "sk": f"CONSENT#{consent_id}"}
    return _table().get_item(Key=key).get("Item")


def consents_for(org_id: str, content_type: str, department: str) -> list[dict[str, Any]]:
    return _query_all(autoshare_pk(org_id, content_type, department), "EMP#")


# --- projections ----------------------------------------------------------------------------


def get_content(org_id: str, content_id: str) -> dict[str, Any] | None:
    pk, sk = content_key(org_id, content_id)
    return _table().get_item(Key={"pk": pk, "sk": sk}).get("Item")


def put_content(org_id: str, content: dict[str, Any]) -> None:
    pk, sk = content_key(org_id, content["content_id"])
    _table().put_item(Item={**content, "pk": pk, "sk": sk})


def expire_content(org_id: str, content_id: str) -> None:
    pk, sk = content_key(org_id, content_id)
    _table().update_item(
        Key={"pk": pk, "sk": sk}, UpdateExpression="SET expired = :yes", ExpressionAttributeValues={":yes": True}
    )


def get_employee(org_id: str, employee_id: str) -> dict[str, Any] | None:
    """The employee's profile; None when unknown or gone (see `employee_record` for leavers)."""
    record = employee_record(org_id, employee_id)
    return None if not record or record.get("left") else record


def employee_record(org_id: str, employee_id: str) -> dict[str, Any] | None:
    pk, sk = employee_key(org_id, employee_id)
    return _table().get_item(Key={"pk": pk, "sk": sk}).get("Item")


def put_employee(org_id: str, profile: dict[str, Any]) -> None:
    pk, sk = employee_key(org_id, profile["employee_id"])
    _table().put_item(Item={**profile, "pk": pk, "sk": sk})


def update_employee(org_id: str, profile: dict[str, Any]) -> bool:
    """A profile change of someone still here; False (nothing written) for a leaver."""
    from estafette.aws import conditional_write

    pk, sk = employee_key(org_id, profile["employee_id"])
    return conditional_write(
        _table().put_item,
        Item={**profile, "pk": pk, "sk": sk},
        ConditionExpression="attribute_not_exists(#left) OR #left = :no",
        ExpressionAttributeNames={"#left": "left"},
        ExpressionAttributeValues={":no": False},
    )


def mark_employee_left(org_id: str, employee_id: str) -> None:
    pk, sk = employee_key(org_id, employee_id)
    _table().put_item(Item={"pk": pk, "sk": sk, "employee_id": employee_id, "left": True})
