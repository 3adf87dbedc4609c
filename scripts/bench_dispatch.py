"""Dispatch benchmark (`make bench-dispatch`): what a share costs the whole system, in AWS calls and dollars.

The headline is every AWS call the system makes for a share, end to end: the share API, the
dispatch worker, every consumer on the bus that hears of the share (content_publishing,
metric_collection, reporting, notifications), and the SQS event source mappings that feed them.
It is measured two ways through the local cloud (moto):

1. **Full batches**: 1,000 shares by 50 employees on 20 content items, eight requests in flight
   at a time (a busy morning), so every queue has company and batches fill.
2. **One at a time** (the common case in a real organisation): 12 shares, each requested only
   when the system is quiet again (the share posted, every queue empty), so every batch holds one
   record and nothing is shared between shares.

Then the dispatch worker's batching window (`MaximumBatchingWindowInSeconds`, whole seconds
0–300) is chosen by measurement: for each candidate window, the latency from request to the post
at the network and the calls per share, one at a time and in a burst. Last, the old robustness
run: 1,000 shares with the fake LinkedIn failing 20% of calls transiently (posted, ShareFailed,
lost, duplicated).

How calls are counted:
- A botocore `before-call` hook on every client the functions create counts each API call,
  attributed to the function being invoked (thread-local), with its DynamoDB request units.
- **Event source polling** is modelled the way Lambda's SQS event source mapping makes it, not
  as the local poller makes it (which polls every 50 ms while it gathers a batch): each
  invocation that the mapping makes with n records costs ⌈n ÷ 10⌉ ReceiveMessage calls (one
  long poll returns up to ten messages) and one DeleteMessageBatch when any record succeeded.
  The mapping's idle long polls (empty receives while a queue is quiet) do not depend on the
  number of shares; they are priced apart, as a fixed monthly cost (see IDLE_POLLS_PER_QUEUE).
- **Deliveries** that EventBridge makes to the consumers' queues (one SQS SendMessage per event
  and queue, billed to the queue's owner) are counted from the records the consumers receive
  for the first time; they are shown next to the headline and priced, not hidden in it.
- Schedules (release, harvest planner, digests…) run on their own clock whatever the number of
  shares; their calls are listed apart and not charged to shares.
- The local cloud's own calls (the pollers' real receives, this script's reads) are not counted.

Dollars: the prices are in PRICES below (AWS public on-demand prices, region and date named
there). Lambda is priced per request and per GB-second at each function's memory in
infra/template.yaml; the duration is estimated (see AWS_CALL_SECONDS): each invocation's CPU time
here plus 10 ms per AWS call it made and 400 ms per post to the social network. DynamoDB request units are
estimated from each request: a write of an item up to 1 KB is 1 WRU (2 in a transaction); a
read up to 4 KB is 1 RRU strongly consistent, 0.5 eventually consistent (2 in a transaction).
Free tiers are ignored; CloudWatch Logs and X-Ray are left out (they depend on log volume and
sampling).

Figures only; nothing is asserted. Always exits 0.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

import botocore.session  # noqa: E402
import httpx  # noqa: E402
import yaml  # noqa: E402

from local import runtime  # noqa: E402

ORG = "bench"
EMPLOYEES = 50
ITEMS = 20  # a full-batch run: 50 employees × 20 items = 1,000 shares
SINGLE_SHARES = 12
BURST_SHARES = 100  # per candidate window: 2 items × 50 employees
WINDOWS = (0, 1, 2)
TARGET = 10
CONCURRENCY = 8  # requests in flight at once in the full-batch runs

# AWS public on-demand prices, US East (N. Virginia), as listed on each service's pricing page
# (aws.amazon.com/<service>/pricing) in 2025: Lambda arm64 (first 7.5 billion GB-s a month),
# DynamoDB on-demand standard table class (the prices of 1 November 2024), SQS standard queues
# (after the first million requests), EventBridge custom events on the default or a custom bus,
# KMS symmetric requests, HTTP API (first 300 million requests), S3 Standard GET, Secrets Manager
# API calls. Other regions differ by a few per cent (eu-west-1: Lambda and SQS the same,
# DynamoDB about 13% more).
PRICE_REGION, PRICE_DATE = "us-east-1", "2025"
PRICES: dict[str, float] = {
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_second_arm64": 0.0000133334,
    "dynamodb_wru": 0.625 / 1e6,
    "dynamodb_rru": 0.125 / 1e6,
    "sqs_request": 0.40 / 1e6,
    "eventbridge_event": 1.00 / 1e6,
    "kms_request": 0.03 / 1e4,
    "http_api_request": 1.00 / 1e6,
    "s3_get": 0.0004 / 1e3,
    "secretsmanager_call": 0.05 / 1e4,
}
# Lambda's SQS event source mapping keeps (at least) five pollers long-polling each queue; a
# long poll lasts up to 20 s, so a quiet queue costs about 5 × 3 = 15 ReceiveMessage a minute.
IDLE_POLLS_PER_QUEUE_PER_MONTH = 5 * 3 * 60 * 24 * 30
PROGRAMME = (1000, 5)  # employees × shares a month each
# Lambda bills wall time, and in AWS that is mostly waiting: for each AWS call (a few to ten
# milliseconds in a region) and for the social network's answer to a post (hundreds of ms). The
# local cloud's wall time says nothing about either (moto answers in-process, the fake networks at
# once, and the machine is shared), so duration = the handler's CPU time here + these waits.
AWS_CALL_SECONDS = 0.010
NETWORK_POST_SECONDS = 0.400

SHARE_PATH = ("ShareApiFunction", "DispatchWorkerFunction")
EVENT_SOURCE = "event source mapping"
DELIVERY = "EventBridge → queue"


class Meter:
    """Counts every AWS call by the function that made it, and each function's invocations."""

    def __init__(self) -> None:
        self.current = threading.local()
        self.calls: Counter[tuple[str, str]] = Counter()  # (function, service:Operation)
        self.units: defaultdict[str, float] = defaultdict(float)  # rru, wru, eventbridge_event, kms_request, ...
        self.invocations: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)  # billed duration, summed per function
        self.scheduled: set[str] = set()
        self.lock = threading.Lock()

    def install(self, bus_fed: set[str]) -> None:
        meter = self
        create_client = botocore.session.Session.create_client

        def create_counted_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            client = create_client(session, *args, **kwargs)
            client.meta.events.register("before-parameter-build", meter.before_parameters)
            client.meta.events.register("before-call", meter.before_call)
            client.meta.events.register("after-call", meter.after_call)
            return client

        botocore.session.Session.create_client = create_counted_client  # type: ignore[method-assign]
        invoke = runtime.FunctionSpec.invoke

        def counted_invoke(spec: runtime.FunctionSpec, event: dict[str, Any]) -> Any:
            previous = getattr(meter.current, "function", None)
            calls_before = getattr(meter.current, "calls", 0)
            meter.current.function = spec.logical_id
            started = time.thread_time()
            result = None
            try:
                result = invoke(spec, event)
                return result
            finally:
                # Billed duration, estimated: the handler's own CPU time here, plus the wait for each AWS
                # call as in a region (AWS_CALL_SECONDS); a social network's answer is added per post.
                made = getattr(meter.current, "calls", 0) - calls_before
                elapsed = time.thread_time() - started + made * AWS_CALL_SECONDS
                meter.current.function = previous
                meter.invoked(spec, event, result, elapsed, bus_fed)

        runtime.FunctionSpec.invoke = counted_invoke  # type: ignore[method-assign,assignment]

    def invoked(self, spec: runtime.FunctionSpec, event: dict[str, Any], result: Any, elapsed: float, bus_fed: set[str]) -> None:
        records = event.get("Records") or []
        with self.lock:
            self.invocations[spec.logical_id] += 1
            self.seconds[spec.logical_id] += math.ceil(elapsed * 1000) / 1000
            if not records and "requestContext" not in event:
                self.scheduled.add(spec.logical_id)
            if records and records[0].get("eventSource") == "aws:sqs":
                # Lambda's event source mapping: one long poll per ten records, one delete for those that succeeded.
                failed = len(result.get("batchItemFailures", [])) if isinstance(result, dict) else 0
                self.calls[(f"{EVENT_SOURCE} → {spec.logical_id}", "sqs:ReceiveMessage")] += math.ceil(len(records) / 10)
                if failed < len(records):
                    self.calls[(f"{EVENT_SOURCE} → {spec.logical_id}", "sqs:DeleteMessageBatch")] += 1
                if spec.logical_id in bus_fed:
                    first = sum(1 for r in records if str((r.get("attributes") or {}).get("ApproximateReceiveCount", "1")) == "1")
                    self.calls[(f"{DELIVERY} → {spec.logical_id}", "sqs:SendMessage")] += first

    def before_parameters(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        """The request's own parameters (before serialising): what it costs in request units."""
        if getattr(self.current, "function", None) is None:
            return
        with self.lock:
            for unit, n in request_units(model.service_model.service_name, model.name, params).items():
                self.units[unit] += n

    def before_call(self, model: Any, **_: Any) -> None:
        function = getattr(self.current, "function", None)
        if function is None:
            return  # the local cloud's own calls (pollers, provisioning) and this script's
        service, op = model.service_model.service_name, model.name
        self.current.calls = getattr(self.current, "calls", 0) + 1
        with self.lock:
            self.calls[(function, f"{service}:{op}")] += 1

    def after_call(self, model: Any, parsed: dict[str, Any], **_: Any) -> None:
        if getattr(self.current, "function", None) is None:
            return
        if model.service_model.service_name == "dynamodb" and model.name in ("Query", "Scan"):
            # Read units of a Query follow what it read: 4 KB per unit; items here are well under 1 KB.
            scanned = int(parsed.get("ScannedCount", parsed.get("Count", 0)) or 0)
            with self.lock:
                self.units["rru"] += max(1, math.ceil(scanned / 4)) * 0.5

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.units.clear()
            self.invocations.clear()
            self.seconds.clear()

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "calls": Counter(self.calls),
                "units": defaultdict(float, self.units),
                "invocations": Counter(self.invocations),
                "seconds": defaultdict(float, self.seconds),
                "scheduled": set(self.scheduled),
            }


def request_units(service: str, op: str, params: dict[str, Any]) -> dict[str, float]:
    if service == "dynamodb":
        if op == "GetItem":
            return {"rru": 1.0 if params.get("ConsistentRead") else 0.5}
        if op == "BatchGetItem":
            return {
                "rru": sum(
                    len(t.get("Keys", [])) * (1.0 if t.get("ConsistentRead") else 0.5)
                    for t in params.get("RequestItems", {}).values()
                )
            }
        if op == "TransactGetItems":
            return {"rru": 2.0 * len(params.get("TransactItems", []))}
        if op in ("PutItem", "UpdateItem", "DeleteItem"):
            return {"wru": 1.0}
        if op == "BatchWriteItem":
            return {"wru": float(sum(len(v) for v in params.get("RequestItems", {}).values()))}
        if op == "TransactWriteItems":
            return {"wru": 2.0 * len(params.get("TransactItems", []))}
        return {}
    if service == "events" and op == "PutEvents":
        return {"eventbridge_event": float(len(params.get("Entries", [])))}
    if service == "kms":
        return {"kms_request": 1.0}
    if service == "s3" and op == "GetObject":
        return {"s3_get": 1.0}
    if service == "secretsmanager":
        return {"secretsmanager_call": 1.0}
    return {}


# --- the template: memory, event sources --------------------------------------------------------


def template_facts() -> tuple[dict[str, int], set[str], int]:
    """Each function's memory (MB), the functions whose queue the bus feeds, and how many queues
    an event source mapping polls."""

    class Loader(yaml.SafeLoader):
        pass

    def any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)  # type: ignore[arg-type]

    Loader.add_multi_constructor("!", any_tag)
    body = yaml.load((ROOT / "infra" / "template.yaml").read_text(), Loader=Loader)  # noqa: S506 (SafeLoader subclass)
    default = int(body["Globals"]["Function"].get("MemorySize", 128))
    resources = body["Resources"]
    fed = set()
    for resource in resources.values():
        if resource["Type"] == "AWS::Events::Rule":
            for target in resource["Properties"].get("Targets", []):
                arn = target.get("Arn")
                if isinstance(arn, str) and arn.endswith(".Arn"):
                    fed.add(arn.split(".")[0])
    memory, bus_fed, polled = {}, set(), 0
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        memory[logical_id] = int(resource["Properties"].get("MemorySize", default))
        for event in (resource["Properties"].get("Events") or {}).values():
            if event["Type"] == "SQS":
                polled += 1
                queue = event["Properties"]["Queue"]
                if isinstance(queue, str) and queue.split(".")[0] in fed:
                    bus_fed.add(logical_id)
    return memory, bus_fed, polled


# --- set-up and runs --------------------------------------------------------------------------


def set_up(cloud: Any, http: httpx.Client, items_needed: int) -> tuple[dict[str, dict[str, str]], list[str]]:
    from local.seed import connect_linkedin, put_webhook_secret, send_webhook

    put_webhook_secret(ORG, {"generic": ["bench-secret"]})
    admin = {"Authorization": f"Bearer {cloud.token('bram', ['admin'], ORG)}"}
    curator = {"Authorization": f"Bearer {cloud.token('anna', ['curator'], ORG)}"}
    guard = {"max_shares_per_day": 50, "max_shares_per_week": 200, "near_duplicate_action": "off"}
    http.put("/v1/org/settings", json={"company_name": "Bench", "guard": guard}, headers=admin).raise_for_status()
    people = {}
    for n in range(EMPLOYEES):
        sub = f"emp{n:03d}"
        profile = {"employee_id": sub, "name": sub, "department": "Engineering", "language": "en"}
        send_webhook(cloud, ORG, "employee.joined", profile, secret="bench-secret").raise_for_status()
        connect_linkedin(cloud, ORG, sub, 500 + n)
        people[sub] = {"Authorization": f"Bearer {cloud.token(sub, ['employee'], ORG)}"}
    items: list[str] = []
    for n in range(items_needed):
        body = {"type": "expertise", "url": f"https://example.com/bench/{n}", "title": f"Bench item {n}", "audience": {}}
        created = http.post("/v1/content", json=body, headers=curator)
        created.raise_for_status()
        content_id = created.json()["content_id"]
        http.post(f"/v1/content/{content_id}/submit", headers=curator).raise_for_status()
        http.post(f"/v1/content/{content_id}/approve", json={"reason": "bench"}, headers=admin).raise_for_status()
        items.append(content_id)
    # share_dispatch learns about content through the bus: wait until it knows every item.
    probe_who = next(iter(people.values()))
    for content_id in items:
        wait(
            lambda c=content_id: (
                http.post("/v1/shares", json={"content_id": c, "network": "facebook", "text": ""}, headers=probe_who).status_code
                != 404
            )
        )
    return people, items


def wait(check: Any, timeout: float = 120.0, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    return None


class System:
    """What the bench observes without counting: the fake network's posts and the queues."""

    def __init__(self, cloud: Any) -> None:
        import boto3

        self.cloud = cloud
        self.linkedin = cloud.networks["linkedin"]
        self.sqs = boto3.session.Session().client("sqs")  # created before the meter counts: never counted
        self.queues = [p.queue_url for p in cloud.pollers]

    def posted_at(self, urls: set[str], since: int) -> dict[str, float]:
        return {p["url"]: p["received_at"] for p in self.linkedin.posts[since:] if p.get("url") in urls}

    def quiet(self) -> bool:
        for url in self.queues:
            attrs = self.sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
            )["Attributes"]
            if attrs["ApproximateNumberOfMessages"] != "0" or attrs["ApproximateNumberOfMessagesNotVisible"] != "0":
                return False
        return True

    def settle(self, longest_window: float) -> None:
        """Until every queue has been empty twice in a row, a batching window apart."""
        for _ in range(2):
            wait(self.quiet, timeout=120, interval=0.2)
            time.sleep(longest_window + 0.5)
        wait(self.quiet, timeout=120, interval=0.2)


def share(http: httpx.Client, who: dict[str, str], sub: str, content_id: str) -> tuple[str, str] | None:
    body = {"content_id": content_id, "network": "linkedin", "text": f"{sub} on {content_id}: my own take on this."}
    reply = http.post("/v1/shares", json=body, headers=who)
    if reply.status_code != 202:
        print(f"  refused: {reply.status_code} {reply.text[:160]}")
        return None
    return reply.json()["share_id"], reply.json()["tracked_url"]


def longest_window(cloud: Any) -> float:
    return max((p.source.batching_window for p in cloud.pollers), default=0.0)


def run_batch(
    system: System, http: httpx.Client, meter: Meter, people: dict, items: list[str], failure_rate: float = 0.0
) -> dict:
    """Shares requested back to back; waits until every one is posted or failed and the system is quiet."""
    system.linkedin.failure_rate = failure_rate
    since, network_before = len(system.linkedin.posts), system.linkedin.calls("POST", "/rest/posts")
    meter.reset()
    started = time.monotonic()
    requested: dict[str, float] = {}
    urls: dict[str, str] = {}

    def one(pair: tuple[str, str]) -> None:
        sub, content_id = pair
        at = time.time()
        accepted = share(http, people[sub], sub, content_id)
        if accepted:
            urls[accepted[0]] = accepted[1]
            requested[accepted[1]] = at

    # CONCURRENCY employees share at the same moment (never one person twice at once: the pairs run
    # item by item over 50 people), as on a busy morning: the queues have company.
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        list(pool.map(one, [(sub, content_id) for content_id in items for sub in people]))
    requested_in = time.monotonic() - started
    outcome = settle_shares(system, set(urls), http)
    elapsed = time.monotonic() - started
    system.settle(longest_window(system.cloud))
    system.linkedin.failure_rate = 0.0
    posted_at = system.posted_at(set(urls.values()), since)
    mine = set(urls.values())
    seen = Counter(p["url"] for p in system.linkedin.posts[since:] if p.get("url") in mine)
    return {
        **outcome,
        "accepted": len(urls),
        "duplicated": sum(n - 1 for n in seen.values() if n > 1),
        "elapsed": elapsed,
        "requested_in": requested_in,
        "latencies": [posted_at[u] - requested[u] for u in posted_at],
        "network_calls": system.linkedin.calls("POST", "/rest/posts") - network_before,
        **meter.snapshot(),
    }


def settle_shares(system: System, share_ids: set[str], http: httpx.Client) -> dict[str, int]:
    """Reads the shares' status from the table with an uncounted client until each is posted or failed."""
    import boto3

    table = boto3.session.Session().resource("dynamodb").Table(system.cloud.template.physical["SharesTable"])
    status: dict[str, str] = {}
    by_employee: dict[str, list[str]] = defaultdict(list)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        by_employee.clear()
        for sub in (f"emp{n:03d}" for n in range(EMPLOYEES)):
            items = table.query(
                KeyConditionExpression="pk = :pk AND begins_with(sk, :s)",
                ExpressionAttributeValues={":pk": f"ORG#{ORG}#EMPLOYEE#{sub}", ":s": "SHARE#"},
                ProjectionExpression="share_id, #st",
                ExpressionAttributeNames={"#st": "status"},
            )["Items"]
            for item in items:
                if item["share_id"] in share_ids:
                    status[item["share_id"]] = str(item["status"])
        if len(status) == len(share_ids) and all(v in ("posted", "failed") for v in status.values()):
            break
        time.sleep(1.0)
    posted = sum(1 for v in status.values() if v == "posted")
    failed = sum(1 for v in status.values() if v == "failed")
    return {"posted": posted, "failed": failed, "lost": len(share_ids) - posted - failed}


def run_single(system: System, http: httpx.Client, meter: Meter, people: dict, content_id: str, n: int) -> dict:
    """n shares, each requested only when the one before is posted and every queue is quiet."""
    system.settle(longest_window(system.cloud))
    meter.reset()
    network_before = system.linkedin.calls("POST", "/rest/posts")
    latencies = []
    posted = 0
    for sub, who in list(people.items())[:n]:
        since = len(system.linkedin.posts)
        at = time.time()
        accepted = share(http, who, sub, content_id)
        if not accepted:
            continue
        found = wait(lambda u=accepted[1], s=since: system.posted_at({u}, s), timeout=60, interval=0.01)
        if found:
            posted += 1
            latencies.append(found[accepted[1]] - at)
        system.settle(longest_window(system.cloud))
    network_calls = system.linkedin.calls("POST", "/rest/posts") - network_before
    return {"posted": posted, "accepted": n, "latencies": latencies, "network_calls": network_calls, **meter.snapshot()}


def set_window(cloud: Any, seconds: float) -> None:
    for poller in cloud.pollers:
        if poller.spec.logical_id == "DispatchWorkerFunction":
            poller.source.batching_window = seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=ITEMS, help="content items in the full-batch run (× 50 employees)")
    parser.add_argument(
        "--windows", default=",".join(str(w) for w in WINDOWS), help="candidate dispatch batching windows, seconds"
    )
    parser.add_argument("--no-failures", action="store_true", help="skip the run with a failing network")
    args = parser.parse_args(argv)
    windows = [int(w) for w in args.windows.split(",") if w.strip()]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    memory, bus_fed, polled = template_facts()
    meter = Meter()
    meter.install(bus_fed)
    from estafette import config
    from local.cloud import LocalCloud

    burst_items = -(-BURST_SHARES // EMPLOYEES)
    items_needed = args.items + 1 + len(windows) * (1 + burst_items) + (0 if args.no_failures else args.items)
    print("Starting the local cloud…", flush=True)
    with LocalCloud(port=0, quiet=True) as cloud:
        os.environ["DISPATCH_BACKOFF_BASE_SECONDS"] = "1"
        config.load.cache_clear()
        system = System(cloud)
        template_window = next(p.source.batching_window for p in cloud.pollers if p.spec.logical_id == "DispatchWorkerFunction")
        with httpx.Client(base_url=cloud.base_url, timeout=30) as http:
            print(f"Setting up {EMPLOYEES} employees with LinkedIn connections and {items_needed} content items…", flush=True)
            people, items = set_up(cloud, http, items_needed)
            meter.reset()
            pool = iter(items)
            full_items = [next(pool) for _ in range(args.items)]
            print(f"Full batches: {len(full_items) * EMPLOYEES} shares back to back (window {template_window:g} s)…", flush=True)
            full = run_batch(system, http, meter, people, full_items)
            print(
                f"One at a time: {SINGLE_SHARES} shares, each when the system is quiet (window {template_window:g} s)…",
                flush=True,
            )
            single = run_single(system, http, meter, people, next(pool), SINGLE_SHARES)
            candidates = {}
            for window in windows:
                set_window(cloud, window)
                print(f"Window {window} s: {SINGLE_SHARES} shares one at a time, then a burst of {BURST_SHARES}…", flush=True)
                alone = run_single(system, http, meter, people, next(pool), SINGLE_SHARES)
                burst = run_batch(system, http, meter, people, [next(pool) for _ in range(burst_items)])
                candidates[window] = (alone, burst)
            set_window(cloud, template_window)
            flaky = None
            if not args.no_failures:
                print(
                    f"Failures: {len(full_items) * EMPLOYEES} shares, the network failing 20% of calls transiently…", flush=True
                )
                flaky = run_batch(system, http, meter, people, [next(pool) for _ in range(args.items)], failure_rate=0.2)
    report(full, single, candidates, template_window, flaky, memory, polled)
    return 0


# --- the report -------------------------------------------------------------------------------


def per_function(calls: Counter[tuple[str, str]]) -> Counter[str]:
    totals: Counter[str] = Counter()
    for (function, _), n in calls.items():
        totals[function] += n
    return totals


def headline(run: dict) -> tuple[float, float, float]:
    """(calls per share by functions and event source polling, schedules apart; deliveries; schedules)."""
    posted = max(run["posted"], 1)
    counted = scheduled = deliveries = 0
    for (function, _), n in run["calls"].items():
        if function.startswith(DELIVERY):
            deliveries += n
        elif function in run["scheduled"]:
            scheduled += n
        else:
            counted += n
    return counted / posted, deliveries / posted, scheduled / posted


def cost(run: dict, memory: dict[str, int]) -> dict[str, float]:
    """Dollars for the run's shares, by service (schedules apart)."""
    p, units, calls = PRICES, run["units"], run["calls"]
    functions = {f for f in run["invocations"] if f not in run["scheduled"]}
    sqs = sum(n for (f, op), n in calls.items() if op.startswith("sqs:") and f not in run["scheduled"])
    http_requests = run["invocations"].get("ShareApiFunction", 0)
    return {
        "Lambda requests": sum(run["invocations"][f] for f in functions) * p["lambda_request"],
        "Lambda duration (arm64)": (
            sum(run["seconds"][f] * memory.get(f, 512) / 1024 for f in functions)
            + run["network_calls"] * NETWORK_POST_SECONDS * memory.get("DispatchWorkerFunction", 512) / 1024
        )
        * p["lambda_gb_second_arm64"],
        "DynamoDB writes": units["wru"] * p["dynamodb_wru"],
        "DynamoDB reads": units["rru"] * p["dynamodb_rru"],
        "SQS requests": sqs * p["sqs_request"],
        "EventBridge events": units["eventbridge_event"] * p["eventbridge_event"],
        "KMS requests": units["kms_request"] * p["kms_request"],
        "HTTP API requests": http_requests * p["http_api_request"],
        "S3 GET": units["s3_get"] * p["s3_get"],
        "Secrets Manager": units["secretsmanager_call"] * p["secretsmanager_call"],
    }


def print_calls(run: dict, title: str) -> None:
    posted = max(run["posted"], 1)
    total, deliveries, scheduled = headline(run)
    mark = "✓" if total <= TARGET else "✗"
    print(f"{title}: {total:.2f} AWS calls per share  (target ≤ {TARGET} {mark}; {run['posted']} shares posted)")
    by_function = per_function(run["calls"])
    for function in sorted(by_function, key=lambda f: (-by_function[f], f)):
        if function.startswith(DELIVERY) or function in run["scheduled"]:
            continue
        print(f"    {function:<58} {by_function[function] / posted:6.2f}")
        for (f, op), n in sorted(run["calls"].items()):
            if f == function:
                print(f"        {op:<54} {n / posted:6.2f}")
    print(f"    + deliveries by EventBridge to the consumers' queues (SQS SendMessage) {deliveries:6.2f}")
    if scheduled:
        names = ", ".join(sorted(f for f in run["scheduled"] if by_function.get(f)))
        print(f"    (not charged to shares: schedules made {scheduled:.2f} per share while this ran: {names})")


def print_cost(run: dict, memory: dict[str, int], title: str) -> float:
    posted = max(run["posted"], 1)
    dollars = cost(run, memory)
    per_1000 = sum(dollars.values()) / posted * 1000
    print(f"{title}: ${per_1000:.4f} per 1,000 shares")
    for name, value in sorted(dollars.items(), key=lambda kv: -kv[1]):
        if value:
            print(f"    {name:<30} ${value / posted * 1000:.4f}")
    return per_1000


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def worker_calls(run: dict) -> float:
    posted = max(run["posted"], 1)
    mine = sum(
        n for (f, _), n in run["calls"].items() if f in ("DispatchWorkerFunction", f"{EVENT_SOURCE} → DispatchWorkerFunction")
    )
    return mine / posted


def report(
    full: dict, single: dict, candidates: dict, window: float, flaky: dict | None, memory: dict[str, int], queues: int
) -> None:
    print()
    print("Dispatch benchmark: the whole system's AWS calls per share")
    print("==========================================================")
    print_calls(full, "Full batches")
    print()
    print_calls(single, "One at a time")
    print()
    print(f"Cost at AWS public on-demand prices ({PRICE_REGION}, {PRICE_DATE}; see PRICES in this script)")
    print_cost(full, memory, "Full batches")
    single_cost = print_cost(single, memory, "One at a time")
    employees, each = PROGRAMME
    shares = employees * each
    idle = IDLE_POLLS_PER_QUEUE_PER_MONTH * queues * PRICES["sqs_request"]
    print(
        f"A programme of {employees:,} employees × {each} shares a month ({shares:,} shares, nearly all one at a time): "
        f"${single_cost * shares / 1000:.2f} a month for the shares, plus about ${idle:.2f} a month of idle event source "
        f"polling ({queues} queues × ~{IDLE_POLLS_PER_QUEUE_PER_MONTH:,} empty long polls), whatever the number of shares"
    )
    print()
    print("Full batches, the share path")
    print(
        f"    shares per second (request → posted)      {full['posted'] / full['elapsed']:.1f}   "
        f"({full['elapsed']:.1f} s; the {full['accepted']} requests alone took {full['requested_in']:.1f} s)"
    )
    print(f"    dispatch worker + its polling            {worker_calls(full):.2f} calls per share")
    print(f"    network calls per successful share        {full['network_calls'] / max(full['posted'], 1):.3f}   (must be 1.0)")
    print(f"    lost / duplicated                          {full['lost']} / {full['duplicated']}")
    print()
    print("The dispatch worker's batching window (MaximumBatchingWindowInSeconds), measured")
    print("    window   one at a time: request → post p50 / p95, worker calls   burst: p50 / p95, worker calls, all calls")
    for w, (alone, burst) in candidates.items():
        chosen = "  ← template" if w == window else ""
        first = f"{pct(alone['latencies'], 0.5):6.2f} s / {pct(alone['latencies'], 0.95):5.2f} s   {worker_calls(alone):5.2f}"
        second = f"{pct(burst['latencies'], 0.5):6.2f} s / {pct(burst['latencies'], 0.95):5.2f} s   {worker_calls(burst):5.2f}"
        print(f"    {w:>4} s   {first}          {second}   {headline(burst)[0]:6.2f}{chosen}")
    if flaky is not None:
        print()
        print("With the network failing 20% of calls (transient 503)")
        print(f"    posted                                    {flaky['posted']}")
        print(f"    ShareFailed                               {flaky['failed']}")
        print(f"    lost                                      {flaky['lost']}   (target 0)")
        print(f"    duplicated                                {flaky['duplicated']}   (target 0)")
        print(f"    network calls per posted share            {flaky['network_calls'] / max(flaky['posted'], 1):.3f}")
        print(f"    settled in                                {flaky['elapsed']:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
