"""Industry sources in the content table (content_publishing's own; see store.py for the rest).

Access patterns (pk / sk):
- source                  ORG#{org} / SOURCE#{id}
    gsi1 (due, sparse)    SOURCES#DUE / {next_poll_at}#{org}#{id}         only while active; the schedule's one Query
- entry seen, by guid     ORG#{org} / ORIGIN#GUID#{fingerprint}            -> the draft it became
- entry seen, by URL      ORG#{org} / ORIGIN#URL#{fingerprint}             canonical URL, across all the org's sources

A new entry becomes a draft in one TransactWriteItems: the content item, both markers (each
`attribute_not_exists`) and the audit entry. A marker that exists cancels the write, so an
entry seen by guid or URL (in any source of the org, by any redelivered poll) never becomes a
second draft. Requests read sources by key (GetItem, or a Query of the org's SOURCE# range);
nothing scans.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from content_publishing import store
from content_publishing.model import ContentItem
from estafette.aws import conditional_write

DUE_PARTITION = "SOURCES#DUE"
MAX_SOURCES_PER_ORG = 100


def source_key(org_id: str, source_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}", "sk": f"SOURCE#{source_id}"}


def due_key(next_poll_at: datetime, org_id: str, source_id: str) -> str:
    return f"{store.stamp(next_poll_at)}#{org_id}#{source_id}"


def _record(source: dict[str, Any]) -> dict[str, Any]:
    record = {**source, **source_key(source["org_id"], source["source_id"])}
    record.pop("gsi1pk", None)
    record.pop("gsi1sk", None)
    if source.get("active") and source.get("next_poll_at"):
        record["gsi1pk"] = DUE_PARTITION
        record["gsi1sk"] = due_key(datetime.fromisoformat(source["next_poll_at"]), source["org_id"], source["source_id"])
    return store._without_nulls(record)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {k: store._plain(v) for k, v in record.items() if k not in ("pk", "sk")}


def get(org_id: str, source_id: str) -> dict[str, Any] | None:
    record = store._table().get_item(Key=source_key(org_id, source_id), ConsistentRead=True).get("Item")
    return _plain(record) if record else None


def list_for_org(org_id: str) -> list[dict[str, Any]]:
    """The org's sources (at most MAX_SOURCES_PER_ORG: one page of small items)."""
    response = store._table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :source)",
        ExpressionAttributeValues={":pk": f"ORG#{org_id}", ":source": "SOURCE#"},
    )
    return [_plain(r) for r in response.get("Items", [])]


def put(source: dict[str, Any], expected_revision: int | None) -> bool:
    """Create (None) or replace a source, only if nobody wrote it since `expected_revision` was read."""
    kwargs: dict[str, Any] = {"Item": _record(source)}
    if expected_revision is None:
        kwargs["ConditionExpression"] = "attribute_not_exists(pk)"
    else:
        kwargs["ConditionExpression"] = "revision = :revision"
        kwargs["ExpressionAttributeValues"] = {":revision": expected_revision}
    return conditional_write(store._table().put_item, **kwargs)


def delete(org_id: str, source_id: str) -> bool:
    return conditional_write(
        store._table().delete_item, Key=source_key(org_id, source_id), ConditionExpression="attribute_exists(pk)"
    )


def due(now: datetime) -> list[dict[str, str]]:
    """Every active source whose next poll is due: (org_id, source_id, due key), oldest first.

    One Query of the sparse due index; only the keys are projected into the answer. DynamoDB
    pages a Query at 1 MB of the index's items as stored (a source with its seen list is about
    730 bytes for a 12-entry feed, 1,530 for a 50-entry one), so a further Query follows only
    past some 700 to 1,400 due sources; no `Limit` is set, since one would end a page early and
    cost an empty Query when the due sources fill it exactly.
    """
    found: list[dict[str, str]] = []
    kwargs: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": "gsi1pk = :due AND gsi1sk <= :now",
        "ExpressionAttributeValues": {":due": DUE_PARTITION, ":now": store.stamp(now) + "~"},
        "ProjectionExpression": "gsi1sk",
    }
    while True:
        response = store._table().query(**kwargs)
        for record in response.get("Items", []):
            _, org_id, source_id = record["gsi1sk"].rsplit("#", 2)
            found.append({"org_id": org_id, "source_id": source_id, "due": record["gsi1sk"]})
        last = response.get("LastEvaluatedKey")
        if not last:
            return found
        kwargs["ExclusiveStartKey"] = last


def marker_keys(org_id: str, guid_fp: str, url_fp: str | None) -> list[dict[str, str]]:
    keys = [{"pk": f"ORG#{org_id}", "sk": f"ORIGIN#GUID#{guid_fp}"}]
    if url_fp:
        keys.append({"pk": f"ORG#{org_id}", "sk": f"ORIGIN#URL#{url_fp}"})
    return keys


def create_draft(item: ContentItem, markers: list[dict[str, str]], at: datetime) -> bool:
    """The draft, its de-duplication markers and its audit entry in one conditional write.

    False when a marker exists: the entry was already seen, here or in another source.
    """
    from botocore.exceptions import ClientError

    name = store._name()
    audit = {
        "pk": store._item_partition(item.org_id, item.content_id),
        "sk": f"AUDIT#{store.stamp(at)}#{secrets.token_hex(3)}",
        "action": "from_source",
        "from": None,
        "to": item.status.value,
        "actor": f"source:{item.origin.source_id if item.origin else ''}",
        "reason": "",
        "at": at.isoformat(),
    }
    actions: list[dict[str, Any]] = [
        {"Put": {"TableName": name, "Item": store._to_record(item), "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Put": {"TableName": name, "Item": audit}},
    ]
    for key in markers:
        marker = {**key, "content_id": item.content_id, "source_id": item.origin.source_id if item.origin else None}
        actions.append(
            {"Put": {"TableName": name, "Item": store._without_nulls(marker), "ConditionExpression": "attribute_not_exists(pk)"}}
        )
    try:
        store._client().transact_write_items(TransactItems=actions)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            return False
        raise
    return True
