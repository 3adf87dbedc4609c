"""Cold-start report: each handler's import plus its first invocation, against a floor, in fresh processes.

A user's first request to a new Lambda container pays the import of the handler and everything the
first invocation builds lazily (the boto3 session and clients, pydantic models, settings, the
resolver). This report measures both, per `AWS::Serverless::Function` in infra/template.yaml:

1. It starts the local cloud on the embedded moto server, seeds the demo organisation and walks a
   short scenario through the HTTP API (Eva reads her feed and shares, a reader clicks, the curator
   reads the report, HR delivers, every schedule fires), recording the event each function receives.
   Then the local cloud's pollers and schedules stop: from here on only the measured processes act.
2. For every handler, `--repeat` times, a fresh interpreter with the function's own environment from
   the template (`functions/` and `shared/` on PYTHONPATH, as the code bundle and the layer are)
   imports the handler (timed) and invokes it once with a realistic event (timed), against moto:
   - a queue consumer gets the next message waiting in its own queue, put there by the processes
     measured before it in the same round (the share API's share is the dispatch worker's message,
     the worker's `SharePosted` reaches the projector, metrics, notifications...); when its queue is
     empty, the message it got in the scenario again;
   - the share API posts a new share (of an item made for the purpose), the HR webhook a new signed
     delivery; every other API function gets the scenario's request again; a schedule its event.
3. The floor, in the same rounds: a fresh interpreter doing `import boto3`, creating a DynamoDB
   client and one `get_item` on the same moto server. The target is import + first invocation
   within 1.5x the floor's median.
4. Then one more fresh process per handler under `-X importtime` and cProfile (never timed): the
   costliest imports, including those the first call makes lazily, and the first call's top entries.

Rounds go round-robin (the floor first, producers before the consumers of their messages), so drift
on the machine hits every subject alike. Always exits 0: it is a report, not a test
(`make bench-coldstart`; `--repeat N`, `--only NAME[,NAME]`, `--details all|over|none`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

REGION = "eu-west-1"
TARGET_RATIO = 1.5
FLOOR = "floor"
MARKER = "@@coldstart@@"
# Producers first, so the consumers after them in the same round find fresh messages in their queues.
ORDER = [
    "HrWebhookFunction",
    "ShareApiFunction",
    "DispatchWorkerFunction",
    "RedirectFunction",
    "ContentSourcesScheduleFunction",
    "HarvestPlannerFunction",
]
# The request an API function's first user most likely makes (method, route); else its first recorded one.
PREFERRED = {
    "ContentApiFunction": ("GET", "/v1/feed"),
    "ShareApiFunction": ("POST", "/v1/shares"),
    "ConnectionsApiFunction": ("GET", "/v1/me/connections"),
    "RedirectFunction": ("GET", "/r/{code}"),
    "MetricsApiFunction": ("GET", "/v1/shares/{id}/metrics"),
    "ReportingApiFunction": ("GET", "/v1/reports/summary"),
    "ReportingMeFunction": ("GET", "/v1/me/impact"),
    "HrWebhookAdminFunction": ("GET", "/v1/org/webhooks/deliveries"),
    "OrgSettingsFunction": ("GET", "/v1/org/settings"),
    "NotificationsApiFunction": ("GET", "/v1/me/notifications"),
}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

# What runs in each fresh interpreter. The event arrives on stdin and is parsed before the clock starts.
CHILD = r"""
import json, sys, time
spec = json.loads(sys.stdin.read())


class Context:
    function_name = spec["name"]
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    aws_request_id = spec["request_id"]
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:" + spec["name"]
    log_group_name = "/aws/lambda/" + spec["name"]
    log_stream_name = "coldstart"

    def get_remaining_time_in_millis(self):
        return 30000


profiler = None
cpu_started = time.process_time()
started = time.perf_counter()
if spec["module"]:
    import importlib

    handler = getattr(importlib.import_module(spec["module"]), spec["function"])
else:  # the floor
    import boto3
imported = time.perf_counter()
if spec["profile"]:
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
if spec["module"]:
    result = handler(spec["event"], Context())
else:
    client = boto3.client("dynamodb")
    result = client.get_item(TableName=spec["event"]["table"], Key=spec["event"]["key"])
finished = time.perf_counter()
cpu_finished = time.process_time()
if profiler is not None:
    profiler.disable()
outcome = "ok"
if isinstance(result, dict) and "statusCode" in result:
    outcome = str(result["statusCode"])
elif isinstance(result, dict) and result.get("batchItemFailures"):
    outcome = str(len(result["batchItemFailures"])) + " failed"
rows = []
if profiler is not None:
    import pstats

    stats = pstats.Stats(profiler)
    for (path, line, name), (_calls, _primitive, own, cumulative, _callers) in stats.stats.items():
        rows.append((cumulative * 1000, own * 1000, path, line, name))
    rows.sort(reverse=True)
sys.stdout.flush()
print("\n" + spec["marker"] + json.dumps({
    "import_ms": (imported - started) * 1000,
    "first_ms": (finished - imported) * 1000,
    "cpu_ms": (cpu_finished - cpu_started) * 1000,
    "outcome": outcome,
    "profile": rows[:400],
}))
"""


# What each client costs in a fresh process, in this order, on one session (and one on a second session).
CLIENTS = r"""
import json, time
marks = []
def mark(name, started):
    marks.append((name, (time.perf_counter() - started) * 1000))
t = time.perf_counter(); import boto3; from botocore.config import Config; mark("import boto3", t)
config = Config(retries={"mode": "standard", "max_attempts": 3})
t = time.perf_counter(); session = boto3.session.Session(); mark("a session", t)
t = time.perf_counter(); session.client("dynamodb", config=config); mark("its first client (DynamoDB)", t)
t = time.perf_counter(); session.client("dynamodb", config=config); mark("a second DynamoDB client of it", t)
t = time.perf_counter(); session.resource("dynamodb", config=config).Table("t"); mark("its DynamoDB resource and a Table", t)
t = time.perf_counter(); session.client("sqs", config=config); mark("its SQS client", t)
t = time.perf_counter(); session.client("events", config=config); mark("its EventBridge client", t)
t = time.perf_counter(); session.client("kms", config=config); mark("its KMS client", t)
t = time.perf_counter(); boto3.session.Session().client("dynamodb", config=config)
mark("a new session and its DynamoDB client", t)
print(json.dumps(marks))
"""

# What the functions do instead (estafette.aws): botocore without boto3, in a fresh process of its own.
BOTOCORE_CLIENTS = r"""
import json, time
marks = []
def mark(name, started):
    marks.append((name, (time.perf_counter() - started) * 1000))
t = time.perf_counter(); import botocore.session; from botocore.config import Config; mark("import botocore (the functions)", t)
config = Config(retries={"mode": "standard", "max_attempts": 3})
t = time.perf_counter(); session = botocore.session.Session(); mark("a botocore session", t)
t = time.perf_counter(); session.create_client("dynamodb", config=config); mark("its first DynamoDB client", t)
print(json.dumps(marks))
"""


@dataclass
class Run:
    import_ms: float
    first_ms: float
    outcome: str
    source: str
    cpu_ms: float

    @property
    def total_ms(self) -> float:
        return self.import_ms + self.first_ms


@dataclass
class Subject:
    name: str
    label: str
    module: str
    function: str
    env: dict[str, str]
    queue_url: str = ""
    queue_arn: str = ""
    recorded: list[dict[str, Any]] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    profile: list[list[Any]] = field(default_factory=list)
    imports: list[tuple[int, int, str]] = field(default_factory=list)

    def figures(self, attribute: str) -> tuple[float, float, float]:
        values = [getattr(run, attribute) for run in self.runs]
        return min(values), statistics.median(values), max(values)


class Stage:
    """The local cloud after the scenario, and what makes each handler's next event."""

    def __init__(self, extra_content: int) -> None:
        warnings.filterwarnings("ignore")
        from local.cloud import LocalCloud
        from local.runtime import quiet_single_metrics

        quiet_single_metrics()  # the scenario's own invocations print no metric lines
        self.cloud = LocalCloud(port=0, quiet=True).start()
        self.recorded: dict[str, list[dict[str, Any]]] = {spec.logical_id: [] for spec in self.cloud.functions}
        for spec in self.cloud.functions:
            self._record(spec)
        self.shareable: list[str] = []
        self.shares = 0
        self._scenario(extra_content)
        self._settle()
        for poller in self.cloud.pollers:
            poller.stop()
        for schedule in self.cloud.schedules:
            schedule.stop()
        for poller in self.cloud.pollers:
            poller.join()
        self._harvest_due()

    def _harvest_due(self) -> None:
        """Queue the scenario's post for its first harvest, as the planner does an hour after posting."""
        from datetime import timedelta

        from estafette import clock
        from metric_collection import planner
        from metric_collection.config import config

        planner.plan(clock.now() + timedelta(hours=2), planner.sqs_sender(config().harvest_queue_url))

    def _record(self, spec: Any) -> None:
        original = spec.invoke

        def invoke(event: dict[str, Any]) -> Any:
            self.recorded[spec.logical_id].append(json.loads(json.dumps(event)))
            return original(event)

        spec.invoke = invoke

    def _scenario(self, extra_content: int) -> None:
        import httpx

        from local.seed import SHARE_TEXT, seed_demo, wait_for

        self.demo = demo = seed_demo(self.cloud)
        self.org = demo.org_id
        tokens = {name: {"Authorization": f"Bearer {token}"} for name, token in demo.tokens.items()}
        with httpx.Client(base_url=self.cloud.base_url, timeout=30) as http:
            # Room for every measured share: the guard's daily caps would refuse the later ones.
            guard = {"max_shares_per_day": 50, "max_shares_per_week": 200, "near_duplicate_action": "warn"}
            http.put("/v1/org/settings", json={"guard": guard}, headers=tokens["bram"]).raise_for_status()
            for index in range(extra_content):  # one item per measured share, company-wide
                item = {
                    "type": "expertise",
                    "url": f"https://example.com/blog/coldstart-{index}",
                    "title": f"Engineering notes, part {index + 1}",
                    "summary": "What our engineers learned this quarter.",
                    "suggested_texts": {"en": ["Worth a read."], "nl": ["Lezenswaardig."]},
                    "audience": {},
                }
                content_id = http.post("/v1/content", json=item, headers=tokens["anna"]).raise_for_status().json()["content_id"]
                http.post(f"/v1/content/{content_id}/submit", headers=tokens["anna"]).raise_for_status()
                http.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}, headers=tokens["bram"]).raise_for_status()
                self.shareable.append(content_id)
            eva = tokens["eva"]
            wanted = len(demo.content_ids) + extra_content
            wait_for(lambda: len(http.get("/v1/feed", headers=eva).json().get("items", [])) >= wanted, timeout=60)
            share = {"content_id": demo.content_ids[0], "network": "linkedin", "text": SHARE_TEXT}
            share_id = http.post("/v1/shares", json=share, headers=eva).raise_for_status().json()["share_id"]
            posted = wait_for(
                lambda: (s := http.get(f"/v1/shares/{share_id}", headers=eva).json()).get("status") == "posted" and s, timeout=60
            )
            link = httpx.URL(posted["tracked_url"])
            http.get(link.path, headers={"User-Agent": BROWSER, "Accept": "text/html"})
            for path, who in [
                ("/v1/me/connections", "eva"),
                (f"/v1/shares/{share_id}/metrics", "eva"),
                ("/v1/reports/summary", "anna"),
                ("/v1/me/impact", "eva"),
                ("/v1/org/webhooks/deliveries", "bram"),
                ("/v1/org/settings", "bram"),
                ("/v1/me/notifications", "eva"),
                ("/v1/shares", "eva"),
            ]:
                http.get(path, headers=tokens[who])
        self.cloud.fire_schedules()

    def _settle(self, quiet_seconds: float = 1.5, timeout: float = 90.0) -> None:
        """Wait until every queue is empty for a moment: the scenario's events have all been handled."""
        from local.runtime import local_client

        sqs = local_client("sqs")
        assert self.cloud.template is not None
        urls = [self.cloud.template.physical[q] for q in self.cloud.template.of_type("AWS::SQS::Queue") if not q.endswith("DLQ")]
        deadline, calm_since = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            waiting = 0
            for url in urls:
                attributes = sqs.get_queue_attributes(
                    QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
                )["Attributes"]
                waiting += sum(int(attributes[name]) for name in attributes)
            if waiting:
                calm_since = None
            elif calm_since is None:
                calm_since = time.monotonic()
            elif time.monotonic() - calm_since >= quiet_seconds:
                return
            time.sleep(0.2)

    def subjects(self) -> list[Subject]:
        assert self.cloud.template is not None
        template = self.cloud.template
        base = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", ""),
            "PYTHONPATH": os.pathsep.join(str(ROOT / d) for d in ("functions", "shared")),
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT_URL"],
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        }
        floor_table = template.physical.get("SettingsTable")
        found = [Subject(FLOOR, "import boto3; boto3.client('dynamodb').get_item(...)", "", "", base)]
        found[0].recorded = [{"table": floor_table or next(iter(template.of_type("AWS::DynamoDB::Table"))), "key": {}}]
        for spec in self.cloud.functions:
            env = (
                base
                | spec.environment
                | {
                    "AWS_LAMBDA_FUNCTION_NAME": spec.logical_id,
                    "POWERTOOLS_METRICS_DISABLED": "true",  # no CloudWatch here: Powertools would print every metric
                    "LOG_LEVEL": "WARNING",
                    "SOURCES_ALLOW_LOOPBACK": "true",  # the fake feed server is on loopback
                }
            )
            module, function = spec.handler.rsplit(".", 1)
            subject = Subject(spec.logical_id, spec.handler, module, function, env, recorded=self._chosen(spec))
            if spec.sqs:
                subject.queue_url = template.physical[spec.sqs[0].queue_logical_id]
                subject.queue_arn = template.arns[spec.sqs[0].queue_logical_id]
            found.append(subject)
        floor_key = self._floor_key(found[0].recorded[0]["table"])
        found[0].recorded[0]["key"] = floor_key
        rank = {name: index for index, name in enumerate(ORDER)}
        return [found[0], *sorted(found[1:], key=lambda s: rank.get(s.name, len(ORDER)))]

    def _floor_key(self, table: str) -> dict[str, Any]:
        from local.runtime import local_client

        dynamodb = local_client("dynamodb")
        schema = dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]
        return {key["AttributeName"]: {"S": "coldstart-floor"} for key in schema}

    def _chosen(self, spec: Any) -> list[dict[str, Any]]:
        events = self.recorded.get(spec.logical_id, [])
        preferred = PREFERRED.get(spec.logical_id)
        if preferred:
            route_key = f"{preferred[0]} {preferred[1]}"
            matching = [e for e in events if e.get("routeKey") == route_key]
            if matching:
                return matching[:1]
        return events[:1]

    def next_event(self, subject: Subject) -> tuple[dict[str, Any] | None, str]:
        """The event for the subject's next fresh process, and where it came from."""
        if subject.name == FLOOR:
            return subject.recorded[0], "get_item"
        if subject.name == "ShareApiFunction" and subject.recorded and self.shares < len(self.shareable):
            event = json.loads(json.dumps(subject.recorded[0]))
            body = json.loads(event["body"])
            body["content_id"] = self.shareable[self.shares]
            body["text"] = f"Notes from our engineers, part {self.shares + 1}: what we learned this quarter."
            self.shares += 1
            event["body"] = json.dumps(body)
            event["requestContext"]["requestId"] = uuid.uuid4().hex
            return event, "new share"
        if subject.name == "HrWebhookFunction":
            return self._webhook_event(), "new delivery"
        if subject.queue_url:
            from local.runtime import local_client

            messages = (
                local_client("sqs")
                .receive_message(
                    QueueUrl=subject.queue_url, MaxNumberOfMessages=1, AttributeNames=["All"], MessageAttributeNames=["All"]
                )
                .get("Messages", [])
            )
            if messages:
                message = messages[0]
                record = {
                    "messageId": message["MessageId"],
                    "receiptHandle": message["ReceiptHandle"],
                    "body": message["Body"],
                    "attributes": message.get("Attributes", {}),
                    "messageAttributes": message.get("MessageAttributes", {}),
                    "md5OfBody": message.get("MD5OfBody", ""),
                    "eventSource": "aws:sqs",
                    "eventSourceARN": subject.queue_arn,
                    "awsRegion": REGION,
                }
                if not subject.recorded:  # what it replays once its queue is empty
                    subject.recorded = [{"Records": [record]}]
                return {"Records": [record]}, "queued message"
            if subject.recorded:
                records = subject.recorded[0].get("Records", [])[:1]
                return {"Records": records}, "scenario message again"
            return None, "no message"
        if subject.recorded:
            event = json.loads(json.dumps(subject.recorded[0]))
            if "requestContext" in event:
                event["requestContext"]["requestId"] = uuid.uuid4().hex
            return event, "scenario request" if "routeKey" in event else "schedule"
        return None, "no event"

    def done(self, subject: Subject, event: dict[str, Any] | None, outcome: str) -> None:
        """A consumed queue message is deleted, as the event source mapping does after success."""
        if not subject.queue_url or not event or outcome.endswith("failed"):
            return
        from local.runtime import local_client

        handles = [r["receiptHandle"] for r in event.get("Records", []) if r.get("eventSourceARN") == subject.queue_arn]
        for handle in handles:
            with contextlib.suppress(Exception):  # a replayed message's handle is no longer valid: nothing to delete
                local_client("sqs").delete_message(QueueUrl=subject.queue_url, ReceiptHandle=handle)

    def _webhook_event(self) -> dict[str, Any]:
        from estafette import clock
        from hr_webhooks.signatures import sign
        from local.gateway import http_api_event
        from local.webhook_demo import WEBHOOK_SECRET

        person = f"coldstart-{uuid.uuid4().hex[:8]}"
        data = {"employee_id": person, "name": "Noor Coldstart", "department": "Engineering", "language": "nl"}
        body = json.dumps({"id": uuid.uuid4().hex, "type": "employee.joined", "data": data}).encode()
        headers = {"content-type": "application/json", "x-estafette-signature": sign(WEBHOOK_SECRET, int(clock.time()), body)}
        path = "/v1/webhooks/hr/generic"
        return http_api_event(
            "POST", "/v1/webhooks/hr/{provider}", path, f"org={self.org}", headers, body, path_params={"provider": "generic"}
        )

    def stop(self) -> None:
        self.cloud.stop()


def measure(subject: Subject, event: dict[str, Any], *flags: str, profile: bool = False) -> tuple[dict[str, Any], str]:
    spec = {
        "name": subject.name,
        "module": subject.module,
        "function": subject.function,
        "event": event,
        "request_id": str(uuid.uuid4()),
        "profile": profile,
        "marker": MARKER,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, *flags, "-c", CHILD],
        input=json.dumps(spec),
        env=subject.env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARKER)]
    if result.returncode != 0 or not lines:
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{subject.name}: {tail}")
    return json.loads(lines[-1].removeprefix(MARKER)), result.stderr


def top_imports(subject: Subject, stderr: str, count: int) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the costliest imports, leaving out the handler's own package chain."""
    chain = {subject.module.rsplit(".", i)[0] for i in range(subject.module.count(".") + 1)} if subject.module else set()
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        if name.strip() not in chain:
            rows.append((int(cumulative), int(own), name.rstrip()))
    return sorted(rows, reverse=True)[:count]


def short(path: str, line: int, name: str) -> str:
    if path == "~":
        return name
    for marker in ("site-packages/", "functions/", "shared/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({name})"


def top_calls(profile: list[list[Any]], count: int) -> list[str]:
    """The first call's heaviest entries by cumulative time, without the wrappers that hold nearly all of it."""
    if not profile:
        return []
    total = profile[0][0]
    rows = [r for r in profile if r[0] < 0.9 * total and "<frozen" not in r[2] and r[4] not in ("<module>",)]
    labels: set[str] = set()
    lines: list[str] = []
    for cumulative, own, path, line, name in rows:
        label = short(path, line, name)
        if label in labels:
            continue
        labels.add(label)
        lines.append(f"{cumulative:7.1f} ms cumulative  {own:6.1f} ms self  {label}")
        if len(lines) == count:
            break
    return lines


def spread(values: tuple[float, float, float]) -> str:
    low, middle, high = values
    return f"{middle:6.0f} ({low:4.0f}–{high:4.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per handler (min/median/max are reported)")
    parser.add_argument("--only", default="", help="comma-separated function names (or parts of them) to measure")
    parser.add_argument("--target", type=float, default=TARGET_RATIO, help="highest passing ratio to the floor")
    parser.add_argument(
        "--details", choices=["all", "over", "none"], default="all", help="for which handlers to show what dominates"
    )
    parser.add_argument("--imports", type=int, default=6, help="costliest imports shown per handler")
    parser.add_argument("--calls", type=int, default=8, help="first-call profile entries shown per handler")
    args = parser.parse_args(argv)
    repeat = max(args.repeat, 1)
    began = time.monotonic()
    print("Setting up: the local cloud on moto, the demo organisation and the scenario...", flush=True)
    stage = Stage(extra_content=repeat + 2)
    try:
        everything = stage.subjects()
        wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        if wanted:
            everything = [s for s in everything if s.name == FLOOR or any(w in s.name.lower() for w in wanted)]
        ready = time.monotonic() - began
        print(f"  ready in {ready:.0f} s; measuring {len(everything) - 1} handlers, {repeat} rounds\n", flush=True)
        for subject in everything:  # warm the bytecode caches, so every run measures importing, not compiling
            warm = [sys.executable, "-c", f"import {subject.module or 'boto3'}"]
            subprocess.run(warm, env=subject.env, capture_output=True, check=False)  # noqa: S603
        failures: dict[str, str] = {}
        for _ in range(repeat):
            for subject in everything:
                if subject.name in failures:
                    continue
                event, source = stage.next_event(subject)
                if event is None:
                    failures[subject.name] = source
                    continue
                try:
                    figures, _ = measure(subject, event)
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    failures[subject.name] = str(error)
                    continue
                subject.runs.append(Run(figures["import_ms"], figures["first_ms"], figures["outcome"], source, figures["cpu_ms"]))
                stage.done(subject, event, figures["outcome"])
        floor, *handlers = everything
        if not floor.runs:
            print(f"The floor could not be measured: {failures.get(FLOOR)}")
            return 0
        explained = [
            h for h in handlers if h.runs and (args.details == "all" or (args.details == "over" and over(h, floor, args.target)))
        ]
        for subject in ([floor] if args.details == "all" else []) + explained:
            event, _ = stage.next_event(subject)
            if event is None:
                continue
            try:
                figures, stderr = measure(subject, event, "-X", "importtime", profile=True)
            except (RuntimeError, subprocess.TimeoutExpired):
                continue
            stage.done(subject, event, figures["outcome"])
            subject.profile = figures["profile"]
            subject.imports = top_imports(subject, stderr, args.imports)
        clients = client_costs(floor.env, repeat)
    finally:
        stage.stop()

    report(floor, handlers, failures, repeat, args)
    if clients:
        print(f"\nWhat a client costs here (ms, median (min–max) of {repeat} fresh processes, no call made):")
        for name, middle, low, high in clients:
            print(f"  {name:<40} {middle:6.1f} ({low:.1f}–{high:.1f})")
    print(f"\n(report made in {time.monotonic() - began:.0f} s)")
    return 0


def client_costs(env: dict[str, str], repeat: int) -> list[tuple[str, float, float, float]]:
    """Median, min and max ms of each step of CLIENTS over `repeat` fresh processes."""
    runs: list[list[tuple[str, float]]] = []
    for _ in range(repeat):
        marks = []
        for program in (CLIENTS, BOTOCORE_CLIENTS):
            result = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=False)  # noqa: S603
            if result.returncode != 0:
                break
            marks.extend(json.loads(result.stdout.splitlines()[-1]))
        else:
            runs.append(marks)
    if not runs:
        return []
    steps = [name for name, _ in runs[0]]
    return [(name, statistics.median(v := [run[i][1] for run in runs]), min(v), max(v)) for i, name in enumerate(steps)]


def over(handler: Subject, floor: Subject, target: float) -> bool:
    return handler.figures("total_ms")[1] / floor.figures("total_ms")[1] > target


def report(floor: Subject, handlers: list[Subject], failures: dict[str, str], repeat: int, args: argparse.Namespace) -> None:
    floor_total = floor.figures("total_ms")[1]
    python = sys.version.split()[0]
    print(f"Cold start: import + first invocation, ms, median (min–max) of {repeat} fresh processes, Python {python}")
    print(f"floor: {floor.label}, against the same moto server")
    print("cpu: the median CPU ms of the measured process itself (import + first call; moto's time is not in it)\n")
    width = max(len(s.name) for s in [floor, *handlers])
    print(
        f"{'function':<{width}}  {'import':>17}  {'first call':>17}  {'total':>17}  {'ratio':>5}  result  "
        f"{'cpu':>5}  first call's event (answer)"
    )
    passing = 0
    for subject in [floor, *handlers]:
        if not subject.runs:
            print(f"{subject.name:<{width}}  not measured: {failures.get(subject.name, 'no event')}")
            continue
        total = subject.figures("total_ms")
        ratio = total[1] / floor_total
        verdict = "" if subject is floor else ("PASS" if ratio <= args.target else "OVER")
        passing += verdict == "PASS"
        sources = sorted({run.source for run in subject.runs})
        outcomes = sorted({run.outcome for run in subject.runs})
        print(
            f"{subject.name:<{width}}  {spread(subject.figures('import_ms'))}  {spread(subject.figures('first_ms'))}  "
            f"{spread(total)}  {ratio:5.2f}  {verdict:<6}  {subject.figures('cpu_ms')[1]:5.0f}  "
            f"{', '.join(sources)} ({', '.join(outcomes)})"
        )
    for name, reason in failures.items():
        if any(s.name == name and s.runs for s in handlers):
            print(f"  {name}: stopped after {len(next(s for s in handlers if s.name == name).runs)} runs: {reason}")
    measured = [h for h in handlers if h.runs]
    print(f"\n{passing} of {len(measured)} handlers within {args.target}x the floor ({floor_total:.0f} ms)")
    for subject in [floor, *handlers]:
        if not subject.profile and not subject.imports:
            continue
        print(f"\n{subject.name}: what dominates (one more fresh process, -X importtime and cProfile, not timed)")
        print("  costliest imports (cumulative, including those the first call makes):")
        for cumulative, own, name in subject.imports:
            print(f"    {cumulative / 1000:7.1f} ms cumulative  {own / 1000:6.1f} ms self  {name.strip()}")
        calls = top_calls(subject.profile, args.calls)
        if calls:
            print(f"  first call ({subject.profile[0][0]:.0f} ms under the profiler), heaviest entries:")
            for line in calls:
                print(f"    {line}")


if __name__ == "__main__":
    sys.exit(main())
