"""One share travels through all five services, driven over HTTP as a front end and an HR system would."""

from __future__ import annotations

import httpx
import pytest

from local.gateway import TokenIssuer
from tests.support import eventually

pytestmark = pytest.mark.integration

ARTICLE = {
    "type": "expertise",
    "url": "https://example.com/blog/lessons?ref=site",
    "title": "Lessons from going event-driven",
    "summary": "What we learned.",
    "suggested_texts": {"en": ["Worth a read"], "nl": ["De moeite waard"]},
    "audience": {"departments": ["Engineering"]},
}


def publish(org, body=ARTICLE):
    anna, bram = org.token("anna", "curator"), org.token("bram", "admin")
    created = org.http.post("/v1/content", json=body, headers=anna)
    assert created.status_code == 201, created.text
    content_id = created.json()["content_id"]
    assert org.http.post(f"/v1/content/{content_id}/submit", headers=anna).status_code == 200
    approved = org.http.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}, headers=bram)
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    return content_id


def feed_ids(org, who):
    reply = org.http.get("/v1/feed", headers=who)
    assert reply.status_code == 200, reply.text
    return [item["content_id"] for item in reply.json()["items"]]


def test_a_share_travels_from_curator_to_report(cloud, org):
    eva = org.employee("eva", "Engineering", followers=750)
    sofie = org.employee("sofie", "Sales", followers=1200)
    content_id = publish(org)

    # Targeting: Engineering sees it, Sales doesn't.
    eventually(lambda: content_id in feed_ids(org, eva))
    assert content_id not in feed_ids(org, sofie)

    # Eva shares in her own words; the worker posts to (fake) LinkedIn.
    def share():
        reply = org.http.post(
            "/v1/shares", json={"content_id": content_id, "network": "linkedin", "text": "Our lessons, my take."}, headers=eva
        )
        return reply if reply.status_code != 404 else None  # share_dispatch learns about content through the bus

    accepted = eventually(share)
    assert accepted.status_code == 202, accepted.text
    share_id, tracked_url = accepted.json()["share_id"], accepted.json()["tracked_url"]
    posted = eventually(lambda: (r := org.http.get(f"/v1/shares/{share_id}", headers=eva).json())["status"] == "posted" and r)
    assert posted["external_post_id"].startswith("urn:li:share:")
    posts = [p for p in cloud.networks["linkedin"].posts if p["url"] == tracked_url]
    assert len(posts) == 1 and "Our lessons, my take." in posts[0]["text"]

    # Shared content leaves Eva's feed.
    eventually(lambda: content_id not in feed_ids(org, eva))

    # A person clicks the tracked link: 302 to the article with UTM parameters.
    def follow():
        reply = httpx.get(
            tracked_url, headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}, follow_redirects=False
        )
        return reply if reply.status_code == 302 else None

    location = eventually(follow).headers["location"]
    assert location.startswith("https://example.com/blog/lessons?ref=site&utm_source=linkedin&utm_medium=employee_advocacy")
    assert f"utm_content={share_id}" in location
    # LinkedIn's crawler fetching the preview does not count.
    assert httpx.get(tracked_url, headers={"User-Agent": "LinkedInBot/1.0"}).status_code == 302

    # The report: 1 share, 1 click, and 1 × €3 of media value.
    anna = org.token("anna", "curator")

    def summary():
        body = org.http.get("/v1/reports/summary", headers=anna).json()
        return body if body["shares"]["value"] == 1 and body["clicks"]["value"] == 1 else None

    report = eventually(summary)
    assert report["media_value"]["value"] == 3.0
    assert report["media_value"]["currency"] == "EUR"
    assert report["potential_reach"]["value"] == 750
    assert cloud.dead_letters() == dict.fromkeys(cloud.dead_letters(), 0)


def test_vacancy_webhook_becomes_vacancy_content_for_its_department(cloud, org):
    eva = org.employee("eva", "Engineering", language="nl")
    liam = org.employee("liam", "Sales")
    vacancy = {"vacancy_id": "ENG-7", "title": "Data Engineer", "url": "https://example.com/jobs/7", "department": "Engineering"}
    assert org.webhook("vacancy.opened", vacancy, delivery_id="d-7").status_code == 202

    def vacancy_in_feed():
        items = org.http.get("/v1/feed", headers=eva).json()["items"]
        return next((i for i in items if i["type"] == "vacancy"), None)

    item = eventually(vacancy_in_feed)
    assert item["title"] == "Data Engineer"
    assert item["language"] == "nl" and "Data Engineer" in item["suggested_texts"][0]
    assert not [i for i in org.http.get("/v1/feed", headers=liam).json()["items"] if i["type"] == "vacancy"]

    # The same delivery again changes nothing.
    again = org.webhook("vacancy.opened", vacancy, delivery_id="d-7")
    assert again.status_code == 200 and again.json()["status"] == "duplicate"


def test_bad_input_gets_clear_json_errors_never_a_500(cloud, org):
    anna, eva = org.token("anna", "curator"), org.employee("eva", "Engineering")
    content_id = publish(org)
    http = org.http

    # Authentication, as API Gateway's JWT authorizer answers it.
    assert http.get("/v1/feed").status_code == 401
    assert http.get("/v1/feed", headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
    expired = cloud.token("eva", ["employee"], org.id, ttl=-60)
    assert http.get("/v1/feed", headers={"Authorization": f"Bearer {expired}"}).status_code == 401
    forged = TokenIssuer(cloud.gateway.tokens.issuer).mint("eva", org.id, ["admin"])
    assert http.get("/v1/feed", headers={"Authorization": f"Bearer {forged}"}).status_code == 401

    # Role, input and tenancy, answered by the functions in the JSON error shape.
    cases = [
        (http.post("/v1/content", json=ARTICLE, headers=eva), 403, "forbidden_role"),
        (http.post("/v1/content", content=b"{oops", headers={**anna, "Content-Type": "application/json"}), 400, "invalid_json"),
        (http.post("/v1/content", json={**ARTICLE, "type": "rumour"}, headers=anna), 422, "validation_failed"),
        (http.post("/v1/content", json={**ARTICLE, "title": 42}, headers=anna), 422, "validation_failed"),
        (http.get("/v1/content/unknown-id", headers=anna), 404, "not_found"),
        (http.get(f"/v1/content/{content_id}", headers=Org_token(cloud, "other-org", "mallory", "curator")), 404, "not_found"),
        (http.post("/v1/shares", json={"content_id": content_id, "network": "linkedin"}, headers=eva), 422, "validation_failed"),
        (
            http.post("/v1/shares", json={"content_id": "nope", "network": "linkedin", "text": "hi"}, headers=eva),
            404,
            "content_not_shareable",
        ),
        (http.get("/v1/shares/unknown", headers=eva), 404, "not_found"),
        (http.get("/v1/reports/summary", headers=eva), 403, "forbidden_role"),
        (http.get("/v1/reports/summary?from=2026-02-30", headers=anna), 422, "validation_failed"),
    ]
    for reply, status, code in cases:
        assert reply.status_code == status, (reply.request.method, reply.request.url, reply.text)
        assert reply.json()["error"]["code"] == code
        assert reply.json()["error"]["message"]
    assert http.get("/r/doesnotexist").status_code == 404


def Org_token(cloud, org_id, sub, *roles):
    return {"Authorization": f"Bearer {cloud.token(sub, list(roles), org_id)}"}


def test_api_documents_itself(cloud):
    from local import openapi

    served = httpx.get(f"{cloud.base_url}/openapi.json", timeout=60)  # built on first request: every handler imported
    # What `python -m local.openapi` prints (and the web app's types are generated from), byte for byte.
    assert served.text == openapi.dumps(openapi.document(openapi.functions()))
    spec = served.json()
    assert spec["servers"] == [{"url": "/"}]
    paths = set(spec["paths"])
    for expected in ("/v1/content", "/v1/feed", "/v1/shares", "/r/{code}", "/v1/reports/summary", "/v1/webhooks/hr/{provider}"):
        assert expected in paths
    assert spec["components"]["securitySchemes"]["jwt"]["scheme"] == "bearer"
    docs = httpx.get(f"{cloud.base_url}/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_local_tokens_are_minted_for_development(cloud):
    reply = httpx.post(f"{cloud.base_url}/local/tokens", json={"sub": "liam", "org_id": "demo", "roles": ["employee"]})
    assert reply.status_code == 201
    me = httpx.get(f"{cloud.base_url}/v1/me", headers={"Authorization": f"Bearer {reply.json()['token']}"})
    assert me.status_code == 200 and me.json()["employee_id"] == "liam"
    assert httpx.post(f"{cloud.base_url}/local/tokens", content=b"[]").status_code == 422
