"""The harvest planner: every posted share enters the due index; every hour, the posts that fell due
since the last run are queued for the harvest workers.

It reads only the due index (see store.py): the hour buckets between its cursor and now, each a
Query on one GSI partition sorted by due time. Its DynamoDB calls are 1 GetItem (cursor) + one
Query per bucket and 1 MB page + 1 PutItem (cursor), whatever the number of historical shares;
posts outside their 30-day window are not in the index at all.

Due posts are grouped per org and network into harvest batches of up to `posts_per_message`
(enough for ≤ 10 metrics calls each) and sent 10 messages per SendMessageBatch.

The cursor moves only after everything up to it was queued, and each run looks back
`OVERLAP` before the cursor (eventual consistency of the index, clocks of other functions):
a post queued twice is harvested once, because the worker only records a harvest while the post
still waits for exactly that due time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from pydantic import BaseModel, Field

from estafette.events import SharePosted
from estafette.networks import API_NETWORKS, adapter_for
from metric_collection import cadence, store

OVERLAP = timedelta(minutes=5)
FIRST_RUN_LOOKBACK = timedelta(days=2)
# A run that falls behind by more than this (the planner was off) catches up over several runs.
MAX_CATCH_UP = timedelta(days=31)
SEND_BATCH = 10  # entries per SendMessageBatch
CALLS_PER_MESSAGE = 10
MAX_POSTS_PER_MESSAGE = 100  # one BatchGetItem of the posts and of their connections


class DuePost(BaseModel):
    share_id: str
    due: str  # the next_harvest_at this harvest is for (its identity)


class HarvestBatch(BaseModel):
    """One message on the harvest queue: posts of one org on one network."""

    org_id: str
    network: str
    posts: list[DuePost] = Field(min_length=1, max_length=MAX_POSTS_PER_MESSAGE)
    deferrals: int = 0  # times the batch waited for the rate budget or a 429


@cache
def posts_per_message(network: str) -> int:
    batch = max(1, adapter_for(network).max_batch)
    return min(MAX_POSTS_PER_MESSAGE, batch * CALLS_PER_MESSAGE)


@dataclass
class PlanResult:
    posts: int = 0
    messages: int = 0
    buckets: int = 0
    until: str = ""


def schedule_post(org_id: str, posted: SharePosted, now: datetime, link: dict[str, Any] | None = None) -> bool:
    """Enter a posted share in the due index, first harvest one hour after posting. Posts on networks
    without a metrics API are kept too, marked as not harvested, so their metrics say why.
    False when the share was registered before (a redelivered event). With `link` (the tracked
    link's fields), the link's record is completed in the same write."""
    post: dict[str, Any] = {
        "org_id": org_id,
        "share_id": posted.share_id,
        "employee_id": posted.employee_id,
        "content_id": posted.content_id,
        "network": posted.network.value,
        "external_post_id": posted.external_post_id,
        "posted_at": store.iso(posted.posted_at),
        "harvests": 0,
    }
    if posted.network.value not in API_NETWORKS or not posted.external_post_id:
        post["status"] = "not_harvested"
        post["last_failure"] = {"code": "no_metrics_api", "detail": "", "at": store.iso(now)}
    elif posted.posted_at + cadence.WINDOW < now:
        post["status"] = "done"  # an event that arrives after the whole window (a very late redrive)
    else:
        post["status"] = "active"
        first = posted.posted_at + cadence.CADENCE[0][1]
        post.update(store.due_fields(org_id, posted.share_id, store.iso(max(first, now))))
    return store.register_post(post, (posted.tracked_code, link) if link is not None else None)


def hour_buckets(after: datetime, until: datetime) -> list[str]:
    start = after.replace(minute=0, second=0, microsecond=0)
    return [store.due_bucket(store.iso(start + timedelta(hours=h))) for h in range(int((until - start) / timedelta(hours=1)) + 1)]


class Grouping:
    """Collects due posts per org and network across pages and buckets; hands out full batches as they fill,
    so a network's posts never cost more calls than ⌈due ÷ batch size⌉ however the index pages them."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str], list[DuePost]] = defaultdict(list)

    def add(self, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            self.groups[(item["org_id"], item["network"])].append(DuePost(share_id=item["share_id"], due=item["next_harvest_at"]))

    def full(self) -> list[HarvestBatch]:
        ready = []
        for (org_id, network), posts in self.groups.items():
            size = posts_per_message(network)
            while len(posts) >= size:
                ready.append(HarvestBatch(org_id=org_id, network=network, posts=posts[:size]))
                del posts[:size]
        return ready

    def rest(self) -> list[HarvestBatch]:
        ready = self.full()
        for (org_id, network), posts in self.groups.items():
            if posts:
                ready.append(HarvestBatch(org_id=org_id, network=network, posts=list(posts)))
                posts.clear()
        return ready


def plan(now: datetime, send: Any) -> PlanResult:
    """Queue every post due in (cursor - OVERLAP, now]; `send(entries)` is one SendMessageBatch."""
    until = store.iso(now)
    cursor = store.get_cursor()
    start = store.parse_iso(cursor) - OVERLAP if cursor else now - FIRST_RUN_LOOKBACK
    if now - start > MAX_CATCH_UP:
        now, until = start + MAX_CATCH_UP, store.iso(start + MAX_CATCH_UP)
    after = store.iso(start)
    result = PlanResult(until=until)
    grouping = Grouping()
    pending: list[HarvestBatch] = []
    for bucket in hour_buckets(start, now):
        result.buckets += 1
        for page in store.due_between(bucket, after, until):
            result.posts += len(page)
            grouping.add(page)
            pending.extend(grouping.full())
            while len(pending) >= SEND_BATCH:
                _send(send, pending[:SEND_BATCH])
                result.messages += SEND_BATCH
                pending = pending[SEND_BATCH:]
    pending.extend(grouping.rest())
    for chunk in range(0, len(pending), SEND_BATCH):
        _send(send, pending[chunk : chunk + SEND_BATCH])
    result.messages += len(pending)
    store.save_cursor(until)
    return result


def _send(send: Any, chunk: list[HarvestBatch]) -> None:
    send([{"Id": str(i), "MessageBody": batch.model_dump_json()} for i, batch in enumerate(chunk)])


def sqs_sender(queue_url: str) -> Any:
    """SendMessageBatch that raises unless every entry was accepted (the planner then runs again next hour)."""
    from estafette.aws import client

    sqs = client("sqs")

    def send(entries: list[dict[str, Any]]) -> None:
        response = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
        if response.get("Failed"):
            retry = [e for e in entries if e["Id"] in {f["Id"] for f in response["Failed"]}]
            again = sqs.send_message_batch(QueueUrl=queue_url, Entries=retry)
            if again.get("Failed"):
                raise RuntimeError(f"{len(again['Failed'])} harvest batches were not queued: {again['Failed'][:2]}")

    return send
