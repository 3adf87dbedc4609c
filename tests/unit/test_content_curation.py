"""What the curators' and admins' screens ask of the library: filters and title search, the
calendar, the audience picker's reach, a suggestion accepted in one step, the people directory,
and the news that an item waits for review or was sent back."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from estafette.events import EmployeeLeft
from estafette.publisher import EventBridgePublisher, Outgoing
from tests.support import call, claims
from tests.unit.conftest import bus_events, deliver
from tests.unit.content_support import ANNA, API, ARTICLE, BRAM, CARL, EVENTS, create, profile

EVA = claims("eva")


def _list(query: str, who=ANNA) -> list[dict]:
    reply = call(API, "GET", "/v1/content", who=who, query=query)
    assert reply.status == 200, reply.body
    return reply.body["items"]


def _titles(query: str) -> set[str]:
    return {i["title"] for i in _list(query)}


def _library() -> None:
    create({**ARTICLE, "title": "Route planner delivered"})
    create({**ARTICLE, "type": "vacancy", "title": "Senior backend engineer", "suggested_texts": {"nl": ["Wij zoeken je"]}})
    create({**ARTICLE, "type": "news", "title": "Sales kick-off", "audience": {"departments": ["Sales"]}}, who=CARL)


# --- the library's filters ---------------------------------------------------------------------


def test_library_filters_by_type_language_audience_and_author(stack):
    _library()
    assert _titles("type=vacancy") == {"Senior backend engineer"}
    assert _titles("language=en") == {"Route planner delivered", "Sales kick-off"}
    assert _titles("department=Sales") == {"Sales kick-off"}
    assert _titles("author=carl") == {"Sales kick-off"}
    assert _titles("type=expertise&department=Engineering") == {"Route planner delivered"}
    assert _titles("status=draft&type=news") == {"Sales kick-off"}
    assert _titles("status=in_review") == set()


def test_library_searches_titles_whatever_the_case_and_punctuation(stack):
    _library()
    assert _titles("q=ROUTE%20planner") == {"Route planner delivered"}
    assert _titles("q=kick") == {"Sales kick-off"}
    assert _titles("q=nothing%20like%20it") == set()
    assert call(API, "GET", "/v1/content", who=ANNA, query="type=podcast").status == 422


def test_a_filtered_library_pages_without_losing_or_repeating_items(stack):
    for n in range(7):
        create({**ARTICLE, "title": f"Vacancy {n}", "type": "vacancy"})
        create({**ARTICLE, "title": f"Article {n}"})
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        query = "type=vacancy&limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = call(API, "GET", "/v1/content", who=ANNA, query=query).body
        assert len(body["items"]) <= 3
        seen.extend(i["title"] for i in body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == [f"Vacancy {n}" for n in range(7)]
    assert len(seen) == len(set(seen))


def test_the_suggestions_inbox_lists_only_employees_suggestions(stack):
    _library()
    suggestion = {"occasion": "client_visit", "title": "Visit at Havenbedrijf", "story": "We showed the planner."}
    assert call(API, "POST", "/v1/content/suggestions", suggestion, who=EVA).status == 201
    items = _list("suggestions=true&status=in_review")
    assert [i["title"] for i in items] == ["Visit at Havenbedrijf"]
    assert items[0]["occasion"] == "client_visit" and items[0]["author"] == "eva"


# --- accepting a suggestion in one step ----------------------------------------------------------


def test_a_suggestion_becomes_live_content_in_one_step(stack):
    suggestion = {"occasion": "project_delivered", "title": "Planner live", "story": "Six weeks."}
    item = call(API, "POST", "/v1/content/suggestions", suggestion, who=EVA).body
    changes = {"url": "https://example.com/cases/planner", "suggested_texts": {"en": ["We shipped it"]}}
    reply = call(API, "POST", f"/v1/content/{item['content_id']}/accept", {"changes": changes, "reason": "Nice one"}, who=ANNA)
    assert reply.status == 200, reply.body
    assert reply.body["status"] == "published"
    assert reply.body["url"] == "https://example.com/cases/planner"
    assert reply.body["approved_by"] == "anna" and reply.body["author"] == "eva"
    audit = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body["audit"]
    assert [a["action"] for a in audit] == ["suggest", "edit", "approve"]


def test_accepting_without_a_url_changes_nothing_and_says_so(stack):
    suggestion = {"occasion": "event", "title": "Meetup", "story": "Forty people came."}
    item = call(API, "POST", "/v1/content/suggestions", suggestion, who=EVA).body
    reply = call(API, "POST", f"/v1/content/{item['content_id']}/accept", {"changes": {"title": "Meetup in Utrecht"}}, who=ANNA)
    assert reply.status == 422 and reply.body["error"]["field"] == "url"
    after = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body
    assert after["title"] == "Meetup" and after["status"] == "in_review"
    assert call(API, "POST", f"/v1/content/{item['content_id']}/accept", {}, who=EVA).status == 403


# --- the calendar --------------------------------------------------------------------------------


def test_the_calendar_shows_scheduled_publishes_and_expiries_and_moves_with_publish_at(stack):
    now = datetime.now(UTC)
    publish_at = (now + timedelta(days=3)).replace(microsecond=0)
    expires_at = publish_at + timedelta(days=7)
    body = {**ARTICLE, "publish_at": publish_at.isoformat(), "expires_at": expires_at.isoformat()}
    item = create(body)
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    assert call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=CARL).body["status"] == "scheduled"
    create({**ARTICLE, "title": "Unplanned draft"})
    start, end = now.date(), (now + timedelta(days=30)).date()
    reply = call(API, "GET", "/v1/calendar", who=ANNA, query=f"from={start}&to={end}")
    assert reply.status == 200, reply.body
    entries = [(e["kind"], e["at"][:10], e["title"]) for e in reply.body["entries"]]
    assert entries == [
        ("publish", publish_at.date().isoformat(), "What we learned"),
        ("expire", expires_at.date().isoformat(), "What we learned"),
    ]
    assert reply.body["entries"][0]["movable"] is True
    moved = publish_at + timedelta(days=1)
    assert call(API, "PATCH", f"/v1/content/{item['content_id']}", {"publish_at": moved.isoformat()}, who=ANNA).status == 200
    again = call(API, "GET", "/v1/calendar", who=ANNA, query=f"from={start}&to={end}").body["entries"]
    assert again[0]["at"][:10] == moved.date().isoformat()
    narrow = call(API, "GET", "/v1/calendar", who=ANNA, query=f"from={start}&to={start}").body["entries"]
    assert narrow == []


def test_the_calendar_refuses_a_backwards_or_endless_period(stack):
    today = date.today()
    backwards = call(API, "GET", "/v1/calendar", who=ANNA, query=f"from={today}&to={today - timedelta(days=1)}")
    assert backwards.status == 422 and backwards.body["error"]["field"] == "to"
    endless = call(API, "GET", "/v1/calendar", who=ANNA, query=f"from={today}&to={today + timedelta(days=400)}")
    assert endless.status == 422 and endless.body["error"]["field"] == "to"
    assert call(API, "GET", "/v1/calendar", who=EVA, query=f"from={today}&to={today}").status == 403


# --- the audience picker -------------------------------------------------------------------------


def _staff() -> None:
    profile("eva", name="Eva", department="Engineering", role="Developer", location="Amsterdam", language="en")
    profile("daan", name="Daan", department="Engineering", role="Developer", location="Utrecht", language="nl")
    profile("sofie", name="Sofie", department="Sales", role="Account manager", location="Amsterdam", language="nl")
    profile("liam", name="Liam", department="Sales", role="Account manager", location="Utrecht", language="en")
    from content_publishing import store

    store.mark_left("acme", "liam")


def test_the_audience_picker_says_how_many_people_an_audience_reaches(stack):
    _staff()

    def reach(audience: dict) -> int:
        reply = call(API, "POST", "/v1/audience/reach", audience, who=ANNA)
        assert reply.status == 200, reply.body
        assert reply.body["employees"] == 3  # Liam left
        return reply.body["reach"]

    assert reach({}) == 3
    assert reach({"departments": ["Engineering"]}) == 2
    assert reach({"departments": ["engineering"], "languages": ["nl"]}) == 1
    assert reach({"locations": ["Amsterdam", "Utrecht"], "roles": ["Account manager"]}) == 1
    assert reach({"departments": ["Marketing"]}) == 0
    assert call(API, "POST", "/v1/audience/reach", {"teams": ["x"]}, who=ANNA).status == 422


def test_the_audience_picker_lists_values_with_their_people_and_configured_ones(stack):
    from estafette import settings

    settings.save(
        "acme", settings.OrgSettings.model_validate({"content": {"departments": ["Engineering", "Sales", "Legal"]}}), "bram"
    )
    _staff()
    options = call(API, "GET", "/v1/audience", who=ANNA).body
    assert options["employees"] == 3
    assert options["departments"] == [
        {"value": "Engineering", "people": 2},
        {"value": "Legal", "people": 0},
        {"value": "Sales", "people": 1},
    ]
    assert {"value": "nl", "people": 2} in options["languages"]


# --- the people directory ------------------------------------------------------------------------


def test_admins_read_the_directory_with_leavers_and_nobody_else_does(stack):
    _staff()
    reply = call(API, "GET", "/v1/org/people", who=BRAM)
    assert reply.status == 200
    people = {p["employee_id"]: p for p in reply.body["items"]}
    assert people["daan"]["department"] == "Engineering" and people["daan"]["language"] == "nl"
    assert people["daan"]["left"] is False
    assert people["liam"]["left"] is True and "name" not in people["liam"]
    assert "email" not in people["eva"]
    assert call(API, "GET", "/v1/org/people", who=ANNA).status == 403
    page = call(API, "GET", "/v1/org/people", who=BRAM, query="limit=2").body
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = call(API, "GET", "/v1/org/people", who=BRAM, query=f"limit=2&cursor={page['next_cursor']}").body
    assert {p["employee_id"] for p in page["items"] + rest["items"]} == set(people)
    other = call(
        API, "GET", "/v1/org/people", who=claims("x", org_id="other", roles=("admin",)), query=f"cursor={page['next_cursor']}"
    )
    assert other.status == 422


# --- the news: in review, sent back --------------------------------------------------------------


def _news(stack, name: str) -> list[dict]:
    return [e["detail"] for e in bus_events(stack.drain("NotificationEventsQueue"), name)]


def test_reviewers_hear_of_an_item_to_review_but_not_its_sender(stack):
    call(API, "GET", "/v1/content", who=CARL)  # Carl uses the library: he reviews
    call(API, "GET", "/v1/content", who=BRAM)
    item = create()
    stack.drain("NotificationEventsQueue")
    assert call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA).status == 200
    (news,) = _news(stack, "ContentSubmitted")
    assert news["data"]["content_id"] == item["content_id"]
    assert news["data"]["reviewers"] == ["bram", "carl"]
    assert news["data"]["submitted_by"] == "anna" and news["data"]["occasion"] is None


def test_an_employees_suggestion_is_news_for_every_reviewer(stack):
    call(API, "GET", "/v1/content", who=ANNA)
    call(API, "GET", "/v1/content", who=CARL)
    suggestion = {"occasion": "client_visit", "title": "Visit", "story": "Good day."}
    call(API, "POST", "/v1/content/suggestions", suggestion, who=EVA)
    (news,) = _news(stack, "ContentSubmitted")
    assert news["data"]["reviewers"] == ["anna", "carl"]
    assert news["data"]["occasion"] == "client_visit" and news["data"]["author"] == "eva"


def test_a_rejection_is_news_for_the_author_with_the_reason(stack):
    item = create()
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    stack.drain("NotificationEventsQueue")
    reply = call(API, "POST", f"/v1/content/{item['content_id']}/reject", {"reason": "Leave out the client's name"}, who=CARL)
    assert reply.status == 200
    (news,) = _news(stack, "ContentRejected")
    assert news["data"]["author"] == "anna" and news["data"]["rejected_by"] == "carl"
    assert news["data"]["reason"] == "Leave out the client's name"
    audit = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body["audit"]
    assert audit[-1]["action"] == "reject" and audit[-1]["actor"] == "carl"
    assert audit[-1]["reason"] == "Leave out the client's name"


def test_a_leaver_is_no_reviewer_any_more(stack):
    call(API, "GET", "/v1/content", who=CARL)
    call(API, "GET", "/v1/content", who=BRAM)
    left = Outgoing(EmployeeLeft(employee_id="carl", provider="generic"), "acme")
    EventBridgePublisher(bus_name=os.environ["EVENT_BUS_NAME"]).publish([left])
    assert deliver(stack, "ContentEventsQueue", EVENTS)["batchItemFailures"] == []
    from content_publishing import reviewers

    assert reviewers.for_item("acme") == ["bram"]


def test_audit_trail_names_the_people(stack):
    profile("anna", name="Anna de Vries")
    item = create()
    detail = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body
    assert detail["author_name"] == "Anna de Vries"
    assert detail["audit"][0]["actor_name"] == "Anna de Vries"


def test_the_library_and_the_review_queue_name_each_author(stack):
    profile("anna", name="Anna de Vries")
    mine = create()
    call(API, "POST", f"/v1/content/{mine['content_id']}/submit", who=ANNA)
    listed = {i["content_id"]: i for i in _list("")}
    assert listed[mine["content_id"]]["author_name"] == "Anna de Vries"
    queue = _list("?status=in_review&oldest_first=true", who=BRAM)
    assert [i["author_name"] for i in queue] == ["Anna de Vries"]


def test_an_aws_timeout_is_a_503_not_a_500(stack, monkeypatch):
    from botocore.exceptions import ReadTimeoutError

    from content_publishing import store

    def slow(*_args, **_kwargs):
        raise ReadTimeoutError(endpoint_url="https://dynamodb.eu-west-1.amazonaws.com/")

    monkeypatch.setattr(store, "search_library", slow)
    reply = call(API, "GET", "/v1/content", who=ANNA)
    assert reply.status == 503 and reply.body["error"]["code"] == "unavailable"
