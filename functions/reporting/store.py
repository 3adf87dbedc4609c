"""The reporting table: the only module of reporting that talks to DynamoDB.

Reports read aggregates that the projector keeps; no request path reads a share or a
click, so a report costs the same number of calls at 1k or 100k shares.

Access patterns (pk / sk):
- org day totals      ORG#{org} / DAY#{yyyy-mm-dd}                counters (see COUNTERS), each also per network
- org day activity    ORG#{org} / DAY#{yyyy-mm-dd}#ACTIVE         bitmap of the advocates who shared that day
- org directory       ORG#{org} / DIRECTORY                       enrolled (running count), next_index (bitmap slots)
- department day      ORG#{org}#DEPT / DAY#{yyyy-mm-dd}#{dept}    counters + bitmap; one Query returns every department
- content             ORG#{org}#CONTENT#{id} / META               title, type, url, published_at
- content day         ORG#{org}#CONTENT#{id} / DAY#{yyyy-mm-dd}   counters
- contents day        ORG#{org}#CONTENTS / DAY#{yyyy-mm-dd}#{id}  the same counters; one Query ranks every item of a period
- people              ORG#{org}#PEOPLE / EMP#{id}                 name, department, status, index, show_name, connections_{net}
- employee day        ORG#{org}#EMP#{id} / DAY#{yyyy-mm-dd}      counters of one advocate (their clicks over time)
- leaderboard         ORG#{org}#BOARD#{W2026-W10|M2026-03|ALL} / EMP#{id}   counters per employee and period, score;
                      the `board` GSI (board / board_rank) sorts the ranked rows best first (reporting.board_index)
- board index         ORG#{org}#BOARD#{period} / INDEX, HIST#{k}  the rules the scores follow, counts per score range and score
- share (copy)        ORG#{org}#SHARE#{share_id} / SHARE          employee, content, network, department, followers
- opportunity         ORG#{org}#OPPS / {logged_at}#{id}           what was logged, for the export
- activity guard      ORG#{org}#ACTIVE#{yyyy-mm-dd} / EMP#{id}    "already counted as active that day" (TTL 400 days)
- event marker        ORG#{org}#EVENT#{event_id} / EVENT          applied once (TTL 30 days; SQS keeps messages 14)

Active advocates over any period are the union of the day bitmaps: every advocate gets a
slot (`index`) when they enrol (or first share, if HR never told us about them), and their
first share of a day ADDs 2**slot to the day's bitmap, guarded by the activity guard so a
bit is never added twice. The day bitmap holds every chunk up to the org's slots (absent
chunks are added as 0), so it weighs one bit per enrolled advocate per day however many
shared: a 90-day period stays one small Query whatever the number of shares or sharers.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from estafette.aws import batch_get, table
from estafette.domain import Network
from reporting.config import config

MARKER_TTL_SECONDS = 30 * 24 * 3600
GUARD_TTL_SECONDS = 400 * 24 * 3600
# DynamoDB numbers hold 38 significant digits; 2**100 has 31, so a 100-bit chunk never loses a bit.
BITS_PER_CHUNK = 100
CONFLICT_RETRIES = 4

# Counters the projector ADDs; every one of them also exists per network as `{name}_{network}`.
COUNTERS = (
    "shares",
    "reach",
    "failed_shares",
    "clicks",
    "unique_clicks",
    "impressions",
    "reactions",
    "comments",
    "reshares",
    "opportunities",
    # Shares whose network metrics cannot be read (a scope the app lacks), and shares whose reach is the
    # employee's own count or unknown: reports say so instead of counting zeros.
    "shares_without_metrics",
    "reach_self_reported",
    "reach_unknown",
)
ORG_ONLY_COUNTERS = ("joined", "left", "content_published")
COUNTER_NAMES = frozenset(
    [*COUNTERS, *ORG_ONLY_COUNTERS, *(f"{name}_{network.value}" for name in COUNTERS for network in Network)]
)


# --- keys ---------------------------------------------------------------------------------


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


def day_sk(day: date) -> str:
    return f"DAY#{day.isoformat()}"


def activity_sk(day: date) -> str:
    return f"DAY#{day.isoformat()}#ACTIVE"


def dept_pk(org_id: str) -> str:
    return f"ORG#{org_id}#DEPT"


def dept_key(department: str) -> str:
    return department.strip().casefold()


def dept_day_sk(day: date, department: str) -> str:
    return f"DAY#{day.isoformat()}#{dept_key(department)}"


def content_pk(org_id: str, content_id: str) -> str:
    return f"ORG#{org_id}#CONTENT#{content_id}"


def contents_pk(org_id: str) -> str:
    return f"ORG#{org_id}#CONTENTS"


def contents_day_sk(day: date, content_id: str) -> str:
    return f"DAY#{day.isoformat()}#{content_id}"


def people_pk(org_id: str) -> str:
    return f"ORG#{org_id}#PEOPLE"


def emp_sk(employee_id: str) -> str:
    return f"EMP#{employee_id}"


def employee_pk(org_id: str, employee_id: str) -> str:
    return f"ORG#{org_id}#EMP#{employee_id}"


def board_pk(org_id: str, period_key: str) -> str:
    return f"ORG#{org_id}#BOARD#{period_key}"


def share_pk(org_id: str, share_id: str) -> str:
    return f"ORG#{org_id}#SHARE#{share_id}"


def opportunities_pk(org_id: str) -> str:
    return f"ORG#{org_id}#OPPS"


def guard_pk(org_id: str, day: date) -> str:
    return f"ORG#{org_id}#ACTIVE#{day.isoformat()}"


def marker_pk(org_id: str, event_id: str) -> str:
    return f"ORG#{org_id}#EVENT#{event_id}"


DIRECTORY_SK = "DIRECTORY"


def _table() -> Any:
    return table(config().reporting_table_name)


# --- writes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """One item of a transaction: a Put of a new item, or an Update that ADDs and SETs.

    - `add`: counters and bitmap chunks added atomically (a missing attribute counts as 0)
    - `set`: attributes overwritten (idempotent by nature)
    - `keep`: attributes set only if absent (first value wins)
    - `remove`: attributes removed
    - `new_item`: put this item; the write fails when the key already exists
    - `condition`: an extra condition, with its own names (#x) and values (:x)
    """

    pk: str
    sk: str
    add: Mapping[str, int] = field(default_factory=dict)
    set: Mapping[str, Any] = field(default_factory=dict)
    keep: Mapping[str, Any] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    new_item: Mapping[str, Any] | None = None
    condition: str | None = None
    condition_names: Mapping[str, str] = field(default_factory=dict)
    condition_values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return self.pk, self.sk


def _transact_item(write: Write, table_name: str) -> dict[str, Any]:
    # Plain Python values: the table resource's client serialises them (numbers are int or Decimal).
    key = {"pk": write.pk, "sk": write.sk}
    if write.new_item is not None:
        item = {**key, **write.new_item}
        return {"Put": {"TableName": table_name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}
    names: dict[str, str] = dict(write.condition_names)
    values: dict[str, Any] = dict(write.condition_values)
    clauses: list[str] = []
    set_parts: list[str] = []
    for i, (name, value) in enumerate(write.set.items()):
        names[f"#s{i}"], values[f":s{i}"] = name, value
        set_parts.append(f"#s{i} = :s{i}")
    for i, (name, value) in enumerate(write.keep.items()):
        names[f"#k{i}"], values[f":k{i}"] = name, value
        set_parts.append(f"#k{i} = if_not_exists(#k{i}, :k{i})")
    if set_parts:
        clauses.append("SET " + ", ".join(set_parts))
    if write.remove:
        for i, name in enumerate(write.remove):
            names[f"#r{i}"] = name
        clauses.append("REMOVE " + ", ".join(f"#r{i}" for i in range(len(write.remove))))
    if write.add:
        add_parts = []
        for i, (name, amount) in enumerate(write.add.items()):
            names[f"#a{i}"], values[f":a{i}"] = name, amount
            add_parts.append(f"#a{i} :a{i}")
        clauses.append("ADD " + ", ".join(add_parts))
    update: dict[str, Any] = {
        "TableName": table_name,
        "Key": key,
        "UpdateExpression": " ".join(clauses),
        "ExpressionAttributeNames": names,
    }
    if values:
        update["ExpressionAttributeValues"] = values
    if write.condition:
        update["ConditionExpression"] = write.condition
    return {"Update": update}


class TransactionCancelled(Exception):
    """DynamoDB cancelled the transaction; `reasons[i]` is the code for writes[i] ("None" when fine)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons


def transact(writes: Sequence[Write]) -> None:
    """Apply the writes all or nothing.

    Two transactions touching the same item at once cancel one of them with
    `TransactionConflict`; that one is retried here with jittered backoff, since its
    effects are all-or-nothing and its marker makes it idempotent. Any other
    cancellation (a failed condition) is raised for the caller to interpret.
    """
    from botocore.exceptions import ClientError

    if not writes:
        return
    if len(writes) > 100:  # DynamoDB's limit per transaction; the projector stays far below it
        raise ValueError(f"{len(writes)} writes do not fit one transaction")
    name = config().reporting_table_name
    items = [_transact_item(w, name) for w in writes]
    for attempt in range(CONFLICT_RETRIES + 1):
        try:
            _table().meta.client.transact_write_items(TransactItems=items)
            return
        except ClientError as exc:
            error = exc.response.get("Error", {}).get("Code")
            reasons = [str(r.get("Code", "None")) for r in exc.response.get("CancellationReasons", [])]
            conflict = error == "TransactionConflictException" or (
                error == "TransactionCanceledException" and "TransactionConflict" in reasons
            )
            if conflict and "ConditionalCheckFailed" not in reasons and attempt < CONFLICT_RETRIES:
                time.sleep(random.uniform(0, 0.05 * 2**attempt))
                continue
            if error == "TransactionCanceledException":
                raise TransactionCancelled(reasons) from exc
            raise


# --- reads for the projector --------------------------------------------------------------


def get_many(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Items by key (absent keys are left out), with the shared BatchGetItem helper: one call per 100 keys."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    requested = [{"pk": pk, "sk": sk} for pk, sk in wanted]
    items = batch_get(_table().meta.client, config().reporting_table_name, requested, ConsistentRead=True)
    return {(item["pk"], item["sk"]): item for item in items}


def allocate_index(org_id: str, employee_id: str) -> int:
    """The employee's bitmap slot: allocated once, never reused (a slot costs one bit per day)."""
    counter = _table().update_item(
        Key={"pk": org_pk(org_id), "sk": DIRECTORY_SK},
        UpdateExpression="ADD next_index :one",
        ExpressionAttributeValues={":one": 1},
        ReturnValues="UPDATED_NEW",
    )
    candidate = int(counter["Attributes"]["next_index"]) - 1
    person = _table().update_item(
        Key={"pk": people_pk(org_id), "sk": emp_sk(employee_id)},
        UpdateExpression="SET #i = if_not_exists(#i, :i), employee_id = if_not_exists(employee_id, :e)",
        ExpressionAttributeNames={"#i": "index"},
        ExpressionAttributeValues={":i": candidate, ":e": employee_id},
        ReturnValues="ALL_NEW",
    )
    return int(person["Attributes"]["index"])


# --- reads for reports --------------------------------------------------------------------


def _query(**kwargs: Any) -> Iterator[dict[str, Any]]:
    while True:
        response = _table().query(**kwargs)
        yield from response.get("Items", [])
        if "LastEvaluatedKey" not in response:
            return
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def _between(pk: str, low: str, high: str, projection: Sequence[str] = ()) -> Iterator[dict[str, Any]]:
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND sk BETWEEN :low AND :high",
        "ExpressionAttributeValues": {":pk": pk, ":low": low, ":high": high},
    }
    if projection:
        kwargs["ProjectionExpression"] = ", ".join(f"#p{i}" for i in range(len(projection)))
        kwargs["ExpressionAttributeNames"] = {f"#p{i}": name for i, name in enumerate(projection)}
    return _query(**kwargs)


def org_days(org_id: str, start: date, end: date) -> Iterator[dict[str, Any]]:
    """Day totals and day activity items of the period, in date order (one Query, ~2 items a day)."""
    return _between(org_pk(org_id), day_sk(start), f"{day_sk(end)}#~")


def membership_changes(org_id: str, start: date, end: date) -> Iterator[dict[str, Any]]:
    """Only joined/left of the days in the period (to turn today's enrolled count into a past one)."""
    return _between(org_pk(org_id), day_sk(start), day_sk(end), projection=("sk", "joined", "left"))


def directory(org_id: str) -> dict[str, Any]:
    return _table().get_item(Key={"pk": org_pk(org_id), "sk": DIRECTORY_SK}).get("Item") or {}


def department_days(org_id: str, start: date, end: date) -> Iterator[dict[str, Any]]:
    return _between(dept_pk(org_id), day_sk(start), f"{day_sk(end)}#~")


def content_meta(org_id: str, content_id: str) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": content_pk(org_id, content_id), "sk": "META"}).get("Item")


def content_days(org_id: str, content_id: str, start: date, end: date) -> Iterator[dict[str, Any]]:
    return _between(content_pk(org_id, content_id), day_sk(start), f"{day_sk(end)}#~")


def contents_days(org_id: str, start: date, end: date) -> Iterator[dict[str, Any]]:
    """Every content item's day counters of the period: one item per item and active day."""
    return _between(contents_pk(org_id), day_sk(start), f"{day_sk(end)}#~")


def content_metas(org_id: str, content_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    found = get_many((content_pk(org_id, c), "META") for c in content_ids)
    return {str(item["pk"]).rsplit("#", 1)[1]: item for item in found.values()}


def employee_days(org_id: str, employee_id: str, start: date, end: date) -> Iterator[dict[str, Any]]:
    return _between(employee_pk(org_id, employee_id), day_sk(start), f"{day_sk(end)}#~")


def people(org_id: str) -> dict[str, dict[str, Any]]:
    """Everyone reporting knows in the org, by employee id (one Query of small items)."""
    items = _query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": people_pk(org_id)})
    return {item["sk"].removeprefix("EMP#"): item for item in items}


def get_item(pk: str, sk: str) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": pk, "sk": sk}).get("Item")


def person(org_id: str, employee_id: str) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": people_pk(org_id), "sk": emp_sk(employee_id)}).get("Item")


def query_partition(pk: str) -> Iterator[dict[str, Any]]:
    return _query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": pk})


def query_prefix(pk: str, prefix: str, keys_only: bool = False) -> Iterator[dict[str, Any]]:
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": pk, ":prefix": prefix},
    }
    if keys_only:
        kwargs |= {"ProjectionExpression": "pk, sk"}
    return _query(**kwargs)


def rows_after(pk: str, prefix: str, after: str, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` items of the partition whose sk starts with `prefix` and sorts after `after` (consistent)."""
    response = _table().query(
        KeyConditionExpression="pk = :pk AND sk BETWEEN :low AND :high",
        ExpressionAttributeValues={":pk": pk, ":low": max(after + "\x00", prefix), ":high": prefix + "\uffff"},
        Limit=limit,
        ConsistentRead=True,
    )
    return list(response.get("Items", []))


def board(org_id: str, period_key: str) -> dict[str, dict[str, Any]]:
    """Every employee row of a board (its index items left out)."""
    items = _query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :emp)",
        ExpressionAttributeValues={":pk": board_pk(org_id, period_key), ":emp": "EMP#"},
    )
    return {item["sk"].removeprefix("EMP#"): item for item in items}


def share(org_id: str, share_id: str) -> dict[str, Any] | None:
    return _table().get_item(Key={"pk": share_pk(org_id, share_id), "sk": "SHARE"}).get("Item")


def opportunities(org_id: str, start: date, end: date) -> Iterator[dict[str, Any]]:
    return _between(opportunities_pk(org_id), start.isoformat(), f"{end.isoformat()}~")


# --- writes from the API ------------------------------------------------------------------


def set_show_name(org_id: str, employee_id: str, show_name: bool) -> None:
    _table().update_item(
        Key={"pk": people_pk(org_id), "sk": emp_sk(employee_id)},
        UpdateExpression="SET show_name = :show, employee_id = if_not_exists(employee_id, :e)",
        ExpressionAttributeValues={":show": show_name, ":e": employee_id},
    )
