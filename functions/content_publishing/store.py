"""The content table: the only module that talks to DynamoDB for content_publishing.

Access patterns (pk / sk; every key starts with the org except the schedule's DUE partition):
- content item            ORG#{org} / CONTENT#{id}
    gsi1 (by status)      ORG#{org}#STATUS#{status} / {status_at}#{id}   review queue, scheduled, published...
    gsi2 (library)        ORG#{org}#LIBRARY / {created_at}#{id}          the whole library, newest first
    gsi3 (from sources)   ORG#{org}#ORIGIN#source / {created_at}#{id}    drafts made from feed entries, newest first
- audit trail             ORG#{org}#CONTENT#{id} / AUDIT#{at}#{n}
- feed entry              ORG#{org}#CONTENT#{id} / FEED#{audience key}    one per audience combination, while published
    gsi1 (the feed)       ORG#{org}#FEED#{audience key} / {rank}#{id}    the whole partition of one key, best first
- feed head               ORG#{org}#FEED#{audience key} / HEAD           the key's best HEAD_SIZE entries: a page reads
                                                                         every head it needs in one BatchGetItem
- share counter           ORG#{org}#CONTENT#{id} / FEEDSTATS              sorts right after the entries: read together
- one share, counted      ORG#{org}#CONTENT#{id} / SHARE#{share_id}      makes the counter idempotent
- feed shapes in use      ORG#{org} / FEEDSHAPES                         which audience shapes the org has published
- employee profile        ORG#{org} / EMPLOYEE#{sub}
- my shared items         ORG#{org}#EMPLOYEE#{sub} / SHARED#{content_id}
- vacancy → content       ORG#{org} / VACANCY#{provider}#{vacancy_id}
- reviewers               ORG#{org} / REVIEWER#{sub}                    curators and admins who used the library
- due work                DUE / {at}#{org}#{id}#{action}                 read by the schedule, never by a request
- industry sources, their due index and de-duplication markers: see source_store.py

Every request-path read is a GetItem, BatchGetItem or Query on a known key; nothing scans.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from content_publishing.config import config
from content_publishing.model import ContentItem
from estafette.aws import batch_get, conditional_write, table
from estafette.domain import EmployeeProfile

KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk")
BATCH_WRITE_SIZE = 25  # DynamoDB's BatchWriteItem limit


def _table() -> Any:
    return table(config().content_table_name)


def _client() -> Any:
    # The resource's client converts Python values to DynamoDB's and back.
    return _table().meta.client


def _name() -> str:
    return config().content_table_name


def _content_key(org_id: str, content_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}", "sk": f"CONTENT#{content_id}"}


def _item_partition(org_id: str, content_id: str) -> str:
    return f"ORG#{org_id}#CONTENT#{content_id}"


def _to_record(item: ContentItem) -> dict[str, Any]:
    status_at = (item.status_at or item.updated_at).isoformat()
    record: dict[str, Any] = {
        **_content_key(item.org_id, item.content_id),
        "gsi1pk": f"ORG#{item.org_id}#STATUS#{item.status.value}",
        "gsi1sk": f"{status_at}#{item.content_id}",
        "gsi2pk": f"ORG#{item.org_id}#LIBRARY",
        "gsi2sk": f"{item.created_at.isoformat()}#{item.content_id}",
        **item.model_dump(mode="json"),
    }
    if item.origin is not None:
        record["gsi3pk"] = f"ORG#{item.org_id}#ORIGIN#source"
        record["gsi3sk"] = record["gsi2sk"]
    return _without_nulls(record)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _from_record(record: dict[str, Any]) -> ContentItem:
    return ContentItem.model_validate({k: _plain(v) for k, v in record.items() if k not in KEY_ATTRIBUTES})


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- content items, the audit trail and due work, written together -------------------------


@dataclass(frozen=True)
class AuditEntry:
    action: str
    actor: str
    at: datetime
    from_status: str | None
    to_status: str
    reason: str = ""
    fields: list[str] = field(default_factory=list)


def stamp(at: datetime) -> str:
    """A fixed-width UTC time, so string order is time order whatever offset the input had."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Marker:
    """Work the schedule does at `at`: publish, expire, or announce (sync the feed and emit an event)."""

    at: datetime
    org_id: str
    content_id: str
    action: str  # publish | expire | announce-{revision}
    event: str | None = None
    reason: str = ""
    fields: tuple[str, ...] = ()
    actor: str = ""

    @property
    def sort_key(self) -> str:
        return f"{stamp(self.at)}#{self.org_id}#{self.content_id}#{self.action}"

    @property
    def revision(self) -> int:
        return int(self.action.rsplit("-", 1)[1]) if self.action.startswith("announce-") else 0

    def record(self) -> dict[str, Any]:
        return _without_nulls(
            {
                "pk": "DUE",
                "sk": self.sort_key,
                "event": self.event,
                "reason": self.reason or None,
                "fields": list(self.fields) or None,
                "actor": self.actor or None,
            }
        )

    @classmethod
    def of(cls, record: dict[str, Any]) -> Marker:
        at, org_id, content_id, action = record["sk"].rsplit("#", 3)
        return cls(
            at=datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
            org_id=org_id,
            content_id=content_id,
            action=action,
            event=record.get("event"),
            reason=record.get("reason", ""),
            fields=tuple(record.get("fields", ())),
            actor=record.get("actor", ""),
        )


def save(
    item: ContentItem,
    *,
    expected_revision: int | None,
    audit: AuditEntry,
    add: Iterable[Marker] = (),
    remove: Iterable[str] = (),
) -> bool:
    """Write the item, its audit entry and its due work in one transaction.

    `expected_revision` None creates the item (refused if the id exists); otherwise the write
    only happens if nobody changed the item since it was read. False when refused.
    """
    from botocore.exceptions import ClientError

    name = _name()
    put: dict[str, Any] = {"TableName": name, "Item": _to_record(item)}
    if expected_revision is None:
        put["ConditionExpression"] = "attribute_not_exists(pk)"
    else:
        put["ConditionExpression"] = "revision = :revision"
        put["ExpressionAttributeValues"] = {":revision": expected_revision}
    audit_record: dict[str, Any] = {
        "pk": _item_partition(item.org_id, item.content_id),
        "sk": f"AUDIT#{stamp(audit.at)}#{secrets.token_hex(3)}",
        "action": audit.action,
        "from": audit.from_status,  # None when the item was created
        "to": audit.to_status,
        "actor": audit.actor,
        "reason": audit.reason,
        "at": audit.at.isoformat(),
    }
    if audit.fields:
        audit_record["fields"] = audit.fields
    actions: list[dict[str, Any]] = [{"Put": put}, {"Put": {"TableName": name, "Item": audit_record}}]
    for marker in add:
        actions.append({"Put": {"TableName": name, "Item": marker.record()}})
    for sort_key in remove:
        actions.append({"Delete": {"TableName": name, "Key": {"pk": "DUE", "sk": sort_key}}})
    try:
        _client().transact_write_items(TransactItems=actions)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            return False
        raise
    return True


def get(org_id: str, content_id: str) -> ContentItem | None:
    record = _table().get_item(Key=_content_key(org_id, content_id), ConsistentRead=True).get("Item")
    return _from_record(record) if record else None


def get_many(org_id: str, content_ids: list[str]) -> dict[str, tuple[ContentItem, int]]:
    """Items and their share counts by id, in one BatchGetItem (at most 50 ids)."""
    if not content_ids:
        return {}
    keys: list[dict[str, str]] = []
    for content_id in dict.fromkeys(content_ids):
        keys.append(_content_key(org_id, content_id))
        keys.append({"pk": _item_partition(org_id, content_id), "sk": "FEEDSTATS"})
    records = _batch_get(keys)
    counts = {r["pk"].rsplit("#", 1)[1]: int(r.get("share_count", 0)) for r in records if r["sk"] == "FEEDSTATS"}
    found = {}
    for record in records:
        if record["sk"].startswith("CONTENT#"):
            item = _from_record(record)
            found[item.content_id] = (item, counts.get(item.content_id, 0))
    return found


def share_count(org_id: str, content_id: str) -> int:
    record = _table().get_item(Key={"pk": _item_partition(org_id, content_id), "sk": "FEEDSTATS"}).get("Item")
    return int(record.get("share_count", 0)) if record else 0


def _batch_get(keys: list[dict[str, str]]) -> list[dict[str, Any]]:
    return batch_get(_client(), _name(), keys)


def audit_trail(org_id: str, content_id: str) -> list[dict[str, Any]]:
    response = _table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :audit)",
        ExpressionAttributeValues={":pk": _item_partition(org_id, content_id), ":audit": "AUDIT#"},
    )
    return [{k: _plain(v) for k, v in r.items() if k not in ("pk", "sk")} for r in response.get("Items", [])]


def list_library(
    org_id: str,
    limit: int,
    cursor: str | None,
    status: str | None = None,
    oldest_first: bool = False,
    from_sources: bool = False,
) -> tuple[list[ContentItem], str | None]:
    """The library newest first (gsi2), the items in one status (gsi1): the review queue is `in_review`,
    or the items made from industry sources (gsi3)."""
    if from_sources:
        index, partition = "gsi3", f"ORG#{org_id}#ORIGIN#source"
    elif status:
        index, partition = "gsi1", f"ORG#{org_id}#STATUS#{status}"
    else:
        index, partition = "gsi2", f"ORG#{org_id}#LIBRARY"
    kwargs: dict[str, Any] = {
        "IndexName": index,
        "KeyConditionExpression": f"{index}pk = :pk",
        "ExpressionAttributeValues": {":pk": partition},
        "Limit": limit,
        "ScanIndexForward": oldest_first,
    }
    if from_sources and status:
        # Drafts from sources in one status: a filter on a bounded page (a page may come back short).
        kwargs["FilterExpression"] = "#status = :status"
        kwargs["ExpressionAttributeNames"] = {"#status": "status"}
        kwargs["ExpressionAttributeValues"][":status"] = status
    if cursor:
        kwargs["ExclusiveStartKey"] = decode_cursor(cursor, org_id, {f"{index}pk": partition})
    response = _table().query(**kwargs)
    items = [_from_record(r) for r in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    return items, encode_cursor(last) if last else None


@dataclass(frozen=True)
class LibraryFilter:
    """What the library screen filters on; every field narrows, None leaves it open."""

    status: str | None = None
    type: str | None = None
    language: str | None = None  # has suggested texts in this language
    department: str | None = None  # the audience names it
    role: str | None = None
    location: str | None = None
    author: str | None = None
    title: str | None = None  # words of the title, as a slug ("route planner" → "route-planner")
    suggestions: bool = False  # only employees' occasion suggestions

    def expression(self) -> tuple[str | None, dict[str, str], dict[str, Any]]:
        parts: list[str] = []
        names: dict[str, str] = {}
        values: dict[str, Any] = {}

        def add(condition: str, **vals: Any) -> None:
            parts.append(condition)
            values.update({f":{k}": v for k, v in vals.items()})

        if self.type:
            names["#type"] = "type"
            add("#type = :type", type=self.type)
        if self.language:
            names["#lang"] = self.language
            parts.append("attribute_exists(suggested_texts.#lang)")
        for dimension in ("department", "role", "location"):
            value = getattr(self, dimension)
            if value:
                # Names, not words: ROLES (like others here) is one of DynamoDB's reserved words.
                names["#audience"], names[f"#{dimension}s"] = "audience", f"{dimension}s"
                add(f"contains(#audience.#{dimension}s, :{dimension})", **{dimension: value})
        if self.author:
            add("author = :author", author=self.author)
        if self.title:
            add("contains(slug, :title)", title=self.title)
        if self.suggestions:
            add("begins_with(#source, :suggestion)", suggestion="suggestion:")
            names["#source"] = "source"
        return (" AND ".join(parts) or None), names, values


LIBRARY_PAGES = 10  # a filtered page reads at most this many index pages before it answers


def search_library(
    org_id: str, filters: LibraryFilter, limit: int, cursor: str | None, oldest_first: bool = False
) -> tuple[list[ContentItem], str | None]:
    """The library, or one status of it, narrowed by filters: a Query on gsi2 (or gsi1 for a status)
    with a FilterExpression. A sparse filter may answer a short page with a cursor to read on."""
    if filters.status:
        index, partition = "gsi1", f"ORG#{org_id}#STATUS#{filters.status}"
    else:
        index, partition = "gsi2", f"ORG#{org_id}#LIBRARY"
    condition, names, values = filters.expression()
    kwargs: dict[str, Any] = {
        "IndexName": index,
        "KeyConditionExpression": f"{index}pk = :pk",
        "ExpressionAttributeValues": {":pk": partition, **values},
        "ScanIndexForward": oldest_first,
        "Limit": limit if condition is None else max(limit, 100),
    }
    if condition:
        kwargs["FilterExpression"] = condition
    if names:
        kwargs["ExpressionAttributeNames"] = names
    if cursor:
        kwargs["ExclusiveStartKey"] = decode_cursor(cursor, org_id, {f"{index}pk": partition})
    records: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    for _page in range(LIBRARY_PAGES):
        response = _table().query(**kwargs)
        page = response.get("Items", [])
        last = response.get("LastEvaluatedKey")
        if len(records) + len(page) >= limit:
            taken = page[: limit - len(records)]
            records.extend(taken)
            if len(taken) < len(page) or last is not None:
                end = taken[-1]
                last = {k: end[k] for k in ("pk", "sk", f"{index}pk", f"{index}sk")}
            break
        records.extend(page)
        if last is None:
            break
        kwargs["ExclusiveStartKey"] = last
    return [_from_record(r) for r in records], encode_cursor(last) if last else None


def planned(org_id: str, start: datetime, end: datetime) -> list[ContentItem]:
    """Items with a publish_at or expires_at between start and end (the calendar): the scheduled,
    in-review and published slices of gsi1, each one Query, narrowed by a FilterExpression."""
    # Stored times are ISO strings ending in Z (pydantic's JSON); bounds without a zone letter sort
    # just below every stored time of that second, so the range is wide enough, never narrower.
    from datetime import timedelta

    low = start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    high = (end.astimezone(UTC) + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
    found: list[ContentItem] = []
    for status, condition in (
        ("scheduled", "(publish_at BETWEEN :low AND :high) OR (expires_at BETWEEN :low AND :high)"),
        ("in_review", "(publish_at BETWEEN :low AND :high) OR (expires_at BETWEEN :low AND :high)"),
        ("published", "expires_at BETWEEN :low AND :high OR published_at BETWEEN :low AND :high"),
    ):
        kwargs: dict[str, Any] = {
            "IndexName": "gsi1",
            "KeyConditionExpression": "gsi1pk = :pk",
            "FilterExpression": condition,
            "ExpressionAttributeValues": {":pk": f"ORG#{org_id}#STATUS#{status}", ":low": low, ":high": high},
        }
        while True:
            response = _table().query(**kwargs)
            found.extend(_from_record(r) for r in response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                break
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return found


def due_markers(now: datetime, limit: int = 100) -> list[Marker]:
    """Work that is due, oldest first."""
    response = _table().query(
        KeyConditionExpression="pk = :due AND sk <= :now",
        ExpressionAttributeValues={":due": "DUE", ":now": stamp(now) + "~"},
        Limit=limit,
    )
    return [Marker.of(record) for record in response.get("Items", [])]


def delete_due_marker(sort_key: str) -> None:
    _table().delete_item(Key={"pk": "DUE", "sk": sort_key})


# --- the feed index -----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    content_id: str
    key: str  # the audience key
    shape: str
    base: float  # rank before colleagues' shares
    step: int  # colleagues' sharing step the rank includes
    sort_key: str
    expires_at: str | None = None

    def record(self, org_id: str) -> dict[str, Any]:
        return _without_nulls(
            {
                "pk": _item_partition(org_id, self.content_id),
                "sk": f"FEED#{self.key}",
                "gsi1pk": f"ORG#{org_id}#FEED#{self.key}",
                "gsi1sk": self.sort_key,
                "content_id": self.content_id,
                "key": self.key,
                "shape": self.shape,
                "base": f"{self.base:.3f}",
                "step": self.step,
                "expires_at": self.expires_at,
            }
        )

    @classmethod
    def of(cls, record: dict[str, Any]) -> FeedEntry:
        return cls(
            content_id=record["content_id"],
            key=record["key"],
            shape=record["shape"],
            base=float(record["base"]),
            step=int(record["step"]),
            sort_key=record["gsi1sk"],
            expires_at=record.get("expires_at"),
        )


def feed_state(org_id: str, content_id: str) -> tuple[dict[str, FeedEntry], int]:
    """An item's feed entries by audience key, and its share count: one Query (FEEDSTATS sorts after FEED#)."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :feed)",
        "ExpressionAttributeValues": {":pk": _item_partition(org_id, content_id), ":feed": "FEED"},
        "ConsistentRead": True,
    }
    records: list[dict[str, Any]] = []
    while True:
        response = _table().query(**kwargs)
        records.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            break
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    entries, count = {}, 0
    for record in records:
        if record["sk"] == "FEEDSTATS":
            count = int(record.get("share_count", 0))
        else:
            entry = FeedEntry.of(record)
            entries[entry.key] = entry
    return entries, count


HEAD_SIZE = 100  # entries a feed key's head keeps: two full pages of 50, or a page and what I shared


@dataclass(frozen=True)
class FeedHead:
    """The top of one feed key's partition, in one item, so a page reads every partition's top at once.

    `entries` are the best entries under the key, best first (at most HEAD_SIZE). Every entry under
    the key ranked at or above `floor` is in `entries`; `floor` None means all of them are (the
    partition is no longer than the head). The floor only ever rises: a head that loses entries to
    edits and expiry stays exact and only gets shorter, and a page reads past it with a Query.
    `version` counts the head's writes (0: no head item yet); every write is conditional on it.
    """

    key: str
    entries: tuple[FeedEntry, ...] = ()
    floor: str | None = None
    version: int = 0

    def covers(self, sort_key: str) -> bool:
        return self.floor is None or sort_key >= self.floor

    def with_entry(self, content_id: str, entry: FeedEntry | None) -> FeedHead | None:
        """This head once `content_id`'s entry under the key is `entry` (None: deleted); None when it stays as is."""
        current = {e.content_id: e for e in self.entries}
        old = current.get(content_id)
        keep = entry is not None and self.covers(entry.sort_key)
        if old is None and not keep:
            return None
        if (
            keep
            and old is not None
            and entry is not None
            and (old.sort_key, old.expires_at) == (entry.sort_key, entry.expires_at)
        ):
            return None
        if keep and entry is not None:
            current[content_id] = entry
        else:
            current.pop(content_id, None)
        entries = sorted(current.values(), key=lambda e: e.sort_key, reverse=True)
        floor = self.floor
        if len(entries) > HEAD_SIZE:
            entries = entries[:HEAD_SIZE]
            floor = entries[-1].sort_key
        return FeedHead(self.key, tuple(entries), floor, self.version + 1)

    def record(self, org_id: str) -> dict[str, Any]:
        # Compact: the sort key (rank and id) and the expiry; the shape follows from the key.
        return _without_nulls(
            {
                **_head_key(org_id, self.key),
                "entries": [f"{e.sort_key} {e.expires_at or '-'}" for e in self.entries],
                "floor": self.floor,
                "version": self.version,
            }
        )

    @classmethod
    def of(cls, key: str, record: dict[str, Any] | None) -> FeedHead:
        if record is None:
            return cls(key)
        shape = _shape_of_key(key)
        entries = []
        for text in record.get("entries", []):
            sort_key, _, expires_at = str(text).partition(" ")
            content_id = sort_key.split("#", 1)[1]
            entries.append(FeedEntry(content_id, key, shape, 0.0, 0, sort_key, None if expires_at == "-" else expires_at))
        return cls(key, tuple(entries), record.get("floor"), int(record.get("version", 0)))


def _head_key(org_id: str, key: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}#FEED#{key}", "sk": "HEAD"}


def _shape_of_key(key: str) -> str:
    return "".join("-" if part == "*" else letter for letter, part in zip("DRLG", key.split("|"), strict=True))


def feed_heads(org_id: str, keys: list[str], *, consistent: bool = False) -> dict[str, FeedHead]:
    """The heads of these feed keys, 100 to a BatchGetItem; a key without a head item has an empty one."""
    keys = list(dict.fromkeys(keys))
    records = batch_get(_client(), _name(), [_head_key(org_id, k) for k in keys], ConsistentRead=consistent) if keys else []
    by_pk = {r["pk"]: r for r in records}
    return {key: FeedHead.of(key, by_pk.get(_head_key(org_id, key)["pk"])) for key in keys}


@dataclass(frozen=True)
class FeedChange:
    """One feed entry going from `before` (as read; None: absent) to `after` (None: deleted)."""

    before: FeedEntry | None
    after: FeedEntry | None

    @property
    def entry(self) -> FeedEntry:
        entry = self.after or self.before
        assert entry is not None
        return entry


TRANSACTION_SIZE = 100  # DynamoDB's TransactWriteItems limit (items per call)
CHANGES_PER_TRANSACTION = TRANSACTION_SIZE // 2  # an entry and its key's head
FEED_WRITE_ATTEMPTS = 6  # calls per chunk before giving up (conflicts with concurrent writes to the same heads)


@dataclass(frozen=True)
class FeedWrite:
    applied: int  # changes written
    calls: int  # DynamoDB calls made
    stale: int  # changes refused because the entry was no longer as read: read again and retry


def change_feed_entries(org_id: str, changes: list[FeedChange]) -> FeedWrite:
    """Write feed entries together with their keys' heads, so a head is always exact.

    Each entry write is conditional on the entry being as read (absent, or the same rank, step and
    expiry), so a concurrent sync or re-rank is never overwritten. Its key's head is rewritten in the
    same transaction when the entry is or becomes part of it (conditional on the head's version);
    an entry below a head's floor leaves the head alone. 50 changes to a TransactWriteItems call
    (each is two items), the heads read first (one BatchGetItem per 100 keys). When DynamoDB cancels
    a transaction, its reasons say which entries changed meanwhile (counted as stale, left to the
    caller), which heads changed (read again) and which met a concurrent write (sent again after a
    jittered pause).
    """
    import random
    import time

    from botocore.exceptions import ClientError

    if not changes:
        return FeedWrite(0, 0, 0)
    heads = feed_heads(org_id, [c.entry.key for c in changes], consistent=True)
    calls = -(-len(heads) // 100)
    applied = stale = 0
    for start in range(0, len(changes), CHANGES_PER_TRANSACTION):
        pending = changes[start : start + CHANGES_PER_TRANSACTION]
        for attempt in range(FEED_WRITE_ATTEMPTS):
            items: list[dict[str, Any]] = []
            owners: list[tuple[int, str]] = []  # per transaction item: (change index, "entry" | "head")
            new_heads: dict[str, FeedHead] = {}
            for n, change in enumerate(pending):
                items.append(_entry_write(org_id, change))
                owners.append((n, "entry"))
                entry = change.entry
                head = heads[entry.key].with_entry(entry.content_id, change.after)
                if head is not None:
                    new_heads[entry.key] = head
                    items.append(_head_write(org_id, heads[entry.key], head))
                    owners.append((n, "head"))
            calls += 1
            try:
                _client().transact_write_items(TransactItems=items)
            except ClientError as exc:
                error = exc.response.get("Error", {}).get("Code")
                reasons = [str(r.get("Code", "None")) for r in exc.response.get("CancellationReasons", [])]
                if error == "TransactionCanceledException" and len(reasons) == len(items):
                    gone = {
                        owners[i][0] for i, r in enumerate(reasons) if r == "ConditionalCheckFailed" and owners[i][1] == "entry"
                    }
                    moved = [
                        pending[owners[i][0]].entry.key
                        for i, r in enumerate(reasons)
                        if r == "ConditionalCheckFailed" and owners[i][1] == "head"
                    ]
                    retry = any(r == "TransactionConflict" for r in reasons)
                elif error == "TransactionConflictException":
                    gone, moved, retry = set(), [], True
                else:
                    raise
                stale += len(gone)
                pending = [c for n, c in enumerate(pending) if n not in gone]
                if moved:
                    heads.update(feed_heads(org_id, moved, consistent=True))
                    calls += 1
                if not pending:
                    break
                if retry:
                    time.sleep(random.uniform(0, 0.05 * 2**attempt))
                continue
            heads.update(new_heads)
            applied += len(pending)
            break
        else:
            raise RuntimeError("feed entries could not be written: concurrent writes kept conflicting")
    return FeedWrite(applied, calls, stale)


def _entry_write(org_id: str, change: FeedChange) -> dict[str, Any]:
    before, after = change.before, change.after
    entry = change.entry
    condition: dict[str, Any]
    if before is None:
        condition = {"ConditionExpression": "attribute_not_exists(pk)"}
    else:
        values: dict[str, Any] = {":sk": before.sort_key, ":step": before.step}
        expression = "gsi1sk = :sk AND step = :step AND "
        if before.expires_at is None:
            expression += "attribute_not_exists(expires_at)"
        else:
            expression += "expires_at = :expires"
            values[":expires"] = before.expires_at
        condition = {"ConditionExpression": expression, "ExpressionAttributeValues": values}
    if after is None:
        key = {"pk": _item_partition(org_id, entry.content_id), "sk": f"FEED#{entry.key}"}
        return {"Delete": {"TableName": _name(), "Key": key, **condition}}
    return {"Put": {"TableName": _name(), "Item": after.record(org_id), **condition}}


def _head_write(org_id: str, before: FeedHead, after: FeedHead) -> dict[str, Any]:
    put: dict[str, Any] = {"TableName": _name(), "Item": after.record(org_id)}
    if before.version == 0:
        put["ConditionExpression"] = "attribute_not_exists(pk)"
    else:
        put["ConditionExpression"] = "version = :version"
        put["ExpressionAttributeValues"] = {":version": before.version}
    return {"Put": put}


def add_feed_shapes(org_id: str, shapes: set[str]) -> None:
    if shapes:
        _table().update_item(
            Key={"pk": f"ORG#{org_id}", "sk": "FEEDSHAPES"},
            UpdateExpression="ADD shapes :shapes",
            ExpressionAttributeValues={":shapes": shapes},
        )


def profile_and_shapes(org_id: str, employee_id: str) -> tuple[EmployeeProfile | None, set[str]]:
    """My profile and the audience shapes my org has published, in one BatchGetItem."""
    records = _batch_get([{"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{employee_id}"}, {"pk": f"ORG#{org_id}", "sk": "FEEDSHAPES"}])
    profile, shapes = None, set()
    for record in records:
        if record["sk"] == "FEEDSHAPES":
            shapes = {str(s) for s in record.get("shapes", set())}
        else:
            profile = _profile(record)
    return profile, shapes


def feed_entries(org_id: str, key: str, before: str | None, limit: int) -> tuple[list[FeedEntry], bool]:
    """The best-ranked entries under one audience key, below the cursor; True when more remain."""
    condition = "gsi1pk = :pk"
    values: dict[str, Any] = {":pk": f"ORG#{org_id}#FEED#{key}"}
    if before:
        condition += " AND gsi1sk < :before"
        values[":before"] = before
    response = _table().query(
        IndexName="gsi1",
        KeyConditionExpression=condition,
        ExpressionAttributeValues=values,
        ScanIndexForward=False,
        Limit=limit,
    )
    return [FeedEntry.of(r) for r in response.get("Items", [])], "LastEvaluatedKey" in response


# --- shares -------------------------------------------------------------------------------


def count_share(org_id: str, content_id: str, share_id: str, employee_id: str | None = None) -> bool:
    """Count a share once, whichever of its events arrives first or again; False when already counted.

    With `employee_id`, the item is marked shared by them (what `shared_by` reads) in the same transaction.
    """
    from botocore.exceptions import ClientError

    partition = _item_partition(org_id, content_id)
    mark = (
        [
            {
                "Update": {
                    "TableName": _name(),
                    "Key": _shared_mark(org_id, employee_id, content_id),
                    "UpdateExpression": "ADD live :one",
                    "ExpressionAttributeValues": {":one": 1},
                }
            }
        ]
        if employee_id
        else []
    )
    try:
        _client().transact_write_items(
            TransactItems=[
                *mark,
                {
                    "Put": {
                        "TableName": _name(),
                        "Item": {"pk": partition, "sk": f"SHARE#{share_id}"},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": _name(),
                        "Key": {"pk": partition, "sk": "FEEDSTATS"},
                        "UpdateExpression": "ADD share_count :one",
                        "ExpressionAttributeValues": {":one": 1},
                    }
                },
            ]
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "TransactionCanceledException":
            return False
        raise
    return True


def withdraw_share(org_id: str, content_id: str, share_id: str, employee_id: str) -> bool:
    """A share that ended without a post (failed, cancelled, lapsed): the item returns to the employee's
    feed and stops counting, once however often the news arrives and whichever event comes first.

    Counted before: the marker is flagged `withdrawn`, the count goes down and the employee's mark
    loses this share (`live`: the item stays out of their feed while another share of it is live).
    Not counted yet: a `withdrawn` marker is written first, so the late ShareRequested counts nothing.
    The item's feed entries keep the sharing step they reached (a re-rank never moves an entry down),
    so nothing else is written. False when it was withdrawn already.
    """
    from botocore.exceptions import ClientError

    partition = _item_partition(org_id, content_id)
    marker = {"pk": partition, "sk": f"SHARE#{share_id}"}
    counted = [
        {
            "Update": {
                "TableName": _name(),
                "Key": marker,
                "UpdateExpression": "SET withdrawn = :yes",
                "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(withdrawn)",
                "ExpressionAttributeValues": {":yes": True},
            }
        },
        {
            "Update": {
                "TableName": _name(),
                "Key": {"pk": partition, "sk": "FEEDSTATS"},
                "UpdateExpression": "ADD share_count :minus",
                "ExpressionAttributeValues": {":minus": -1},
            }
        },
        {
            "Update": {
                "TableName": _name(),
                "Key": _shared_mark(org_id, employee_id, content_id),
                "UpdateExpression": "ADD live :minus",
                "ExpressionAttributeValues": {":minus": -1},
            }
        },
    ]
    ahead = {
        "Put": {"TableName": _name(), "Item": {**marker, "withdrawn": True}, "ConditionExpression": "attribute_not_exists(pk)"}
    }
    for attempt in (counted, [ahead], counted):  # the count may land between the first two
        try:
            _client().transact_write_items(TransactItems=attempt)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
    return False


def shared_by(org_id: str, employee_id: str) -> set[str]:
    """The items the employee has a live share of (a mark from before `live` was kept counts as live)."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :shared)",
        "ExpressionAttributeValues": {":pk": f"ORG#{org_id}#EMPLOYEE#{employee_id}", ":shared": "SHARED#"},
        "ProjectionExpression": "sk, live",
    }
    response = _table().query(**kwargs)
    return {r["sk"].removeprefix("SHARED#") for r in response.get("Items", []) if int(r.get("live", 1)) > 0}


def _shared_mark(org_id: str, employee_id: str, content_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}#EMPLOYEE#{employee_id}", "sk": f"SHARED#{content_id}"}


def mark_shared(org_id: str, employee_id: str, content_id: str) -> None:
    _table().put_item(Item=_shared_mark(org_id, employee_id, content_id))


# --- the directory ------------------------------------------------------------------------


def _profile(record: dict[str, Any]) -> EmployeeProfile | None:
    if record.get("left"):
        return None
    return EmployeeProfile.model_validate({k: v for k, v in record.items() if k in EmployeeProfile.model_fields})


def names(org_id: str, employee_ids: list[str]) -> dict[str, str]:
    """People's names by id, for audit trails: one BatchGetItem per 100 (leavers and systems have none)."""
    ids = [i for i in dict.fromkeys(employee_ids) if i]
    records = _batch_get([{"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{i}"} for i in ids]) if ids else []
    return {str(r["employee_id"]): str(r.get("name", "")) for r in records if not r.get("left") and "employee_id" in r}


def get_profile(org_id: str, employee_id: str) -> EmployeeProfile | None:
    record = _table().get_item(Key={"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{employee_id}"}).get("Item")
    return _profile(record) if record else None


def put_profile(org_id: str, profile: EmployeeProfile, *, by_employee: bool = False) -> bool:
    """Store a profile. The employee's own change never overwrites a leaver's tombstone (False then);
    HR's join (a rehire) does."""
    record = _without_nulls({"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{profile.employee_id}", **profile.model_dump(mode="json")})
    if not by_employee:
        _table().put_item(Item=record)
        return True
    return conditional_write(
        _table().put_item,
        Item=record,
        ConditionExpression="attribute_not_exists(#left) OR #left = :no",
        ExpressionAttributeNames={"#left": "left"},
        ExpressionAttributeValues={":no": False},
    )


def mark_left(org_id: str, employee_id: str, at: datetime | None = None) -> None:
    """Keep no personal data of a leaver: only a tombstone (and when) so late events don't re-create them."""
    record: dict[str, Any] = {"pk": f"ORG#{org_id}", "sk": f"EMPLOYEE#{employee_id}", "employee_id": employee_id, "left": True}
    if at is not None:
        record["left_at"] = at.isoformat()
    _table().put_item(Item=record)


DIRECTORY_FIELDS = ("employee_id", "name", "department", "role", "location", "language", "timezone", "left", "left_at")


def directory(org_id: str, limit: int | None = None, cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """The org's people as the directory knows them (leavers as tombstones), by id: a Query on the
    org's partition, never a Scan. Without `limit`, every page (the audience picker counts them all)."""
    names = {f"#{n}": n for n in DIRECTORY_FIELDS}
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :employee)",
        "ExpressionAttributeValues": {":pk": f"ORG#{org_id}", ":employee": "EMPLOYEE#"},
        "ProjectionExpression": ", ".join([*names, "pk", "sk"]),
        "ExpressionAttributeNames": names,
    }
    if limit:
        kwargs["Limit"] = limit
    if cursor:
        kwargs["ExclusiveStartKey"] = decode_cursor(cursor, org_id)
    people: list[dict[str, Any]] = []
    while True:
        response = _table().query(**kwargs)
        people.extend({k: v for k, v in r.items() if k not in ("pk", "sk")} for r in response.get("Items", []))
        last = response.get("LastEvaluatedKey")
        if last is None:
            return people, None
        if limit:
            return people, encode_cursor(last)
        kwargs["ExclusiveStartKey"] = last


# --- reviewers ----------------------------------------------------------------------------


def put_reviewer(org_id: str, employee_id: str, roles: list[str], at: datetime) -> None:
    _table().put_item(
        Item={
            "pk": f"ORG#{org_id}",
            "sk": f"REVIEWER#{employee_id}",
            "employee_id": employee_id,
            "roles": roles,
            "seen_at": at.isoformat(),
        }
    )


def reviewers(org_id: str) -> list[str]:
    """Who may review the org's content, in one Query (one partition slice; a few dozen people)."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :reviewer)",
        "ExpressionAttributeValues": {":pk": f"ORG#{org_id}", ":reviewer": "REVIEWER#"},
        "ProjectionExpression": "employee_id",
    }
    found: list[str] = []
    while True:
        response = _table().query(**kwargs)
        found.extend(str(r["employee_id"]) for r in response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return found
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def forget_reviewer(org_id: str, employee_id: str) -> None:
    _table().delete_item(Key={"pk": f"ORG#{org_id}", "sk": f"REVIEWER#{employee_id}"})


# --- vacancies ----------------------------------------------------------------------------


def vacancy_content_id(org_id: str, provider: str, vacancy_id: str) -> str | None:
    record = _table().get_item(Key={"pk": f"ORG#{org_id}", "sk": f"VACANCY#{provider}#{vacancy_id}"}).get("Item")
    return record["content_id"] if record else None


def link_vacancy(org_id: str, provider: str, vacancy_id: str, content_id: str) -> None:
    _table().put_item(Item={"pk": f"ORG#{org_id}", "sk": f"VACANCY#{provider}#{vacancy_id}", "content_id": content_id})


# --- bulk loading (benchmarks and imports) --------------------------------------------------


def load_published(items: list[ContentItem], entries: list[FeedEntry], shapes: set[str]) -> None:
    """Write published items, their feed entries and their keys' heads as they are (see
    feed_index.load_published): no concurrent writer, so the heads are built in memory."""
    if not items:
        return
    org_id = items[0].org_id
    heads = feed_heads(org_id, [e.key for e in entries], consistent=True)
    for entry in entries:
        heads[entry.key] = heads[entry.key].with_entry(entry.content_id, entry) or heads[entry.key]
    with _table().batch_writer() as writer:
        for item in items:
            writer.put_item(Item=_to_record(item))
        for entry in entries:
            writer.put_item(Item=entry.record(org_id))
        for head in heads.values():
            writer.put_item(Item=head.record(org_id))
    add_feed_shapes(org_id, shapes)


# --- cursors ------------------------------------------------------------------------------


def encode_cursor(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":"), default=str).encode()).decode()


def decode_cursor(cursor: str, org_id: str, expected: dict[str, str] | None = None) -> dict[str, Any]:
    """A cursor is opaque to clients; a forged one is refused, and it can never leave the caller's org."""
    from estafette.errors import Unprocessable

    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError as exc:
        raise Unprocessable(field="cursor", reason="not a cursor from this API") from exc
    if not isinstance(key, dict) or key.get("pk") != f"ORG#{org_id}":
        raise Unprocessable(field="cursor", reason="not a cursor from this API")
    if any(key.get(k) != v for k, v in (expected or {}).items()) or not all(isinstance(v, str) for v in key.values()):
        raise Unprocessable(field="cursor", reason="not a cursor from this API")
    return key
