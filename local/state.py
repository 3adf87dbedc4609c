"""Durable local state: what `make run` keeps in `.state/` so a restart loses nothing.

One snapshot file holds everything the local cloud knows:

- the embedded moto server's backends, whole: tables and their items, queues with their pending
  and in-flight messages, KMS keys with their key material (sealed network tokens still decrypt),
  secrets, event buses and rules, the SES outbox;
- the fakes' recorded state (the fake networks' posts, tokens, followers), through a generic hook;
- what the local cloud itself made up: the JWT signing key (tokens stay valid)
  and the clock's lead over the wall clock.

It is written atomically (a temporary file, fsync, rename), at shutdown and every few seconds while
something changed, so a crash (SIGKILL, power loss) loses at most the last `SNAPSHOT_SECONDS`. To
take a consistent picture the moto server's request handling is gated: requests run side by side,
a snapshot waits for the running ones and holds new ones back while it pickles (milliseconds for a
demo, about a second for the state of 10,000 shares; see `make bench-local`). SQS long polls wait
outside the gate (short polls inside it, woken by the queue's own condition), so a snapshot never
waits for an idle queue's poll to time out.

The file starts with a header naming the format, the moto version and the payload's SHA-256. A
file that is truncated, altered, written by another moto version or unreadable is refused at start
with a message that offers `make reset`; nothing is overwritten until the user chooses.

Why this and not moto's recorder (replays every request at start: start time grows with the history)
or DynamoDB Local's `-dbPath` (tables only; queues, keys and secrets would still be lost): the figures
are in the README.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import io
import itertools
import json
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FORMAT = "estafette-local-state/1"
SNAPSHOT_FILE = "snapshot.bin"
LOCK_FILE = ".lock"
SNAPSHOT_SECONDS = 2.0
LOCALSTACK_STATE = "localstack"  # BACKEND=localstack keeps its state in this subfolder
DYNAMODB_LOCAL_STATE = "dynamodb-local"  # DynamoDB Local's own files (`-dbPath`), inside it
RESET_HINT = "Run `make reset` to start again with an empty state (this deletes {path}), or restore a copy of it."


class StateError(Exception):
    """The saved state can't be used; the message says why and what to do."""


# --- a readers-writer gate around the moto server ------------------------------------------------

_READ_PREFIXES = (
    "Get",
    "Describe",
    "List",
    "Query",
    "Scan",
    "BatchGet",
    "TransactGet",
    "Receive",
    "Decrypt",
    "GenerateDataKey",
)


class Gate:
    """Requests share it; a snapshot takes it alone. Counts the requests that may have changed state."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0
        self.changes = 0

    @contextmanager
    def shared(self, mutating: bool) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if mutating:
                    self.changes += 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


_SQS_RECEIVE = "AmazonSQS.ReceiveMessage"


def _moto_queue(url: str, environ: dict[str, Any]) -> Any:
    """The moto queue behind `url` (account from its path, region from the request's signature), or None."""
    try:
        from moto.sqs.models import sqs_backends

        account, name = url.rstrip("/").split("/")[-2:]
        region = environ.get("HTTP_AUTHORIZATION", "").split("Credential=", 1)[1].split("/")[2]
        return sqs_backends[account][region].get_queue(name)
    except Exception:  # an unknown queue: the short poll itself answers with SQS's error
        return None


def operation_of(environ: dict[str, Any]) -> str:
    """The AWS operation of a request: `X-Amz-Target` (JSON protocols) or `Action=` (query protocol)."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return target.rsplit(".", 1)[-1]
    query = environ.get("QUERY_STRING", "")
    for part in query.split("&"):
        if part.startswith("Action="):
            return part[7:]
    return ""


def is_mutating(environ: dict[str, Any]) -> bool:
    operation = operation_of(environ)
    if operation:
        return not operation.startswith(_READ_PREFIXES)
    return environ.get("REQUEST_METHOD", "POST") not in ("GET", "HEAD")  # REST protocols (S3, SES v2 …)


def gated_moto_server(gate: Gate, changes: DynamoChanges, host: str = "127.0.0.1", port: int = 0) -> Any:
    """moto's ThreadedMotoServer with every request passing the gate, and DynamoDB writes noted item by item."""
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    class GatedApp:
        def __init__(self) -> None:
            self.app = DomainDispatcherApplication(create_backend_app)

        def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
            target = environ.get("HTTP_X_AMZ_TARGET", "")
            if target == _SQS_RECEIVE:
                return self._receive(environ, start_response)
            body = b""
            if target.startswith(_DYNAMODB_TARGET):
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(length) if length else b""
                environ["wsgi.input"] = io.BytesIO(body)
            with gate.shared(is_mutating(environ)):
                answer = list(self.app(environ, start_response))  # the whole answer, inside the gate
                if body:
                    changes.note(target[len(_DYNAMODB_TARGET) :], body)
                return answer

        def _receive(self, environ: dict[str, Any], start_response: Any) -> Any:
            """A long poll waits outside the gate: a snapshot never waits for an idle queue's poll to end.

            SQS's `WaitTimeSeconds` is served as short polls inside the gate, with the waiting in between
            on the queue's own condition (woken when a message arrives, as moto's own long poll is),
            until a message comes or the time is up.
            """
            length = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(length) if length else b""
            try:
                request = json.loads(raw or b"{}")
                wait = float(request.get("WaitTimeSeconds") or 0)
            except (ValueError, TypeError, AttributeError):
                request, wait = None, 0.0
            if not wait or not isinstance(request, dict):
                environ["wsgi.input"] = io.BytesIO(raw)
                with gate.shared(False):  # a receive is a read here, as in `is_mutating`
                    return list(self.app(environ, start_response))
            short = json.dumps({**request, "WaitTimeSeconds": 0}).encode()
            queue = _moto_queue(str(request.get("QueueUrl", "")), environ)
            deadline = time.monotonic() + wait
            started: list[Any] = []

            def hold_back(*args: Any) -> Callable[[bytes], None]:  # the answer's status waits for the last poll
                started[:] = [args]
                return lambda _data: None

            while True:
                started.clear()
                environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(short), str(len(short))
                with gate.shared(False):  # a receive is a read here, as in `is_mutating`
                    answer = list(self.app(environ, hold_back))
                left = deadline - time.monotonic()
                done = left <= 0 or not started or not started[0][0].startswith("200") or b'"Messages"' in b"".join(answer)
                if not done and queue is None:
                    time.sleep(min(left, 0.1))
                elif not done:
                    with queue._messages_lock:  # moto's own long poll waits on it too; a new message wakes it
                        # False: the time is up and nothing came, so the empty answer stands.
                        done = not queue._messages_lock.wait_for(lambda: queue.messages, timeout=left)
                if done:
                    if started:
                        start_response(*started[0])
                    return answer

    class GatedMotoServer(ThreadedMotoServer):
        def _server_entry(self) -> None:
            self._server = make_server(self._ip_address, self._port, GatedApp(), True, request_handler=MotoRequestHandler)
            self._server_ready_event.set()
            self._server.serve_forever()

    return GatedMotoServer(ip_address=host, port=port, verbose=False)


# --- pickling moto's backends --------------------------------------------------------------------


class _Pickler(pickle.Pickler):
    """Locks and conditions come back new; cryptography's keys travel as DER."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, threading.Condition):
            return threading.Condition, ()
        if isinstance(obj, _LOCK_TYPES):
            return (threading.RLock if "RLock" in type(obj).__name__ else threading.Lock), ()
        if isinstance(obj, threading.Event):
            return threading.Event, ()
        der = _private_key_der(obj)
        if der is not None:
            return _load_private_key, (der,)
        return NotImplemented


_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))


def _private_key_der(obj: Any) -> bytes | None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if isinstance(obj, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey):
        return obj.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return None


def _load_private_key(der: bytes) -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.load_der_private_key(der, password=None)


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def moto_backends() -> dict[tuple[str, str, str], Any]:
    """Every moto backend in use: (service, account, region) -> backend."""
    from moto.core.base_backend import BackendDict

    found = {}
    for backend_dict in list(BackendDict._instances):  # type: ignore[misc]
        for account, regions in list(backend_dict.items()):
            for region, backend in list(regions.items()):
                found[(backend_dict.service_name, account, region)] = backend
    return found


def capture_moto() -> dict[tuple[str, str, str], dict[str, Any]]:
    return {key: backend.__dict__ for key, backend in moto_backends().items()}


def restore_moto(saved: dict[tuple[str, str, str], dict[str, Any]]) -> None:
    """Put saved backends back in place, keeping the objects moto's request handlers hold."""
    from moto.backends import get_backend

    for (service, account, region), attributes in saved.items():
        live = get_backend(service)[account][region]  # type: ignore[call-overload]
        live.__dict__.clear()
        live.__dict__.update(attributes)


# --- secrets on an emulator that keeps none (LocalStack) ---------------------------------------


def capture_secrets() -> dict[str, str]:
    """Every secret's current value, by name (a few: the OAuth apps, each org's HR webhook secret)."""
    import boto3

    client = boto3.session.Session().client("secretsmanager")
    values = {}
    for page in client.get_paginator("list_secrets").paginate():
        for secret in page["SecretList"]:
            value = client.get_secret_value(SecretId=secret["ARN"]).get("SecretString")
            if value is not None:
                values[secret["Name"]] = value
    return values


def restore_secrets(values: dict[str, str]) -> None:
    import boto3

    client = boto3.session.Session().client("secretsmanager")
    for name, value in values.items():
        try:
            client.create_secret(Name=name, SecretString=value)
        except client.exceptions.ResourceExistsException:
            client.put_secret_value(SecretId=name, SecretString=value)


# --- the fakes' hook -----------------------------------------------------------------------------

_RUNTIME = {"host", "port", "network"}


def snapshot_fake(fake: Any) -> bytes:
    """A fake's recorded state: its own `snapshot_state()` if it has one, else its plain data attributes.

    Plain data: its lists, dicts, sets and deques (what it recorded), plus `itertools.count` id
    counters, kept as their next value. Scalars are configuration (ports, URLs, failure rates) and
    servers, threads, locks, callables and random generators its machinery: both are left alone.
    Taken under the fake's own `_lock` when it has one, and pickled at once, so the fake's request
    threads can't change it half-way.
    """
    own = getattr(fake, "snapshot_state", None)
    if callable(own):
        return dumps({"own": own()})
    for _attempt in range(5):
        try:
            return _plain_state(fake)
        except RuntimeError:  # changed while read (a test control that takes no lock): read it again
            time.sleep(0.01)
    return _plain_state(fake)


def _plain_state(fake: Any) -> bytes:
    with _lock_of(fake):
        kept: dict[str, Any] = {}
        counters: dict[str, int] = {}
        for name, value in vars(fake).items():
            if name in _RUNTIME:
                continue
            if isinstance(value, itertools.count):
                counters[name] = int(repr(value)[6:-1].split(",")[0])  # "count(42)": read without consuming
            elif isinstance(value, _PLAIN) and not _holds_callables(value):
                kept[name] = value
        return dumps({"attributes": kept, "counters": counters})


def restore_fake(fake: Any, saved: bytes) -> None:
    state = pickle.loads(saved)  # noqa: S301 (part of our own checksummed snapshot)
    if "own" in state:
        fake.restore_state(state["own"])
        return
    for name, value in state.get("attributes", {}).items():
        if hasattr(fake, name):
            setattr(fake, name, value)
    for name, start in state.get("counters", {}).items():
        setattr(fake, name, itertools.count(start))


def fake_size(fake: Any) -> int:
    """A number that grows when a fake records something (how the snapshotter notices the fakes changed)."""
    return sum(len(value) for value in list(vars(fake).values()) if isinstance(value, list | dict | set | collections.deque))


def _lock_of(fake: Any) -> Any:
    lock = getattr(fake, "_lock", None)
    return lock if hasattr(lock, "__enter__") else contextlib.nullcontext()


_PLAIN = (list, dict, set, collections.deque)


def _holds_callables(value: Any) -> bool:
    """A table of handlers (routes → methods) is machinery, not recorded state."""
    members = value.values() if isinstance(value, dict) else value
    return any(callable(member) for member in itertools.islice(members, 50))


# --- DynamoDB changes, item by item --------------------------------------------------------------

DYNAMODB = "dynamodb"
_DYNAMODB_TARGET = "DynamoDB_20120810."
_ITEM_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
_TABLE_WRITES = {"CreateTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive", "TagResource", "UntagResource"}


class DynamoChanges:
    """The DynamoDB items and tables that requests changed since the last journal record.

    Read from the requests themselves (their `Key`/`Item`), so a journal record holds only the
    items that changed, however large the tables are.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.items: list[tuple[str, dict[str, Any]]] = []  # (table, key or whole item)
        self.tables: set[str] = set()
        self.everything = False  # an operation we can't follow item by item: the next save is a full one

    def note(self, operation: str, body: bytes) -> None:
        if operation not in _ITEM_WRITES and operation not in _TABLE_WRITES:
            if not operation.startswith(_READ_PREFIXES):
                self.everything = True
            return
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return  # moto refused it too
        with self._lock:
            if operation in _TABLE_WRITES:
                name = request.get("TableName") or str(request.get("ResourceArn", "")).rsplit("/", 1)[-1]
                self.tables.add(name)
            elif operation in ("PutItem", "UpdateItem", "DeleteItem"):
                self.items.append((request.get("TableName", ""), request.get("Key") or request.get("Item") or {}))
            elif operation == "BatchWriteItem":
                for table, writes in (request.get("RequestItems") or {}).items():
                    for write in writes:
                        put, delete = write.get("PutRequest") or {}, write.get("DeleteRequest") or {}
                        self.items.append((table, put.get("Item") or delete.get("Key") or {}))
            else:
                for entry in request.get("TransactItems") or []:
                    for kind in ("Put", "Update", "Delete"):
                        op = entry.get(kind)
                        if op:
                            self.items.append((op.get("TableName", ""), op.get("Key") or op.get("Item") or {}))

    def take(self) -> tuple[list[tuple[str, dict[str, Any]]], set[str], bool]:
        with self._lock:
            taken = (self.items, self.tables, self.everything)
            self.items, self.tables, self.everything = [], set(), False
            return taken


def dynamodb_backends_in_use() -> list[Any]:
    return [backend for (service, _, _), backend in moto_backends().items() if service == DYNAMODB]


def capture_items(changes: DynamoChanges) -> dict[str, Any]:
    """The current image of every changed item (None: deleted), and whole tables that changed shape."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    items, tables, everything = changes.take()
    backends = dynamodb_backends_in_use()
    backend = backends[0] if len(backends) == 1 else None
    if everything or (backend is None and (items or tables)):
        return {"everything": True}
    if backend is None:
        return {"items": [], "tables": {}}
    images: dict[tuple[str, Any, Any], Any] = {}
    for name, attributes in items:
        table = backend.tables.get(name)
        if table is None or table.hash_key_attr not in attributes:
            tables.add(name)
            continue
        if table.range_key_attr and table.range_key_attr not in attributes:
            continue  # a request without the whole key: moto refused it
        hash_value = DynamoType(attributes[table.hash_key_attr])
        range_value = DynamoType(attributes[table.range_key_attr]) if table.range_key_attr else None
        stored = table.items.get(hash_value)
        item = stored.get(range_value) if range_value is not None and isinstance(stored, dict) else stored
        images[(name, hash_value, range_value)] = item
    return {
        "items": [(name, h, r, item) for (name, h, r), item in images.items()],
        "tables": {name: backend.tables.get(name) for name in tables},
    }


def apply_items(record: dict[str, Any]) -> None:
    """Put a journal record's item images and tables back into the embedded moto server's storage.

    A table whose items are not yet loaded (see `LazyTable`) keeps the images for when they are."""
    backends = dynamodb_backends_in_use()
    if not backends:
        from moto.backends import get_backend
        from moto.core import DEFAULT_ACCOUNT_ID

        backends = [get_backend(DYNAMODB)[DEFAULT_ACCOUNT_ID]["eu-west-1"]]  # type: ignore[call-overload]

    def holding(name: str) -> Any:  # the backend (account, region) that has the table; else the first one
        return next((backend for backend in backends if name in backend.tables), backends[0])

    for name, table in record.get("tables", {}).items():
        if table is None:
            holding(name).tables.pop(name, None)
        else:
            holding(name).tables[name] = table
    with _LOAD_LOCK:
        for name, hash_value, range_value, item in record.get("items", []):
            table = holding(name).tables.get(name)
            if table is None:
                continue
            pending = table.__dict__.get(_LAZY_JOURNAL)
            if pending is not None and _LAZY_ROWS in table.__dict__:
                pending.append((hash_value, range_value, item))
            else:
                _apply_one(table.items, hash_value, range_value, item)


def _apply_one(items: dict[Any, Any], hash_value: Any, range_value: Any, item: Any) -> None:
    if range_value is None:
        if item is None:
            items.pop(hash_value, None)
        else:
            items[hash_value] = item
    elif item is None:
        bucket = items.get(hash_value)
        if bucket is not None:
            bucket.pop(range_value, None)
            if not bucket:
                items.pop(hash_value, None)
    else:
        items.setdefault(hash_value, {})[range_value] = item


# --- a base's DynamoDB items: one blob of plain tuples per table, loaded when first touched --------
# Unpickling moto's objects costs a few microseconds each; 10,000 shares are millions of them. So a
# base keeps each table's items as one pickled list of tuples of strings (unpickled in C), and a
# restart rebuilds nothing: a table becomes a `LazyTable` whose items are built the first time a
# request (or the console's count after a journal) touches them, and each item a `LazyItem` whose
# attributes are built the first time they are read. A table nobody touched is written into the next
# base as the very blob it was read from. Start time no longer grows with the tables.

_LAZY_ROWS = "_lazy_rows"  # the blob (bytes) or the rows (a list) of a table not loaded yet
_LAZY_COUNT = "_lazy_count"
_LAZY_JOURNAL = "_lazy_journal"  # journal images for it, oldest first, applied when it loads
_ITEMS = "_items"
_TABLE_KEYS = ("items", _ITEMS, _LAZY_ROWS, _LAZY_COUNT, _LAZY_JOURNAL)
_LOAD_LOCK = threading.RLock()
_LAZY_CLASSES: dict[str, type] = {}


def _lazy_classes() -> dict[str, type]:
    """`LazyTable` and `LazyItem`: moto's Table and Item, built as late as moto itself is imported."""
    if _LAZY_CLASSES:
        return _LAZY_CLASSES
    from collections import defaultdict

    from moto.dynamodb.models.dynamo_type import Item
    from moto.dynamodb.models.table import Table

    class LazyTable(Table):
        @property  # type: ignore[override]
        def items(self) -> Any:
            state = self.__dict__
            if _LAZY_ROWS in state:
                _load_table(self)
            found = state.get(_ITEMS)
            return found if found is not None else state.setdefault(_ITEMS, defaultdict(dict))

        @items.setter
        def items(self, value: Any) -> None:
            self.__dict__[_ITEMS] = value

        def __len__(self) -> int:
            state = self.__dict__
            if _LAZY_ROWS in state and not state.get(_LAZY_JOURNAL):
                return int(state[_LAZY_COUNT])
            return int(super().__len__())

    class LazyItem(Item):
        @property  # type: ignore[override]
        def attrs(self) -> Any:
            state = self.__dict__
            found = state.get("_attrs")
            if found is None:
                raw = state.get("_raw")
                if raw is None:  # built by another thread a moment ago
                    return state["_attrs"]
                found = state.setdefault("_attrs", _decode_attrs(raw))  # atomic: the first one built wins
                state.pop("_raw", None)
            return found

        @attrs.setter
        def attrs(self, value: Any) -> None:
            self.__dict__["_attrs"] = value
            self.__dict__.pop("_raw", None)

    for cls in (LazyTable, LazyItem):
        cls.__module__, cls.__qualname__ = __name__, cls.__name__  # pickled by name: local.state.LazyTable
    _LAZY_CLASSES.update(LazyTable=LazyTable, LazyItem=LazyItem, Table=Table)
    return _LAZY_CLASSES


def __getattr__(name: str) -> Any:  # unpickling finds the classes by name before anything built them
    if name in ("LazyTable", "LazyItem"):
        return _lazy_classes()[name]
    raise AttributeError(name)


def _encode_value(value: Any) -> Any:
    kind, inner = value.type, value.value
    if kind == "M":
        return kind, {name: _encode_value(member) for name, member in inner.items()}
    if kind == "L":
        return kind, [_encode_value(member) for member in inner]
    return kind, inner


def _new_value() -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType

    return DynamoType.__new__(DynamoType)


def _decode_value(kind: str, inner: Any, new: Callable[[], Any] = _new_value) -> Any:
    value = new()
    if kind == "M":
        inner = {name: _decode_value(k, v, new) for name, (k, v) in inner.items()}
    elif kind == "L":
        inner = [_decode_value(k, v, new) for k, v in inner]
    value.__dict__ = {"type": kind, "value": inner}
    return value


def _decode_attrs(raw: list[tuple[Any, ...]]) -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType, LimitedSizeDict

    def new_value() -> Any:
        return DynamoType.__new__(DynamoType)

    values = LimitedSizeDict()
    for name, kind, inner in raw:
        if kind == "M" or kind == "L":
            decoded = _decode_value(kind, inner, new_value)
        else:  # the common case, inline: a scalar or a set
            decoded = new_value()
            decoded.__dict__ = {"type": kind, "value": inner}
        dict.__setitem__(values, name, decoded)
    return values


def encode_items(table: Any) -> list[tuple[Any, ...]]:
    rows = []
    for bucket in table.items.values():
        for item in bucket.values() if table.range_key_attr else (bucket,):
            state = item.__dict__
            raw = state.get("_raw") if "_attrs" not in state else None
            attrs = raw if raw is not None else [(name, *_encode_value(value)) for name, value in item.attrs.items()]
            rows.append((_encode_value(item.hash_key), _encode_value(item.range_key) if item.range_key else None, attrs))
    return rows


def decode_items(table: Any, rows: list[tuple[Any, ...]], into: dict[Any, Any] | None = None) -> None:
    """Rows back into moto's storage: `LazyItem`s with their keys built and their attributes kept raw."""
    lazy_item: Any = _lazy_classes()["LazyItem"]
    items = table.items if into is None else into
    new = _new_value
    ranged = bool(table.range_key_attr)
    for hash_code, range_code, attrs in rows:
        item: Any = lazy_item.__new__(lazy_item)
        state = item.__dict__
        state["hash_key"] = _decode_value(hash_code[0], hash_code[1], new)
        state["range_key"] = _decode_value(range_code[0], range_code[1], new) if range_code else None
        state["_raw"] = attrs
        if ranged and state["range_key"] is not None:
            items[state["hash_key"]][state["range_key"]] = item
        else:
            items[state["hash_key"]] = item


def _load_table(table: Any) -> None:
    """Build a LazyTable's items (once; other threads wait here and find them built)."""
    from collections import defaultdict

    with _LOAD_LOCK:
        state = table.__dict__
        if _LAZY_ROWS not in state:
            return
        rows = state[_LAZY_ROWS]
        if isinstance(rows, bytes):
            rows = pickle.loads(rows)  # noqa: S301 (part of our own checksummed snapshot)
        items: dict[Any, Any] = defaultdict(dict)
        decode_items(table, rows, into=items)
        for hash_value, range_value, item in state.get(_LAZY_JOURNAL) or []:
            _apply_one(items, hash_value, range_value, item)
        state[_ITEMS] = items  # published whole, before the rows go: a reader sees one or the other
        del state[_LAZY_ROWS]
        state.pop(_LAZY_JOURNAL, None)
        state.pop(_LAZY_COUNT, None)


def table_blob(table: Any) -> tuple[int, bytes]:
    """A table's items as (count, pickled rows): the blob it was read from if nobody touched it."""
    state = table.__dict__
    with _LOAD_LOCK:
        if isinstance(state.get(_LAZY_ROWS), bytes) and not state.get(_LAZY_JOURNAL):
            return int(state[_LAZY_COUNT]), state[_LAZY_ROWS]
    rows = encode_items(table)
    return len(rows), pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def items_apart() -> Iterator[dict[str, tuple[int, bytes]]]:
    """While a base is pickled: the tables without their items, the items as blobs (put back after)."""
    from collections import defaultdict

    kept: dict[str, dict[str, Any]] = {}
    encoded: dict[str, tuple[int, bytes]] = {}
    tables = {name: table for backend in dynamodb_backends_in_use() for name, table in backend.tables.items()}
    try:
        for name, table in tables.items():
            encoded[name] = table_blob(table)
            state = table.__dict__
            kept[name] = {key: state.pop(key) for key in _TABLE_KEYS if key in state}
            state[_ITEMS if type(table).__name__ == "LazyTable" else "items"] = defaultdict(dict)
        yield encoded
    finally:
        for name, saved in kept.items():
            state = tables[name].__dict__
            for key in _TABLE_KEYS:
                state.pop(key, None)
            state.update(saved)


def put_items_back(encoded: dict[str, Any]) -> None:
    """A base's items back in place: each table lazy, loaded when first touched (see `LazyTable`)."""
    classes = _lazy_classes()
    tables = {name: table for backend in dynamodb_backends_in_use() for name, table in backend.tables.items()}
    for name, blob in encoded.items():
        table = tables.get(name)
        if table is None:
            continue
        if isinstance(blob, list):  # a base written before the blobs: its rows, as they are
            count, rows = len(blob), blob
        else:
            count, rows = blob
        if type(table) in (classes["Table"], classes["LazyTable"]):
            state = table.__dict__
            for key in _TABLE_KEYS:
                state.pop(key, None)
            table.__class__ = classes["LazyTable"]
            state.update({_LAZY_ROWS: rows, _LAZY_COUNT: count, _LAZY_JOURNAL: []})
        else:  # moto's restored-from-backup tables: built at once
            decode_items(table, pickle.loads(rows) if isinstance(rows, bytes) else rows)  # noqa: S301


# --- the files -----------------------------------------------------------------------------------


@dataclass
class Snapshot:
    moto: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    fakes: dict[str, bytes] = field(default_factory=dict)
    local: dict[str, Any] = field(default_factory=dict)  # jwt key, clock lead, the demo, resources provisioned
    journal: list[dict[str, Any]] = field(default_factory=list)  # DynamoDB changes since the base, oldest first
    dynamodb_items: dict[str, Any] = field(default_factory=dict)  # a base's items: (count, blob) per table


def _moto_version() -> str:
    from importlib.metadata import version

    return version("moto")


JOURNAL_FILE = "journal.bin"
RECORD = "record"
COMPACT_BYTES = 64 * 1024 * 1024  # a journal this long is folded into a new base snapshot


class StateStore:
    """`snapshot.bin`: a whole picture (the base). `journal.bin`: records appended since, each the
    DynamoDB items that changed plus the (small) rest of the state, written every few seconds."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / SNAPSHOT_FILE
        self.journal_path = self.directory / JOURNAL_FILE
        self.last_write_seconds = 0.0
        self.last_size = 0
        self.seq = 0  # the last record or base written
        self._lock_file: IO[str] | None = None

    def acquire(self) -> None:
        """One local cloud per state folder: a second one would overwrite the first one's state."""
        import fcntl

        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(self.directory / LOCK_FILE, "a+")  # noqa: SIM115 (held for the cloud's lifetime)
        try:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_file.close()
            self._lock_file = None
            raise StateError(
                f"Another local cloud is using the state in {self.directory} (`make run` in another terminal?). "
                "Stop that one first, or give this one its own folder: `make run STATE=.state-2 PORT=3100`."
            ) from None

    def release(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def hint(self) -> str:
        return RESET_HINT.format(path=self.directory)

    # --- reading ---------------------------------------------------------------------------------

    def load(self) -> Snapshot | None:
        """The saved state, or None for an empty state. Raises StateError when it can't be used."""
        if not self.directory.exists():
            return None
        if not self.directory.is_dir():
            raise StateError(f"{self.directory} is not a folder. {self.hint()}")
        known = (SNAPSHOT_FILE, JOURNAL_FILE, LOCK_FILE, LOCALSTACK_STATE, DYNAMODB_LOCAL_STATE)
        leftovers = [p.name for p in self.directory.iterdir() if p.name not in known and not p.name.endswith(".tmp")]
        if not self.path.exists():
            if leftovers or self.journal_path.exists():
                found = sorted([*leftovers, *([JOURNAL_FILE] if self.journal_path.exists() else [])])
                raise StateError(
                    f"The local state in {self.directory} is incomplete: {SNAPSHOT_FILE} is missing "
                    f"(found {', '.join(found)}). {self.hint()}"
                )
            return None
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise StateError(f"The local state {self.path} can't be read ({error.strerror}). {self.hint()}") from None
        header, _, payload = raw.partition(b"\n\n")
        lines = header.decode("ascii", "replace").splitlines()
        fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        if not lines or lines[0] != FORMAT or "sha256" not in fields:
            raise StateError(f"{self.path} is not a state file of this version of the local cloud. {self.hint()}")
        if int(fields.get("bytes", -1)) != len(payload) or hashlib.sha256(payload).hexdigest() != fields["sha256"]:
            raise StateError(
                f"The local state {self.path} is damaged (partly written or changed by hand): "
                f"{len(payload):,} of {int(fields.get('bytes', 0)):,} bytes, checksum "
                f"{'matches' if hashlib.sha256(payload).hexdigest() == fields['sha256'] else 'differs'}. {self.hint()}"
            )
        if fields.get("moto") != _moto_version():
            raise StateError(
                f"The local state in {self.directory} was written with moto {fields.get('moto')}; this is moto "
                f"{_moto_version()}, which can't read it. {self.hint()}"
            )
        snapshot = self._unpickle(payload, self.path)
        if not isinstance(snapshot, Snapshot):
            raise StateError(f"{self.path} holds no local state. {self.hint()}")
        self.seq = int(fields.get("seq", 0))
        for seq, record in self._journal():
            if seq <= self.seq:
                continue  # already in the base (the journal was not yet emptied when the base was written)
            if record.get("everything"):
                raise StateError(f"{self.journal_path} asks for a full snapshot it does not hold. {self.hint()}")
            rest = self._unpickle(record["rest"], self.journal_path)
            snapshot.moto.update(rest.moto)
            snapshot.fakes, snapshot.local = rest.fakes, rest.local
            snapshot.journal.append(record)
            self.seq = seq
        return snapshot

    def _journal(self) -> Iterator[tuple[int, dict[str, Any]]]:
        if not self.journal_path.exists():
            return
        data = self.journal_path.read_bytes()
        position = 0
        while position < len(data):
            end = data.find(b"\n", position)
            parts = data[position:end].decode("ascii", "replace").split() if end >= 0 else []
            body_start = end + 1
            if len(parts) != 4 or parts[0] != RECORD or not parts[1].isdigit() or not parts[2].isdigit():
                if end < 0:
                    return  # a header cut short by a crash: the last few seconds, lost as promised
                raise StateError(f"{self.journal_path} is damaged at byte {position:,}. {self.hint()}")
            length = int(parts[2])
            body = data[body_start : body_start + length]
            if len(body) < length:
                return  # the last record, cut short by a crash
            if hashlib.sha256(body).hexdigest() != parts[3]:
                if body_start + length >= len(data):
                    return  # the last record, written in part
                raise StateError(f"{self.journal_path} is damaged at byte {position:,} (checksum). {self.hint()}")
            yield int(parts[1]), self._unpickle(body, self.journal_path)
            position = body_start + length

    def _unpickle(self, payload: bytes, path: Path) -> Any:
        try:
            return pickle.loads(payload)  # noqa: S301 (our own file, checksummed, in a git-ignored folder)
        except Exception as error:
            raise StateError(f"The local state {path} can't be read ({type(error).__name__}). {self.hint()}") from None

    # --- writing ---------------------------------------------------------------------------------

    def write(self, snapshot: Snapshot) -> int:
        return self.write_payload(dumps(snapshot))

    def write_payload(self, payload: bytes) -> int:
        """A new base (a pickled Snapshot), written atomically; the journal starts again. Returns its size."""
        started = time.perf_counter()
        self.seq += 1
        digest = hashlib.sha256(payload).hexdigest()
        header = f"{FORMAT}\nmoto: {_moto_version()}\nseq: {self.seq}\nbytes: {len(payload)}\nsha256: {digest}\n\n".encode()
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f"{SNAPSHOT_FILE}.{os.getpid()}.tmp"
        with open(temporary, "wb") as out:
            out.write(header)
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        self._fsync_directory()
        if self.journal_path.exists():
            self.journal_path.unlink()  # its records are in the base now (and skipped by seq if this is cut short)
        self.last_write_seconds = time.perf_counter() - started
        self.last_size = len(header) + len(payload)
        return self.last_size

    def append(self, record: bytes) -> int:
        """One journal record, appended and fsynced. Returns the journal's length."""
        started = time.perf_counter()
        self.seq += 1
        header = f"{RECORD} {self.seq} {len(record)} {hashlib.sha256(record).hexdigest()}\n".encode()
        with open(self.journal_path, "ab") as out:
            out.write(header + record)
            out.flush()
            os.fsync(out.fileno())
            size = out.tell()
        self.last_write_seconds = time.perf_counter() - started
        self.last_size = len(header) + len(record)
        return size

    def _fsync_directory(self) -> None:
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


class Snapshotter:
    """Every `interval` seconds while something changed: a journal record (the changed DynamoDB items
    and the rest of the state); a new base when the journal has grown long, and at stop."""

    def __init__(
        self,
        store: StateStore,
        gate: Gate,
        changes: DynamoChanges,
        collect: Callable[[bool], Snapshot],
        interval: float = SNAPSHOT_SECONDS,
    ):
        self.store, self.gate, self.changes, self.collect, self.interval = store, gate, changes, collect, interval
        self._written_changes = -1
        self._local_version: Callable[[], int] = lambda: 0
        self._written_local = -1
        self._stop = threading.Event()
        self._kick = threading.Event()  # write now rather than at the end of the interval
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="state-snapshots", daemon=True)
        self.writes = 0
        self.last_written_at: float | None = None  # wall-clock seconds

    def watch(self, version: Callable[[], int]) -> None:
        """Also write when this number changes (state outside moto: the fakes, the clock)."""
        self._local_version = version

    def start(self) -> Snapshotter:
        self._thread.start()
        return self

    def kick(self) -> None:
        """Write a record now, in the background (start and seeding don't wait for the disk)."""
        self._kick.set()

    def save(self, force: bool = False, full: bool = False) -> bool:
        """A journal record if something changed (or `force`); a whole new base if `full`."""
        with self._lock:
            changes, local = self.gate.changes, self._local_version()
            if not (force or full) and changes == self._written_changes and local == self._written_local:
                return False
            with self.gate.exclusive():
                changes, local = self.gate.changes, self._local_version()
                record = {} if full else capture_items(self.changes)
                full = full or bool(record.get("everything")) or not self.store.path.exists()
                if full:
                    self.changes.take()
                    payload = self._base()
                else:
                    record["rest"] = dumps(self.collect(False))
                    payload = dumps(record)
            if full:
                self.store.write_payload(payload)
            elif self.store.append(payload) > COMPACT_BYTES:
                self._written_changes = -1
                return self._full_locked()
            self._written_changes, self._written_local = changes, local
            self.writes += 1
            self.last_written_at = time.time()
            return True

    def _full_locked(self) -> bool:
        with self.gate.exclusive():
            changes, local = self.gate.changes, self._local_version()
            self.changes.take()
            payload = self._base()
        self.store.write_payload(payload)
        self._written_changes, self._written_local = changes, local
        self.writes += 1
        self.last_written_at = time.time()
        return True

    def _base(self) -> bytes:
        """The whole state, pickled (the gate held)."""
        snapshot = self.collect(True)
        with items_apart() as encoded:
            snapshot.dynamodb_items = encoded
            return dumps(snapshot)

    def stop(self) -> None:
        self._stop.set()
        self._kick.set()
        if self._thread.is_alive():
            self._thread.join(30)
        # A last journal record: cheap however large the state (a new base is written when the journal is long).
        self.save(force=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._kick.wait(self.interval)
            if self._stop.is_set():
                return
            kicked = self._kick.is_set()
            self._kick.clear()
            try:
                self.save(force=kicked)
            except Exception as error:  # keep serving; the next round tries again
                print(f"  (could not save the local state: {type(error).__name__}: {error})", flush=True)
