"""Scheduled harvests: due posts are read from the networks in batches, recorded once, and failures explain themselves."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from estafette.domain import Network
from estafette.events import SharePosted
from estafette.networks import PostRequest, adapter_for
from local.fakes.networks import FakeNetwork
from local.runtime import LambdaContext
from tests.support import call, claims
from tests.unit.conftest import bus_events, deliver, sqs_event

PLANNER = "metric_collection.handlers.planner"
WORKER = "metric_collection.handlers.harvester"
EVENTS = "metric_collection.handlers.events"
API = "metric_collection.handlers.api"
ORG = "acme"


def linkedin_posts_read(fakes) -> int:
    """Posts whose analytics were read: memberCreatorPostAnalytics answers one metric per call, four per post."""
    calls = fakes["linkedin"].calls("GET", "/rest/memberCreatorPostAnalytics")
    assert calls % 4 == 0 and fakes["linkedin"].calls("GET", "/rest/socialActions/") == 0
    return calls // 4


@pytest.fixture
def fakes(stack, monkeypatch) -> Iterator[dict[str, FakeNetwork]]:
    """Fake X and Bluesky next to the stack's fake LinkedIn, wired into the harvest worker's config."""
    from estafette import config
    from metric_collection import harvester

    with FakeNetwork("x") as x, FakeNetwork("bluesky") as bluesky:
        monkeypatch.setenv("X_API_BASE_URL", x.base_url)
        monkeypatch.setenv("BLUESKY_API_BASE_URL", bluesky.base_url)
        config.load.cache_clear()
        harvester._adapter.cache_clear()
        yield {"linkedin": stack.linkedin, "x": x, "bluesky": bluesky}
        harvester._adapter.cache_clear()


AUTHORS = {"linkedin": "urn:li:person:{}", "x": "{}", "bluesky": "did:plc:{}"}


def connect(fakes, employee: str, network: str, scopes: list[str] | None = None) -> str:
    from share_dispatch.connections import connect as share_dispatch_connect

    token = f"{network}-token-{employee}"
    author = AUTHORS[network].format(employee)
    fakes[network].add_token(token, author, None if scopes is None else set(scopes))
    share_dispatch_connect(ORG, employee, Network(network), access_token=token, author_id=author, scopes=scopes)
    return token


def post(
    fakes, employee: str, network: str, count: int = 1, hours_ago: float = 2, org_id: str = ORG, tag: str = ""
) -> list[SharePosted]:
    """Shares the employee really posted on the (fake) network, registered for harvesting as SharePosted does."""
    from metric_collection import planner

    token = f"{network}-token-{employee}"
    adapter = adapter_for(network, base_url=fakes[network].base_url)
    posted_at = datetime.now(UTC) - timedelta(hours=hours_ago)
    shares = []
    for i in range(count):
        result = adapter.post(
            PostRequest(
                access_token=token,
                author_id=AUTHORS[network].format(employee),
                text=f"My take number {i}{tag} on {network}",
                url=f"https://go.example/r/{employee}{network}{i:04d}",
                title="Lessons",
            )
        )
        share = SharePosted(
            share_id=f"{employee}-{network}-{i}{tag}",
            employee_id=employee,
            content_id="c1",
            network=Network(network),
            external_post_id=result.external_post_id,
            tracked_code=f"{employee}{network}{i:04d}"[:32],
            tracked_url=f"https://go.example/r/{employee}{network}{i:04d}",
            target_url="https://example.com/post",
            content_slug="lessons",
            posted_at=posted_at,
        )
        assert planner.schedule_post(org_id, share, datetime.now(UTC))
        shares.append(share)
    return shares


def advance_network_clock(fakes, hours: float) -> None:
    for fake in fakes.values():
        fake.clock = lambda hours=hours: time.time() + hours * 3600


def plan_now() -> dict:
    import importlib

    return importlib.import_module(PLANNER).lambda_handler({"detail": "{}"}, LambdaContext(PLANNER, 300))


def harvest(stack) -> dict:
    """One hourly cycle: the planner queues what is due, the workers take the queue."""
    plan_now()
    return deliver(stack, "HarvestQueue", WORKER)


def post_item(share_id: str, org_id: str = ORG) -> dict:
    from metric_collection import store

    return store.get_post(org_id, share_id)


def harvested(stack) -> list[dict]:
    return bus_events(stack.drain("ReportingEventsQueue"), "MetricsHarvested")


# --- the cycle -------------------------------------------------------------------------------------


def test_a_share_posted_on_the_bus_is_harvested_when_due(stack, fakes):
    connect(fakes, "eva", "linkedin")
    [share] = post(fakes, "eva", "linkedin", hours_ago=0)
    from estafette.publisher import EventBridgePublisher, Outgoing

    late = share.model_copy(update={"share_id": "via-bus", "posted_at": datetime.now(UTC) - timedelta(hours=2)})
    EventBridgePublisher("estafette-bus").publish([Outgoing(late, ORG)])
    assert deliver(stack, "MetricsEventsQueue", EVENTS) == {"batchItemFailures": []}
    advance_network_clock(fakes, 2)

    assert harvest(stack) == {"batchItemFailures": []}
    # The share posted just now is not due before its first hour has passed; the one from two hours ago is.
    assert post_item(share.share_id)["harvests"] == 0
    item = post_item("via-bus")
    expected = fakes["linkedin"].metrics_for(fakes["linkedin"].find_post(share.external_post_id))
    assert item["harvests"] == 1 and item["status"] == "active"
    # memberCreatorPostAnalytics gives LinkedIn's impressions and reshares too (socialActions gave neither).
    assert item["counters"] == {
        "impressions": expected["impressions"],
        "reactions": expected["likes"],
        "comments": expected["comments"],
        "reshares": expected["reposts"],
    }
    [event] = harvested(stack)
    data = event["detail"]["data"]
    assert data["share_id"] == "via-bus" and data["impressions"] == expected["impressions"]
    assert (data["reactions"], data["delta_reactions"]) == (expected["likes"], expected["likes"])
    # Two hours after posting: the next harvest is at the third hour, on the hour grid of the post.
    assert item["next_harvest_at"] == (late.posted_at + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_next_harvest_emits_the_increase_since_the_last(stack, fakes):
    from metric_collection import harvester, planner
    from metric_collection.planner import HarvestBatch

    connect(fakes, "eva", "x")
    [share] = post(fakes, "eva", "x")
    advance_network_clock(fakes, 2)
    harvest(stack)
    [first] = harvested(stack)

    # An hour later the counters have grown; the planner and worker run at that time.
    advance_network_clock(fakes, 3)
    later = datetime.now(UTC) + timedelta(hours=1, minutes=1)
    sent = []
    planner.plan(later, sent.extend)
    [message] = sent
    outcome = harvester.harvest(
        HarvestBatch.model_validate_json(message["MessageBody"]), _publisher(), _no_requeue, lambda: later
    )
    assert outcome.harvested == 1 and outcome.calls == 1
    [second] = harvested(stack)
    a, b = first["detail"]["data"], second["detail"]["data"]
    for name in ("impressions", "reactions", "comments", "reshares"):
        assert b[f"delta_{name}"] == b[name] - a[name]
    assert b["impressions"] > a["impressions"]
    assert first["detail"]["metadata"]["event_id"] != second["detail"]["metadata"]["event_id"]
    assert post_item(share.share_id)["harvests"] == 2


def test_a_replayed_harvest_message_counts_nothing_twice(stack, fakes):
    connect(fakes, "eva", "linkedin")
    [share] = post(fakes, "eva", "linkedin")
    advance_network_clock(fakes, 2)
    plan_now()
    [message] = stack.drain("HarvestQueue")
    handler = __import__(WORKER, fromlist=["lambda_handler"]).lambda_handler
    assert handler(sqs_event([message]), LambdaContext(WORKER, 120)) == {"batchItemFailures": []}
    before = post_item(share.share_id)
    calls = linkedin_posts_read(fakes)

    advance_network_clock(fakes, 5)  # whatever the network says now, the replay must not count it
    assert handler(sqs_event([message]), LambdaContext(WORKER, 120)) == {"batchItemFailures": []}
    after = post_item(share.share_id)
    assert after["harvests"] == 1 and after["counters"] == before["counters"]
    assert linkedin_posts_read(fakes) == calls  # a replay is not even read
    events = harvested(stack)
    # The replay re-emits the recorded event, with its id: consumers drop it as already seen.
    assert len(events) == 2 and len({e["detail"]["metadata"]["event_id"] for e in events}) == 1
    assert events[0]["detail"]["data"] == events[1]["detail"]["data"]


def test_a_second_planner_run_queues_nothing_already_queued(stack, fakes):
    connect(fakes, "eva", "linkedin")
    post(fakes, "eva", "linkedin", count=3)
    first = plan_now()
    second = plan_now()  # e.g. Scheduler delivering twice, before any worker ran
    # The second run looks back over the cursor (index lag, clock skew) and queues the same posts again ...
    assert first["posts"] == second["posts"] == 3
    assert deliver(stack, "HarvestQueue", WORKER) == {"batchItemFailures": []}
    # ... yet each post was read and harvested once: the worker skips what is no longer waiting.
    assert [post_item(f"eva-linkedin-{i}")["harvests"] for i in range(3)] == [1, 1, 1]
    assert linkedin_posts_read(fakes) == 3


# --- batching --------------------------------------------------------------------------------------


def test_x_reads_up_to_100_posts_per_call_across_authors(stack, fakes):
    for employee in ("eva", "daan", "sofie"):
        connect(fakes, employee, "x")
    post(fakes, "eva", "x", count=120)
    post(fakes, "daan", "x", count=60)
    post(fakes, "sofie", "x", count=70)
    assert harvest(stack) == {"batchItemFailures": []}
    assert fakes["x"].calls("GET", "/2/tweets") == 3  # ⌈250 / 100⌉
    assert len(harvested(stack)) == 250


def test_posts_due_in_different_hours_still_share_a_call(stack, fakes):
    connect(fakes, "eva", "x")
    post(fakes, "eva", "x", count=30, hours_ago=2.5, tag="a")
    post(fakes, "eva", "x", count=30, hours_ago=1.2, tag="b")
    from metric_collection import store

    # A planner that was off for two hours: the posts are due in two different hour buckets.
    store.save_cursor(store.iso(datetime.now(UTC) - timedelta(hours=3)))
    for share_id, hours in [(f"eva-x-{i}a", 2) for i in range(30)] + [(f"eva-x-{i}b", 1) for i in range(30)]:
        due = datetime.now(UTC) - timedelta(hours=hours)
        assert store.reschedule(ORG, share_id, post_item(share_id)["next_harvest_at"], store.iso(due))
    assert harvest(stack) == {"batchItemFailures": []}
    assert fakes["x"].calls("GET", "/2/tweets") == 1
    assert len(harvested(stack)) == 60


def test_bluesky_reads_up_to_25_posts_per_call(stack, fakes):
    connect(fakes, "eva", "bluesky")
    post(fakes, "eva", "bluesky", count=30)
    assert harvest(stack) == {"batchItemFailures": []}
    assert fakes["bluesky"].calls("GET", "/xrpc/app.bsky.feed.getPosts") == 2  # ⌈30 / 25⌉
    assert {post_item(f"eva-bluesky-{i}")["harvests"] for i in range(30)} == {1}


# --- failures --------------------------------------------------------------------------------------


def test_posts_of_an_expired_connection_are_skipped_with_a_reason(stack, fakes):
    from share_dispatch import store as shares

    connect(fakes, "eva", "linkedin")
    connect(fakes, "daan", "linkedin")
    [evas] = post(fakes, "eva", "linkedin")
    [daans] = post(fakes, "daan", "linkedin")
    shares.mark_connection_expired(ORG, "eva", "linkedin")  # share_dispatch learnt it at posting time

    assert harvest(stack) == {"batchItemFailures": []}
    item = post_item(evas.share_id)
    assert item["harvests"] == 0 and item["last_failure"]["code"] == "connection_expired"
    assert item["status"] == "active" and item["next_harvest_at"] > item["last_failure"]["at"]  # resumes after reconnecting
    assert post_item(daans.share_id)["harvests"] == 1
    assert linkedin_posts_read(fakes) == 1  # no call with a dead token

    reply = call(API, "GET", f"/v1/shares/{evas.share_id}/metrics", who=claims("eva", ORG))
    assert reply.status == 200
    assert reply.body["last_failure"]["code"] == "connection_expired"
    assert "LinkedIn connection expired" in reply.body["last_failure"]["message"]


def test_a_401_skips_that_authors_posts_and_reads_the_rest_with_another_token(stack, fakes):
    # The batch is read with the token of its first post's author (anna): public counters can be read with
    # any of the org's tokens, so one call serves the whole batch.
    anna_token = connect(fakes, "anna", "x")
    connect(fakes, "daan", "x")
    annas = post(fakes, "anna", "x", count=2)
    daans = post(fakes, "daan", "x", count=2)
    fakes["x"].expire_token(anna_token)

    assert harvest(stack) == {"batchItemFailures": []}
    for share in annas:
        failure = post_item(share.share_id)["last_failure"]
        assert failure["code"] == "connection_expired" and "401" in failure["detail"]
        assert anna_token not in failure["detail"]
    assert [post_item(s.share_id)["harvests"] for s in daans] == [1, 1]
    assert fakes["x"].calls("GET", "/2/tweets") == 2  # one 401, then daan's posts with daan's token


def test_a_network_error_fails_only_that_post_and_is_retried_later(stack, fakes):
    connect(fakes, "eva", "linkedin")
    shares = post(fakes, "eva", "linkedin", count=3)
    fakes["linkedin"].fail_next(503)

    assert harvest(stack) == {"batchItemFailures": []}
    items = [post_item(s.share_id) for s in shares]
    failed = [i for i in items if i.get("last_failure")]
    assert len(failed) == 1 and failed[0]["last_failure"]["code"] == "network_error"
    retry_at = datetime.fromisoformat(failed[0]["next_harvest_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < retry_at - datetime.now(UTC) <= timedelta(minutes=15)
    assert sorted(i["harvests"] for i in items) == [0, 1, 1]


def test_a_429_puts_the_batch_back_on_the_queue_without_failing_anything(stack, fakes):
    import boto3

    connect(fakes, "eva", "linkedin")
    shares = post(fakes, "eva", "linkedin", count=3)
    fakes["linkedin"].fail_next(429, retry_after=30)

    assert harvest(stack) == {"batchItemFailures": []}
    assert [post_item(s.share_id)["harvests"] for s in shares] == [0, 0, 0]
    assert not any(post_item(s.share_id).get("last_failure") for s in shares)
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=stack.queue_url("HarvestQueue"), AttributeNames=["ApproximateNumberOfMessagesDelayed"]
    )["Attributes"]
    assert attributes["ApproximateNumberOfMessagesDelayed"] == "1"
    assert fakes["linkedin"].calls("GET", "/rest/memberCreatorPostAnalytics") == 1  # answered 429: nothing more asked


def test_a_retry_after_longer_than_a_queue_can_wait_goes_back_to_the_planner(stack, fakes):
    connect(fakes, "eva", "x")
    [share] = post(fakes, "eva", "x")
    fakes["x"].fail_next(429, retry_after=3600)

    assert harvest(stack) == {"batchItemFailures": []}
    item = post_item(share.share_id)
    assert item["harvests"] == 0 and item["last_failure"]["code"] == "rate_limited"
    wait = datetime.fromisoformat(item["next_harvest_at"].replace("Z", "+00:00")) - datetime.now(UTC)
    assert timedelta(minutes=59) < wait <= timedelta(hours=1)
    assert stack.drain("HarvestQueue") == []


def test_the_rate_budget_holds_back_what_does_not_fit_in_this_minute(stack, fakes, monkeypatch):
    from estafette import config

    monkeypatch.setenv("HARVEST_CALLS_PER_MINUTE_LINKEDIN", "40")
    config.load.cache_clear()
    connect(fakes, "eva", "linkedin")
    post(fakes, "eva", "linkedin", count=15)  # two batches: 10 posts (40 calls), then 5 that don't fit this minute

    outcome = harvest(stack)
    assert outcome == {"batchItemFailures": []}
    assert linkedin_posts_read(fakes) == 10
    assert sum(post_item(f"eva-linkedin-{i}")["harvests"] for i in range(15)) == 10


def test_a_worker_running_out_of_time_leaves_the_rest_waiting_on_the_queue(stack, fakes):
    from metric_collection import harvester, planner
    from metric_collection.planner import HarvestBatch

    connect(fakes, "eva", "linkedin")
    post(fakes, "eva", "linkedin", count=3)
    sent: list[dict] = []
    planner.plan(datetime.now(UTC), sent.extend)
    [message] = sent
    clock = iter([100.0, 4.0, 4.0])  # seconds left before Lambda's timeout, as the calls go by
    waiting = []
    outcome = harvester.harvest(
        HarvestBatch.model_validate_json(message["MessageBody"]),
        _publisher(),
        lambda batch, delay: waiting.append(batch),
        seconds_left=lambda: next(clock),
    )
    assert outcome.harvested == 1 and outcome.deferred == 2
    [rest] = waiting
    assert len(rest.posts) == 2 and rest.deferrals == 1
    assert linkedin_posts_read(fakes) == 1


def test_a_deleted_post_is_marked_unavailable(stack, fakes):
    connect(fakes, "eva", "bluesky")
    [share] = post(fakes, "eva", "bluesky")
    with fakes["bluesky"]._lock:
        fakes["bluesky"]._posts_by_id.clear()  # the author deleted the post
    harvest(stack)
    assert post_item(share.share_id)["last_failure"]["code"] == "post_unavailable"


# --- the window --------------------------------------------------------------------------------------


def test_a_post_leaves_the_due_index_when_its_window_closes(stack, fakes):
    from metric_collection import harvester, planner
    from metric_collection.planner import HarvestBatch

    connect(fakes, "eva", "x")
    [share] = post(fakes, "eva", "x", hours_ago=30 * 24 - 0.5)  # a late SharePosted: due at once, final slot next
    for _ in range(2):
        at = datetime.fromisoformat(post_item(share.share_id)["next_harvest_at"].replace("Z", "+00:00")) + timedelta(seconds=1)
        sent = []
        planner.plan(at, sent.extend)
        [message] = sent
        harvester.harvest(HarvestBatch.model_validate_json(message["MessageBody"]), _publisher(), _no_requeue, lambda at=at: at)
    item = post_item(share.share_id)
    assert item["status"] == "done" and item["harvests"] == 2
    assert "next_harvest_at" not in item and "due_pk" not in item  # out of the planner's index for good


def test_shares_on_networks_without_a_metrics_api_say_so(stack, fakes):
    from metric_collection import planner

    share = SharePosted(
        share_id="fb-1",
        employee_id="eva",
        content_id="c1",
        network=Network.FACEBOOK,
        external_post_id="",
        tracked_code="Fb0000001x",
        tracked_url="https://go.example/r/Fb0000001x",
        target_url="https://example.com/post",
        content_slug="lessons",
        posted_at=datetime.now(UTC),
    )
    planner.schedule_post(ORG, share, datetime.now(UTC))
    reply = call(API, "GET", "/v1/shares/fb-1/metrics", who=claims("eva", ORG), headers={"accept-language": "nl"})
    assert reply.status == 200 and reply.body["status"] == "not_harvested"
    assert reply.body["last_failure"]["code"] == "no_metrics_api"
    assert "Facebook biedt geen cijfers" in reply.body["last_failure"]["message"]


def test_a_redelivered_share_posted_keeps_the_harvested_counters(stack, fakes):
    from metric_collection import planner

    connect(fakes, "eva", "linkedin")
    [share] = post(fakes, "eva", "linkedin")
    advance_network_clock(fakes, 2)
    harvest(stack)
    before = post_item(share.share_id)
    assert planner.schedule_post(ORG, share, datetime.now(UTC)) is False
    assert post_item(share.share_id) == before


# --- the planner's cost ----------------------------------------------------------------------------


def test_the_planner_reads_only_the_due_index_whatever_the_history(stack, fakes, monkeypatch):
    from botocore.client import BaseClient

    from metric_collection import planner

    connect(fakes, "eva", "x")
    post(fakes, "eva", "x", count=20)  # due
    calls: list[str] = []
    original = BaseClient._make_api_call

    def counting(self, operation, params):
        calls.append(operation)
        return original(self, operation, params)

    def plan_calls(at: datetime) -> tuple[int, int, list[str]]:
        monkeypatch.setattr(BaseClient, "_make_api_call", counting)
        sent: list[dict] = []
        result = planner.plan(at, sent.extend)
        monkeypatch.setattr(BaseClient, "_make_api_call", original)
        return result.posts, result.buckets, list(calls)

    now = datetime.now(UTC)
    planner.plan(now - timedelta(hours=1), lambda entries: None)  # a previous run: the cursor exists
    posts, buckets, few = plan_calls(now)
    calls.clear()
    # Much more history: posts young and old, none of them due in this window.
    post(fakes, "eva", "x", count=200, hours_ago=0.2, tag="young")
    post(fakes, "eva", "x", count=100, hours_ago=24 * 40, tag="old")
    from metric_collection import store

    store.save_cursor(store.iso(now - timedelta(hours=1)))
    posts_again, _, many = plan_calls(now)
    assert posts == posts_again == 20
    assert few == many
    # One Query per hour bucket the window touches: the last hour plus the overlap spans two buckets, or three
    # when the overlap reaches back across an hour boundary (which depends on the minute the test runs at).
    assert "Scan" not in few and few.count("Query") == buckets and buckets in (2, 3)


# --- the metrics API -------------------------------------------------------------------------------


def test_metrics_are_visible_to_the_author_and_curators_only(stack, fakes):
    connect(fakes, "eva", "linkedin")
    [share] = post(fakes, "eva", "linkedin")
    path = f"/v1/shares/{share.share_id}/metrics"
    assert call(API, "GET", path, who=claims("eva", ORG)).status == 200
    assert call(API, "GET", path, who=claims("anna", ORG, ("curator",))).status == 200
    other = call(API, "GET", path, who=claims("daan", ORG))
    assert other.status == 404 and other.body["error"]["code"] == "metrics_not_found"
    assert call(API, "GET", path, who=claims("eva", "other-org")).status == 404
    assert call(API, "GET", path).status == 401
    assert call(API, "GET", "/v1/shares/bad$id/metrics", who=claims("eva", ORG)).status == 422


def _publisher():
    from estafette.publisher import EventBridgePublisher

    return EventBridgePublisher("estafette-bus")


def _no_requeue(batch, delay) -> None:
    raise AssertionError(f"nothing should wait: {json.dumps(batch.model_dump())[:80]} for {delay}s")


def test_linkedin_posts_of_a_connection_without_post_analytics_are_not_read_and_say_why(stack, fakes):
    connect(fakes, "eva", "linkedin", scopes=["openid", "profile", "w_member_social"])
    connect(fakes, "daan", "linkedin")  # granted everything the product asks
    [eva_share] = post(fakes, "eva", "linkedin")
    [daan_share] = post(fakes, "daan", "linkedin")
    advance_network_clock(fakes, 2)
    assert harvest(stack) == {"batchItemFailures": []}
    assert linkedin_posts_read(fakes) == 1  # daan's; eva's is not even asked (LinkedIn would answer 403)
    eva = post_item(eva_share.share_id)
    assert eva["harvests"] == 0 and eva["last_failure"]["code"] == "scope_missing"
    assert eva["last_failure"]["detail"] == "the app lacks r_member_postAnalytics"
    assert post_item(daan_share.share_id)["harvests"] == 1
    assert [e["detail"]["data"]["share_id"] for e in harvested(stack)] == [daan_share.share_id]
