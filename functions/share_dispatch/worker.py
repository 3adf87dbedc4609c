"""The dispatch worker: posts queued shares with the employee's own token, exactly once.

Per SQS batch: one BatchGetItem reads every connection and content item the batch needs, each
share is claimed (a conditional update that returns it), posted, and marked posted, and one
PutEvents (per ten events) announces the outcomes. Data keys of sealed tokens are cached per
container. On the success path that is 2 DynamoDB writes per share plus 2 calls per batch.

Outcomes per message:
- posted → `SharePosted`. A redelivery finds the share posted, claims nothing, and announces
  `SharePosted` again under the same event id (a lost PutEvents is thereby repaired; consumers
  drop the duplicate).
- expired or revoked token → refreshed once where the network allows; otherwise the connection
  is marked expired, `ConnectionExpired` + `ShareFailed`.
- 429 → retried after Retry-After; 5xx/timeouts → retried with exponential backoff and jitter.
  Both set the message's visibility (ChangeMessageVisibilityBatch) and report it failed.
- the last receive (ApproximateReceiveCount ≥ maxReceiveCount) that still fails records
  `ShareFailed` (retries_exhausted) and lets SQS move the message to the DLQ.
- other 4xx → `ShareFailed` (permanent). A failed share releases its one-per-item marker, so
  the employee can share the item again once the cause is fixed.

Exactly once: the claim holds a lease (`dispatch_lease_seconds`); a second delivery of the
same message while the first is posting waits for it. The window that remains: the network
accepted a post but its answer was lost (timeout, dropped connection, a crash before the
mark). The share is then retried in recovery mode, which looks for the earlier post first:
Bluesky by the record key derived from the share id (getRecord), X among the author's latest
posts carrying the tracked link; LinkedIn refuses the repeat as DUPLICATE_POST naming the
earlier post. What is found is recorded instead of posting again. Left open: an X timeline that
does not show the post yet when the retry looks (seconds after the lost answer).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from estafette import clock
from estafette.aws import client
from estafette.domain import Network
from estafette.events import ConnectionExpired, EventData, ShareFailed, SharePosted
from estafette.networks import AlreadyPosted, PostRequest, adapter_for
from estafette.networks.base import NetworkError, PermanentNetworkError, RateLimited, TokenExpired, TransientNetworkError
from estafette.observability import count, logger_for
from estafette.publisher import Outgoing, Publisher
from share_dispatch import connections, store
from share_dispatch.config import config

logger = logger_for("share_dispatch")
MAX_VISIBILITY_SECONDS = 43200  # SQS's own limit

BASE_URLS = {
    Network.LINKEDIN: lambda: config().linkedin_api_base_url,
    Network.X: lambda: config().x_api_base_url,
    Network.BLUESKY: lambda: config().bluesky_api_base_url,
}
_adapters: dict[str, Any] = {}


@dataclass
class Message:
    message_id: str
    receipt_handle: str
    receive_count: int
    org_id: str
    employee_id: str
    share_id: str
    network: str | None
    correlation_id: str | None = None  # of the request that queued the share


@dataclass
class Result:
    events: list[EventData] = field(default_factory=list)
    retry_in: int | None = None  # seconds until the message should come back; None: done


def adapter(network: Network) -> Any:
    """One adapter (and HTTP connection pool) per network per container."""
    base = BASE_URLS[network]() if network in BASE_URLS else None
    key = f"{network.value} {base}"
    if key not in _adapters:
        _adapters[key] = adapter_for(network.value, base_url=base)
    return _adapters[key]


def backoff_seconds(receive_count: int, retry_after: int | None = None) -> int:
    """Exponential backoff with jitter; never earlier than the network's Retry-After."""
    c = config()
    ceiling = min(c.dispatch_backoff_max_seconds, c.dispatch_backoff_base_seconds * 2 ** max(0, receive_count - 1))
    delay = ceiling / 2 + random.uniform(0, ceiling / 2)  # "equal jitter": spread, yet never too eager
    if retry_after is not None:
        delay = max(delay, retry_after + random.uniform(0, c.dispatch_backoff_base_seconds / 2))
    return int(min(MAX_VISIBILITY_SECONDS, max(1, round(delay))))


def parse(record: dict[str, Any]) -> Message:
    body = json.loads(record["body"])
    return Message(
        message_id=record["messageId"],
        receipt_handle=record.get("receiptHandle", ""),
        receive_count=int((record.get("attributes") or {}).get("ApproximateReceiveCount", 1)),
        org_id=str(body["org_id"]),
        employee_id=str(body["employee_id"]),
        share_id=str(body["share_id"]),
        network=body.get("network"),
        correlation_id=body.get("correlation_id"),
    )


def process_batch(records: list[dict[str, Any]], publisher: Publisher, now: datetime | None = None) -> dict[str, Any]:
    """Post a batch; returns the SQS partial batch response."""
    failures: list[str] = []
    retry: list[tuple[Message, int]] = []
    messages: list[Message] = []
    for record in records:
        try:
            messages.append(parse(record))
        except (ValueError, KeyError, TypeError):
            logger.error("unreadable dispatch message", extra={"message_id": record.get("messageId")})
            failures.append(record.get("messageId", ""))  # to the DLQ after maxReceiveCount
    keys = [store.connection_key(m.org_id, m.employee_id, m.network) for m in messages if m.network]
    # The authors' profiles come in the same BatchGetItem: their own connection counts, where a network gives none.
    keys += [store.employee_key(m.org_id, m.employee_id) for m in messages if m.network]
    prefetched = store.batch_get(list(dict.fromkeys(keys))) if keys else {}

    announced: list[tuple[Message, list[EventData]]] = []
    for message in messages:
        try:
            result = post_one(message, prefetched, now or clock.now())
        except Exception:
            logger.exception("dispatch failed", extra={"share_id": message.share_id})
            failures.append(message.message_id)
            continue
        if result.events:
            announced.append((message, result.events))
        if result.retry_in is not None:
            failures.append(message.message_id)
            retry.append((message, result.retry_in))

    outgoing = [
        Outgoing(e, m.org_id, correlation_id=m.correlation_id, event_id=f"{m.share_id}-{e.name()}")
        for m, events in announced
        for e in events
    ]
    if outgoing:
        try:
            publisher.publish(outgoing)
            _count_outcomes(outgoing)
        except Exception:
            # The shares are settled; their redelivery announces them again (same event ids).
            logger.exception("announcing dispatch outcomes failed")
            failures.extend(m.message_id for m, _ in announced if m.message_id not in failures)
    _set_visibility(retry)
    return {"batchItemFailures": [{"itemIdentifier": i} for i in dict.fromkeys(failures)]}


def _count_outcomes(outgoing: list[Outgoing]) -> None:
    for event in (o.data for o in outgoing):
        if isinstance(event, SharePosted):
            count("SharesPosted", "share_dispatch", network=event.network.value)
        elif isinstance(event, ShareFailed):
            count("SharesFailed", "share_dispatch", network=event.network.value, reason=event.reason_code)


def _set_visibility(retry: list[tuple[Message, int]]) -> None:
    entries = [
        {"Id": str(i), "ReceiptHandle": m.receipt_handle, "VisibilityTimeout": seconds}
        for i, (m, seconds) in enumerate(retry)
        if m.receipt_handle
    ]
    for start in range(0, len(entries), 10):
        try:
            client("sqs").change_message_visibility_batch(
                QueueUrl=config().dispatch_queue_url, Entries=entries[start : start + 10]
            )
        except Exception:
            # The message still comes back, after the queue's own visibility timeout.
            logger.warning("could not set the retry delay", exc_info=True)


def post_one(message: Message, prefetched: dict[tuple[str, str], dict[str, Any]], now: datetime) -> Result:
    c = config()
    share, current = store.claim(
        message.org_id, message.employee_id, message.share_id, now, now + timedelta(seconds=c.dispatch_lease_seconds)
    )
    if share is None:
        return _not_claimed(message, current, prefetched, now)
    network = Network(share["network"])
    key = store.connection_key(message.org_id, message.employee_id, network.value)
    connection = (
        prefetched[key] if key in prefetched else store.get_connection(message.org_id, message.employee_id, network.value)
    )
    if connection is None or connection.get("status", "active") != "active":
        return _fail(share, "network_not_connected", "The network connection is missing or expired; reconnect it.")

    token = connections.access_token(message.org_id, connection, now=now)
    if token is None:
        return _expired(share, "the access token expired and cannot be refreshed")
    recovering = share.get("previous_status") == "posting" or bool(share.get("uncertain"))
    request = PostRequest(
        access_token=token,
        author_id=connection["author_id"],
        text=share["text"],
        url=share["tracked_url"],
        title=share.get("title", ""),
        description=share.get("summary", ""),
        idempotency_key=share["share_id"],
    )
    try:
        found = adapter(network).find_post(request) if recovering and hasattr(adapter(network), "find_post") else None
        if found is not None:
            logger.info("earlier post recovered", extra={"share_id": share["share_id"]})
            if not store.mark_posted(share, found.external_post_id, now, found.post_url):
                return Result()
            return Result([_posted(share, found.external_post_id, connection, now, _employee(message, prefetched))])
        try:
            result = adapter(network).post(request)
        except TokenExpired:
            fresh = connections.access_token(message.org_id, connection, force_refresh=True, now=now)
            if fresh is None:
                raise
            result = adapter(network).post(PostRequest(**{**request.__dict__, "access_token": fresh}))
        external_id, post_url = result.external_post_id, result.post_url
    except AlreadyPosted as exc:
        if not recovering:
            return _fail(share, "duplicate_post", exc.reason)
        external_id, post_url = exc.external_post_id, None
        logger.info("earlier post recovered", extra={"share_id": share["share_id"]})
    except TokenExpired as exc:
        return _expired(share, exc.reason)
    except RateLimited as exc:
        return _retry(share, message, exc, backoff_seconds(message.receive_count, exc.retry_after_seconds), now)
    except TransientNetworkError as exc:
        return _retry(share, message, exc, backoff_seconds(message.receive_count), now)
    except PermanentNetworkError as exc:
        return _fail(share, "rejected_by_network", exc.reason)

    if not store.mark_posted(share, external_id, now, post_url):
        return Result()  # another delivery settled it first
    return Result([_posted(share, external_id, connection, now, _employee(message, prefetched))])


def _not_claimed(message: Message, current: dict | None, prefetched: dict, now: datetime) -> Result:
    if current is None:
        return Result()
    status = current.get("status")
    if status == "posted":
        key = store.connection_key(message.org_id, message.employee_id, current["network"])
        posted_at = datetime.fromisoformat(str(current.get("posted_at", store.stamp(now))).replace("Z", "+00:00"))
        connection, employee = prefetched.get(key) or {}, _employee(message, prefetched)
        return Result([_posted(current, current["external_post_id"], connection, posted_at, employee)])
    if status == "failed":
        return Result([_failed_event(current, current.get("failure", "failed"), current.get("failure_reason", ""))])
    if status == "posting":  # another delivery holds it: come back when its lease ends
        lease = datetime.fromisoformat(str(current.get("lease_until")).replace("Z", "+00:00"))
        return Result(retry_in=max(1, int((lease - now).total_seconds()) + 1))
    return Result()  # scheduled (released later), cancelled, blocked: nothing to post now


def _retry(share: dict[str, Any], message: Message, exc: NetworkError, delay: int, now: datetime) -> Result:
    uncertain = isinstance(exc, TransientNetworkError) and exc.maybe_sent
    if message.receive_count >= config().dispatch_max_receives:
        result = _fail(
            share, "retries_exhausted", f"gave up after {message.receive_count} attempts: {exc.reason}", permanent=False
        )
        result.retry_in = 0  # SQS moves it to the DLQ on the next receive
        return result
    safety = now + timedelta(seconds=delay + config().dispatch_safety_seconds)
    store.release_claim(share, retry_at=safety, error=exc.reason, uncertain=uncertain)
    return Result(retry_in=delay)


def _fail(share: dict[str, Any], code: str, reason: str, *, permanent: bool = True, expire: bool = False) -> Result:
    if not store.mark_failed(share, code, reason, expire_connection=expire):
        return Result()
    return Result([_failed_event(share, code, reason, permanent)])


def _expired(share: dict[str, Any], reason: str) -> Result:
    result = _fail(share, "connection_expired", "The network rejected the token; reconnect the account.", expire=True)
    if result.events:
        result.events.insert(
            0, ConnectionExpired(employee_id=share["employee_id"], network=Network(share["network"]), reason=reason)
        )
    return result


def _failed_event(share: dict[str, Any], code: str, reason: str, permanent: bool = True) -> ShareFailed:
    return ShareFailed(
        share_id=share["share_id"],
        employee_id=share["employee_id"],
        content_id=share["content_id"],
        network=Network(share["network"]),
        reason_code=code,
        reason=reason or code,
        permanent=permanent,
    )


def _employee(message: Message, prefetched: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    return prefetched.get(store.employee_key(message.org_id, message.employee_id)) or {}


ReachSource = Literal["network", "self_reported", "unknown"]


def reach_of(network: str, connection: dict[str, Any], employee: dict[str, Any]) -> tuple[int, ReachSource]:
    """(followers, source): the network's count; else the employee's own count, marked self_reported; else unknown."""
    if connection.get("followers") is not None:
        return int(connection["followers"]), "network"
    own = (employee.get("self_reported_connections") or {}).get(network)
    if own is not None:
        return int(own), "self_reported"
    return 0, "unknown"


def _posted(
    share: dict[str, Any], external_post_id: str, connection: dict[str, Any], posted_at: datetime, employee: dict[str, Any]
) -> SharePosted:
    followers, source = reach_of(share["network"], connection, employee)
    return SharePosted(
        share_id=share["share_id"],
        employee_id=share["employee_id"],
        content_id=share["content_id"],
        network=Network(share["network"]),
        external_post_id=external_post_id,
        tracked_code=share["tracked_code"],
        tracked_url=share["tracked_url"],
        target_url=share["target_url"],
        content_slug=share.get("content_slug", ""),
        department=share.get("department"),
        followers=followers,
        followers_source=source,
        metrics_missing_scopes=connections.missing_by_use(connection).get("post_metrics", []),
        posted_at=posted_at,
    )
