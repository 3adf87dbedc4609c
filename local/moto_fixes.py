"""A performance fix for the embedded moto server: transactions that cost what they touch.

moto's `transact_write_items` backs up every table a transaction names with a deep copy, once
per item in the transaction, so it can roll back. On a table of a few thousand items every
transaction then costs seconds, and a benchmark of a thousand shares (one transaction each, plus
the reporting projector's) would measure moto's copying, not the system. This backs up only the
items the transaction touches and restores exactly those on failure: the same all-or-nothing
contract, at the cost of the transaction's own size. Applied only to the in-process moto server.
"""

from __future__ import annotations

import copy
from typing import Any


class _TablesByReference:
    """Stands in for the `copy` module inside moto's DynamoDB models: tables are not copied."""

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table

        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def cheap_transactions() -> None:
    from moto.dynamodb import models
    from moto.dynamodb.models.dynamo_type import DynamoType

    backend = models.DynamoDBBackend
    if getattr(backend, "_estafette_cheap_transactions", False):
        return
    original = backend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        touched = []
        for entry in transact_items:
            _, op = next(iter(entry.items()))
            table = self.tables.get(op.get("TableName"))
            key = op.get("Key") or op.get("Item") or {}
            if table is None or table.hash_key_attr not in key:
                continue
            hash_value = DynamoType(key[table.hash_key_attr])
            range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr in key else None
            touched.append((table, hash_value, range_value, copy.deepcopy(table.get_item(hash_value, range_value))))
        try:
            original(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(touched):
                if item is None:
                    table.delete_item(hash_value, range_value)
                elif range_value is not None:
                    table.items[hash_value][range_value] = item
                else:
                    table.items[hash_value] = item
            raise

    models.copy = _TablesByReference  # type: ignore[assignment]
    backend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    backend._estafette_cheap_transactions = True  # type: ignore[attr-defined]


def serial_dynamodb_writes() -> None:
    """DynamoDB's conditional writes and transactions are atomic; moto's are a check, then a write.

    The embedded moto server answers requests in threads, so two requests can both pass a
    condition before either writes (two shares both taking the last slot under a cap). Real
    DynamoDB (and DynamoDB Local, see docs/fidelity.md) never lets that happen. One lock around
    moto's DynamoDB writes gives the local cloud the same guarantee; reads stay unlocked.
    """
    import functools
    import threading

    from moto.dynamodb import models

    backend = models.DynamoDBBackend
    if getattr(backend, "_estafette_serial_writes", False):
        return
    lock = threading.RLock()
    for name in ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item"):
        original = getattr(backend, name, None)
        if original is None:
            continue

        def serialised(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            with lock:
                return _original(self, *args, **kwargs)

        setattr(backend, name, functools.wraps(original)(serialised))
    backend._estafette_serial_writes = True  # type: ignore[attr-defined]
