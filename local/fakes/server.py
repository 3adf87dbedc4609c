"""The lifecycle every fake server shares: one loopback `ThreadingHTTPServer` on its own daemon thread.

A fake subclasses `FakeServer` and answers `handler()` with its request handler class (usually a
subclass of `QuietHandler`). `start()` binds and serves (an `OSError` when the port is taken),
`stop()` shuts it down and may be called on a fake that never started, `base_url` is where it
listens once started, and `with Fake() as fake:` does both. A stopped fake can start again, on
the same port. A client that hangs up mid-answer is not an error worth a traceback on stderr.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):  # reset, broken pipe, aborted: the client left
            return
        super().handle_error(request, client_address)


class QuietHandler(BaseHTTPRequestHandler):
    """No access log on stderr: tests and the local console read what the fakes record instead."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakeServer:
    name = "fake"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self._server: QuietServer | None = None
        self._thread: threading.Thread | None = None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} not started")
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._server = QuietServer((self.host, self.port), self.handler())
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=self.name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
