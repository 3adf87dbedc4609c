"""`python -m local.cloud` as a child process, started and stopped by the test (as `make run` would run it)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
READY = re.compile(r"Estafette is running on (http://\S+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CloudProcess:
    def __init__(self, state: Path, *args: str, port: int | None = None) -> None:
        self.state, self.args = state, list(args)
        self.port = port or free_port()
        self.log_path = state.parent / f"cloud-{self.port}-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    def start(self, timeout: float = 90) -> CloudProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
        command = [sys.executable, "-m", "local.cloud", "--port", str(self.port), "--state", str(self.state), *self.args]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = READY.search(self.output())
            if match:
                self.base_url = match.group(1)
                return self
            if self.process.poll() is not None:
                return self  # ended (a refused state, say): the caller reads output() and returncode
            time.sleep(0.2)
        self.kill()
        raise TimeoutError(f"the local cloud did not get ready:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def returncode(self) -> int | None:
        return self.process.poll() if self.process else None

    def wait(self, timeout: float = 60) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> int:
        """SIGTERM, as Ctrl-C or `kill` would: the cloud writes its state and ends."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(180)

    def kill(self) -> None:
        """SIGKILL: no chance to write anything more."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=120)  # a clock move of days walks and runs the schedules

    def saved_writes(self) -> int:
        with self.http() as http:
            return int(http.get("/local/health").json()["state"]["writes"])

    def wait_for_save(self, after: int, timeout: float = 20) -> None:
        """Until the cloud has written its state again (the snapshot runs every few seconds)."""
        deadline = time.monotonic() + timeout
        while self.saved_writes() <= after:
            if time.monotonic() > deadline:
                raise TimeoutError("the state was not written")
            time.sleep(0.2)
