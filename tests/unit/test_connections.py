"""Connections stay alive where the network allows it, and employees hear before they must reconnect."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from estafette.domain import Network
from estafette.events import ConnectionExpiring
from estafette.publisher import RecordingPublisher
from tests.support import call, claims
from tests.unit.conftest import deliver

SHARE_API = "share_dispatch.handlers.api"
CONNECTIONS_API = "share_dispatch.handlers.connections"
PERSON = "urn:li:person:eva"
EVA = claims("eva")


@pytest.fixture
def oauth_app(stack):
    boto3.client("secretsmanager").create_secret(
        Name="estafette/oauth/linkedin", SecretString=json.dumps({"client_id": "app", "client_secret": "s3cret"})
    )


def test_connection_expiring_is_emitted_once_some_days_before_a_linkedin_token_runs_out(stack):
    from share_dispatch import expiry
    from share_dispatch.connections import connect

    now = datetime.now(UTC)
    connect("acme", "eva", Network.LINKEDIN, access_token="t", author_id=PERSON, expires_at=now + timedelta(days=5))
    connect(
        "acme", "daan", Network.LINKEDIN, access_token="u", author_id="urn:li:person:daan", expires_at=now + timedelta(days=50)
    )
    publisher = RecordingPublisher()
    assert expiry.warn_due(publisher, now) == 1
    [warning] = publisher.of(ConnectionExpiring)
    assert warning.employee_id == "eva" and warning.network is Network.LINKEDIN
    assert abs((warning.expires_at - (now + timedelta(days=5))).total_seconds()) < 1
    # Warned once: the next run has nothing to say.
    assert expiry.warn_due(RecordingPublisher(), now) == 0
    listed = call(CONNECTIONS_API, "GET", "/v1/me/connections", who=EVA).body["items"]
    linkedin = next(c for c in listed if c["network"] == "linkedin")
    assert linkedin["reconnect_by"] and "token" not in json.dumps(listed)


def test_an_expired_access_token_is_refreshed_before_posting(stack, oauth_app):
    from share_dispatch.connections import connect

    body = {"type": "industry", "url": "https://example.com/a", "title": "Trust", "audience": {}}
    anna, carl = claims("anna", roles=("curator",)), claims("carl", roles=("curator",))
    item = call("content_publishing.handlers.api", "POST", "/v1/content", body, who=anna).body
    call("content_publishing.handlers.api", "POST", f"/v1/content/{item['content_id']}/submit", who=anna)
    call("content_publishing.handlers.api", "POST", f"/v1/content/{item['content_id']}/approve", who=carl)
    deliver(stack, "ShareEventsQueue", "share_dispatch.handlers.events")

    stack.linkedin.expire_token("old-access")
    stack.linkedin._refresh_tokens["refresh-1"] = PERSON
    past = datetime.now(UTC) - timedelta(hours=1)
    connect(
        "acme",
        "eva",
        Network.LINKEDIN,
        access_token="old-access",
        author_id=PERSON,
        expires_at=past,
        refresh_token="refresh-1",
        refresh_expires_at=datetime.now(UTC) + timedelta(days=300),
    )
    reply = call(
        SHARE_API, "POST", "/v1/shares", {"content_id": item["content_id"], "network": "linkedin", "text": "Mine"}, who=EVA
    )
    assert reply.status == 202, reply.body
    assert deliver(stack, "DispatchQueue", "share_dispatch.handlers.worker") == {"batchItemFailures": []}
    [post] = stack.linkedin.posts
    assert post["token"].startswith("fake-linkedin-access-")  # the refreshed token, not the expired one
    from share_dispatch import store

    stored = store.get_connection("acme", "eva", "linkedin")
    assert stored["expires_at"] > datetime.now(UTC).isoformat() and stored["version"] == 1
    assert "fake-linkedin-access" not in json.dumps(stored, default=str)


def test_oauth_start_refuses_networks_without_an_app_and_intent_networks(stack):
    missing = call(CONNECTIONS_API, "POST", "/v1/me/connections/linkedin", who=EVA)
    assert missing.status == 409 and missing.body["error"]["code"] == "oauth_not_configured"
    intent = call(CONNECTIONS_API, "POST", "/v1/me/connections/xing", who=EVA)
    assert intent.status == 422 and intent.body["error"]["code"] == "network_needs_no_connection"
    unknown = call(CONNECTIONS_API, "POST", "/v1/me/connections/myspace", who=EVA)
    assert unknown.status == 422 and unknown.body["error"]["field"] == "network"


def test_a_curator_has_no_route_to_share_or_consent_as_someone_else(stack):
    curator = claims("anna", roles=("curator",))
    for method, path, body in [
        ("POST", "/v1/shares", {"content_id": "c1", "network": "linkedin", "text": "hi"}),
        ("POST", "/v1/me/consents", {"network": "linkedin"}),
    ]:
        assert call(SHARE_API, method, path, body, who=curator).status == 403
    # Extra fields naming another employee are refused outright.
    smuggled = {"content_id": "c1", "network": "linkedin", "text": "hi", "employee_id": "eva"}
    assert call(SHARE_API, "POST", "/v1/shares", smuggled, who=claims("eva")).status == 422
