"""The harvest worker: reads one batch's counters from the network and records them exactly once.

For one harvest batch (posts of one org on one network, see planner.py):

1. Read the posts (one BatchGetItem). A post that no longer waits for this due time was harvested
   already (a replayed or duplicated message): its recorded event is re-emitted, with the same id,
   in case the first attempt stopped before publishing. Nothing is counted again.
2. Read the authors' connections (one BatchGetItem on share_dispatch's table, see connections.py).
   A post whose connection expired, was revoked or is gone is skipped with that reason.
3. Take the calls from the network's rate budget; when the minute's budget is spent, or the network
   answers 429, the rest of the batch waits on the queue (a delayed message) and nothing fails.
4. Call the metrics API in chunks of the network's batch size (X 100 ids, Bluesky 25 uris, LinkedIn 1),
   each call with the token of one author of the chunk. Public counters can be read with any of the
   org's tokens; when one answers 401, that author's posts are skipped with a reason and the chunk is
   read with the next author's token.
5. Record each post with a conditional write (only while it still waits for this due time): counters,
   deltas against the previous harvest, the next due time on the cadence. A network error for one post
   or chunk records the reason and retries that post later; it never fails the batch.
6. Emit `MetricsHarvested` for each post whose counters changed (and for its first harvest), with an
   event id derived from the post and the due time.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from estafette import clock, tokens
from estafette.domain import Network
from estafette.events import MetricsHarvested
from estafette.networks import NetworkAdapter, adapter_for
from estafette.networks.base import (
    PermanentNetworkError,
    PostMetrics,
    RateLimited,
    TokenExpired,
    TransientNetworkError,
)
from estafette.publisher import Outgoing, Publisher
from metric_collection import cadence, connections, store
from metric_collection.config import config
from metric_collection.planner import DuePost, HarvestBatch

COUNTERS = ("impressions", "reactions", "comments", "reshares")
EVENT_NAMESPACE = uuid.UUID("0d4f3a6e-7c21-4b8e-9a55-3c2b1e6f7d90")
RETRY_AFTER_ERROR = timedelta(minutes=15)  # a failed call is tried again by one of the next planner runs
GRACE_AFTER_WINDOW = timedelta(days=1)  # failures at the last slot are retried this long, then given up
MAX_QUEUE_DELAY_SECONDS = 900  # SQS DelaySeconds maximum
MAX_DEFERRALS = 8  # 30 s, 1, 2, 4, 8 min, then 15 min: about an hour before the planner takes over again
DEFER_BASE_SECONDS = 30
# Enough for one more metrics call (5 s timeout) and the writes that follow, before Lambda's own timeout.
TIME_RESERVE_SECONDS = 15

Requeue = Callable[[HarvestBatch, int], None]


@dataclass
class Outcome:
    harvested: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # already harvested: replays and duplicates
    deferred: int = 0
    calls: int = 0
    events: int = 0

    def fail(self, code: str) -> None:
        self.failed[code] = self.failed.get(code, 0) + 1


@dataclass
class _Post:
    due: str
    item: dict[str, Any]

    @property
    def share_id(self) -> str:
        return str(self.item["share_id"])

    @property
    def employee_id(self) -> str:
        return str(self.item["employee_id"])

    @property
    def external_post_id(self) -> str:
        return str(self.item["external_post_id"])


@cache
def _adapter(network: str) -> NetworkAdapter:
    return adapter_for(network, base_url=config().base_url(network))


def event_id(org_id: str, share_id: str, due: str) -> str:
    return uuid.uuid5(EVENT_NAMESPACE, f"{org_id}/{share_id}/{due}").hex


def harvest(
    batch: HarvestBatch,
    publisher: Publisher,
    requeue: Requeue,
    now: Callable[[], datetime] = lambda: clock.now(),
    seconds_left: Callable[[], float] = lambda: math.inf,
) -> Outcome:
    outcome = Outcome()
    org_id, network = batch.org_id, batch.network
    items = store.get_posts(org_id, [p.share_id for p in batch.posts])
    events: list[Outgoing] = []
    waiting: list[_Post] = []
    for ref in batch.posts:
        item = items.get(ref.share_id)
        if item is not None and item.get("status") == "active" and item.get("next_harvest_at") == ref.due:
            waiting.append(_Post(ref.due, item))
            continue
        outcome.skipped += 1
        replay = _recorded_event(org_id, item, ref.due) if item else None
        if replay is not None:
            events.append(replay)

    usable, found = _skip_unusable_connections(org_id, network, waiting, now(), outcome)
    if usable:
        events += _fetch_and_record(batch, usable, found, requeue, now, seconds_left, outcome)
    if events:
        publisher.publish(events)
        outcome.events = len(events)
    return outcome


def _skip_unusable_connections(
    org_id: str, network: str, posts: list[_Post], at: datetime, outcome: Outcome
) -> tuple[list[_Post], dict[str, connections.Connection]]:
    if not posts:
        return [], {}
    found = connections.connections_of(org_id, [p.employee_id for p in posts], network)
    usable = []
    for post in posts:
        connection = found[post.employee_id]
        lacking = connection.lacks(network, "post_metrics") if connection.usable else []
        if lacking:
            # Not worth a call: the network refuses it. Reports say why the figures are missing.
            _fail(org_id, post, "scope_missing", f"the app lacks {', '.join(lacking)}", at, outcome)
        elif connection.usable:
            usable.append(post)
        elif connection.status == "missing":
            _fail(org_id, post, "network_not_connected", "no connection", at, outcome)
        else:
            _fail(org_id, post, "connection_expired", f"connection {connection.status}", at, outcome)
    return usable, found


def _fetch_and_record(
    batch: HarvestBatch,
    posts: list[_Post],
    found: dict[str, connections.Connection],
    requeue: Requeue,
    now: Callable[[], datetime],
    seconds_left: Callable[[], float],
    outcome: Outcome,
) -> list[Outgoing]:
    org_id, network = batch.org_id, batch.network
    adapter = _adapter(network)
    size = max(1, adapter.max_batch)
    per_chunk = max(1, adapter.calls_per_batch)  # LinkedIn reads one metric per call
    limit = config().calls_per_minute(network)
    started = now()
    if not store.reserve_calls(network, _minute(started), math.ceil(len(posts) / size) * per_chunk, limit):
        _defer(batch, posts, _seconds_to_next_minute(started), requeue, started, outcome)
        return []
    events: list[Outgoing] = []
    opened: dict[str, str | None] = {}
    pending = list(posts)
    while pending:
        if seconds_left() < TIME_RESERVE_SECONDS:  # slow network: finish in time, the rest waits on the queue
            _defer(batch, pending, 1, requeue, now(), outcome)
            break
        chunk = pending[:size]
        author = chunk[0].employee_id
        if author not in opened:
            opened[author] = _open_token(org_id, found[author])
        token = opened[author]
        if token is None:
            pending = _fail_author(org_id, pending, author, "connection_expired", "token cannot be opened", now(), outcome)
            continue
        try:
            outcome.calls += math.ceil(len(chunk) / size) * per_chunk
            results = adapter.fetch_metrics(token, [p.external_post_id for p in chunk])
        except TokenExpired as exc:
            pending = _fail_author(org_id, pending, author, "connection_expired", exc.reason, now(), outcome)
            continue
        except RateLimited as exc:
            at = now()
            store.exhaust_minute(network, _minute(at), limit)
            _defer(batch, pending, exc.retry_after_seconds or _seconds_to_next_minute(at), requeue, at, outcome)
            break
        except TransientNetworkError as exc:
            for post in chunk:
                _fail(org_id, post, "network_error", exc.reason, now(), outcome, retry_soon=True)
        except PermanentNetworkError as exc:
            for post in chunk:
                _fail(org_id, post, "rejected", exc.reason, now(), outcome)
        else:
            events += _record(org_id, network, chunk, results, now(), outcome)
        pending = pending[len(chunk) :]
    return events


def _open_token(org_id: str, connection: connections.Connection) -> str | None:
    """The plain token, in memory only; None when the sealed token does not open (then it is as good as expired)."""
    import binascii

    from cryptography.exceptions import InvalidTag

    try:
        return tokens.open_sealed(connection.sealed_token or {}, org_id)
    except (InvalidTag, KeyError, ValueError, binascii.Error):
        return None


def _record(
    org_id: str, network: str, chunk: list[_Post], results: list[PostMetrics], at: datetime, outcome: Outcome
) -> list[Outgoing]:
    by_id = {m.external_post_id: m for m in results}
    events = []
    for post in chunk:
        metrics = by_id.get(post.external_post_id)
        if metrics is None:
            _fail(org_id, post, "post_unavailable", f"{network} did not return the post", at, outcome)
            continue
        item = post.item
        before = item.get("counters") or {}
        counters = {name: getattr(metrics, name) for name in COUNTERS}
        deltas = {name: _int(counters[name]) - _int(before.get(name)) for name in COUNTERS}
        first = int(item.get("harvests", 0)) == 0
        emitted = first or any(deltas.values())
        recorded = {
            "key": post.due,
            "event_id": event_id(org_id, post.share_id, post.due),
            "harvested_at": store.iso(at),
            "counters": counters,
            "deltas": deltas,
            "emitted": emitted,
        }
        changes = {
            "counters": counters,
            "harvests": int(item.get("harvests", 0)) + 1,
            "last_harvested_at": store.iso(at),
            "last_harvest": recorded,
        }
        next_due = cadence.next_harvest(store.parse_iso(item["posted_at"]), at)
        if not store.record_harvest(org_id, post.share_id, post.due, changes, _due(next_due, at)):
            outcome.skipped += 1  # another worker recorded this harvest first
            continue
        outcome.harvested += 1
        if emitted:
            events.append(_event(org_id, item, recorded))
    return events


def _recorded_event(org_id: str, item: dict[str, Any], due: str) -> Outgoing | None:
    """The event of the harvest recorded for `due`, when that is the post's latest harvest."""
    recorded = item.get("last_harvest") or {}
    if recorded.get("key") != due or not recorded.get("emitted"):
        return None
    return _event(org_id, item, recorded)


def _event(org_id: str, item: dict[str, Any], recorded: dict[str, Any]) -> Outgoing:
    counters, deltas = recorded["counters"], recorded["deltas"]
    impressions = counters.get("impressions")
    data = MetricsHarvested(
        share_id=item["share_id"],
        employee_id=item["employee_id"],
        content_id=item["content_id"],
        network=Network(item["network"]),
        harvested_at=store.parse_iso(recorded["harvested_at"]),
        impressions=None if impressions is None else int(impressions),
        reactions=int(counters["reactions"]),
        comments=int(counters["comments"]),
        reshares=int(counters["reshares"]),
        **{f"delta_{name}": int(deltas[name]) for name in COUNTERS},
    )
    return Outgoing(data, org_id, event_id=recorded["event_id"])


def _fail(org_id: str, post: _Post, code: str, detail: str, at: datetime, outcome: Outcome, *, retry_soon: bool = False) -> None:
    """Record why this post's harvest failed and when it is tried again (never fails the batch)."""
    posted_at = store.parse_iso(post.item["posted_at"])
    if retry_soon:
        retry = at + RETRY_AFTER_ERROR
        next_due = retry if retry <= posted_at + cadence.WINDOW + GRACE_AFTER_WINDOW else None
    else:
        next_due = cadence.next_harvest(posted_at, at)
    failure = {"code": code, "detail": detail[:200], "at": store.iso(at)}
    if store.record_failure(org_id, post.share_id, post.due, failure, _due(next_due, at)):
        outcome.fail(code)
    else:
        outcome.skipped += 1


def _fail_author(
    org_id: str, pending: list[_Post], author: str, code: str, detail: str, at: datetime, outcome: Outcome
) -> list[_Post]:
    """Skip every pending post of one author (their token is dead); the others go on."""
    for post in pending:
        if post.employee_id == author:
            _fail(org_id, post, code, detail, at, outcome)
    return [p for p in pending if p.employee_id != author]


def _defer(batch: HarvestBatch, posts: list[_Post], wait_seconds: int, requeue: Requeue, at: datetime, outcome: Outcome) -> None:
    """Hold the posts back for a while (rate budget spent, or 429): they are retried, not failed."""
    outcome.deferred += len(posts)
    wanted = max(1, int(wait_seconds))
    # At least what was asked (Retry-After, the next minute), longer each time the same batch had to wait,
    # with jitter so that concurrent workers don't come back in step.
    backoff = min(MAX_QUEUE_DELAY_SECONDS, DEFER_BASE_SECONDS * 2**batch.deferrals)
    if batch.deferrals < MAX_DEFERRALS and wanted <= MAX_QUEUE_DELAY_SECONDS:
        delay = min(MAX_QUEUE_DELAY_SECONDS, max(wanted, backoff) + random.randint(0, 5))
        refs = [DuePost(share_id=p.share_id, due=p.due) for p in posts]
        requeue(batch.model_copy(update={"posts": refs, "deferrals": batch.deferrals + 1}), delay)
        return
    # Longer than a queue can hold a message, or deferred too often: back to the planner's index.
    wait = max(wanted, backoff)
    for post in posts:
        failure = {"code": "rate_limited", "detail": f"waiting {wait} s for the rate budget", "at": store.iso(at)}
        store.record_failure(batch.org_id, post.share_id, post.due, failure, store.iso(at + timedelta(seconds=wait)))


def _due(moment: datetime | None, at: datetime) -> str | None:
    return None if moment is None else store.iso(max(moment, at))


def _int(value: Any) -> int:
    return 0 if value is None else int(value)


def _minute(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def _seconds_to_next_minute(at: datetime) -> int:
    return 60 - at.second


def sqs_requeue(queue_url: str) -> Requeue:
    from estafette.aws import client

    def requeue(batch: HarvestBatch, delay_seconds: int) -> None:
        client("sqs").send_message(
            QueueUrl=queue_url, MessageBody=batch.model_dump_json(), DelaySeconds=min(delay_seconds, MAX_QUEUE_DELAY_SECONDS)
        )

    return requeue
