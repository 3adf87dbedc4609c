"""Durable local state: what `make run` keeps in `.state/` so a restart loses nothing.

One snapshot file holds everything the local cloud knows:

- the embedded moto server's backends, whole: tables and their items, queues with their pending
  and in-flight messages, KMS keys with their key material (sealed network tokens still decrypt),
  secrets, event buses and rules, the SES outbox;
- the fakes' recorded state (the fake networks' posts, tokens, followers), through a generic hook;
- what the local cloud itself made up: the JWT signing key (tokens stay valid), the click-hash salt
  and the clock's lead over the wall clock.

It is written atomically (a temporary file, fsync, rename), at shutdown and every few seconds while
something changed, so a crash (SIGKILL, power loss) loses at most the last `SNAPSHOT_SECONDS`. To
take a consistent picture the moto server's request handling is gated: requests run side by side,
a snapshot waits for the running ones and holds new ones back while it pickles (milliseconds for a
demo, about a second for the state of 10,000 shares; see `make bench-local`).

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
RESET_HINT = "Run `make reset` to start again with an empty state (this deletes {path}), or restore a copy of it."


class StateError(Exception):
    """The saved state can't be used; the message says why and what to do."""


# --- a readers-writer gate around the moto server ------------------------------------------------

_READ_PREFIXES = ("Get", "Describe", "List", "Query", "Scan", "BatchGet", "Receive", "Decrypt", "GenerateDataKey")


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


def gated_moto_server(gate: Gate, host: str = "127.0.0.1", port: int = 0) -> Any:
    """moto's ThreadedMotoServer with every request passing the gate."""
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    class GatedApp:
        def __init__(self) -> None:
            self.app = DomainDispatcherApplication(create_backend_app)

        def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
            with gate.shared(is_mutating(environ)):
                return list(self.app(environ, start_response))  # the whole answer, inside the gate

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


# --- the snapshot file ---------------------------------------------------------------------------


@dataclass
class Snapshot:
    moto: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    fakes: dict[str, bytes] = field(default_factory=dict)
    local: dict[str, Any] = field(default_factory=dict)  # jwt key, click salt, clock lead, ids the cloud made up


def _moto_version() -> str:
    from importlib.metadata import version

    return version("moto")


class StateStore:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / SNAPSHOT_FILE
        self.last_write_seconds = 0.0
        self.last_size = 0
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

    def load(self) -> Snapshot | None:
        """The saved state, or None for an empty state. Raises StateError when it can't be used."""
        if not self.directory.exists():
            return None
        if not self.directory.is_dir():
            raise StateError(f"{self.directory} is not a folder. {self.hint()}")
        leftovers = [
            p.name for p in self.directory.iterdir() if p.name not in (SNAPSHOT_FILE, LOCK_FILE) and not p.name.endswith(".tmp")
        ]
        if not self.path.exists():
            if leftovers:
                raise StateError(
                    f"The local state in {self.directory} is incomplete: {SNAPSHOT_FILE} is missing "
                    f"(found {', '.join(sorted(leftovers))}). {self.hint()}"
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
        try:
            snapshot = pickle.loads(payload)  # noqa: S301 (our own file, checksummed, in a git-ignored folder)
        except Exception as error:
            raise StateError(f"The local state {self.path} can't be read ({type(error).__name__}). {self.hint()}") from None
        if not isinstance(snapshot, Snapshot):
            raise StateError(f"{self.path} holds no local state. {self.hint()}")
        return snapshot

    def write(self, snapshot: Snapshot) -> int:
        return self.write_payload(dumps(snapshot))

    def write_payload(self, payload: bytes) -> int:
        """Write a pickled Snapshot atomically; returns the bytes written."""
        started = time.perf_counter()
        digest = hashlib.sha256(payload).hexdigest()
        header = f"{FORMAT}\nmoto: {_moto_version()}\nbytes: {len(payload)}\nsha256: {digest}\n\n".encode()
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f"{SNAPSHOT_FILE}.{os.getpid()}.tmp"
        with open(temporary, "wb") as out:
            out.write(header)
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        self.last_write_seconds = time.perf_counter() - started
        self.last_size = len(header) + len(payload)
        return self.last_size


class Snapshotter:
    """Writes the state every `interval` seconds while something changed, and once more at stop."""

    def __init__(self, store: StateStore, gate: Gate, collect: Callable[[], Snapshot], interval: float = SNAPSHOT_SECONDS):
        self.store, self.gate, self.collect, self.interval = store, gate, collect, interval
        self._written_changes = -1
        self._local_version: Callable[[], int] = lambda: 0
        self._written_local = -1
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="state-snapshots", daemon=True)
        self.writes = 0
        self.last_written_at: float | None = None  # wall-clock seconds

    def watch(self, version: Callable[[], int]) -> None:
        """Also write when this number changes (state outside moto: the fakes, the clock)."""
        self._local_version = version

    def start(self) -> Snapshotter:
        self._written_changes, self._written_local = self.gate.changes, self._local_version()
        self._thread.start()
        return self

    def save(self, force: bool = False) -> bool:
        with self._lock:
            changes, local = self.gate.changes, self._local_version()
            if not force and changes == self._written_changes and local == self._written_local:
                return False
            with self.gate.exclusive():
                changes = self.gate.changes
                payload = dumps(self.collect())
            self.store.write_payload(payload)
            self._written_changes, self._written_local = changes, local
            self.writes += 1
            self.last_written_at = time.time()
            return True

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)
        self.save(force=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.save()
            except Exception as error:  # keep serving; the next round tries again
                print(f"  (could not save the local state: {type(error).__name__}: {error})", flush=True)
