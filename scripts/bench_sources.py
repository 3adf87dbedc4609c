"""Industry sources benchmark: AWS calls per source per poll and per new entry, with 10 and 1,000 sources
(`make bench-sources`).

Runs in-process on moto with the template's own table and poll queue. Each source's feed is
generated in memory (the fetch itself is network, not AWS, and is replaced here; ETags make a
repeated poll a 304 as a real server would). Three polls per size:

1. first poll: every source is new; its feed has 12 entries (a first poll takes the newest 10), or 2
   with 1,000 sources (moto takes about 0.1 s per transaction; the figures per entry do not change);
2. nothing changed: every feed answers 304;
3. one new entry in every feed.

Counted: every call of the content table's client and the SQS client, made by the schedule run
(one Query of the due index, SendMessageBatch of 10) and by the poller (GetItem of the source,
one TransactWriteItems per new entry, PutItem of the source). The poller's receiving and
deleting of messages is the Lambda event source mapping's, not the function's, and is not
counted. Target: calls per source per poll stay flat from 10 to 1,000 sources, and a new
entry costs one write. Always exits 0: it is a report, not a test.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions", ROOT / "scripts"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

from bench_feed import emulated_stack  # noqa: E402  (the same moto stack as the feed benchmark)

SIZES = tuple(int(s) for s in sys.argv[1:]) or (10, 1_000)
PER_ORG = 100  # source_store.MAX_SOURCES_PER_ORG


class Feeds:
    """An in-memory web of feeds: each URL's document, its ETag, and conditional GETs."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.entries: dict[str, int] = {}

    def document(self, url: str) -> bytes:
        count = self.entries.setdefault(url, self.first)
        items = "".join(
            f"<item><title>Entry {n} of {url}</title><link>{url}/articles/{n}</link><guid>{url}#{n}</guid>"
            f"<pubDate>Tue, 01 Dec 2026 {n % 24:02d}:00:00 GMT</pubDate>"
            f"<description>&lt;p&gt;Entry {n}&lt;/p&gt;</description></item>"
            for n in range(count, 0, -1)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{url}</title>{items}</channel></rss>'.encode()

    def get(self, url: str, policy: Any = None, resolver: Any = None, headers: dict[str, str] | None = None) -> Any:
        from content_publishing.safe_fetch import Fetched

        etag = f'"{self.entries.setdefault(url, self.first)}"'
        if (headers or {}).get("If-None-Match") == etag:
            return Fetched(url, 304, headers={"etag": etag})
        return Fetched(url, 200, "application/rss+xml", self.document(url), headers={"etag": etag})


class Meter:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def before(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def run(size: int) -> list[dict[str, Any]]:
    from content_publishing import safe_fetch, source_store, store
    from content_publishing.config import config
    from content_publishing.handlers import source_poller
    from content_publishing.handlers import sources as schedule
    from estafette import aws, clock
    from local.runtime import LambdaContext

    # moto takes about 0.1 s per TransactWriteItems: the large run starts with 2 entries per feed.
    first = 12 if size <= 100 else 2
    feeds = Feeds(first)
    safe_fetch.get = feeds.get  # type: ignore[assignment]  (network replaced; AWS calls are what is measured)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    for n in range(size):
        org = f"org{n // PER_ORG}"
        source = {
            "source_id": f"s{n:05d}", "org_id": org, "url": f"https://feeds{n}.example/rss", "name": "",
            "content_type": "industry", "audience": {}, "language": "en", "active": True, "created_by": "anna",
            "created_at": now.isoformat(), "updated_at": now.isoformat(), "next_poll_at": now.isoformat(),
            "failures": 0, "entries_created": 0, "revision": 1,
        }  # fmt: skip
        source_store.put(source, expected_revision=None)

    meter = Meter()
    for client in (store._client(), aws.client("sqs")):
        client.meta.events.register("before-call", meter.before)
    if size > 100:
        # moto deep-copies every table on each TransactWriteItems (for its rollback), which makes a
        # large run quadratic. There, each transaction is counted and then applied as its puts, each
        # with its condition, through a client that is not counted: the same outcome, in linear time.
        apply = functools.partial(_apply_transaction, meter)
        store._client().meta.events.register_first("before-call.dynamodb.TransactWriteItems", apply)
    sqs = aws.client("sqs")
    queue = config().source_poll_queue_url
    rows = []
    moment = now
    for label in (f"first poll ({first} entries per feed)", "nothing changed (304)", "one new entry per feed"):
        if label.startswith("one new"):
            for url in list(feeds.entries):
                feeds.entries[url] += 1
        clock.install(moment.timestamp)
        drafts_before = _drafts(size)
        meter.calls.clear()
        started = time.perf_counter()
        queued = schedule.enqueue_due(moment)
        # Deliver as the event source mapping would (its receives are not the function's calls).
        pending = []
        events = meter.calls.copy()
        while True:
            got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
            if not got:
                break
            pending.extend(got)
            sqs.delete_message_batch(
                QueueUrl=queue, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)]
            )
        meter.calls = events
        for start in range(0, len(pending), 5):  # BatchSize 5 in the template
            records = [_record(m) for m in pending[start : start + 5]]
            source_poller.lambda_handler({"Records": records}, LambdaContext("poller", 60))
        seconds = time.perf_counter() - started
        counted = meter.calls.copy()
        new = _drafts(size) - drafts_before
        meter.calls = counted
        rows.append(
            {
                "label": label,
                "queued": queued,
                "calls": dict(meter.calls),
                "per_source": (meter.total - meter.calls["TransactWriteItems"]) / max(queued, 1),
                "new_entries": new,
                "per_entry": meter.calls["TransactWriteItems"] / new if new else 0.0,
                "seconds": seconds,
            }
        )
        moment = moment + timedelta(minutes=config().sources_poll_minutes)
    return rows


class _Answered:
    status_code = 200
    headers: ClassVar[dict[str, str]] = {}


@functools.cache
def _uncounted() -> Any:
    import boto3

    return boto3.session.Session().client("dynamodb")


def _apply_transaction(meter: Meter, params: dict[str, Any], **_: Any) -> tuple[_Answered, dict[str, Any]]:
    from botocore.exceptions import ClientError

    meter.calls["TransactWriteItems"] += 1  # this handler answers the call, so the meter's own never runs
    uncounted = _uncounted()
    body = json.loads(params["body"])  # the wire form: attribute values already typed
    puts = [action["Put"] for action in body["TransactItems"]]
    for put in puts:  # conditions first, as the transaction checks them all before writing
        if put.get("ConditionExpression") and uncounted.get_item(
            TableName=put["TableName"], Key={"pk": put["Item"]["pk"], "sk": put["Item"]["sk"]}
        ).get("Item"):
            error = {"Error": {"Code": "TransactionCanceledException", "Message": "ConditionalCheckFailed"}}
            raise ClientError(error, "TransactWriteItems")
    for put in puts:
        uncounted.put_item(TableName=put["TableName"], Item=put["Item"])
    return _Answered(), {}


def _record(message: dict[str, Any]) -> dict[str, Any]:
    """An SQS message as the event source mapping hands it to the function."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": "",
        "body": message["Body"],
        "attributes": {},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:source-poll",
        "awsRegion": "eu-west-1",
    }


def _drafts(size: int) -> int:
    """Drafts from sources in the library, counted through the library's own index (not metered)."""
    from content_publishing import store

    total = 0
    for org in range((size + PER_ORG - 1) // PER_ORG):
        cursor = None
        while True:
            items, cursor = store.list_library(f"org{org}", 100, cursor, from_sources=True)
            total += len(items)
            if not cursor:
                break
    return total


def main() -> None:
    print("Industry sources: AWS calls per poll (moto, in-process; the feeds' HTTP is in memory)\n")
    for size in SIZES:
        with emulated_stack():
            rows = run(size)
        print(f"{size:,} sources")
        for row in rows:
            calls = ", ".join(f"{k} {v}" for k, v in sorted(row["calls"].items()))
            print(
                f"  {row['label']:<42} {row['per_source']:.2f} calls per source (+ {row['per_entry']:.0f} per new entry, "
                f"{row['new_entries']:,} new)   [{calls}]   {row['seconds']:.1f}s"
            )
        print()


if __name__ == "__main__":
    main()
