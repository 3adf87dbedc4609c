"""The metrics table: the only module of metric_collection that talks to its own DynamoDB table.

Access patterns (pk / sk) in the metrics table:
- link              LINK#{code} / LINK                         codes are global: /r/{code} carries no org
- visitor of a day  LINK#{code} / VISITOR#{day}#{hash}         salted HMAC, expires after 2 days; no IP is stored
- harvested post    ORG#{org}#SHARE#{share_id} / POST          counters, cadence, last harvest, last failure
- due index (GSI `due`, sparse)                                only posts that will be harvested again
                    due_pk DUE#{yyyy-mm-ddThh} / due_sk {next harvest, ISO second}#{org}#{share_id}
- planner cursor    PLANNER / CURSOR                           due times up to here have been queued
- rate budget       RATE#{network} / MINUTE#{yyyy-mm-ddThh:mm} metrics calls reserved in that minute (expires)

The due index is the planner's work list: one hour's bucket is one GSI partition, sorted by due
time, so the planner reads exactly the posts that fell due since its last run, whatever the number
of historical shares. A harvest moves the post to its next bucket; a closed window removes the
index keys, so finished posts leave the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from estafette import clock
from estafette.aws import batch_get, conditional_write, table
from metric_collection.config import config

VISITOR_TTL_SECONDS = 2 * 24 * 3600
RATE_TTL_SECONDS = 3600
DUE_INDEX = "due"
CURSOR_KEY = {"pk": "PLANNER", "sk": "CURSOR"}


def _table() -> Any:
    return table(config().metrics_table_name)


def iso(moment: datetime) -> str:
    """Fixed-width UTC to the second: sorts as text in the same order as in time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def due_bucket(due: str) -> str:
    return f"DUE#{due[:13]}"


# --- tracked links ----------------------------------------------------------------------------


def register_link(code: str, fields: dict[str, Any]) -> None:
    """Create or complete a link's record (ShareRequested and SharePosted may arrive in either order)."""
    _table().update_item(**_link_update(code, fields))


def _link_update(code: str, fields: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in fields.items() if v is not None}
    return {
        "Key": {"pk": f"LINK#{code}", "sk": "LINK"},
        "UpdateExpression": "SET " + ", ".join(f"#f{i} = :f{i}" for i in range(len(values))),
        "ExpressionAttributeNames": {f"#f{i}": name for i, name in enumerate(values)},
        "ExpressionAttributeValues": {f":f{i}": value for i, value in enumerate(values.values())},
    }


def get_link(code: str) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": f"LINK#{code}", "sk": "LINK"}).get("Item")


def first_click_today(code: str, day: str, visitor: str, click_event_id: str) -> bool:
    """True for the visitor's first click on this link that day. The click's event id is kept with the
    visitor, so a redelivered click gets the same answer as the first time."""
    return conditional_write(
        _table().put_item,
        Item={
            "pk": f"LINK#{code}",
            "sk": f"VISITOR#{day}#{visitor}",
            "first_click": click_event_id,
            "ttl": int(clock.time()) + VISITOR_TTL_SECONDS,
        },
        ConditionExpression="attribute_not_exists(pk) OR first_click = :event",
        ExpressionAttributeValues={":event": click_event_id},
    )


# --- harvested posts --------------------------------------------------------------------------


def post_key(org_id: str, share_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}#SHARE#{share_id}", "sk": "POST"}


def due_fields(org_id: str, share_id: str, due: str) -> dict[str, str]:
    return {"next_harvest_at": due, "due_pk": due_bucket(due), "due_sk": f"{due}#{org_id}#{share_id}"}


def register_post(post: dict[str, Any], link: tuple[str, dict[str, Any]] | None = None) -> bool:
    """Store a newly posted share once; False when it was registered before (a redelivered event).

    With `link` (code, fields), the tracked link's record is completed in the same transaction: a
    posted share costs one write call. A redelivery cancels the whole transaction on the post's
    condition; the link was completed by the first delivery.
    """
    item = {**post_key(post["org_id"], post["share_id"]), **post}
    if link is None:
        return conditional_write(_table().put_item, Item=item, ConditionExpression="attribute_not_exists(pk)")
    from botocore.exceptions import ClientError

    name = config().metrics_table_name
    try:
        _table().meta.client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Update": {"TableName": name, **_link_update(*link)}},
            ]
        )
    except ClientError as exc:
        reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
        if exc.response["Error"]["Code"] == "TransactionCanceledException" and reasons[:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    return True


def get_post(org_id: str, share_id: str) -> dict[str, Any] | None:
    return _table().get_item(Key=post_key(org_id, share_id)).get("Item")


def get_posts(org_id: str, share_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Posts by share id, read in one BatchGetItem per 100 (unprocessed keys are retried)."""
    keys = [post_key(org_id, s) for s in dict.fromkeys(share_ids)]
    return {item["share_id"]: item for item in batch_get(_table().meta.client, config().metrics_table_name, keys)}


def record_harvest(org_id: str, share_id: str, planned_due: str, changes: dict[str, Any], next_due: str | None) -> bool:
    """Store a harvest's counters, once: the write only happens while the post still waits for the
    harvest planned at `planned_due`. False when that harvest was already recorded."""
    return _advance(org_id, share_id, planned_due, changes, next_due, remove=("last_failure",))


def record_failure(org_id: str, share_id: str, planned_due: str, failure: dict[str, Any], next_due: str | None) -> bool:
    """Note why the harvest planned at `planned_due` failed and when it is tried again."""
    return _advance(org_id, share_id, planned_due, {"last_failure": failure}, next_due)


def reschedule(org_id: str, share_id: str, planned_due: str, next_due: str) -> bool:
    """Move the harvest planned at `planned_due` to `next_due` (a wait longer than a queue can delay)."""
    return _advance(org_id, share_id, planned_due, {}, next_due)


def _advance(
    org_id: str,
    share_id: str,
    planned_due: str,
    changes: dict[str, Any],
    next_due: str | None,
    remove: tuple[str, ...] = (),
) -> bool:
    values = dict(changes)
    removed = list(remove)
    if next_due is None:  # the window has closed: leave the due index for good
        values["status"] = "done"
        removed += ["next_harvest_at", "due_pk", "due_sk"]
    else:
        values.update(due_fields(org_id, share_id, next_due))
    names = {f"#f{i}": name for i, name in enumerate(values)}
    names.update({f"#r{i}": name for i, name in enumerate(removed)})
    expression = "SET " + ", ".join(f"#f{i} = :f{i}" for i in range(len(values)))
    if removed:
        expression += " REMOVE " + ", ".join(f"#r{i}" for i in range(len(removed)))
    return conditional_write(
        _table().update_item,
        Key=post_key(org_id, share_id),
        UpdateExpression=expression,
        ConditionExpression="next_harvest_at = :planned",
        ExpressionAttributeNames=names,
        ExpressionAttributeValues={":planned": planned_due, **{f":f{i}": v for i, v in enumerate(values.values())}},
    )


# --- the planner's due index and cursor ---------------------------------------------------------


def due_between(bucket: str, after: str, until: str) -> Iterator[list[dict[str, Any]]]:
    """Pages of posts in one hour's bucket due after `after` and at or before `until` (ISO seconds)."""
    # '#' < '$': "{t}$" sorts after every "{t}#org#share" and before any later second.
    kwargs: dict[str, Any] = {
        "IndexName": DUE_INDEX,
        "KeyConditionExpression": "due_pk = :bucket AND due_sk BETWEEN :low AND :high",
        "ExpressionAttributeValues": {":bucket": bucket, ":low": f"{after}$", ":high": f"{until}$"},
    }
    while True:
        response = _table().query(**kwargs)
        yield response.get("Items", [])
        if "LastEvaluatedKey" not in response:
            return
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def get_cursor() -> str | None:
    item = _table().get_item(Key=CURSOR_KEY).get("Item")
    return item["until"] if item else None


def save_cursor(until: str) -> None:
    _table().put_item(Item={**CURSOR_KEY, "until": until})


# --- the per-network rate budget ----------------------------------------------------------------


def reserve_calls(network: str, minute: str, calls: int, limit: int) -> bool:
    """Take `calls` from the network's budget for that minute; False when they don't fit."""
    return conditional_write(
        _table().update_item,
        Key={"pk": f"RATE#{network}", "sk": f"MINUTE#{minute}"},
        UpdateExpression="ADD calls :n SET #ttl = if_not_exists(#ttl, :ttl)",
        ConditionExpression="attribute_not_exists(calls) OR calls <= :room",
        ExpressionAttributeNames={"#ttl": "ttl"},
        ExpressionAttributeValues={":n": calls, ":room": limit - calls, ":ttl": int(clock.time()) + RATE_TTL_SECONDS},
    )


def exhaust_minute(network: str, minute: str, limit: int) -> None:
    """The network answered 429: spend what is left of this minute, so other workers hold back too."""
    _table().update_item(
        Key={"pk": f"RATE#{network}", "sk": f"MINUTE#{minute}"},
        UpdateExpression="SET calls = :limit, #ttl = if_not_exists(#ttl, :ttl)",
        ExpressionAttributeNames={"#ttl": "ttl"},
        ExpressionAttributeValues={":limit": limit, ":ttl": int(clock.time()) + RATE_TTL_SECONDS},
    )
