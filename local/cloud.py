"""The local cloud: the whole system on one machine, no AWS account, no Docker.

    python -m local.cloud [--port 3000] [--speed 60] [--backend moto|localstack|aws] [--no-seed]

1. Starts the embedded moto server, unless `AWS_ENDPOINT_URL` already points at another
   emulator (LocalStack, DynamoDB Local through `AWS_ENDPOINT_URL_DYNAMODB`) or `--backend aws`.
2. Creates every resource in infra/template.yaml (read, not duplicated).
3. Serves the HTTP API on localhost as API Gateway v2 events, with JWT validation.
4. Polls each SQS event source; fires the schedules; starts the fake networks and chat webhooks.
5. Seeds a demo organisation and prints what to try next.
6. Keeps what would have been sent (mail through SES, chat posts) in a local outbox: `GET /local/outbox`.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import json
import os
import signal
import sys
import threading
import warnings
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from local.clock import MAX_ADVANCE_SECONDS, DurationError, LocalClock, parse_duration
from local.fakes.chat import FakeChat
from local.fakes.feeds import FakeFeeds
from local.fakes.hr import FakeHrApi
from local.fakes.network_media import FakeMedia, attach_media
from local.fakes.networks import FakeNetwork
from local.gateway import AUDIENCE, TOKEN_TTL_SECONDS, Gateway, route_regex
from local.outbox import LocalOutbox
from local.pollers import Poller
from local.provision import provision
from local.runtime import (
    FunctionSpec,
    apply_environment,
    functions_of,
    local_client,
    merged_environment,
    quiet_single_metrics,
)
from local.schedules import Schedule
from local.state import (
    DYNAMODB,
    DYNAMODB_LOCAL_STATE,
    LOCALSTACK_STATE,
    DynamoChanges,
    Gate,
    Snapshot,
    Snapshotter,
    StateError,
    StateStore,
    apply_items,
    capture_moto,
    capture_secrets,
    fake_size,
    gated_moto_server,
    put_items_back,
    restore_fake,
    restore_moto,
    restore_secrets,
    snapshot_fake,
)
from local.template import Template
from local.webapp import WebApp

REGION = "eu-west-1"
# Metrics are disabled locally (there is no CloudWatch); Powertools would warn on every invocation.
warnings.filterwarnings("ignore", message="No application metrics to publish")
DEMO_ORG = "demo"
WALK_STEP_SECONDS = 3600.0
WALK_MAX_STEPS = 48


class LocalCloud:
    def __init__(
        self,
        port: int = 3000,
        speed: float = 1.0,
        backend: str = "moto",
        quiet: bool = False,
        state_dir: Path | str | None = None,
    ) -> None:
        self.port, self.speed, self.backend, self.quiet = port, speed, backend, quiet
        # Durable state (`make run` keeps it in .state/); None: everything lives in memory (the tests).
        self.state = StateStore(Path(state_dir)) if state_dir is not None else None
        self.restored: Snapshot | None = None
        self.snapshotter: Snapshotter | None = None
        self.gate = Gate()
        self.changes = DynamoChanges()
        self.clock = LocalClock(speed)
        self._walking = threading.Lock()  # one clock move at a time
        self.local: dict[str, Any] = {}  # what the cloud made up and keeps with the state (salt, demo details)
        self.web_app_url: str | None = None  # set when the web app is served; the console prints it first
        self.moto: Any = None
        self.networks: dict[str, FakeNetwork] = {}
        self.media: dict[str, FakeMedia] = {}  # the fake networks' media APIs (images on posts)
        self.pollers: list[Poller] = []
        self.schedules: list[Schedule] = []
        self.functions: list[FunctionSpec] = []
        self.template: Template | None = None
        self.gateway: Gateway | None = None
        self.chat = FakeChat()
        self.feeds = FakeFeeds()  # industry sources' RSS and Atom feeds, on loopback
        self.hr = FakeHrApi()
        self.outbox: LocalOutbox | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> LocalCloud:
        if self.state is not None:
            self.restored = self.state.load()  # StateError: a damaged state is refused before anything starts
            self.state.acquire()
        saved = self.restored or Snapshot()
        self.local = dict(saved.local)
        if self.restored is not None and self.local.get("backend", "moto") != self.backend:
            assert self.state is not None
            raise StateError(
                f"The local state in {self.state.directory} was kept by the {self.local.get('backend', 'moto')} backend; "
                f"this is the {self.backend} backend. Start with BACKEND={self.local.get('backend', 'moto')}, or use another "
                "STATE folder."
            )
        self.local["backend"] = self.backend
        self.clock = LocalClock(self.speed, lead=float(self.local.get("clock_lead", 0.0))).install()
        self._start_backend()
        if saved.moto:
            if self.moto is None:
                raise StateError(
                    f"The local state in {self.state.directory if self.state else '?'} belongs to the embedded moto server; "
                    f"the {self.backend} backend keeps its own. Start without BACKEND, or use another STATE folder."
                )
            restore_moto(saved.moto)
            put_items_back(getattr(saved, "dynamodb_items", {}))
            for record in saved.journal:  # DynamoDB changes written since the base, oldest first
                apply_items(record)
        for offset, network in enumerate(("linkedin", "x", "bluesky"), start=1):
            fake = FakeNetwork(network, port=self._side_port(offset))
            if network in saved.fakes:
                restore_fake(fake, saved.fakes[network])
            fake.clock = self.clock.time
            self.networks[network] = self._start_on_free_port(fake)
            self.media[network] = attach_media(self.networks[network])
        self.chat = FakeChat(port=self._side_port(4))  # next to the API
        if "chat" in saved.fakes:
            restore_fake(self.chat, saved.fakes["chat"])
        self._start_on_free_port(self.chat)
        self.feeds.start()
        if "hr" in saved.fakes:
            restore_fake(self.hr, saved.fakes["hr"])
        self.hr.start()
        jwt_key = self.local.get("jwt_key")
        self.gateway = Gateway([], port=self.port, signing_key=(jwt_key["pem"], jwt_key["kid"]) if jwt_key else None)
        self.local["jwt_key"] = {"pem": self.gateway.tokens.key_pem(), "kid": self.gateway.tokens.kid}
        self.template = Template.load(
            region=REGION,
            parameters={
                "JwtIssuer": self.gateway.tokens.issuer,
                "JwtAudience": [AUDIENCE],
                "TrackedLinkBaseUrl": self.gateway.base_url,
                "LinkedInApiBaseUrl": self.networks["linkedin"].base_url,
                "XApiBaseUrl": self.networks["x"].base_url,
                "BlueskyApiBaseUrl": self.networks["bluesky"].base_url,
                # The fakes serve OAuth on the same port as their API.
                "LinkedInAuthBaseUrl": self.networks["linkedin"].base_url,
                "XAuthBaseUrl": self.networks["x"].base_url,
                "ChatWebhookBaseUrl": self.chat.base_url,
                "HrApiBaseUrl": self.hr.base_url,
            },
        )
        digest = hashlib.sha256(json.dumps(self.template.body, sort_keys=True, default=str).encode()).hexdigest()
        if self._keeps_emulator_state():
            restore_secrets(self.local.get("secrets", {}))  # before provisioning, which would make new values
        provisioned = self.local.get("provisioned") or {}
        if saved.moto and provisioned.get("digest") == digest:
            # The state holds every resource of this very template: nothing to create.
            self.template.physical.update(provisioned["physical"])
            self.template.arns.update(provisioned["arns"])
            self._say(f"  {len(provisioned['physical'])} resources of infra/template.yaml restored with the state")
        else:
            # Idempotent: on a restored state it adds what the template gained.
            created = provision(self.template, self._kms_keys())
            kinds = Counter(line[:12].strip() for line in created)
            self._say(f"  created from infra/template.yaml: {', '.join(f'{n}× {kind}' for kind, n in kinds.items())}")
            if os.environ.get("ESTAFETTE_VERBOSE"):
                for line in created:
                    self._say(f"    {line}")
            physical, arns = dict(self.template.physical), dict(self.template.arns)
            self.local["provisioned"] = {"digest": digest, "physical": physical, "arns": arns}
        self.functions = functions_of(self.template)
        env = merged_environment(self.functions)
        env["POWERTOOLS_METRICS_DISABLED"] = "true"  # no CloudWatch locally: metrics would only flood stdout
        env["LOG_LEVEL"] = os.environ.get("ESTAFETTE_LOG_LEVEL", "WARNING")
        env["SOURCES_ALLOW_LOOPBACK"] = "true"  # the fake feed server is on loopback; private addresses stay refused
        apply_environment(env)
        self.outbox = LocalOutbox(self.chat, REGION, in_process_moto=self.moto is not None)
        if self.backend != "aws":  # on real AWS the sender's verification is the deployer's job
            self.outbox.verify_sender(env["MAIL_FROM_ADDRESS"])
        self._register_oauth_apps()
        self.gateway.routes = [
            (route.method, route_regex(route.path), route, spec) for spec in self.functions for route in spec.routes
        ]
        self._local_routes()
        self.gateway.fallback = WebApp().serve
        self.web_app_url = f"{self.gateway.base_url}/"
        self.gateway.start()
        for spec in self.functions:
            for source in spec.sqs:
                url = self.template.physical[source.queue_logical_id]
                arn = self.template.arns[source.queue_logical_id]
                self.pollers.append(Poller(spec, source, url, arn, REGION).start())
            for expression in spec.schedules:
                self.schedules.append(Schedule(spec, expression, self.speed).start())
        if self.state is not None:
            self.snapshotter = Snapshotter(self.state, self.gate, self.changes, self._collect)
            self.snapshotter.watch(self._local_version)
            self.snapshotter.start()
            self.snapshotter.kick()  # the state exists from the first second, even if killed at once
        return self

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()
        for schedule in self.schedules:
            schedule.stop()
        for poller in self.pollers:
            poller.join()
        if self.snapshotter is not None:
            self.snapshotter.stop()  # the last write: everything acknowledged so far
        if self.gateway:
            self.gateway.stop()
        for network in self.networks.values():
            network.stop()
        for fake_media in self.media.values():
            fake_media.stop()
        self.chat.stop()  # a fake that never started has nothing to stop
        self.feeds.stop()
        self.hr.stop()
        if self.moto is not None:
            self.moto.stop()
        from estafette import clock as product_clock

        product_clock.reset()
        if self.state is not None:
            self.state.release()

    def __enter__(self) -> LocalCloud:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self.gateway is not None
        return self.gateway.base_url

    def token(self, sub: str, roles: list[str], org_id: str = DEMO_ORG, ttl: int | None = None) -> str:
        assert self.gateway is not None
        return self.gateway.tokens.mint(sub, org_id, roles, **({"ttl": ttl} if ttl is not None else {}))

    def function(self, logical_id: str) -> FunctionSpec:
        return next(f for f in self.functions if f.logical_id == logical_id)

    def fire_schedules(self) -> None:
        for schedule in self.schedules:
            schedule.fire()

    def dead_letters(self) -> dict[str, int]:
        """Messages waiting in each DLQ: what failed for good and needs a look."""
        assert self.template is not None
        sqs = local_client("sqs")
        counts = {}
        for logical_id in self.template.of_type("AWS::SQS::Queue"):
            if logical_id.endswith("DLQ"):
                attrs = sqs.get_queue_attributes(
                    QueueUrl=self.template.physical[logical_id], AttributeNames=["ApproximateNumberOfMessages"]
                )
                counts[logical_id] = int(attrs["Attributes"]["ApproximateNumberOfMessages"])
        return counts

    # --- internals --------------------------------------------------------------------------

    def _start_backend(self) -> None:
        import logging

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the embedded moto server logs every request
        for key, value in {"AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}.items():
            os.environ.setdefault(key, value)
        if self.backend == "aws":
            return
        if self.backend == "moto" and not os.environ.get("AWS_ENDPOINT_URL"):
            from local.moto_fixes import cheap_transactions, serial_dynamodb_writes

            cheap_transactions()
            serial_dynamodb_writes()
            self.moto = gated_moto_server(self.gate, self.changes)  # requests pass a gate, so a snapshot sees a consistent state
            self.moto.start()
            host, port = self.moto.get_host_and_port()
            os.environ["AWS_ENDPOINT_URL"] = f"http://{host}:{port}"
        # Emulators accept any credentials; never let local runs pick up a real profile.
        os.environ["AWS_ACCESS_KEY_ID"] = "test"
        os.environ["AWS_SECRET_ACCESS_KEY"] = "test"
        os.environ.pop("AWS_SESSION_TOKEN", None)
        os.environ.pop("AWS_PROFILE", None)
        self._say(
            f"  AWS endpoint {os.environ['AWS_ENDPOINT_URL']}"
            + (f", DynamoDB {os.environ['AWS_ENDPOINT_URL_DYNAMODB']}" if os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") else "")
        )

    def state_status(self) -> dict[str, Any] | None:
        """Where the state is kept and when it was last written (None: in memory only)."""
        if self.state is None or self.snapshotter is None:
            return None
        return {
            "folder": str(self.state.directory),
            "writes": self.snapshotter.writes,
            "last_written_at": self.snapshotter.last_written_at,
            "last_write_ms": round(self.state.last_write_seconds * 1000, 1),
            "bytes": self.state.last_size,
        }

    def state_summary(self) -> str:
        """Items kept: table items, messages waiting in queues, posts the fake networks hold."""
        try:
            counts = self.item_counts()
        except Exception as error:  # the console's summary must never stop the cloud
            return f"counts unavailable ({type(error).__name__})"
        return ", ".join(f"{value:,} {name}" for name, value in counts.items())

    def item_counts(self) -> dict[str, int]:
        if self.template is None:
            return {}
        dynamodb, sqs = local_client("dynamodb"), local_client("sqs")
        items = 0
        names = [self.template.physical[logical_id] for logical_id in self.template.of_type("AWS::DynamoDB::Table")]
        if self.moto is not None:  # in this process: count in moto's storage rather than Scan every table
            from local.state import dynamodb_backends_in_use

            tables = {name: table for backend in dynamodb_backends_in_use() for name, table in backend.tables.items()}
            items = sum(len(tables[name]) for name in names if name in tables)
        else:
            for name in names:
                paginator = dynamodb.get_paginator("scan")  # the local console only, never a request path
                for page in paginator.paginate(TableName=name, Select="COUNT"):
                    items += page["Count"]
        messages = 0
        for logical_id in self.template.of_type("AWS::SQS::Queue"):
            attrs = sqs.get_queue_attributes(
                QueueUrl=self.template.physical[logical_id],
                AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            )["Attributes"]
            messages += int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])
        posts = sum(len(getattr(fake, "posts", [])) for fake in self.networks.values())
        return {"table items": items, "queued messages": messages, "network posts": posts}

    def _side_port(self, offset: int) -> int:
        """The fakes sit next to the API (PORT+1 LinkedIn, +2 X, +3 Bluesky, +4 chat), so their URLs stay put."""
        return self.port + offset if self.port else 0

    @staticmethod
    def _start_on_free_port(fake: Any) -> Any:
        try:
            return fake.start()
        except OSError:  # taken by something else: any free port will do
            fake.port = 0
            return fake.start()

    def _keeps_emulator_state(self) -> bool:
        """LocalStack with a state folder: DynamoDB Local keeps the tables; the cloud keeps keys and secrets."""
        return self.backend == "localstack" and self.state is not None

    def _kms_keys(self) -> dict[str, dict[str, str]] | None:
        """Each KMS key's id and material, made up once and kept with the state (LocalStack only)."""
        if not self._keeps_emulator_state():
            return None
        import base64
        import uuid

        assert self.template is not None
        keys = self.local.setdefault("kms_keys", {})
        for logical_id in self.template.of_type("AWS::KMS::Key"):
            keys.setdefault(logical_id, {"id": str(uuid.uuid4()), "material": base64.b64encode(os.urandom(32)).decode()})
        return dict(keys)

    def _collect(self, full: bool) -> Snapshot:
        """What the state keeps (called with the moto server's gate held): all of it, or all but DynamoDB,
        whose changes the journal holds item by item."""
        self.local["clock_lead"] = self.clock.lead()
        fakes = {name: snapshot_fake(fake) for name, fake in self.networks.items()}
        fakes["chat"] = snapshot_fake(self.chat)
        fakes["hr"] = snapshot_fake(self.hr)
        moto = capture_moto() if self.moto is not None else {}
        if self._keeps_emulator_state():
            self.local["secrets"] = capture_secrets()
        if not full:
            moto = {key: backend for key, backend in moto.items() if key[0] != DYNAMODB}
        return Snapshot(moto=moto, fakes=fakes, local=dict(self.local))

    def _local_version(self) -> int:
        """Changes outside moto: what the fakes recorded, and the clock's jumps."""
        return sum(fake_size(fake) for fake in [*self.networks.values(), self.chat, self.hr]) + self.clock.jumps

    def _register_oauth_apps(self) -> None:
        """OAuth client credentials for the fake networks, where a real install keeps its apps' own."""
        from local.seed import put_oauth_clients

        put_oauth_clients()

    def _local_routes(self) -> None:
        assert self.gateway is not None
        from local import openapi

        def mint(body: bytes) -> tuple[int, str, bytes]:
            try:
                request = json.loads(body or b"{}")
                sub, org_id, roles = request["sub"], request.get("org_id", DEMO_ORG), request.get("roles", ["employee"])
                if not isinstance(sub, str) or not isinstance(org_id, str) or not isinstance(roles, list):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                error = {
                    "error": {
                        "code": "validation_failed",
                        "message": 'Send {"sub": str, "org_id": str, "roles": [str]}.',
                        "field": "sub",
                    }
                }
                return 422, "application/json", json.dumps(error).encode()
            # Twelve hours of wall time, however fast the clock runs (SPEED=60 would end a 12-hour token in 12 minutes).
            token = self.token(sub, roles, org_id, ttl=int(TOKEN_TTL_SECONDS * max(self.speed, 1.0)))
            return 201, "application/json", json.dumps({"token": token, "token_type": "Bearer"}).encode()

        spec_cache: dict[str, bytes] = {}
        tokens = self.gateway.tokens

        spec_lock = threading.Lock()  # Powertools' schema generation is not safe to run in two threads at once

        def openapi_json(_body: bytes) -> tuple[int, str, bytes]:
            with spec_lock:
                if "spec" not in spec_cache:
                    spec_cache["spec"] = openapi.dumps(openapi.document(self.functions)).encode()
            return 200, "application/json", spec_cache["spec"]

        self.gateway.extra_routes.update(
            {
                ("GET", "/local/clock"): lambda _b: (200, "application/json", json.dumps(self.clock.document()).encode()),
                ("POST", "/local/clock"): self._move_clock,
                ("POST", "/local/tokens"): mint,
                ("GET", "/openapi.json"): openapi_json,
                ("GET", "/docs"): lambda _b: (
                    200,
                    "text/html; charset=utf-8",
                    openapi.swagger_html(openapi_json(b"")[2].decode()).encode(),
                ),
                ("GET", "/local/.well-known/jwks.json"): lambda _b: (200, "application/json", json.dumps(tokens.jwks()).encode()),
                ("GET", "/local/outbox"): lambda _b: (
                    200,
                    "application/json",
                    json.dumps(self.outbox.document() if self.outbox else {}, ensure_ascii=False).encode(),
                ),
                ("GET", "/local/health"): lambda _b: (
                    200,
                    "application/json",
                    json.dumps({"ok": True, "dead_letters": self.dead_letters(), "state": self.state_status()}).encode(),
                ),
            }
        )

    def _move_clock(self, body: bytes) -> tuple[int, str, bytes]:
        """`{"advance": "PT1H"}` (an ISO 8601 duration) or `{"to": "2026-12-07T08:00:00Z"}`; forward only."""

        def refuse(field: str, message: str) -> tuple[int, str, bytes]:
            error = {"error": {"code": "validation_failed", "message": message, "field": field}}
            return 400, "application/json", json.dumps(error).encode()

        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return refuse("body", 'Send JSON: {"advance": "PT1H"} or {"to": "2026-12-07T08:00:00Z"}.')
        if not isinstance(request, dict) or len(request.keys() & {"advance", "to"}) != 1 or set(request) - {"advance", "to"}:
            return refuse("advance", 'Send exactly one of {"advance": "PT1H" | "P1D" | "P1W" …} or {"to": "<ISO 8601 time>"}.')
        try:
            if "advance" in request:
                seconds = parse_duration(request["advance"])
            else:
                target = request["to"]
                if not isinstance(target, str):
                    raise DurationError("to must be an ISO 8601 date-time such as 2026-12-07T08:00:00Z")
                try:
                    moment = datetime.fromisoformat(target.replace("Z", "+00:00"))
                except ValueError:
                    raise DurationError(f"{target!r} is not an ISO 8601 date-time such as 2026-12-07T08:00:00Z") from None
                if moment.tzinfo is None:
                    raise DurationError("to needs a timezone, e.g. 2026-12-07T08:00:00Z")
                seconds = moment.timestamp() - self.clock.time()
                if seconds <= 0:
                    raise DurationError(f"the clock is at {self.clock.document()['now']} already; it never goes back")
                if seconds > MAX_ADVANCE_SECONDS:
                    raise DurationError("move at most a year at a time")
        except DurationError as error:
            return refuse("advance" if "advance" in request else "to", str(error))
        steps = self.move_clock(seconds)
        document = {**self.clock.document(), "advanced_seconds": round(seconds, 3), "steps": steps}
        return 200, "application/json", json.dumps(document).encode()

    def move_clock(self, seconds: float) -> int:
        """Walk the clock forward in steps of at most an hour (a 48th of the way for long jumps), running the
        schedules due at each step, so what the product does at a given time (a reminder three days
        before, a harvest an hour after) happens on the way rather than being jumped over."""
        step = max(WALK_STEP_SECONDS, seconds / WALK_MAX_STEPS)
        steps = 0
        with self._walking:
            remaining = seconds
            while remaining > 1e-6:
                moved = min(step, remaining)
                self.clock.advance(moved)
                remaining -= moved
                steps += 1
                for schedule in self.schedules:
                    schedule.run_if_due()
        return steps

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run Estafette locally.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 3000)))
    parser.add_argument(
        "--speed", type=float, default=float(os.environ.get("SPEED", 1)), help="how fast time runs, e.g. 60: a minute a second"
    )
    parser.add_argument("--backend", choices=["moto", "localstack", "aws"], default=os.environ.get("BACKEND", "moto"))
    parser.add_argument(
        "--state", default=os.environ.get("STATE", ".state"), help="folder of the durable local state ('' keeps it in memory)"
    )
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args(argv)
    if args.speed <= 0:
        parser.error("--speed must be positive")
    # The embedded moto server's state is kept whole in .state/; LocalStack's in .state/localstack/
    # (DynamoDB Local's own files, plus keys and secrets: LocalStack's community edition keeps nothing).
    state_dir: Path | None = None
    if args.state and args.backend != "aws" and not os.environ.get("AWS_ENDPOINT_URL"):
        state_dir = Path(args.state) / LOCALSTACK_STATE if args.backend == "localstack" else Path(args.state)

    emulators = None
    if args.backend == "localstack":
        from local.emulators import running

        emulators = running(dynamodb_db_path=state_dir / DYNAMODB_LOCAL_STATE if state_dir else None)
        handle = emulators.__enter__()
        os.environ.update(handle.env())

    print("Starting the Estafette local cloud…", flush=True)
    quiet_single_metrics()  # the console, not the tests (which read the EMF lines)
    cloud = LocalCloud(port=args.port, speed=args.speed, backend=args.backend, state_dir=state_dir)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        cloud.start()
        ready(cloud, seed=not args.no_seed)
        # Wake twice a second: a SIGTERM the kernel hands to another of the cloud's threads only sets Python's
        # flag, and a main thread blocked for ever in wait() would never run the handler that stops it.
        while not stopped.wait(0.5):
            pass
    except StateError as error:
        print(f"\n{error}", file=sys.stderr, flush=True)
        return 2
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(
            f"\nPort {args.port} is in use (another `make run`?). Stop it, or choose another: `make run PORT=3100`.",
            file=sys.stderr,
            flush=True,
        )
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping…", flush=True)
        summary = cloud.state_summary() if cloud.snapshotter is not None else ""
        cloud.stop()
        if emulators is not None:
            emulators.__exit__(None, None, None)
        if cloud.snapshotter is not None and cloud.state is not None:
            print(f"State saved in {cloud.state.directory}/ ({summary})", flush=True)
    return 0


def ready(cloud: LocalCloud, *, seed: bool) -> None:
    """Seed the demo into an empty state, or pick up the one the state already holds; then say what to try."""
    from local.seed import Demo, print_next_steps, seed_demo

    if cloud.restored is not None:
        print(f"  restored the local state: {cloud.state_summary()}", flush=True)
    saved_demo = cloud.local.get("demo")
    if saved_demo:
        print_next_steps(cloud, Demo.restored(cloud, saved_demo), restored=True)
    elif seed and cloud.restored is None:
        demo = seed_demo(cloud)
        cloud.local["demo"] = demo.saved()
        if cloud.snapshotter is not None:
            cloud.snapshotter.kick()  # written within a moment, while the console prints
        print_next_steps(cloud, demo)
    else:
        print(f"Estafette is running on {cloud.base_url}   (no demo organisation: `make reset` to start afresh)", flush=True)
        print(f"API on {cloud.base_url}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
