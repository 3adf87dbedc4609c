"""DynamoDB items as plain Python values, over the low-level client: what boto3's resource does, without boto3.

The stores read and write items as dicts of `str`, `Decimal`, `bool`, `None`, `bytes`, sets, lists and
dicts, as boto3's `Table` takes and gives them. Here a `Table` and a `PlainClient` do the same over
the container's one low-level client (`estafette.aws`), so a function needs botocore only: importing
boto3 (which imports s3transfer) and building its resource cost a cold start about a tenth of the
floor's whole import-and-first-call here (docs/performance.md).

Values convert exactly as boto3's `TypeSerializer`/`TypeDeserializer` convert them: numbers are
`Decimal` (an `int` is accepted; a `float` is refused, as boto3 refuses it, so nobody stores a rounded
number silently), with DynamoDB's 38 digits of precision; binary is `bytes`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow
from typing import Any

# DynamoDB's number limits, as boto3 applies them.
DYNAMODB_CONTEXT = Context(Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow])


def _number(value: Any) -> str:
    if isinstance(value, float):
        raise TypeError("Float types are not supported. Use Decimal types instead.")
    number = DYNAMODB_CONTEXT.create_decimal(value)
    if number.is_infinite() or number.is_nan():
        raise TypeError("Infinity and NaN not supported")
    return str(number)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal, float)) and not isinstance(value, bool)


def serialize(value: Any) -> dict[str, Any]:
    """A Python value as a DynamoDB AttributeValue (boto3's TypeSerializer)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if _is_number(value):
        return {"N": _number(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (bytes, bytearray)):
        return {"B": bytes(value)}
    if isinstance(value, Set):
        if value and all(_is_number(v) for v in value):
            return {"NS": [_number(v) for v in value]}
        if value and all(isinstance(v, str) for v in value):
            return {"SS": list(value)}
        if value and all(isinstance(v, (bytes, bytearray)) for v in value):
            return {"BS": [bytes(v) for v in value]}
        raise TypeError(f"Unsupported set for DynamoDB: {value!r} (a non-empty set of numbers, strings or bytes)")
    if isinstance(value, Mapping):
        return {"M": {str(k): serialize(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"L": [serialize(v) for v in value]}
    raise TypeError(f"Unsupported type {type(value)} for value {value!r}")


def deserialize(value: Mapping[str, Any]) -> Any:
    """A DynamoDB AttributeValue as a Python value (boto3's TypeDeserializer; binary as `bytes`)."""
    if not value:
        raise TypeError("Value must be a nonempty dictionary whose key is a valid dynamodb type.")
    kind, data = next(iter(value.items()))
    if kind == "S":
        return data
    if kind == "N":
        return DYNAMODB_CONTEXT.create_decimal(data)
    if kind == "BOOL":
        return data
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: deserialize(v) for k, v in data.items()}
    if kind == "L":
        return [deserialize(v) for v in data]
    if kind == "B":
        return bytes(data)
    if kind == "SS":
        return set(data)
    if kind == "NS":
        return {DYNAMODB_CONTEXT.create_decimal(v) for v in data}
    if kind == "BS":
        return {bytes(v) for v in data}
    raise TypeError(f"Dynamodb type {kind} is not supported")


def serialize_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: serialize(v) for k, v in item.items()}


def deserialize_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: deserialize(v) for k, v in item.items()}


# Request and response members that hold items or keys (attribute name -> AttributeValue), per the API reference.
_ITEM_MEMBERS = ("Item", "Key", "ExclusiveStartKey", "ExpressionAttributeValues", "LastEvaluatedKey", "Attributes")


def _members(request: Mapping[str, Any], convert: Callable[[Mapping[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """A request or response with every item-holding member converted, also those nested in batches and transactions."""
    out = dict(request)
    for name in _ITEM_MEMBERS:
        if out.get(name) is not None:
            out[name] = convert(out[name])
    if "Items" in out:
        out["Items"] = [convert(i) for i in out["Items"]]
    if "Keys" in out:
        out["Keys"] = [convert(k) for k in out["Keys"]]
    for name in ("RequestItems", "Responses", "UnprocessedKeys", "UnprocessedItems"):
        if isinstance(out.get(name), Mapping):  # BatchGetItem / BatchWriteItem: per table
            out[name] = {table: _per_table(entry, convert) for table, entry in out[name].items()}
    if isinstance(out.get("TransactItems"), list):
        out["TransactItems"] = [{op: _members(body, convert) for op, body in t.items()} for t in out["TransactItems"]]
    if isinstance(out.get("Responses"), list):  # TransactGetItems
        out["Responses"] = [_members(r, convert) for r in out["Responses"]]
    return out


def _per_table(entry: Any, convert: Callable[[Mapping[str, Any]], dict[str, Any]]) -> Any:
    if isinstance(entry, Mapping):  # BatchGetItem's {"Keys": [...], ...}
        return _members(entry, convert)
    result = []
    for element in entry:  # BatchWriteItem's requests, or BatchGetItem's found items
        if "PutRequest" in element or "DeleteRequest" in element:
            result.append({op: _members(body, convert) for op, body in element.items()})
        else:
            result.append(convert(element))
    return result


_PLAIN_OPERATIONS = frozenset(
    {
        "get_item",
        "put_item",
        "update_item",
        "delete_item",
        "query",
        "scan",
        "batch_get_item",
        "batch_write_item",
        "transact_write_items",
        "transact_get_items",
    }
)


class PlainClient:
    """The low-level DynamoDB client taking and giving plain Python values, as a boto3 resource's
    `meta.client` does. Everything else (`meta`, `exceptions`, other operations) is the client's own."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.raw, name)
        if name not in _PLAIN_OPERATIONS:
            return attribute

        def operation(**kwargs: Any) -> Any:
            return _members(attribute(**_members(kwargs, serialize_item)), deserialize_item)

        operation.__name__ = name
        return operation


class _Meta:
    def __init__(self, client: PlainClient) -> None:
        self.client = client


class Table:
    """boto3's `Table` as the stores use it: item operations with the table's name filled in, and
    `batch_writer()`. `meta.client` is the shared `PlainClient`."""

    def __init__(self, client: PlainClient, name: str) -> None:
        self.name = name
        self.table_name = name
        self.meta = _Meta(client)

    def _call(self, operation: str, kwargs: dict[str, Any]) -> Any:
        return getattr(self.meta.client, operation)(TableName=self.name, **kwargs)

    def get_item(self, **kwargs: Any) -> Any:
        return self._call("get_item", kwargs)

    def put_item(self, **kwargs: Any) -> Any:
        return self._call("put_item", kwargs)

    def update_item(self, **kwargs: Any) -> Any:
        return self._call("update_item", kwargs)

    def delete_item(self, **kwargs: Any) -> Any:
        return self._call("delete_item", kwargs)

    def query(self, **kwargs: Any) -> Any:
        return self._call("query", kwargs)

    def scan(self, **kwargs: Any) -> Any:
        return self._call("scan", kwargs)

    def batch_writer(self, flush_amount: int = 25) -> BatchWriter:
        return BatchWriter(self.meta.client, self.name, flush_amount)


class BatchWriter:
    """boto3's batch writer: puts and deletes buffered and sent 25 per BatchWriteItem, unprocessed
    items sent again (boto3 sends them again at once; so does this), the rest sent on leaving the block."""

    def __init__(self, client: PlainClient, table_name: str, flush_amount: int = 25) -> None:
        self._client, self._table, self._flush_amount = client, table_name, flush_amount
        self._buffer: list[dict[str, Any]] = []

    def put_item(self, Item: dict[str, Any]) -> None:
        self._add({"PutRequest": {"Item": Item}})

    def delete_item(self, Key: dict[str, Any]) -> None:
        self._add({"DeleteRequest": {"Key": Key}})

    def _add(self, request: dict[str, Any]) -> None:
        self._buffer.append(request)
        if len(self._buffer) >= self._flush_amount:
            self._flush()

    def _flush(self) -> None:
        batch, self._buffer = self._buffer[: self._flush_amount], self._buffer[self._flush_amount :]
        response = self._client.batch_write_item(RequestItems={self._table: batch})
        self._buffer.extend((response.get("UnprocessedItems") or {}).get(self._table, []))

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        while self._buffer:
            self._flush()
