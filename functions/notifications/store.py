"""The notifications table: the only module that talks to DynamoDB for notifications.

Access patterns (pk / sk):
- directory member     ORG#{org}#DIRECTORY / EMP#{emp}          profile, prefs, left; one Query lists the org's directory
- content (by id)      ORG#{org}#CONTENT / ID#{content_id}       what was published: title, url, type, audience, expiry
- content (newest)     ORG#{org}#CONTENT / AT#{published_at}#{id}  the same, newest first, for the weekly suggestion
- daily digest         ORG#{org}#EMP#{emp} / DIGEST#{local date}  new_ids, vacancy_ids (string sets), send_at, queued_at
- weekly impact        ORG#{org}#EMP#{emp} / IMPACT#{yyyy-Www}    shares, clicks, clicks_{network}, reach, send_at, queued_at
- all-time impact      ORG#{org}#EMP#{emp} / IMPACT#TOTAL
- shared by me         ORG#{org}#EMP#{emp} / SHARED#{content_id}
- deferred alert       ORG#{org}#EMP#{emp} / DEFERRED#{notification_id}   an alert held back by quiet hours
- delivery claim       ORG#{org}#SENT / {notification_id}         claimed → sent: each notification goes out once
- event marker         EVENT#{event_id} / EVENT                   counted events (impact), expires after 30 days
- due index (gsi1)     DUE#{shard} / {send_at}#{pk}#{sk}          sparse: digests, weeks and deferred alerts until queued

Nothing on a request path reads more than one member item; the schedule reads the due index
by key range, never by Scan.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from estafette import clock
from estafette.aws import batch_get, conditional_write, table
from estafette.domain import EmployeeProfile, Language
from notifications.config import config
from notifications.model import Member, Preferences

SHARDS = 4
DAY = 24 * 3600
DIGEST_TTL = 30 * DAY
IMPACT_TTL = 400 * DAY
DEFERRED_TTL = 30 * DAY
CLAIM_TTL = 90 * DAY
MARKER_TTL = 30 * DAY
CONTENT_TTL_AFTER_EXPIRY = 30 * DAY
CLAIM_SECONDS = 300  # a sender that died mid-send lets a retry take over after this long
PROFILE_FIELDS = ("email", "name", "department", "role", "location", "language", "timezone")


def _table() -> Any:
    return table(config().notifications_table_name)


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _ttl(seconds: int, after: float | None = None) -> int:
    return int((clock.time() if after is None else after) + seconds)


def shard_of(org_id: str, employee_id: str) -> str:
    return f"DUE#{zlib.crc32(f'{org_id}#{employee_id}'.encode()) % SHARDS}"


def employee_pk(org_id: str, employee_id: str) -> str:
    return f"ORG#{org_id}#EMP#{employee_id}"


# --- directory ------------------------------------------------------------------------------


def _member_key(org_id: str, employee_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}#DIRECTORY", "sk": f"EMP#{employee_id}"}


def _member(org_id: str, record: dict[str, Any]) -> Member:
    prefs = record.get("prefs")
    return Member(
        org_id=org_id,
        employee_id=record["sk"].removeprefix("EMP#"),
        email=record.get("email") or None,
        name=record.get("name") or "",
        department=record.get("department"),
        role=record.get("role"),
        location=record.get("location"),
        language=Language(record.get("language") or Language.EN),
        timezone=record.get("timezone") or "Europe/Amsterdam",
        left=bool(record.get("left")),
        preferences=Preferences.model_validate(prefs) if prefs else Preferences(),
    )


def upsert_member(org_id: str, profile: EmployeeProfile, at: datetime, *, rejoin: bool) -> bool:
    """Apply a joiner's or a profile change; older news than what we hold changes nothing.

    A leaver is never brought back by a profile change; only a join after the leave (a rehire) does.
    """
    values = profile.model_dump(mode="json")
    names = {f"#f{i}": name for i, name in enumerate(PROFILE_FIELDS)}
    sets = ", ".join(f"#f{i} = :f{i}" for i in range(len(PROFILE_FIELDS)))
    attribute_values: dict[str, Any] = {f":f{i}": values.get(name) for i, name in enumerate(PROFILE_FIELDS)}
    attribute_values[":at"] = _iso(at)
    condition = "(attribute_not_exists(updated_at) OR updated_at <= :at) AND "
    if rejoin:
        condition += "(attribute_not_exists(left_at) OR left_at < :at)"
        update = f"SET {sets}, updated_at = :at, #left = :false REMOVE left_at"
        attribute_values[":false"] = False
        names["#left"] = "left"
    else:
        condition += "attribute_not_exists(left_at)"
        update = f"SET {sets}, updated_at = :at"
    return conditional_write(
        _table().update_item,
        Key=_member_key(org_id, profile.employee_id),
        UpdateExpression=update,
        ConditionExpression=condition,
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=attribute_values,
    )


def mark_left(org_id: str, employee_id: str, at: datetime) -> bool:
    """A leaver: keep only a tombstone (no address, no name, no preferences), so nothing is ever sent again."""
    return conditional_write(
        _table().update_item,
        Key=_member_key(org_id, employee_id),
        UpdateExpression="SET #left = :true, left_at = :at, updated_at = :at REMOVE email, #name, department, #role, "
        "#location, prefs",
        ConditionExpression="attribute_not_exists(updated_at) OR updated_at <= :at",
        ExpressionAttributeNames={"#left": "left", "#name": "name", "#role": "role", "#location": "location"},
        ExpressionAttributeValues={":true": True, ":at": _iso(at)},
    )


def get_member(org_id: str, employee_id: str) -> Member | None:
    record = _table().get_item(Key=_member_key(org_id, employee_id), ConsistentRead=True).get("Item")
    return _member(org_id, record) if record else None


def members(org_id: str) -> Iterator[Member]:
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": f"ORG#{org_id}#DIRECTORY"},
    }
    while True:
        response = _table().query(**kwargs)
        for record in response.get("Items", []):
            yield _member(org_id, record)
        if "LastEvaluatedKey" not in response:
            return
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def save_preferences(org_id: str, employee_id: str, preferences: Preferences) -> bool:
    """False for a leaver. Someone the directory has not heard of yet gets an item with only preferences."""
    return conditional_write(
        _table().update_item,
        Key=_member_key(org_id, employee_id),
        UpdateExpression="SET prefs = :prefs",
        ConditionExpression="attribute_not_exists(#left) OR #left = :false",
        ExpressionAttributeNames={"#left": "left"},
        ExpressionAttributeValues={":prefs": preferences.model_dump(mode="json"), ":false": False},
    )


# --- content ----------------------------------------------------------------------------------


def put_content(org_id: str, record: dict[str, Any]) -> None:
    """Keep (or refresh) what notifications knows of a published item, under its id and by publication time."""
    content_id, published_at = record["content_id"], record["published_at"]
    expires = record.get("expires_at")
    ttl = _ttl(CONTENT_TTL_AFTER_EXPIRY, datetime.fromisoformat(expires).timestamp()) if expires else _ttl(IMPACT_TTL)
    item = {**record, "ttl": ttl}
    pk = f"ORG#{org_id}#CONTENT"
    _table().put_item(Item={"pk": pk, "sk": f"ID#{content_id}", **item})
    _table().put_item(Item={"pk": pk, "sk": f"AT#{published_at}#{content_id}", **item})


def expire_content(org_id: str, content_id: str) -> None:
    pk = f"ORG#{org_id}#CONTENT"
    record = _table().get_item(Key={"pk": pk, "sk": f"ID#{content_id}"}).get("Item")
    if record is None:
        return
    for sk in (f"ID#{content_id}", f"AT#{record['published_at']}#{content_id}"):
        _table().update_item(
            Key={"pk": pk, "sk": sk}, UpdateExpression="SET expired = :true", ExpressionAttributeValues={":true": True}
        )


def contents(org_id: str, content_ids: list[str]) -> dict[str, dict[str, Any]]:
    pk = f"ORG#{org_id}#CONTENT"
    found = _batch_get([{"pk": pk, "sk": f"ID#{content_id}"} for content_id in content_ids])
    return {record["content_id"]: record for record in found}


def newest_content(org_id: str, limit: int = 50) -> list[dict[str, Any]]:
    response = _table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :at)",
        ExpressionAttributeValues={":pk": f"ORG#{org_id}#CONTENT", ":at": "AT#"},
        ScanIndexForward=False,
        Limit=limit,
    )
    return list(response.get("Items", []))


def _batch_get(keys: list[dict[str, str]]) -> list[dict[str, Any]]:
    return batch_get(_table().meta.client, config().notifications_table_name, keys)


# --- the daily digest -------------------------------------------------------------------------


def add_to_digest(org_id: str, employee_id: str, day: str, send_at: datetime, content_id: str, *, vacancy: bool) -> bool:
    """Add an item to the employee's digest of `day`; False when that digest has already been queued."""
    pk = employee_pk(org_id, employee_id)
    sk = f"DIGEST#{day}"
    field = "vacancy_ids" if vacancy else "new_ids"
    return conditional_write(
        _table().update_item,
        Key={"pk": pk, "sk": sk},
        UpdateExpression=f"ADD {field} :id SET send_at = if_not_exists(send_at, :send_at), org_id = :org, "
        "employee_id = :emp, gsi1pk = if_not_exists(gsi1pk, :shard), gsi1sk = if_not_exists(gsi1sk, :due), "
        "#ttl = if_not_exists(#ttl, :ttl)",
        ConditionExpression="attribute_not_exists(queued_at)",
        ExpressionAttributeNames={"#ttl": "ttl"},
        ExpressionAttributeValues={
            ":id": {content_id},
            ":org": org_id,
            ":emp": employee_id,
            ":send_at": _iso(send_at),
            ":shard": shard_of(org_id, employee_id),
            ":due": f"{_iso(send_at)}#{pk}#{sk}",
            ":ttl": _ttl(DIGEST_TTL),
        },
    )


def pending_digests(org_id: str, employee_id: str, from_day: str) -> list[dict[str, Any]]:
    """The employee's digests from `from_day` on that have not been queued yet (at most a few)."""
    response = _table().query(
        KeyConditionExpression="pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues={":pk": employee_pk(org_id, employee_id), ":from": f"DIGEST#{from_day}", ":to": "DIGEST#~"},
        ConsistentRead=True,
    )
    return [r for r in response.get("Items", []) if "queued_at" not in r]


def get(key: dict[str, str]) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": key["pk"], "sk": key["sk"]}, ConsistentRead=True).get("Item")


# --- impact -----------------------------------------------------------------------------------


def count_impact(
    org_id: str,
    employee_id: str,
    event_id: str,
    week: str | None,
    send_at: datetime,
    counters: dict[str, int],
    shared_content_id: str | None = None,
) -> bool:
    """Add an event's counters to the employee's week and all-time totals, once per event id.

    A week whose digest has already been queued (a late click), or `week=None`, only moves the all-time totals.
    False when the event had been counted before. `shared_content_id` (a share): the item is marked
    shared in the same transaction (what `shared_among` reads), so a share costs one write call.
    """
    from botocore.exceptions import ClientError

    name = config().notifications_table_name
    pk = employee_pk(org_id, employee_id)
    names = {f"#c{i}": counter for i, counter in enumerate(counters)}
    values: dict[str, Any] = {f":c{i}": value for i, value in enumerate(counters.values())}
    adds = ", ".join(f"#c{i} :c{i}" for i in range(len(counters)))
    marker = {
        "Put": {
            "TableName": name,
            "Item": {"pk": f"EVENT#{event_id}", "sk": "EVENT", "ttl": _ttl(MARKER_TTL)},
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }
    total = {
        "Update": {
            "TableName": name,
            "Key": {"pk": pk, "sk": "IMPACT#TOTAL"},
            "UpdateExpression": f"ADD {adds}",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }
    week_sk = f"IMPACT#{week or ''}"
    this_week = {
        "Update": {
            "TableName": name,
            "Key": {"pk": pk, "sk": week_sk},
            "UpdateExpression": f"ADD {adds} SET send_at = if_not_exists(send_at, :send_at), org_id = :org, "
            "employee_id = :emp, gsi1pk = if_not_exists(gsi1pk, :shard), gsi1sk = if_not_exists(gsi1sk, :due), "
            "#ttl = if_not_exists(#ttl, :ttl)",
            "ConditionExpression": "attribute_not_exists(queued_at)",
            "ExpressionAttributeNames": {**names, "#ttl": "ttl"},
            "ExpressionAttributeValues": {
                **values,
                ":org": org_id,
                ":emp": employee_id,
                ":send_at": _iso(send_at),
                ":shard": shard_of(org_id, employee_id),
                ":due": f"{_iso(send_at)}#{pk}#{week_sk}",
                ":ttl": _ttl(IMPACT_TTL),
            },
        }
    }
    client = _table().meta.client
    attempts: list[list[dict[str, Any]]] = [[marker, this_week, total], [marker, total]] if week else [[marker, total]]
    if shared_content_id is not None:
        shared = {"Put": {"TableName": name, "Item": _shared_item(org_id, employee_id, shared_content_id)}}
        attempts = [[*items, shared] for items in attempts]
    for items in attempts:
        try:
            client.transact_write_items(TransactItems=items)
        except ClientError as exc:
            reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            if reasons[:1] == ["ConditionalCheckFailed"]:
                return False  # counted before
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed" and items[1] is this_week:
                continue  # that week's digest has gone out: count it in the totals only
            raise
        return True
    return True


def _shared_item(org_id: str, employee_id: str, content_id: str) -> dict[str, Any]:
    return {"pk": employee_pk(org_id, employee_id), "sk": f"SHARED#{content_id}", "ttl": _ttl(IMPACT_TTL)}


def shared_among(org_id: str, employee_id: str, content_ids: list[str]) -> set[str]:
    pk = employee_pk(org_id, employee_id)
    found = _batch_get([{"pk": pk, "sk": f"SHARED#{content_id}"} for content_id in content_ids])
    return {record["sk"].removeprefix("SHARED#") for record in found}


# --- deferred alerts and the due index --------------------------------------------------------


def defer(org_id: str, employee_id: str, notification_id: str, request: dict[str, Any], send_at: datetime) -> None:
    pk, sk = employee_pk(org_id, employee_id), f"DEFERRED#{notification_id}"
    conditional_write(
        _table().put_item,
        Item={
            "pk": pk,
            "sk": sk,
            "org_id": org_id,
            "employee_id": employee_id,
            "request": request,
            "send_at": _iso(send_at),
            "gsi1pk": shard_of(org_id, employee_id),
            "gsi1sk": f"{_iso(send_at)}#{pk}#{sk}",
            "ttl": _ttl(DEFERRED_TTL),
        },
        ConditionExpression="attribute_not_exists(pk)",
    )


def due(
    shard: int, now: datetime, limit: int, start: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """A page of the shard's due items (send_at ≤ now), and where the next page starts (None: no more)."""
    kwargs: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": "gsi1pk = :shard AND gsi1sk <= :now",
        "ExpressionAttributeValues": {":shard": f"DUE#{shard}", ":now": f"{_iso(now)}#~"},
        "Limit": limit,
    }
    if start:
        kwargs["ExclusiveStartKey"] = start
    response = _table().query(**kwargs)
    return list(response.get("Items", [])), response.get("LastEvaluatedKey")


def mark_queued(key: dict[str, str], now: datetime) -> None:
    """Take an item off the due index once its message is on the send queue."""
    conditional_write(
        _table().update_item,
        Key={"pk": key["pk"], "sk": key["sk"]},
        UpdateExpression="SET queued_at = :now REMOVE gsi1pk, gsi1sk",
        ConditionExpression="attribute_exists(gsi1pk)",
        ExpressionAttributeValues={":now": _iso(now)},
    )


# --- delivery claims --------------------------------------------------------------------------


def _claim_key(org_id: str, notification_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}#SENT", "sk": notification_id}


def claim(org_id: str, notification_id: str, now: datetime) -> bool:
    """Take the right to send a notification; False when it was sent, or another sender is on it."""
    return conditional_write(
        _table().put_item,
        Item={
            **_claim_key(org_id, notification_id),
            "state": "claimed",
            "claimed_until": _iso(now + timedelta(seconds=CLAIM_SECONDS)),
            "ttl": _ttl(CLAIM_TTL),
        },
        ConditionExpression="attribute_not_exists(pk) OR (#state = :claimed AND claimed_until < :now)",
        ExpressionAttributeNames={"#state": "state"},
        ExpressionAttributeValues={":claimed": "claimed", ":now": _iso(now)},
    )


def release(org_id: str, notification_id: str) -> None:
    """A send failed: let the retry claim it at once."""
    conditional_write(
        _table().delete_item,
        Key=_claim_key(org_id, notification_id),
        ConditionExpression="#state = :claimed",
        ExpressionAttributeNames={"#state": "state"},
        ExpressionAttributeValues={":claimed": "claimed"},
    )


def mark_sent(org_id: str, notification_id: str, now: datetime, outcome: str = "sent") -> None:
    _table().update_item(
        Key=_claim_key(org_id, notification_id),
        UpdateExpression="SET #state = :state, sent_at = :now REMOVE claimed_until",
        ExpressionAttributeNames={"#state": "state"},
        ExpressionAttributeValues={":state": outcome, ":now": _iso(now)},
    )


def was_sent(org_id: str, notification_id: str) -> bool:
    record = _table().get_item(Key=_claim_key(org_id, notification_id)).get("Item")
    return bool(record and record.get("state") != "claimed")
