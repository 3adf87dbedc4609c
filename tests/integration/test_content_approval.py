"""The approval flow through the local cloud: who may do what, when, and what is remembered."""

from __future__ import annotations

import pytest

from tests.integration.content_support import ARTICLE, create, feed, feed_ids, person, publish, share_any_time
from tests.support import eventually

pytestmark = pytest.mark.integration


def test_the_approval_rules_are_enforced(cloud, org):
    anna, carl = org.token("anna", "curator"), org.token("carl", "curator")
    eva = person(org, "eva", "Engineering")
    http = org.http

    # Employees don't curate.
    assert http.post("/v1/content", json=ARTICLE, headers=eva).status_code == 403
    item = create(org, ARTICLE, anna)
    path = f"/v1/content/{item['content_id']}"
    for action in ("submit", "approve", "reject"):
        reply = http.post(f"{path}/{action}", json={"reason": "x"}, headers=eva)
        assert reply.status_code == 403 and reply.json()["error"]["code"] == "forbidden_role"

    # Only a draft can be submitted, only something in review approved.
    reply = http.post(f"{path}/approve", headers=carl)
    assert reply.status_code == 409 and reply.json()["error"]["code"] == "transition_not_allowed"
    assert http.post(f"{path}/submit", json={"reason": "Ready for review"}, headers=anna).status_code == 200
    assert http.post(f"{path}/submit", headers=anna).status_code == 409

    # The author doesn't approve their own work; a second curator does.
    reply = http.post(f"{path}/approve", headers=anna)
    assert reply.status_code == 403 and reply.json()["error"]["code"] == "self_approval"
    assert feed_ids(org, eva) == []
    assert http.post(f"{path}/approve", json={"reason": "Checked the figures"}, headers=carl).json()["status"] == "published"
    assert feed_ids(org, eva) == [item["content_id"]]

    audit = http.get(path, headers=anna).json()["audit"]
    assert [(a["action"], a["from"], a["to"], a["actor"], a["reason"]) for a in audit] == [
        ("create", None, "draft", "anna", ""),
        ("submit", "draft", "in_review", "anna", "Ready for review"),
        ("approve", "in_review", "published", "carl", "Checked the figures"),
    ]


def test_an_org_can_allow_self_approval(cloud, org):
    bram, anna = org.token("bram", "admin"), org.token("anna", "curator")
    assert org.http.put("/v1/org/settings", json={"content": {"allow_self_approval": True}}, headers=bram).status_code == 200
    item = create(org, ARTICLE, anna)
    org.http.post(f"/v1/content/{item['content_id']}/submit", headers=anna)
    assert org.http.post(f"/v1/content/{item['content_id']}/approve", headers=anna).json()["status"] == "published"


def test_editing_a_published_item_keeps_the_shares_already_made(cloud, org):
    share_any_time(org)
    eva = org.employee("eva", "Engineering", followers=500)
    anna = org.token("anna", "curator")
    item = publish(org)

    def share():
        body = {"content_id": item["content_id"], "network": "linkedin", "text": "Proud of this one."}
        reply = org.http.post("/v1/shares", json=body, headers=eva)
        return reply if reply.status_code != 404 else None

    share_id = eventually(share).json()["share_id"]
    eventually(lambda: org.http.get(f"/v1/shares/{share_id}", headers=eva).json()["status"] == "posted")
    eventually(lambda: org.http.get(f"/v1/content/{item['content_id']}", headers=anna).json()["share_count"] == 1)

    edit = {"title": "Lessons from going event-driven, one year on", "reason": "Updated figures"}
    edited = org.http.patch(f"/v1/content/{item['content_id']}", json=edit, headers=anna)
    assert edited.status_code == 200, edited.text
    assert edited.json()["status"] == "published"

    detail = org.http.get(f"/v1/content/{item['content_id']}", headers=anna).json()
    assert detail["share_count"] == 1 and detail["audit"][-1]["fields"] == ["title"]
    assert org.http.get(f"/v1/shares/{share_id}", headers=eva).json()["status"] == "posted"
    assert item["content_id"] not in feed_ids(org, eva)  # still shared by Eva
    daan = person(org, "daan", "Engineering")
    assert feed(org, daan)["items"][0]["title"] == "Lessons from going event-driven, one year on"


def test_employees_suggest_occasions_into_the_review_queue(cloud, org):
    eva = person(org, "eva", "Engineering", language="nl")
    anna = org.token("anna", "curator")
    suggestion = {
        "occasion": "client_visit",
        "title": "Op bezoek bij de haven van Rotterdam",
        "story": "We lieten zien hoe ons platform containers volgt.",
        "url": "https://example.com/cases/haven",
        "suggested_text": "Mooie dag in de haven met ons team!",
    }
    reply = org.http.post("/v1/content/suggestions", json=suggestion, headers=eva)
    assert reply.status_code == 201, reply.text
    suggested = reply.json()
    assert (suggested["author"], suggested["status"], suggested["type"]) == ("eva", "in_review", "news")
    queue = org.http.get("/v1/content?status=in_review", headers=anna).json()["items"]
    assert [i["content_id"] for i in queue] == [suggested["content_id"]]
    approved = org.http.post(f"/v1/content/{suggested['content_id']}/approve", json={"reason": "Great occasion"}, headers=anna)
    assert approved.json()["status"] == "published"
    assert org.http.get("/v1/content?status=in_review", headers=anna).json()["items"] == []


def test_employees_read_positive_guidelines_in_their_language(cloud, org):
    noor = person(org, "noor", "Engineering", language="nl")
    bram = org.token("bram", "admin")
    default = org.http.get("/v1/guidelines", headers=noor).json()
    assert default["language"] == "nl" and default["welcome"]
    guidelines = {"nl": {"welcome": ["Projecten waar je trots op bent"], "avoid": ["Klantnamen zonder toestemming"]}}
    assert org.http.put("/v1/org/settings", json={"content": {"guidelines": guidelines}}, headers=bram).status_code == 200
    mine = org.http.get("/v1/guidelines", headers=noor).json()
    assert mine["source"] == "organisation" and mine["welcome"] == ["Projecten waar je trots op bent"]
