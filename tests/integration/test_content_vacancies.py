"""A vacancy from the HR system becomes targeted content in both languages, and leaves when it closes."""

from __future__ import annotations

import pytest

from tests.integration.content_support import feed, feed_ids, person
from tests.support import eventually

pytestmark = pytest.mark.integration

VACANCY = {
    "vacancy_id": "ENG-11",
    "title": "Cloud Engineer",
    "url": "https://careers.example.com/jobs/eng-11",
    "department": "Engineering",
    "locations": ["Utrecht"],
    "description": "Join our platform team.",
}


def vacancy_of(org, who):
    return next((i for i in feed(org, who)["items"] if i["type"] == "vacancy"), None)


def test_a_vacancy_event_produces_targeted_content_in_both_languages(cloud, org):
    eva = person(org, "eva", "Engineering", language="en", location="Utrecht")
    noor = person(org, "noor", "Engineering", language="nl", location="Utrecht")
    ben = person(org, "ben", "Engineering", location="Amsterdam")
    liam = person(org, "liam", "Sales", location="Utrecht")
    assert org.webhook("vacancy.opened", VACANCY).status_code == 202

    english = eventually(lambda: vacancy_of(org, eva))
    dutch = eventually(lambda: vacancy_of(org, noor))
    assert english["title"] == dutch["title"] == "Cloud Engineer"
    assert english["language"] == "en" and dutch["language"] == "nl"
    assert len(english["suggested_texts"]) == len(dutch["suggested_texts"]) == 3
    assert any("We're hiring" in t for t in english["suggested_texts"])
    assert any("We zoeken" in t for t in dutch["suggested_texts"])
    assert vacancy_of(org, ben) is None and vacancy_of(org, liam) is None

    assert org.webhook("vacancy.closed", {"vacancy_id": "ENG-11"}).status_code == 202
    eventually(lambda: vacancy_of(org, eva) is None)
    anna = org.token("anna", "curator")
    (item,) = org.http.get("/v1/content?status=expired", headers=anna).json()["items"]
    assert item["type"] == "vacancy" and item["audience"]["locations"] == ["Utrecht"]


def test_vacancies_go_to_review_when_the_org_wants_to_check_them(cloud, org):
    eva = person(org, "eva", "Engineering", location="Utrecht")
    bram, anna = org.token("bram", "admin"), org.token("anna", "curator")
    org.http.put("/v1/org/settings", json={"content": {"vacancy_auto_publish": False}}, headers=bram)
    assert org.webhook("vacancy.opened", VACANCY).status_code == 202
    queue = eventually(lambda: org.http.get("/v1/content?status=in_review", headers=anna).json()["items"])
    assert queue[0]["type"] == "vacancy" and feed_ids(org, eva) == []
    org.http.post(f"/v1/content/{queue[0]['content_id']}/approve", headers=anna)
    assert vacancy_of(org, eva)["content_id"] == queue[0]["content_id"]
