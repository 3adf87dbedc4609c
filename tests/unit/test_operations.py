"""An operator can follow one piece of work through every hop, and sees what the programme does in metrics."""

from __future__ import annotations

import json

from estafette.domain import Network
from estafette.events import ContentExpired, EventMetadata
from estafette.publisher import Outgoing, RecordingPublisher
from tests.support import call, claims
from tests.unit import test_sharing
from tests.unit.conftest import bus_events
from tests.unit.test_sharing import run_worker, share

# The shared fixtures of the sharing tests: published content and Eva's LinkedIn connection.
article = test_sharing.article
connected = test_sharing.connected

EVA = claims("eva")


def emf_lines(output: str) -> list[dict]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [line for line in lines if "_aws" in line]


def metric(lines: list[dict], name: str) -> list[dict]:
    return [line for line in lines if name in line]


def test_a_request_id_follows_a_share_from_the_api_through_the_worker_to_its_events(stack, article, connected, capsys):
    from tests.support import http_api_event

    capsys.readouterr()
    body = json.dumps({"content_id": article["content_id"], "network": "linkedin", "text": "Worth reading, in my words."})
    headers = {"content-type": "application/json"}
    event = http_api_event("POST", "/v1/shares", "/v1/shares", "", headers, body.encode(), claims=EVA)
    event["requestContext"]["requestId"] = "req-correlate-1"
    from local.runtime import LambdaContext
    from share_dispatch.handlers.api import lambda_handler

    assert lambda_handler(event, LambdaContext("share-api", 10))["statusCode"] == 202
    requested = bus_events(stack.drain("ContentEventsQueue"), "ShareRequested")
    assert [e["detail"]["metadata"]["correlation_id"] for e in requested] == ["req-correlate-1"]

    assert run_worker(stack) == {"batchItemFailures": []}
    posted = bus_events(stack.drain("ReportingEventsQueue"), "SharePosted")
    assert [e["detail"]["metadata"]["correlation_id"] for e in posted] == ["req-correlate-1"]


def test_a_consumer_logs_under_the_event_correlation_id_and_passes_it_on(capsys):
    from estafette.consumer import BusConsumer

    publisher = RecordingPublisher()

    def handle(event, metadata):
        consumer.logger.info("expiring")
        publisher.publish([Outgoing(event, metadata.org_id)])

    consumer = BusConsumer("reporting", handle)
    metadata = EventMetadata(org_id="acme", correlation_id="corr-42")
    detail = {"metadata": metadata.model_dump(mode="json"), "data": {"content_id": "c1", "expired_at": "2026-12-01T08:00:00Z"}}
    record = {
        "messageId": "m1",
        "receiptHandle": "r",
        "body": json.dumps(
            {"source": "estafette.content_publishing", "detail-type": "ContentExpired", "detail": detail}
        ),
        "attributes": {"ApproximateReceiveCount": "1"},
        "eventSource": "aws:sqs",
    }
    from local.runtime import LambdaContext

    capsys.readouterr()
    assert consumer.handler()({"Records": [record]}, LambdaContext("projector", 10)) == {"batchItemFailures": []}
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"expiring"' in line]
    assert logged[0]["correlation_id"] == "corr-42" and logged[0]["function_name"] == "projector"
    assert isinstance(publisher.sent[0].data, ContentExpired)
    assert publisher.sent[0].metadata().correlation_id == "corr-42"
    # Outside the event, nothing is correlated with it any more.
    later = Outgoing(ContentExpired(content_id="c2", expired_at="2026-12-01T09:00:00Z"), "acme")
    assert later.metadata().correlation_id != "corr-42"


def test_shares_requested_posted_and_guard_decisions_are_business_metrics(stack, article, connected, capsys):
    capsys.readouterr()
    assert share(article["content_id"]).status == 202
    assert run_worker(stack) == {"batchItemFailures": []}
    lines = emf_lines(capsys.readouterr().out)
    requested = metric(lines, "SharesRequested")
    assert [(m["network"], m["SharesRequested"]) for m in requested] == [("linkedin", [1.0])]
    assert [m["network"] for m in metric(lines, "SharesPosted")] == ["linkedin"]
    assert all(m["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Estafette" for m in lines)


def test_a_guard_block_is_counted_by_its_rule(stack, article, connected, capsys):
    too_long = "x" * 3100
    capsys.readouterr()
    reply = share(article["content_id"], text=too_long)
    assert reply.status in (409, 422)
    decisions = metric(emf_lines(capsys.readouterr().out), "GuardDecisions")
    assert decisions and decisions[0]["outcome"] == "block"
    assert decisions[0]["rule"] == reply.body["error"]["code"]


def test_a_failed_share_is_counted_with_its_reason(stack, article, connected, capsys):
    stack.linkedin.expire_token(connected)
    assert share(article["content_id"]).status == 202
    capsys.readouterr()
    run_worker(stack)
    failed = metric(emf_lines(capsys.readouterr().out), "SharesFailed")
    assert len(failed) == 1 and failed[0]["network"] == Network.LINKEDIN.value and failed[0]["reason"]


def test_webhook_deliveries_are_counted_accepted_and_rejected_without_made_up_provider_names(stack, capsys):
    capsys.readouterr()
    assert call("hr_webhooks.handlers.webhook", "POST", "/v1/webhooks/hr/nonsense", {"a": 1}, query="org=acme").status == 404
    assert call("hr_webhooks.handlers.webhook", "POST", "/v1/webhooks/hr/generic", {"a": 1}, query="org=acme").status == 401
    deliveries = metric(emf_lines(capsys.readouterr().out), "WebhookDeliveries")
    assert [(d["provider"], d["outcome"]) for d in deliveries] == [("unknown", "rejected"), ("generic", "rejected")]
