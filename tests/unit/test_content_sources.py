"""Industry sources: a curator adds a feed; its new entries arrive as drafts, once, however often it is polled."""

from __future__ import annotations

import json

import pytest

from local.fakes.feeds import FakeEntry, FakeFeeds
from tests.support import call, claims
from tests.unit.content_support import ANNA, API

POLLER = "content_publishing.handlers.source_poller"
SCHEDULE = "content_publishing.handlers.sources"


@pytest.fixture
def feeds(stack, monkeypatch):
    from estafette import config

    monkeypatch.setenv("SOURCES_ALLOW_LOOPBACK", "true")
    config.load.cache_clear()
    server = FakeFeeds().start()
    yield server
    server.stop()
    config.load.cache_clear()


def add_source(url, **fields):
    reply = call(API, "POST", "/v1/sources", {"url": url, **fields}, who=ANNA)
    assert reply.status == 201, reply.body
    return reply.body


def poll_all(stack):
    """The schedule's run, then the poller over what it queued (as the SQS event source would)."""
    from content_publishing.handlers.sources import enqueue_due
    from estafette import clock
    from tests.unit.conftest import deliver

    queued = enqueue_due(clock.now())
    deliver(stack, "SourcePollQueue", POLLER)
    return queued


def library(query="origin=source"):
    reply = call(API, "GET", "/v1/content", who=ANNA, query=query)
    assert reply.status == 200, reply.body
    return reply.body["items"]


def test_a_curator_adds_a_feed_and_its_entries_arrive_as_drafts_with_their_origin(stack, feeds):
    source = add_source(f"{feeds.base_url}/industry.rss", content_type="industry", audience={"departments": []})
    assert source["status"] == "waiting" and "etag" not in source
    assert poll_all(stack) == 1

    drafts = library()
    assert len(drafts) == 3  # the repeated item is one draft
    assert {d["status"] for d in drafts} == {"draft"}
    assert all(d["origin"]["source_id"] == source["source_id"] for d in drafts)
    by_title = {d["title"]: d for d in drafts}
    trust = by_title["People trust people: the 2026 advocacy report"]
    # The relative link, resolved against the site, without its tracking parameters.
    assert trust["url"] == "https://industry.example/reports/trust-2026"
    assert trust["summary"] == "Employees' posts reach 561% further than the brand's own."
    assert trust["image_url"] == "https://industry.example/img/trust.png"
    assert trust["origin"]["guid"] == "advocacy-2026-trust" and trust["type"] == "industry"
    assert by_title["What serverless really costs in 2026"]["summary"] == "A look at pricing."  # no script
    assert by_title["Five signs your content calendar is too corporate"]["image_url"].endswith("/img/calendar.jpg")
    # They are in the whole library too, and never published without a curator.
    assert {d["content_id"] for d in drafts} <= {d["content_id"] for d in library("")}
    shown = call(API, "GET", f"/v1/sources/{source['source_id']}", who=ANNA).body
    assert shown["status"] == "ok" and shown["entries_created"] == 3 and shown["feed_title"] == "Industry Insider"


def test_polling_again_asks_conditionally_and_makes_no_second_draft(stack, feeds):
    add_source(f"{feeds.base_url}/industry.rss")
    poll_all(stack)
    source_id = library()[0]["origin"]["source_id"]
    _make_due(source_id)
    poll_all(stack)
    assert feeds.requests[-1]["if_none_match"] and feeds.requests[-1]["if_modified_since"]
    assert len(library()) == 3

    new = FakeEntry("new-1", "A brand-new report", "https://industry.example/new", "<p>New</p>", "Wed, 2 Dec 2026 07:00:00 +0000")
    feeds.add_entry("/industry.rss", new)
    _make_due(source_id)
    poll_all(stack)
    titles = [d["title"] for d in library()]
    assert titles.count("A brand-new report") == 1 and len(titles) == 4


def test_the_same_article_in_two_sources_is_one_draft(stack, feeds):
    add_source(f"{feeds.base_url}/industry.rss")
    add_source(f"{feeds.base_url}/engineering.atom", content_type="expertise")
    poll_all(stack)
    drafts = library()
    urls = [d["url"] for d in drafts]
    assert urls.count("https://industry.example/reports/trust-2026") == 1
    assert "https://engineering.example/posts/event-driven.html" in urls  # xml:base resolved
    assert len(drafts) == 4


def test_a_redelivered_poll_message_does_nothing_twice(stack, feeds):
    from content_publishing import source_store
    from estafette import clock
    from local.runtime import LambdaContext
    from tests.unit.conftest import sqs_event

    add_source(f"{feeds.base_url}/industry.rss")
    due = source_store.due(clock.now())
    from content_publishing.handlers.source_poller import lambda_handler

    message = {"Body": json.dumps(due[0]), "MessageId": "m1", "ReceiptHandle": "r1"}
    assert lambda_handler(sqs_event([message]), LambdaContext("poller", 60)) == {"batchItemFailures": []}
    assert lambda_handler(sqs_event([message]), LambdaContext("poller", 60)) == {"batchItemFailures": []}
    assert len(library()) == 3
    assert len([r for r in feeds.requests if r["path"] == "/industry.rss"]) == 1


@pytest.mark.parametrize(
    "path, code",
    [
        ("/not-xml", "not_a_feed"),
        ("/huge", "feed_too_large"),
        ("/gzip-bomb", "feed_too_large"),  # small on the wire: the limit counts the decompressed bytes
        ("/redirect-private", "feed_refused"),
        ("/loop", "feed_failed"),
        ("/loop-a", "feed_failed"),  # two addresses redirecting to each other
        ("/status/500", "feed_failed"),
    ],
)
def test_a_bad_feed_records_its_error_and_backs_off_while_others_go_on(stack, feeds, path, code):
    bad = add_source(f"{feeds.base_url}{path}")
    good = add_source(f"{feeds.base_url}/industry.rss")
    assert poll_all(stack) == 2
    assert len(library()) == 3
    shown = call(API, "GET", f"/v1/sources/{bad['source_id']}", who=ANNA, headers={"accept-language": "nl"}).body
    assert shown["status"] == "failing" and shown["failures"] == 1
    assert shown["last_error"]["code"] == code and shown["last_error"]["message"]
    assert shown["next_poll_at"] > call(API, "GET", f"/v1/sources/{good['source_id']}", who=ANNA).body["last_polled_at"]
    assert stack.drain("SourcePollDLQ") == []


def test_entities_that_would_expand_to_gigabytes_stay_unexpanded_and_others_go_on(stack, feeds):
    laughs = add_source(f"{feeds.base_url}/entities")
    add_source(f"{feeds.base_url}/industry.rss")
    assert poll_all(stack) == 2
    drafts = library()
    assert len(drafts) == 4  # the industry feed's 3 and the one entry of the laughing feed
    laughing = [d for d in drafts if d["origin"]["source_id"] == laughs["source_id"]]
    assert len(laughing) == 1 and "laugh, laugh" not in laughing[0]["title"] + laughing[0]["summary"]
    assert len(laughing[0]["title"]) < 100 and len(laughing[0]["summary"]) < 100
    assert call(API, "GET", f"/v1/sources/{laughs['source_id']}", who=ANNA).body["status"] == "ok"
    assert stack.drain("SourcePollDLQ") == []


def test_entries_linking_outside_the_public_web_never_become_content_and_a_broken_link_spoils_nothing(stack, feeds):
    source = add_source(f"{feeds.base_url}/odd-links.rss")
    assert poll_all(stack) == 1
    drafts = {d["title"]: d for d in library()}
    assert set(drafts) == {"Ordinary", "Broken host"}  # the metadata address is passed over
    assert drafts["Ordinary"]["url"] == "https://odd.example/ordinary" and drafts["Ordinary"].get("image_url") is None
    assert drafts["Broken host"].get("url") is None  # kept without its link: a curator adds one before publishing
    assert call(API, "GET", f"/v1/sources/{source['source_id']}", who=ANNA).body["status"] == "ok"


def test_a_failing_feed_backs_off_longer_each_time(stack, feeds):
    from datetime import datetime, timedelta

    bad = add_source(f"{feeds.base_url}/status/503")
    waits = []
    for _ in range(3):
        _make_due(bad["source_id"])
        poll_all(stack)
        shown = call(API, "GET", f"/v1/sources/{bad['source_id']}", who=ANNA).body
        waits.append(datetime.fromisoformat(shown["next_poll_at"]) - datetime.fromisoformat(shown["last_polled_at"]))
    assert waits == [timedelta(minutes=60), timedelta(minutes=120), timedelta(minutes=240)]


def test_a_paused_source_is_not_polled_and_resuming_makes_it_due(stack, feeds):
    source = add_source(f"{feeds.base_url}/industry.rss")
    paused = call(API, "PATCH", f"/v1/sources/{source['source_id']}", {"active": False}, who=ANNA)
    assert paused.status == 200 and paused.body["status"] == "paused"
    assert poll_all(stack) == 0
    call(API, "PATCH", f"/v1/sources/{source['source_id']}", {"active": True}, who=ANNA)
    assert poll_all(stack) == 1 and len(library()) == 3


def test_sources_api_checks_roles_input_and_org(stack):
    eva = claims("eva")
    assert call(API, "GET", "/v1/sources", who=eva).status == 403
    assert call(API, "POST", "/v1/sources", {"url": "https://feeds.example/rss"}, who=eva).status == 403
    bad_type = call(API, "POST", "/v1/sources", {"url": "https://feeds.example/rss", "content_type": "news"}, who=ANNA)
    assert bad_type.status == 422 and bad_type.body["error"]["field"] == "content_type"
    not_http = call(API, "POST", "/v1/sources", {"url": "ftp://feeds.example/rss"}, who=ANNA)
    assert not_http.status == 422 and not_http.body["error"]["field"] == "url"
    source = add_source("https://feeds.example/rss", language="nl")
    again = call(API, "POST", "/v1/sources", {"url": "https://feeds.example/rss"}, who=ANNA)
    assert again.status == 409 and again.body["error"]["code"] == "source_exists"
    other = claims("olga", roles=("curator",), org_id="other")
    assert call(API, "GET", f"/v1/sources/{source['source_id']}", who=other).status == 404
    assert call(API, "GET", "/v1/sources", who=other).body["items"] == []
    assert call(API, "DELETE", f"/v1/sources/{source['source_id']}", who=ANNA).status == 204
    assert call(API, "GET", f"/v1/sources/{source['source_id']}", who=ANNA).status == 404


def _make_due(source_id):
    from content_publishing import source_store
    from estafette import clock

    source = source_store.get("acme", source_id)
    source["next_poll_at"] = clock.now().isoformat()
    assert source_store.put(source, expected_revision=int(source["revision"]))
