"""Metric collection's figures (`make bench-metrics`): the redirect, a harvest cycle and the planner.

Everything runs in-process against moto with the template's own resources and the fake networks on
loopback, so latencies are the handler's own work plus moto's, without the network to AWS. AWS calls
are counted with botocore `before-call` hooks on every client; network calls by the fake servers.

1. The tracked redirect: p50/p99 per request, AWS calls per click (target: at most one synchronous
   read), next to what a crawler and an unknown code cost; and the consumer's calls per click,
   which happen after the visitor has their redirect.
2. One harvest cycle with `--due` posts due on each of LinkedIn, X and Bluesky: network calls
   against the target ⌈due ÷ the network's batch size⌉, harvest messages, AWS calls per post.
3. The planner's DynamoDB calls for the same due posts with each `--history` size of historical
   shares (target: the same). The history is stored with exactly the items production writes,
   inserted straight into moto's storage so that a million of them take a minute, not an hour.

Always exits 0: it is a report, not a test.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "ERROR",
        "LOG_LEVEL": "ERROR",
    }
)
warnings.filterwarnings("ignore", message="No application metrics to publish")
for _name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(_name, None)

NETWORKS = ("linkedin", "x", "bluesky")
AUTHOR = {"linkedin": "urn:li:person:{}", "x": "{}", "bluesky": "did:plc:{}"}
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/141.0 Safari/537.36"
CRAWLERS = ("LinkedInBot/1.0 (compatible; Mozilla/5.0)", "Twitterbot/1.0", "facebookexternalhit/1.1", "Slackbot 1.0")
CODE = "Bench0Code"
ORG = "bench"


# --- counting ------------------------------------------------------------------------------------


class AwsCalls:
    """Every AWS API call of every botocore client, by (service, operation), via `before-call` hooks."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()
        self.seconds = 0.0  # time spent inside AWS calls (here: in moto)
        self._started: list[float] = []

    def install(self) -> None:
        import botocore.session

        from estafette import aws

        original = botocore.session.Session.create_client
        counter = self

        def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            client = original(session, *args, **kwargs)
            client.meta.events.register("before-call", counter.count)
            client.meta.events.register("after-call", counter.done)
            return client

        botocore.session.Session.create_client = create_client  # type: ignore[method-assign]
        aws.reset()  # clients made from now on are counted

    def count(self, model: Any, **_: Any) -> None:
        self.calls[(model.service_model.service_name, model.name)] += 1
        self._started.append(time.perf_counter())

    def done(self, **_: Any) -> None:
        if self._started:
            self.seconds += time.perf_counter() - self._started.pop()

    @contextmanager
    def measure(self) -> Iterator[Counter[tuple[str, str]]]:
        before = Counter(self.calls)
        taken: Counter[tuple[str, str]] = Counter()
        try:
            yield taken
        finally:
            taken.update(self.calls - before)


def per(counter: Counter[tuple[str, str]], n: int, service: str | None = None) -> str:
    items = sorted((k, v) for k, v in counter.items() if service is None or k[0] == service)
    if not items or n == 0:
        return "none"
    return ", ".join(f"{op} {v / n:.2f}" for (_, op), v in items)


def total(counter: Counter[tuple[str, str]], service: str | None = None) -> int:
    return sum(v for k, v in counter.items() if service is None or k[0] == service)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


# --- the stack -----------------------------------------------------------------------------------


@contextmanager
def stack(fakes: dict[str, Any], **env: str) -> Iterator[Any]:
    """moto with every resource of infra/template.yaml and the functions' environment."""
    from moto import mock_aws

    from estafette import aws, config, settings, tokens
    from local.provision import provision
    from local.runtime import functions_of, merged_environment
    from local.template import Template

    with mock_aws():
        template = Template.load(
            parameters={
                "JwtIssuer": "https://issuer.example",
                "JwtAudience": ["estafette"],
                "TrackedLinkBaseUrl": "https://go.example",
                **{f"{'LinkedIn' if n == 'linkedin' else n.title()}ApiBaseUrl": f.base_url for n, f in fakes.items()},
            }
        )
        provision(template)
        os.environ.update(merged_environment(functions_of(template)))
        os.environ.update(env)
        config.load.cache_clear()
        aws.reset()
        tokens._data_key.cache_clear()
        settings.clear_cache()
        from metric_collection import harvester

        harvester._adapter.cache_clear()
        yield template


def moto_table(name: str) -> Any:
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends["123456789012"]["eu-west-1"].tables[name]


def insert_items(items: list[dict[str, Any]], table_name: str) -> None:
    """Straight into moto's storage (no API call per item): the items are the ones production writes."""
    from boto3.dynamodb.types import TypeSerializer
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    serializer = TypeSerializer()
    table = moto_table(table_name)
    for item in items:
        attrs = {k: serializer.serialize(v) for k, v in item.items()}
        pk, sk = DynamoType(attrs["pk"]), DynamoType(attrs["sk"])
        table.items[pk][sk] = Item(pk, sk, attrs)


def captured_posts(posts: list[Any], now: datetime) -> list[dict[str, Any]]:
    """The items `planner.schedule_post` writes for these SharePosted events."""
    from metric_collection import planner, store

    captured: list[dict[str, Any]] = []
    original = store.register_post
    store.register_post = lambda item: captured.append({**store.post_key(item["org_id"], item["share_id"]), **item}) or True  # type: ignore[assignment, func-returns-value]
    try:
        for posted in posts:
            planner.schedule_post(ORG, posted, now)
    finally:
        store.register_post = original  # type: ignore[method-assign]
    return captured


def share_posted(network: str, i: int, employee: str, external_id: str, posted_at: datetime, tag: str = "") -> Any:
    from estafette.domain import Network
    from estafette.events import SharePosted

    return SharePosted(
        share_id=f"{network}{tag}{i:07d}",
        employee_id=employee,
        content_id="c1",
        network=Network(network),
        external_post_id=external_id,
        tracked_code=f"{network[:2]}{tag}{i:08d}",
        tracked_url=f"https://go.example/r/{network[:2]}{i:08d}",
        target_url="https://example.com/post",
        content_slug="lessons",
        posted_at=posted_at,
    )


def seed_fake_post(fake: Any, network: str, i: int, author: str, received_at: float) -> str:
    """A post as the fake stores it after a successful create (its store is filled directly: posting
    tens of thousands of times over HTTP would add nothing to what is measured)."""
    if network == "linkedin":
        post_id = f"urn:li:share:{7300000000000000000 + i}"
    elif network == "x":
        post_id = str(1900000000000000000 + i)
    else:
        post_id = f"at://{author}/app.bsky.feed.post/bench{i:09d}"
    fake._record(id=post_id, author=author, text=f"post {i}", received_at=received_at, cid=f"bafybench{i}", record={"text": ""})
    return post_id


# --- 1. the redirect ------------------------------------------------------------------------------


def bench_redirect(aws_calls: AwsCalls, template: Any, clicks: int) -> None:
    from local.gateway import http_api_event
    from local.runtime import LambdaContext
    from metric_collection import store
    from metric_collection.handlers import events as consumer
    from metric_collection.handlers import redirect

    store.register_link(
        CODE,
        {
            "org_id": ORG,
            "tracked_code": CODE,
            "share_id": "share-1",
            "employee_id": "eva",
            "content_id": "c1",
            "network": "linkedin",
            "target_url": "https://example.com/post?ref=bench",
            "content_slug": "lessons",
            "host": "go.example",
        },
    )
    context = LambdaContext("RedirectFunction", 10)

    def request(code: str, user_agent: str, ip: str, method: str = "GET") -> dict[str, Any]:
        headers = {"host": "go.example", "user-agent": user_agent, "accept-language": "nl-NL,nl;q=0.9"}
        return http_api_event(method, "/r/{code}", f"/r/{code}", "", headers, b"", source_ip=ip, path_params={"code": code})

    kinds: dict[str, tuple[Callable[[int], dict[str, Any]], int, int]] = {
        "browser click": (lambda i: request(CODE, BROWSER, f"198.51.{i // 250 % 250}.{i % 250}"), clicks, 302),
        "crawler fetch": (lambda i: request(CODE, CRAWLERS[i % len(CRAWLERS)], "203.0.113.5"), clicks // 4, 302),
        "HEAD request": (lambda i: request(CODE, BROWSER, "203.0.113.6", "HEAD"), clicks // 10, 302),
        "unknown code": (lambda i: request(f"Unknown{i:05d}", BROWSER, "203.0.113.7"), clicks // 10, 404),
        "malformed code": (lambda i: request("x" * 300, BROWSER, "203.0.113.8"), clicks // 10, 404),
    }
    for i in range(20):  # warm: clients built, modules imported
        redirect.lambda_handler(kinds["browser click"][0](i), context)
    print("\n1. Tracked redirect GET|HEAD /r/{code}  (in-process; AWS calls answered by moto, no network to AWS)")
    print(f"   {'request':<15} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'own p50':>8} {'own p99':>8}   AWS calls per request")
    click_calls: Counter[tuple[str, str]] = Counter()
    for name, (make, n, status) in kinds.items():
        latencies, own = [], []
        with aws_calls.measure() as calls:
            for i in range(n):
                event = make(i)
                in_aws = aws_calls.seconds
                started = time.perf_counter()
                reply = redirect.lambda_handler(event, context)
                elapsed = time.perf_counter() - started
                latencies.append(elapsed * 1000)
                own.append((elapsed - (aws_calls.seconds - in_aws)) * 1000)
                assert reply["statusCode"] == status, (name, reply["statusCode"])
        if name == "browser click":
            click_calls = calls
        shown = per(calls, n) if total(calls) else "none"
        p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
        print(
            f"   {name:<15} {n:>6} {p50:>8.2f} {p99:>8.2f} {statistics.median(own):>8.2f} {percentile(own, 0.99):>8.2f}"
            f"   {total(calls) / n:.2f} ({shown})"
        )
    print("   own = the handler's time without the time spent inside AWS calls")
    reads = sum(v for (service, op), v in click_calls.items() if service == "dynamodb" and op in ("GetItem", "Query"))
    writes = sum(v for (service, op), v in click_calls.items() if service == "dynamodb" and op not in ("GetItem", "Query"))
    print(
        f"   synchronous DynamoDB reads per click: {reads / clicks:.2f} (target ≤ 1), DynamoDB writes: {writes / clicks:.2f}; "
        "the click leaves as one PutEvents of LinkFollowed"
    )

    # After the redirect: the consumer decides uniqueness and emits LinkClicked.
    import boto3

    from tests.unit.conftest import sqs_event  # the SQS event Lambda's event source mapping builds

    sqs = boto3.client("sqs")
    queue_url = template.physical["MetricsEventsQueue"]
    handled = 0
    with aws_calls.measure() as calls:
        while True:
            messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                break
            followed = [m for m in messages if '"LinkFollowed"' in m["Body"]]
            if followed:
                result = consumer.lambda_handler(sqs_event(followed), LambdaContext("MetricsEventsFunction", 10))
                assert result == {"batchItemFailures": []}
                handled += len(followed)
            sqs.delete_message_batch(
                QueueUrl=queue_url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
            )
    calls.pop(("sqs", "ReceiveMessage"), None)
    calls.pop(("sqs", "DeleteMessageBatch"), None)
    print(
        f"   off the request path, per click ({handled} LinkFollowed consumed): "
        f"{total(calls) / max(handled, 1):.2f} AWS calls ({per(calls, handled)})"
    )


# --- 2. a harvest cycle ---------------------------------------------------------------------------


def detach_bus_targets(template: Any) -> None:
    """Events still go to the bus, but moto no longer delivers them to the other services' queues: that
    routing is EventBridge's work, and in moto it costs more than everything measured here."""
    import boto3

    events = boto3.client("events")
    bus = template.physical["EventBus"]
    for rule in events.list_rules(EventBusName=bus)["Rules"]:
        targets = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=bus)["Targets"]
        if targets:
            events.remove_targets(Rule=rule["Name"], EventBusName=bus, Ids=[t["Id"] for t in targets])


def bench_harvest(aws_calls: AwsCalls, fakes: dict[str, Any], due: int, employees: int) -> None:
    from estafette.domain import Network
    from estafette.publisher import EventBridgePublisher
    from metric_collection import harvester, planner, store
    from metric_collection.config import MetricsConfig
    from metric_collection.planner import HarvestBatch
    from share_dispatch.connections import connect

    now = datetime.now(UTC)
    posted_at = now - timedelta(hours=2)
    print(f"\n2. One harvest cycle: {due:,} posts due on each network, by {employees} advocates per network")
    started = time.perf_counter()
    posts = []
    for network in NETWORKS:
        fake = fakes[network]
        for e in range(employees):
            author = AUTHOR[network].format(f"adv{e}")
            fake.add_token(f"{network}-token-{e}", author)
            connect(ORG, f"adv{e}", Network(network), access_token=f"{network}-token-{e}", author_id=author)
        for i in range(due):
            e = i % employees
            post_id = seed_fake_post(fake, network, i, AUTHOR[network].format(f"adv{e}"), posted_at.timestamp())
            posts.append(share_posted(network, i, f"adv{e}", post_id, posted_at))
    insert_items(captured_posts(posts, now), os.environ["METRICS_TABLE_NAME"])
    print(f"   (set-up: {len(posts):,} posted shares registered in {time.perf_counter() - started:.0f} s)")

    sent: list[dict[str, Any]] = []
    send_calls = 0

    def send(entries: list[dict[str, Any]]) -> None:
        nonlocal send_calls
        send_calls += 1  # one SendMessageBatch
        sent.extend(entries)

    store.save_cursor(store.iso(now - timedelta(hours=1)))  # the previous hourly run
    with aws_calls.measure() as planner_calls:
        result = planner.plan(now + timedelta(seconds=1), send)
    publisher = EventBridgePublisher(os.environ["EVENT_BUS_NAME"])
    deferred: list[tuple[HarvestBatch, int]] = []
    network_calls = {n: fakes[n].calls("GET") for n in NETWORKS}
    by_network: dict[str, list[HarvestBatch]] = {n: [] for n in NETWORKS}
    for entry in sent:
        batch = HarvestBatch.model_validate_json(entry["MessageBody"])
        by_network[batch.network].append(batch)
    defaults = MetricsConfig()
    print(
        f"   planner: {result.posts:,} due posts → {result.messages:,} harvest messages in {send_calls} SendMessageBatch; "
        f"DynamoDB calls {total(planner_calls, 'dynamodb')} ({per(planner_calls, 1, 'dynamodb')})"
    )
    worker_breakdown = {}
    header = (
        f"   {'network':<9} {'batch':>5} {'messages':>9} {'network calls':>14} {'target':>7} "
        f"{'harvested':>10} {'AWS calls/post':>15} {'s':>6}  at the default rate budget"
    )
    print(header)
    for network in NETWORKS:
        started = time.perf_counter()
        outcome_total = harvester.Outcome()
        with aws_calls.measure() as worker_calls:
            for batch in by_network[network]:
                outcome = harvester.harvest(batch, publisher, lambda b, d: deferred.append((b, d)))
                outcome_total.harvested += outcome.harvested
        seconds = time.perf_counter() - started
        worker_breakdown[network] = per(worker_calls, due)
        calls = fakes[network].calls("GET") - network_calls[network]
        size = harvester._adapter(network).max_batch
        target = math.ceil(due / size)
        ok = "✓" if calls <= target else "✗"
        minutes = calls / defaults.calls_per_minute(network)
        print(
            f"   {network:<9} {size:>5} {len(by_network[network]):>9,} {calls:>12,} {ok} {target:>7,} "
            f"{outcome_total.harvested:>10,} {total(worker_calls) / due:>15.2f} {seconds:>6.1f}  "
            f"{defaults.calls_per_minute(network)}/min → {minutes:.0f} min"
        )
    for network, breakdown in worker_breakdown.items():
        print(f"   worker AWS calls per post on {network}: {breakdown}")
    sample = store.get_post(ORG, f"x{0:07d}")
    counters = {k: None if v is None else int(v) for k, v in sample["counters"].items()}
    print(f"   deferred batches: {len(deferred)}; one harvested X post: {counters}, next harvest {sample['next_harvest_at']}")


# --- 3. the planner against history ---------------------------------------------------------------


def bench_planner(aws_calls: AwsCalls, fakes: dict[str, Any], due: int, histories: list[int]) -> None:
    from metric_collection import cadence, planner, store

    print(f"\n3. Planner DynamoDB calls for {due:,} due posts, against the number of historical shares")
    print(f"   {'history':>10} {'set-up s':>9} {'due found':>10} {'DynamoDB calls':>15}   {'by operation':<40} {'plan s':>7}")
    rows = []
    for history in histories:
        with stack(fakes) as template:
            detach_bus_targets(template)
            now = datetime.now(UTC).replace(microsecond=0)
            started = time.perf_counter()
            table_name = os.environ["METRICS_TABLE_NAME"]
            due_posts = [
                share_posted(NETWORKS[i % 3], i, f"adv{i % 200}", f"{i}", now - timedelta(hours=2), tag="d") for i in range(due)
            ]
            insert_items(captured_posts(due_posts, now - timedelta(minutes=10)), table_name)
            # History: 95% past their 30-day window (out of the index), 5% still in it, due at a later slot.
            batch: list[Any] = []
            for i in range(history):
                in_window = i % 20 == 0
                age = timedelta(hours=3 + (i * 7) % (29 * 24)) if in_window else timedelta(days=31 + i % 700)
                batch.append(share_posted(NETWORKS[i % 3], i, f"adv{i % 500}", f"{i}", now - age, tag="h"))
                if len(batch) == 50_000 or i == history - 1:
                    items = captured_posts(batch, now - timedelta(days=400))  # registered long ago ...
                    for item in items:
                        posted_at = store.parse_iso(item["posted_at"])
                        next_due = cadence.next_harvest(posted_at, now)  # ... and harvested up to now
                        for key in ("next_harvest_at", "due_pk", "due_sk"):
                            item.pop(key, None)
                        if next_due is None:
                            item["status"] = "done"
                        else:
                            item["status"] = "active"
                            item.update(store.due_fields(ORG, item["share_id"], store.iso(next_due)))
                    insert_items(items, table_name)
                    batch = []
            store.save_cursor(store.iso(now - timedelta(hours=1)))  # the previous hourly run
            setup = time.perf_counter() - started
            started = time.perf_counter()
            with aws_calls.measure() as calls:
                result = planner.plan(now, planner.sqs_sender(os.environ["HARVEST_QUEUE_URL"]))
            seconds = time.perf_counter() - started
            rows.append(total(calls, "dynamodb"))
            print(
                f"   {history:>10,} {setup:>9.0f} {result.posts:>10,} {total(calls, 'dynamodb'):>15}   "
                f"{per(calls, 1, 'dynamodb'):<40} {seconds:>7.1f}"
            )
    same = len(set(rows)) == 1
    print(
        f"   {'✓ the same' if same else '✗ different'}: 1 GetItem (cursor) + 1 Query per hour bucket since the cursor "
        "and per 1 MB page of due posts + 1 PutItem (cursor); history outside its window is not in the due index."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Metric collection figures")
    parser.add_argument("--clicks", type=int, default=2000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--history", default="10000,1000000", help="comma-separated numbers of historical shares")
    args = parser.parse_args(argv)

    from local.fakes.networks import FakeNetwork

    aws_calls = AwsCalls()
    aws_calls.install()
    fakes = {n: FakeNetwork(n).start() for n in NETWORKS}
    try:
        with stack(fakes, **{f"HARVEST_CALLS_PER_MINUTE_{n.upper()}": "1000000" for n in NETWORKS}) as template:
            bench_redirect(aws_calls, template, args.clicks)
            detach_bus_targets(template)
            bench_harvest(aws_calls, fakes, args.due, args.employees)
        bench_planner(aws_calls, fakes, args.due, [int(h) for h in args.history.split(",") if h])
    finally:
        for fake in fakes.values():
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
