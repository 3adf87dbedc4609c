"""Industry sources benchmark: AWS calls per source per poll and per new entry, with 10 and 1,000 sources
(`make bench-sources`).

DynamoDB is AWS's DynamoDB Local (installed under .cache/ on first use, run with Java, as the
fidelity tier does), holding the template's own content table; SQS is moto in-process, holding the
template's poll queue. `--backend moto` puts DynamoDB on moto too: fine for 10 sources, but moto
copies every table for each TransactWriteItems (its rollback), so 1,000 sources there take an hour.
The code under test is the product's own: the schedule's `enqueue_due` and the poller's handler.

Each source's feed is generated in memory (the fetch is network, not AWS; its ETag makes an
unchanged feed a 304, as a real server would). Three polls per size:

1. first poll: every source is new; its feed has 12 entries, of which the first poll takes the
   newest 10 (with more than 100 sources, the newest 1: DynamoDB Local takes some 10 to 100 ms a
   transaction, and the figures per entry do not change; the seen list, and so the size of each
   source in the due index, is the same 12 entries either way);
2. nothing changed: every feed answers 304;
3. one new entry in every feed.

Counted with a botocore `before-call` hook on the content table's client and the SQS client: the
schedule run (Query of the sparse due index, SendMessageBatch of 10) and the poller (GetItem of
the source, one TransactWriteItems per new entry, PutItem of the source). The poller's receiving
and deleting of messages is the Lambda event source mapping's, not the function's, and is not
counted. Targets (the issue's): one Query for the due sources, one conditional write per new entry,
no Scan, and calls per source per poll flat from 10 to 1,000 sources. The new drafts are counted
through the library's "from sources" index, outside the meter. Always exits 0: it is a report.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions", ROOT / "scripts"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

from bench_feed import emulated_stack  # noqa: E402  (the feed benchmark's stack: moto, DynamoDB optionally elsewhere)

PER_ORG = 100  # source_store.MAX_SOURCES_PER_ORG
ENTRIES = 12  # per feed at its first poll; the poll takes the newest FIRST_POLL_ENTRIES (10)
LARGE = 100  # above this many sources, a first poll takes one entry per feed


class Feeds:
    """An in-memory web of feeds: each URL's document, its ETag, and conditional GETs."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.entries: dict[str, int] = {}

    def document(self, url: str) -> bytes:
        count = self.entries.setdefault(url, self.first)
        items = "".join(
            f"<item><title>Entry {n} of {url}</title><link>{url}/articles/{n}</link><guid>{url}#{n}</guid>"
            f"<pubDate>Tue, 01 Dec 2026 {n % 24:02d}:{n // 24 % 60:02d}:00 GMT</pubDate>"
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
        self.on = True

    def before(self, model: Any, **_: Any) -> None:
        if self.on:
            self.calls[model.name] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())


# --- the run ----------------------------------------------------------------------------------


def run(size: int) -> list[dict[str, Any]]:
    from content_publishing import safe_fetch, source_store, sources, store
    from content_publishing.config import config
    from content_publishing.handlers import source_poller
    from content_publishing.handlers import sources as schedule
    from estafette import aws, clock
    from local.runtime import LambdaContext

    feeds = Feeds(ENTRIES)
    # The network is replaced: AWS calls are what is measured.
    safe_fetch.get = feeds.get  # type: ignore[assignment]
    taken = sources.FIRST_POLL_ENTRIES = 10 if size <= LARGE else 1
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    for n in range(size):
        source = {
            "source_id": f"s{n:05d}", "org_id": f"org{n // PER_ORG}", "url": f"https://feeds{n}.example/rss", "name": "",
            "content_type": "industry", "audience": {}, "language": "en", "active": True, "created_by": "anna",
            "created_at": now.isoformat(), "updated_at": now.isoformat(), "next_poll_at": now.isoformat(),
            "failures": 0, "entries_created": 0, "revision": 1,
        }  # fmt: skip
        source_store.put(source, expected_revision=None)

    meter = Meter()
    sqs = aws.client("sqs")
    for client in (store._client(), sqs):
        client.meta.events.register("before-call", meter.before)
    queue = config().source_poll_queue_url
    rows = []
    moment = now
    for label in (f"first poll ({ENTRIES} per feed, {taken} taken)", "nothing changed (304)", "one new entry per feed"):
        if label.startswith("one new"):
            for url in list(feeds.entries):
                feeds.entries[url] += 1
        clock.install(moment.timestamp)
        meter.on = False
        drafts_before = _drafts(size)
        meter.calls.clear()
        meter.on = True
        started = time.perf_counter()
        queued = schedule.enqueue_due(moment)
        # Deliver as the event source mapping would (its receives and deletes are not the function's calls).
        meter.on = False
        pending = []
        while got := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
            pending.extend(got)
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)]
            sqs.delete_message_batch(QueueUrl=queue, Entries=entries)
        meter.on = True
        for start in range(0, len(pending), 5):  # BatchSize 5 in the template
            records = [_record(m) for m in pending[start : start + 5]]
            source_poller.lambda_handler({"Records": records}, LambdaContext("poller", 60))
        seconds = time.perf_counter() - started
        meter.on = False
        new = _drafts(size) - drafts_before
        calls = dict(meter.calls)
        writes = calls.get("TransactWriteItems", 0)
        rows.append(
            {
                "label": label,
                "queued": queued,
                "calls": calls,
                "per_source": (meter.total - writes) / max(queued, 1),
                "new_entries": new,
                "writes": writes,
                "seconds": seconds,
            }
        )
        moment = moment + timedelta(minutes=config().sources_poll_minutes)
    return rows


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
    """Drafts from sources in the library, counted through the library's own index."""
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


def verdicts(size: int, rows: list[dict[str, Any]]) -> list[str]:
    """The issue's cost targets, checked against what was counted."""
    problems = []
    for row in rows:
        calls = row["calls"]
        if calls.get("Scan"):
            problems.append(f"{row['label']}: {calls['Scan']} Scan")
        if calls.get("Query", 0) != 1:
            problems.append(f"{row['label']}: {calls.get('Query', 0)} Queries for the due sources, not 1")
        if row["writes"] != row["new_entries"]:
            problems.append(f"{row['label']}: {row['writes']} TransactWriteItems for {row['new_entries']} new entries")
        extra = set(calls) - {"Query", "SendMessageBatch", "GetItem", "PutItem", "TransactWriteItems"}
        if extra:
            problems.append(f"{row['label']}: unexpected calls {sorted(extra)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 1_000], help="numbers of sources (default 10 1000)")
    parser.add_argument("--backend", choices=("dynamodb-local", "moto"), default="dynamodb-local")
    args = parser.parse_args(argv)

    where = "DynamoDB Local" if args.backend == "dynamodb-local" else "moto"
    print(f"Industry sources: AWS calls per poll (DynamoDB on {where}, SQS on moto; the feeds' HTTP is in memory)\n")
    from local.emulators import dynamodb_local

    with dynamodb_local() if args.backend == "dynamodb-local" else _nothing() as endpoint:
        for size in args.sizes:
            with emulated_stack(endpoint):
                rows = run(size)
            print(f"{size:,} sources ({(size + PER_ORG - 1) // PER_ORG} orgs)")
            for row in rows:
                calls = ", ".join(f"{k} {v}" for k, v in sorted(row["calls"].items()))
                per_entry = row["writes"] / row["new_entries"] if row["new_entries"] else 0.0
                print(
                    f"  {row['label']:<34} {row['per_source']:.3f} calls per source + {per_entry:.0f} per new entry "
                    f"({row['new_entries']:,} new)   [{calls}]   {row['seconds']:.1f}s"
                )
            problems = verdicts(size, rows)
            print("  target met: one Query, one write per new entry, no Scan" if not problems else "  TARGET MISSED:")
            for problem in problems:
                print(f"    {problem}")
            print()
    return 0


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    sys.exit(main())
