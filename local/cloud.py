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
import json
import os
import signal
import sys
import threading
import warnings
from typing import Any

from local.fakes.chat import FakeChat
from local.fakes.hr import FakeHrApi
from local.fakes.networks import FakeNetwork
from local.gateway import AUDIENCE, Gateway, route_regex
from local.outbox import LocalOutbox
from local.pollers import Poller
from local.provision import provision
from local.runtime import FunctionSpec, apply_environment, functions_of, merged_environment
from local.schedules import Schedule
from local.template import Template
from local.webapp import WebApp

REGION = "eu-west-1"
# Metrics are disabled locally (there is no CloudWatch); Powertools would warn on every invocation.
warnings.filterwarnings("ignore", message="No application metrics to publish")
DEMO_ORG = "demo"


class LocalCloud:
    def __init__(self, port: int = 3000, speed: float = 1.0, backend: str = "moto", quiet: bool = False) -> None:
        self.port, self.speed, self.backend, self.quiet = port, speed, backend, quiet
        self.moto: Any = None
        self.networks: dict[str, FakeNetwork] = {}
        self.pollers: list[Poller] = []
        self.schedules: list[Schedule] = []
        self.functions: list[FunctionSpec] = []
        self.template: Template | None = None
        self.gateway: Gateway | None = None
        self.chat = FakeChat()
        self.hr = FakeHrApi()
        self.outbox: LocalOutbox | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> LocalCloud:
        self._start_backend()
        for network in ("linkedin", "x", "bluesky"):
            self.networks[network] = FakeNetwork(network).start()
        self.chat.start()
        self.hr.start()
        self.gateway = Gateway([], port=self.port)
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
        for line in provision(self.template):
            self._say(f"  created {line}")
        self.functions = functions_of(self.template)
        env = merged_environment(self.functions)
        env["POWERTOOLS_METRICS_DISABLED"] = "true"  # no CloudWatch locally: metrics would only flood stdout
        env["LOG_LEVEL"] = os.environ.get("ESTAFETTE_LOG_LEVEL", "WARNING")
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
        self.gateway.start()
        for spec in self.functions:
            for source in spec.sqs:
                url = self.template.physical[source.queue_logical_id]
                arn = self.template.arns[source.queue_logical_id]
                self.pollers.append(Poller(spec, source, url, arn, REGION).start())
            for expression in spec.schedules:
                self.schedules.append(Schedule(spec, expression, self.speed).start())
        return self

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()
        for schedule in self.schedules:
            schedule.stop()
        for poller in self.pollers:
            poller.join()
        if self.gateway:
            self.gateway.stop()
        for network in self.networks.values():
            network.stop()
        self.chat.stop()
        self.hr.stop()
        if self.moto is not None:
            self.moto.stop()

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
        import boto3

        assert self.template is not None
        sqs = boto3.session.Session().client("sqs")
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
            from moto.server import ThreadedMotoServer

            from local.moto_fixes import cheap_transactions

            cheap_transactions()
            self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
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
            token = self.token(sub, roles, org_id)
            return 201, "application/json", json.dumps({"token": token, "token_type": "Bearer"}).encode()

        spec_cache: dict[str, bytes] = {}
        tokens = self.gateway.tokens

        def openapi_json(_body: bytes) -> tuple[int, str, bytes]:
            if "spec" not in spec_cache:
                spec_cache["spec"] = openapi.dumps(openapi.document(self.functions)).encode()
            return 200, "application/json", spec_cache["spec"]

        self.gateway.extra_routes.update(
            {
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
                    json.dumps({"ok": True, "dead_letters": self.dead_letters()}).encode(),
                ),
            }
        )

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run Estafette locally.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 3000)))
    parser.add_argument(
        "--speed", type=float, default=float(os.environ.get("SPEED", 1)), help="schedule clock multiplier, e.g. 60"
    )
    parser.add_argument("--backend", choices=["moto", "localstack", "aws"], default=os.environ.get("BACKEND", "moto"))
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args(argv)

    emulators = None
    if args.backend == "localstack":
        from local.emulators import running

        emulators = running()
        handle = emulators.__enter__()
        os.environ.update(handle.env())

    print("Starting the Estafette local cloud…", flush=True)
    cloud = LocalCloud(port=args.port, speed=args.speed, backend=args.backend)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        cloud.start()
        if not args.no_seed:
            from local.seed import print_next_steps, seed_demo

            demo = seed_demo(cloud)
            print_next_steps(cloud, demo)
        else:
            print(f"The app on {cloud.base_url}/, the API next to it", flush=True)
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping…", flush=True)
        cloud.stop()
        if emulators is not None:
            emulators.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
