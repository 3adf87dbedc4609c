"""A click on a tracked link counts once per visitor per day; crawlers and bots never count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from estafette.domain import Network
from estafette.events import SharePosted, ShareRequested
from estafette.publisher import EventBridgePublisher, Outgoing
from tests.support import call
from tests.unit.conftest import bus_events, deliver

REDIRECT = "metric_collection.handlers.redirect"
EVENTS = "metric_collection.handlers.events"
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"
CODE = "Ab3dE6gH9k"
LINK_HOST = "go.example"


def share_requested(code: str = CODE, target_url: str = "https://example.com/post?utm_source=newsletter&ref=x") -> ShareRequested:
    return ShareRequested(
        share_id="share-1",
        employee_id="eva",
        content_id="c1",
        network=Network.LINKEDIN,
        tracked_code=code,
        target_url=target_url,
        content_slug="trust-in-networks",
        department="Engineering",
    )


def share_posted(code: str = CODE, host: str = LINK_HOST) -> SharePosted:
    requested = share_requested(code)
    return SharePosted(
        **requested.model_dump(exclude={"consent_id", "scheduled_at"}),
        external_post_id="urn:li:share:1",
        tracked_url=f"https://{host}/r/{code}",
        posted_at=datetime.now(UTC),
    )


def publish(*events, org_id: str = "acme") -> None:
    EventBridgePublisher("estafette-bus").publish([Outgoing(e, org_id) for e in events])


@pytest.fixture
def link(stack):
    """A posted share's tracked link, registered the way production does it: through the bus."""
    publish(share_requested(), share_posted())
    assert deliver(stack, "MetricsEventsQueue", EVENTS) == {"batchItemFailures": []}
    stack.drain("ReportingEventsQueue")
    return CODE


def follow(code, user_agent=BROWSER, method="GET", ip="203.0.113.7", host=LINK_HOST, headers=None):
    return call(REDIRECT, method, f"/r/{code}", headers={"user-agent": user_agent, "host": host, **(headers or {})}, source_ip=ip)


def clicks(stack):
    """What reporting receives, after metric_collection's consumer decided uniqueness."""
    assert deliver(stack, "MetricsEventsQueue", EVENTS) == {"batchItemFailures": []}
    events = [e["detail"]["data"] for e in bus_events(stack.drain("ReportingEventsQueue"), "LinkClicked")]
    return sorted(events, key=lambda e: e["clicked_at"])


def test_browser_click_redirects_with_utm_and_counts(stack, link):
    reply = follow(link)
    assert reply.status == 302
    assert reply.headers["cache-control"] == "no-store"
    # The URL's own query is kept byte for byte, an existing utm_source wins, the other UTM parameters are added.
    assert reply.headers["location"] == (
        "https://example.com/post?utm_source=newsletter&ref=x"
        "&utm_medium=employee_advocacy&utm_campaign=trust-in-networks&utm_content=share-1"
    )
    counted = clicks(stack)
    assert len(counted) == 1
    assert counted[0] | {"clicked_at": None} == {
        "tracked_code": CODE,
        "share_id": "share-1",
        "employee_id": "eva",
        "content_id": "c1",
        "network": "linkedin",
        "department": "Engineering",
        "unique": True,
        "clicked_at": None,
    }


def test_a_target_without_utm_parameters_gets_all_four_and_keeps_its_fragment(stack):
    publish(share_requested("Zz9yX8wV7u", target_url="https://example.com/jobs/7#apply"))
    deliver(stack, "MetricsEventsQueue", EVENTS)
    reply = follow("Zz9yX8wV7u")
    assert reply.headers["location"] == (
        "https://example.com/jobs/7?utm_source=linkedin&utm_medium=employee_advocacy"
        "&utm_campaign=trust-in-networks&utm_content=share-1#apply"
    )


@pytest.mark.parametrize(
    "user_agent",
    [
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Twitterbot/1.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "WhatsApp/2.23.20.0",
        "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
        "Googlebot/2.1",
        "Mozilla/5.0 (compatible; SomeNewCrawler/0.1)",
        "curl/8.5.0",
        "",
    ],
)
def test_crawlers_are_redirected_but_not_counted(stack, link, user_agent):
    assert follow(link, user_agent=user_agent).status == 302
    assert clicks(stack) == []


def test_head_requests_are_not_clicks(stack, link):
    assert follow(link, method="HEAD").status == 302
    assert clicks(stack) == []


def test_browser_prefetches_are_not_clicks(stack, link):
    assert follow(link, headers={"sec-purpose": "prefetch"}).status == 302
    assert clicks(stack) == []


def test_second_click_of_the_same_visitor_today_is_not_unique(stack, link):
    follow(link)
    follow(link)
    follow(link, ip="198.51.100.9")
    assert sorted(c["unique"] for c in clicks(stack)) == [False, True, True]


def test_a_redelivered_click_keeps_its_answer_and_its_event_id(stack, link):
    import json

    import boto3

    follow(link)
    [message] = stack.drain("MetricsEventsQueue")
    sqs = boto3.client("sqs")
    for _ in range(2):  # the same LinkFollowed, delivered twice
        sqs.send_message(QueueUrl=stack.queue_url("MetricsEventsQueue"), MessageBody=message["Body"])
        deliver(stack, "MetricsEventsQueue", EVENTS)
    delivered = bus_events(stack.drain("ReportingEventsQueue"), "LinkClicked")
    assert [e["detail"]["data"]["unique"] for e in delivered] == [True, True]
    followed_id = json.loads(message["Body"])["detail"]["metadata"]["event_id"]
    assert {e["detail"]["metadata"]["event_id"] for e in delivered} == {f"{followed_id}-clicked"}


def test_no_raw_ip_is_stored_or_sent(stack, link):
    import boto3

    follow(link, ip="203.0.113.77")
    messages = stack.drain("MetricsEventsQueue")
    assert messages and "203.0.113.77" not in repr(messages)
    items = (
        boto3.resource("dynamodb")
        .Table("estafette-metrics")
        .query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"LINK#{link}"})["Items"]
    )
    assert "203.0.113.77" not in repr(items)


@pytest.mark.parametrize("code", ["unknown123", "short", "has$ymbols!", "x" * 33, "A" * 5000])
def test_unknown_malformed_or_overlong_code_gets_a_friendly_404(stack, link, code):
    reply = follow(code)
    assert reply.status == 404
    assert reply.headers["content-type"].startswith("text/html")
    assert "This link doesn't lead anywhere" in reply.body


def test_the_404_page_speaks_dutch_to_dutch_browsers(stack):
    reply = follow("unknown123", headers={"accept-language": "nl-NL,nl;q=0.9"})
    assert reply.status == 404
    assert '<html lang="nl">' in reply.body and "Deze link leidt nergens naartoe" in reply.body


def test_a_code_asked_for_on_another_tenants_link_domain_is_not_found(stack, link):
    assert follow(link, host="go.other-tenant.example").status == 404
    assert follow(link, host="GO.EXAMPLE:443").status == 302
    assert len(clicks(stack)) == 1


def test_only_stored_http_urls_are_redirect_targets(stack, link):
    publish(share_requested("Js0Nly0nly", target_url="javascript:alert(1)"))
    deliver(stack, "MetricsEventsQueue", EVENTS)
    assert follow("Js0Nly0nly").status == 404
    # Nothing in the request chooses the target: a `to`/`url` parameter is simply ignored.
    reply = call(
        REDIRECT, "GET", f"/r/{link}", query="to=https://evil.example&url=https://evil.example", headers={"host": LINK_HOST}
    )
    assert reply.status == 302 and reply.headers["location"].startswith("https://example.com/post?")


def test_a_click_costs_one_read_and_one_event_on_the_request_path(stack, link, monkeypatch):
    from botocore.client import BaseClient

    calls = []
    original = BaseClient._make_api_call

    def counting(self, operation, params):
        calls.append(operation)
        return original(self, operation, params)

    from estafette import aws

    aws.clear_secrets()
    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    # A fresh container reads the visitor-hash salt once (then caches it for 15 minutes) ...
    assert follow(link).status == 302
    assert calls == ["GetItem", "GetSecretValue", "PutEvents"]
    calls.clear()
    # ... and every further click costs one read and one event.
    assert follow(link).status == 302
    assert calls == ["GetItem", "PutEvents"]
    calls.clear()
    assert follow(link, user_agent="LinkedInBot/1.0").status == 302
    assert calls == ["GetItem"]
    calls.clear()
    assert follow("x" * 40).status == 404
    assert calls == []


def test_the_visitor_is_redirected_even_when_the_click_cannot_be_recorded(stack, link, monkeypatch):
    from estafette.publisher import PublishError
    from metric_collection.handlers import redirect

    class Broken:
        def publish(self, events):
            raise PublishError("1 of 1 events were not accepted")

    monkeypatch.setattr(redirect, "default_publisher", lambda: Broken())
    reply = follow(link)
    assert reply.status == 302 and reply.headers["location"].startswith("https://example.com/post?")


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko; Google-PageRenderer Google "
        "(+https://developers.google.com/+/web/snippet/)) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)",
        "Pinterest/0.2 (+https://www.pinterest.com/bot.html)",
        "FeedFetcher-Google; (+http://www.google.com/feedfetcher.html)",
        "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)",
        "SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
        "okhttp/4.12.0",
    ],
)
def test_more_preview_crawlers_are_not_counted(stack, link, user_agent):
    assert follow(link, user_agent=user_agent).status == 302
    assert clicks(stack) == []


def test_ordinary_browsers_still_count():
    from metric_collection.links import is_click

    for user_agent in (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
        "Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
    ):
        assert is_click("GET", {"user-agent": user_agent}), user_agent
