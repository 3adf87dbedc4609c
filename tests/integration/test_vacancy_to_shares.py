"""A vacancy from the HR system becomes targeted shares, and a leaver leaves nothing behind.

The org has 3 engineers who gave standing consent to share vacancies of their department,
5 engineers without consent and 4 salespeople. One signed vacancy webhook for Engineering.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from local.seed import WEBHOOK_SECRET
from tests.support import eventually, locked_out, table_items

pytestmark = pytest.mark.integration


def vacancy_posts(cloud, org, vacancy_title):
    authors = {f"urn:li:person:{org.id}-eng-{n}" for n in range(8)} | {f"urn:li:person:{org.id}-sales-{n}" for n in range(4)}
    return [p for p in cloud.networks["linkedin"].posts if p["author"] in authors and vacancy_title in json.dumps(p)]


def vacancies_in_feed(org, who):
    return [i for i in org.http.get("/v1/feed", headers=who).json()["items"] if i["type"] == "vacancy"]


def test_one_vacancy_webhook_gives_three_consented_posts_five_suggestions_and_nothing_for_sales(cloud, org):
    engineers = {f"{org.id}-eng-{n}": org.employee(f"{org.id}-eng-{n}", "Engineering", followers=300 + n) for n in range(8)}
    sales = {f"{org.id}-sales-{n}": org.employee(f"{org.id}-sales-{n}", "Sales", followers=500) for n in range(4)}
    consenting = list(engineers)[:3]
    # Consent needs the employee's department, which share_dispatch learns from the bus.
    for sub in consenting:
        reply = eventually(
            lambda sub=sub: (
                (
                    r := org.http.post(
                        "/v1/me/consents",
                        json={"network": "linkedin", "content_type": "vacancy", "scope": "my_department"},
                        headers=engineers[sub],
                    )
                ).status_code
                == 201
                and r
            )
        )
        assert reply.status_code == 201

    vacancy = {
        "vacancy_id": "ENG-99",
        "title": "Staff Site Reliability Engineer",
        "url": "https://example.com/jobs/99",
        "department": "Engineering",
    }
    assert org.webhook("vacancy.opened", vacancy, delivery_id="vac-99").status_code == 202

    # Exactly the three consenting engineers post it, each through the guard, to their own network.
    posts = eventually(lambda: len(found := vacancy_posts(cloud, org, vacancy["title"])) >= 3 and found)
    assert sorted(p["author"] for p in posts) == sorted(f"urn:li:person:{sub}" for sub in consenting)

    # The five others get it as a suggestion in their feed; the consenting three already shared it.
    def suggestions():
        counts = {sub: len(vacancies_in_feed(org, who)) for sub, who in engineers.items()}
        return counts if sum(counts.values()) == 5 else None

    counts = eventually(suggestions)
    assert [counts[sub] for sub in consenting] == [0, 0, 0]
    assert all(counts[sub] == 1 for sub in list(engineers)[3:])
    # Salespeople see nothing and post nothing.
    assert all(vacancies_in_feed(org, who) == [] for who in sales.values())

    # Replaying the same delivery adds no post.
    again = org.webhook("vacancy.opened", vacancy, delivery_id="vac-99")
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    time.sleep(2)
    assert len(vacancy_posts(cloud, org, vacancy["title"])) == 3


def test_forged_and_stale_vacancy_webhooks_are_rejected(cloud, org):
    from hr_webhooks.signatures import sign

    body = json.dumps(
        {
            "id": "d-forged",
            "type": "vacancy.opened",
            "data": {"vacancy_id": "X", "title": "X", "url": "https://example.com/x", "department": "Engineering"},
        }
    ).encode()
    url = f"{cloud.base_url}/v1/webhooks/hr/generic?org={org.id}"
    forged = httpx.post(url, content=body, headers={"X-Estafette-Signature": sign(WEBHOOK_SECRET, int(time.time()), body)})
    assert forged.status_code == 401
    stale = httpx.post(url, content=body, headers={"X-Estafette-Signature": sign(org.secret, int(time.time()) - 600, body)})
    assert stale.status_code == 401
    assert stale.json()["error"]["code"] == "invalid_signature"


def test_a_leaver_keeps_no_token_and_no_scheduled_share(cloud, org):
    sub = f"{org.id}-leaver"
    who = org.employee(sub, "Engineering", followers=420)
    content = org.http.post(
        "/v1/content",
        json={"type": "industry", "url": "https://example.com/industry", "title": "Industry news", "audience": {}},
        headers=org.token("anna", "curator"),
    ).json()
    org.http.post(f"/v1/content/{content['content_id']}/submit", headers=org.token("anna", "curator"))
    org.http.post(f"/v1/content/{content['content_id']}/approve", headers=org.token("bram", "admin"))
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    def schedule():
        reply = org.http.post(
            "/v1/shares",
            json={"content_id": content["content_id"], "network": "linkedin", "text": "Worth reading.", "scheduled_at": tomorrow},
            headers=who,
        )
        return reply if reply.status_code in (201, 202) else None

    share = eventually(schedule).json()
    assert share["status"] == "scheduled"

    def linkedin_status():
        items = org.http.get("/v1/me/connections", headers=who).json()["items"]
        return next(c["status"] for c in items if c["network"] == "linkedin")

    assert linkedin_status() == "active"

    assert org.webhook("employee.left", {"employee_id": sub}).status_code == 202

    # Offboarding happens at once: the token is revoked and deleted, the scheduled share cancelled,
    # and the leaver's own token no longer reaches anything (read the store instead).
    def offboarded():
        items = table_items(cloud, "SharesTable", f"ORG#{org.id}#EMPLOYEE#{sub}")
        connections = [i for i in items if str(i["sk"]).startswith("CONNECTION#")]
        statuses = {i["status"] for i in items if i["sk"] == f"SHARE#{share['share_id']}"}
        return not connections and statuses == {"cancelled"}

    eventually(offboarded)
    eventually(lambda: locked_out(org.http, who, "/v1/me/connections"))
    items = table_items(cloud, "SharesTable", f"ORG#{org.id}#EMPLOYEE#{sub}")
    assert not [i for i in items if str(i["sk"]).startswith("SHARE#") and i.get("status") in ("scheduled", "queued")]
