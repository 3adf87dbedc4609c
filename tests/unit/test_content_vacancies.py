"""A vacancy from the HR system becomes targeted content in both languages, and leaves when it closes."""

from __future__ import annotations

from estafette.events import ContentExpired, VacancyClosed, VacancyOpened
from tests.support import call
from tests.unit.conftest import bus_events
from tests.unit.content_support import ANNA, API, BRAM, deliver_events, employee, feed, feed_ids, profile

VACANCY = VacancyOpened(
    vacancy_id="ENG-9",
    title="Platform Engineer",
    url="https://careers.example.com/jobs/eng-9",
    department="engineering",
    locations=["Utrecht"],
    description="<p>Build the <b>platform</b>.</p>",
    provider="generic",
)


def content_id() -> str:
    from content_publishing.vacancies import vacancy_content_id

    return vacancy_content_id("generic", "ENG-9")


def test_a_vacancy_reaches_its_department_in_its_locations_in_each_language(stack):
    profile("eva", department="Engineering", location="Utrecht", language="en")
    profile("noor", department="Engineering", location="Utrecht", language="nl")
    profile("ben", department="Engineering", location="Amsterdam")
    profile("sofie", department="Sales", location="Utrecht")
    assert deliver_events((VACANCY, "acme")) == {"batchItemFailures": []}

    (english,) = feed(employee("eva"))["items"]
    (dutch,) = feed(employee("noor"))["items"]
    assert english["type"] == "vacancy" and english["title"] == "Platform Engineer"
    assert english["language"] == "en" and len(english["suggested_texts"]) == 3
    assert dutch["language"] == "nl" and len(dutch["suggested_texts"]) == 3
    assert all("Platform Engineer" in t for t in english["suggested_texts"] + dutch["suggested_texts"])
    assert len(set(english["suggested_texts"])) == 3  # colleagues don't all post the same words
    assert feed_ids(employee("ben")) == [] and feed_ids(employee("sofie")) == []
    assert english["summary"] == "Build the platform."


def test_vacancies_wait_for_review_when_the_org_says_so(stack):
    call("organisation.handlers.api", "PUT", "/v1/org/settings", {"content": {"vacancy_auto_publish": False}}, who=BRAM)
    profile("eva", department="Engineering", location="Utrecht")
    deliver_events((VACANCY, "acme"))
    assert feed_ids(employee("eva")) == []
    queue = call(API, "GET", "/v1/content", who=ANNA, query="status=in_review").body["items"]
    assert [i["content_id"] for i in queue] == [content_id()]
    assert queue[0]["author"] == "hr:generic"
    assert call(API, "POST", f"/v1/content/{content_id()}/approve", who=ANNA).body["status"] == "published"
    assert feed_ids(employee("eva")) == [content_id()]


def test_a_redelivered_vacancy_creates_nothing_new(stack):
    deliver_events((VACANCY, "acme"), (VACANCY, "acme"))
    deliver_events((VACANCY, "acme"))
    library = call(API, "GET", "/v1/content", who=ANNA).body["items"]
    assert [i["content_id"] for i in library] == [content_id()]
    audit = call(API, "GET", f"/v1/content/{content_id()}", who=ANNA).body["audit"]
    assert [a["action"] for a in audit] == ["create", "submit", "approve"]


def test_a_closed_vacancy_expires_and_leaves_the_feed(stack):
    profile("eva", department="Engineering", location="Utrecht")
    deliver_events((VACANCY, "acme"))
    stack.drain("ShareEventsQueue")
    deliver_events((VacancyClosed(vacancy_id="ENG-9", provider="generic"), "acme"))
    assert feed_ids(employee("eva")) == []
    assert call(API, "GET", f"/v1/content/{content_id()}", who=ANNA).body["status"] == "expired"
    expired = bus_events(stack.drain("ShareEventsQueue"), ContentExpired.name())
    assert [e["detail"]["data"]["reason"] for e in expired] == ["vacancy closed"]


def test_a_vacancy_closed_while_in_review_is_archived_so_it_never_goes_live(stack):
    call("organisation.handlers.api", "PUT", "/v1/org/settings", {"content": {"vacancy_auto_publish": False}}, who=BRAM)
    deliver_events((VACANCY, "acme"))
    deliver_events((VacancyClosed(vacancy_id="ENG-9", provider="generic"), "acme"))
    assert call(API, "GET", f"/v1/content/{content_id()}", who=ANNA).body["status"] == "archived"


def test_the_hr_department_is_matched_to_the_orgs_spelling_or_kept(stack):
    call("organisation.handlers.api", "PUT", "/v1/org/settings", {"content": {"departments": ["Engineering"]}}, who=BRAM)
    deliver_events((VACANCY, "acme"))
    item = call(API, "GET", f"/v1/content/{content_id()}", who=ANNA).body
    assert item["audience"] == {"departments": ["Engineering"], "roles": [], "locations": ["Utrecht"], "languages": []}
    other = VACANCY.model_copy(update={"vacancy_id": "OPS-1", "department": "Operations"})
    assert deliver_events((other, "acme")) == {"batchItemFailures": []}  # the HR system knows its departments
