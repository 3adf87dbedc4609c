"""Curators build the library; the approval flow decides what employees see, and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support import call, claims
from tests.unit.conftest import bus_events

API = "content_publishing.handlers.api"
ANNA = claims("anna", roles=("curator",))
CARL = claims("carl", roles=("curator",))
BRAM = claims("bram", roles=("admin",))
EVA = claims("eva")

ARTICLE = {
    "type": "expertise",
    "url": "https://example.com/blog/post",
    "title": "What we learned",
    "summary": "A summary",
    "suggested_texts": {"en": ["Worth a read"], "nl": ["De moeite waard"]},
    "audience": {"departments": ["Engineering"]},
}


def create(stack, body=ARTICLE, who=ANNA):
    reply = call(API, "POST", "/v1/content", body, who=who)
    assert reply.status == 201, reply.body
    return reply.body


def publish(stack, body=ARTICLE):
    item = create(stack, body)
    assert call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA).status == 200
    approved = call(API, "POST", f"/v1/content/{item['content_id']}/approve", {"reason": "ok"}, who=CARL)
    assert approved.status == 200, approved.body
    return approved.body


def test_curator_creates_a_draft(stack):
    item = create(stack)
    assert item["status"] == "draft"
    assert item["slug"] == "what-we-learned"
    fetched = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA)
    assert fetched.status == 200 and fetched.body["title"] == "What we learned"


def test_employee_cannot_create_content(stack):
    reply = call(API, "POST", "/v1/content", ARTICLE, who=EVA)
    assert reply.status == 403
    assert reply.body["error"]["code"] == "forbidden_role"


def test_request_without_claims_is_unauthorized(stack):
    reply = call(API, "GET", "/v1/content", who=None)
    assert reply.status == 401
    assert reply.body["error"]["code"] == "unauthorized"


def test_malformed_json_is_a_400_that_says_so(stack):
    reply = call(API, "POST", "/v1/content", who=ANNA, raw=b"{not json")
    assert reply.status == 400
    assert reply.body["error"]["code"] == "invalid_json"


def test_missing_title_names_the_field(stack):
    body = {k: v for k, v in ARTICLE.items() if k != "title"}
    reply = call(API, "POST", "/v1/content", body, who=ANNA)
    assert reply.status == 422
    assert reply.body["error"]["field"] == "title"


def test_non_http_url_is_refused(stack):
    reply = call(API, "POST", "/v1/content", {**ARTICLE, "url": "javascript:alert(1)"}, who=ANNA)
    assert reply.status == 422
    assert reply.body["error"]["field"] == "url"


def test_expiry_before_publication_is_refused(stack):
    now = datetime.now(UTC)
    body = {**ARTICLE, "publish_at": (now + timedelta(days=2)).isoformat(), "expires_at": (now + timedelta(days=1)).isoformat()}
    reply = call(API, "POST", "/v1/content", body, who=ANNA)
    assert reply.status == 422
    assert "expires_at" in reply.body["error"]["message"]


def test_markup_in_texts_is_neutralised_but_plain_text_survives(stack):
    body = {
        **ARTICLE,
        "title": "<script>alert(1)</script>Hello <b>world</b> & co",
        "suggested_texts": {"en": ["R&D <img src=x onerror=alert(1)>wins: 3 < 5 <3"]},
    }
    item = create(stack, body)
    assert item["title"] == "Hello world & co"
    assert item["suggested_texts"]["en"] == ["R&D wins: 3 < 5 <3"]


def test_error_messages_speak_dutch_when_asked(stack):
    reply = call(API, "POST", "/v1/content", ARTICLE, who=EVA, headers={"accept-language": "nl-NL,nl;q=0.9"})
    assert reply.status == 403
    assert "rol" in reply.body["error"]["message"]


def test_unknown_content_is_404(stack):
    reply = call(API, "GET", "/v1/content/doesnotexist", who=ANNA)
    assert reply.status == 404
    assert reply.body["error"]["code"] == "not_found"


def test_curator_cannot_see_content_of_another_org(stack):
    item = create(stack)
    other = claims("mallory", org_id="other-org", roles=("curator",))
    assert call(API, "GET", f"/v1/content/{item['content_id']}", who=other).status == 404
    assert call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=other).status == 404


def test_curator_cannot_approve_own_submission(stack):
    item = create(stack)
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    reply = call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=ANNA)
    assert reply.status == 403
    assert reply.body["error"]["code"] == "self_approval"


def test_approving_a_draft_is_a_conflict(stack):
    item = create(stack)
    reply = call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=CARL)
    assert reply.status == 409
    assert reply.body["error"]["code"] == "transition_not_allowed"


def test_second_curator_approval_publishes_and_announces_it(stack):
    item = publish(stack)
    assert item["status"] == "published"
    published = bus_events(stack.drain("ShareEventsQueue"), "ContentPublished")
    assert [e["detail"]["data"]["content_id"] for e in published] == [item["content_id"]]
    assert published[0]["detail"]["metadata"]["org_id"] == "acme"
    detail = call(API, "GET", f"/v1/content/{item['content_id']}", who=BRAM).body
    assert [(a["from"], a["to"], a["actor"]) for a in detail["audit"]] == [
        (None, "draft", "anna"),
        ("draft", "in_review", "anna"),
        ("in_review", "published", "carl"),
    ]


def test_rejection_sends_content_back_to_draft_with_the_reason(stack):
    item = create(stack)
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    reply = call(API, "POST", f"/v1/content/{item['content_id']}/reject", {"reason": "Tone it down"}, who=CARL)
    assert reply.status == 200 and reply.body["status"] == "draft"
    audit = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body["audit"]
    assert any(a["reason"] == "Tone it down" for a in audit)


def test_scheduled_content_is_published_and_expired_on_time(stack):
    from content_publishing import library
    from estafette.publisher import RecordingPublisher

    now = datetime.now(UTC)
    body = {**ARTICLE, "publish_at": (now + timedelta(hours=1)).isoformat(), "expires_at": (now + timedelta(hours=3)).isoformat()}
    item = create(stack, body)
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    approved = call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=CARL).body
    assert approved["status"] == "scheduled"

    events = RecordingPublisher()
    assert library.run_due_work(events, now + timedelta(minutes=30)) == 0
    assert library.run_due_work(events, now + timedelta(hours=1, minutes=1)) == 1
    assert call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body["status"] == "published"
    assert library.run_due_work(events, now + timedelta(hours=3, minutes=1)) == 1
    assert call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body["status"] == "expired"
    assert [e.name() for e in (o.data for o in events.sent)] == ["ContentPublished", "ContentExpired"]
