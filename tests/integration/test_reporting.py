"""Reports through the local cloud, checked against figures computed by hand.

Employees join through signed HR webhooks and log opportunities over HTTP. Shares, clicks
and harvests arrive on the bus as share_dispatch and metric_collection emit them (with
chosen followers, networks and counts, so every expectation below can be worked out on
paper); the rule routes them to the projector's queue and the reports are read over HTTP.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import boto3
import pytest

from estafette.domain import ContentType, Network
from estafette.events import (
    ContentPublished,
    EventData,
    LinkClicked,
    MetricsHarvested,
    ShareFailed,
    SharePosted,
)
from estafette.publisher import EventBridgePublisher, Outgoing
from tests.support import eventually

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC)
# (share, employee, network, followers, department, clicks, unique clicks)
SHARES = [
    ("s1", "eva", Network.LINKEDIN, 750, "Engineering", 4, 3),
    ("s2", "eva", Network.X, 250, "Engineering", 2, 2),
    ("s3", "sofie", Network.LINKEDIN, 1000, "Sales", 6, 5),
]
# (share, Δimpressions, Δreactions, Δcomments, Δreshares)
HARVESTS = [("s1", 500, 12, 3, 1), ("s1", 100, 2, 0, 0), ("s3", 900, 20, 4, 2)]


class Bus:
    def __init__(self, cloud, org) -> None:
        self.org = org
        self.publisher = EventBridgePublisher(cloud.template.physical["EventBus"], client=boto3.client("events"))
        self.sqs = boto3.client("sqs")
        self.queue = cloud.template.physical["ReportingEventsQueue"]

    def emit(self, event: EventData, event_id: str) -> None:
        self.publisher.publish([Outgoing(event, self.org.id, event_id=f"{self.org.id}-{event_id}")])

    def settled(self) -> bool:
        names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        attributes = self.sqs.get_queue_attributes(QueueUrl=self.queue, AttributeNames=names)["Attributes"]
        return all(attributes[name] == "0" for name in names)


def share_event(share_id, employee, network, followers, department) -> SharePosted:
    return SharePosted(
        share_id=f"{share_id}",
        employee_id=employee,
        content_id="c1",
        network=network,
        external_post_id=f"post-{share_id}",
        tracked_code=f"code{share_id}",
        tracked_url=f"https://go.example/r/code{share_id}",
        target_url="https://example.com/c1",
        content_slug="c1",
        department=department,
        followers=followers,
        posted_at=NOW,
    )


def seed(cloud, org) -> Bus:
    """Five employees in three departments; two of them share three times; clicks, harvests, one failure."""
    for who, department in [
        ("eva", "Engineering"),
        ("daan", "Engineering"),
        ("sofie", "Sales"),
        ("liam", "Sales"),
        ("noor", 'R&D; "Labs"'),
    ]:
        org.employee(who, department)
    bus = Bus(cloud, org)
    published = ContentPublished(
        content_id="c1",
        content_type=ContentType.EXPERTISE,
        url="https://example.com/c1",
        title="=Lessons from going event-driven",
        slug="c1",
        published_at=NOW,
    )
    bus.emit(published, "c1-publish")
    for share_id, employee, network, followers, department, clicks, unique in SHARES:
        bus.emit(share_event(share_id, employee, network, followers, department), f"{share_id}-posted")
        for n in range(clicks):
            click = LinkClicked(
                tracked_code=f"code{share_id}",
                share_id=share_id,
                employee_id=employee,
                content_id="c1",
                network=network,
                department=department,
                unique=n < unique,
                clicked_at=NOW,
            )
            bus.emit(click, f"{share_id}-click-{n}")
    for n, (share_id, impressions, reactions, comments, reshares) in enumerate(HARVESTS):
        employee, network = next((s[1], s[2]) for s in SHARES if s[0] == share_id)
        harvest = MetricsHarvested(
            share_id=share_id,
            employee_id=employee,
            content_id="c1",
            network=network,
            harvested_at=NOW,
            delta_impressions=impressions,
            delta_reactions=reactions,
            delta_comments=comments,
            delta_reshares=reshares,
        )
        bus.emit(harvest, f"harvest-{n}")
    failure = ShareFailed(
        share_id="s4",
        employee_id="liam",
        content_id="c1",
        network=Network.LINKEDIN,
        reason_code="connection_expired",
        reason="The token expired.",
    )
    bus.emit(failure, "s4-failed")

    anna = org.token("anna", "curator")

    def projected():
        body = org.http.get("/v1/reports/summary", headers=anna).json()
        counted = (
            body["shares"]["value"],
            body["clicks"]["value"],
            body["impressions"]["value"],
            body["failed_shares"]["value"],
            body["participation_rate"]["inputs"]["enrolled"],
        )
        return body if counted == (3, 12, 1500, 1, 5) else None

    eventually(projected, timeout=60)
    # Sofie heard from a prospect who saw her post.
    sofie = org.token("sofie")
    logged = org.http.post("/v1/opportunities", json={"share_id": "s3", "description": "Asked for a demo"}, headers=sofie)
    assert logged.status_code == 201, logged.text
    eventually(lambda: org.http.get("/v1/reports/summary", headers=anna).json()["opportunities"]["value"] == 1)
    eventually(bus.settled)
    return bus


def test_every_summary_figure_matches_the_hand_computed_scenario(cloud, org):
    seed(cloud, org)
    report = org.http.get("/v1/reports/summary", headers=org.token("anna", "curator")).json()
    figures = {name: figure for name, figure in report.items() if name not in ("period", "networks")}

    # 2 of 5 enrolled employees shared.
    assert figures["participation_rate"]["value"] == 0.4
    assert figures["participation_rate"]["inputs"] == {"active_advocates": 2, "enrolled": 5}
    assert figures["shares"]["value"] == 3
    assert figures["failed_shares"]["value"] == 1
    # 4 + 2 + 6 clicks, of which 3 + 2 + 5 unique.
    assert figures["clicks"]["value"] == 12
    assert figures["unique_clicks"]["value"] == 10
    assert figures["clicks_per_share"] | {} == {
        "value": 4.0,
        "formula": "clicks ÷ shares",
        "inputs": {"clicks": 12, "shares": 3},
        "benchmark": 6,
        "versus_benchmark": 0.67,
    }
    # 500 + 100 + 900 impressions; reactions 12 + 2 + 20, comments 3 + 4, reshares 1 + 2.
    assert figures["impressions"]["value"] == 1500
    assert figures["engagement"]["value"] == 44
    assert figures["engagement"]["inputs"] == {"reactions": 34, "comments": 7, "reshares": 3}
    # 750 + 250 + 1000 connections; 20–50% of them see a post; a company page reaches 1–2%.
    assert figures["potential_reach"]["value"] == 2000
    assert figures["estimated_views"]["range"] == {"low": 400, "high": 1000}
    assert figures["estimated_views"]["inputs"] == {"potential_reach": 2000, "visibility_low": 0.2, "visibility_high": 0.5}
    assert figures["company_page_views"]["range"] == {"low": 20, "high": 40}
    assert figures["advocacy_multiple"]["range"] == {"low": 10.0, "high": 50.0}
    # LinkedIn: 10 clicks × €3 (8 unique × €3 = €24 low); X has no CPC configured.
    media = figures["media_value"]
    assert media["value"] == 30.0 and media["currency"] == "EUR"
    assert media["range"] == {"low": 24.0, "high": 30.0}
    assert media["inputs"]["clicks"] == {"linkedin": 10, "x": 2}
    assert media["networks_without_cpc"] == ["x"]
    assert figures["opportunities"]["value"] == 1
    # Every figure explains itself.
    assert all("formula" in figure for figure in figures.values())

    networks = {n["network"]: n for n in report["networks"]}
    assert (networks["linkedin"]["shares"], networks["linkedin"]["clicks"], networks["linkedin"]["media_value"]) == (2, 10, 30.0)
    assert (networks["x"]["shares"], networks["x"]["clicks"], networks["x"]["cpc_eur"]) == (1, 2, None)


def test_breakdowns_leaderboard_and_impact_agree_with_the_scenario(cloud, org):
    seed(cloud, org)
    anna = org.token("anna", "curator")
    rows = org.http.get("/v1/reports/departments", headers=anna).json()["departments"]
    compact = [(r["department"], r["enrolled"], r["active_advocates"], r["shares"], r["clicks"], r["media_value"]) for r in rows]
    assert compact == [
        ("Engineering", 2, 1, 2, 6, 12.0),
        ("Sales", 2, 1, 1, 6, 18.0),
        ('R&D; "Labs"', 1, 0, 0, 0, 0.0),
    ]
    sales = rows[1]
    assert (sales["impressions"], sales["engagement"], sales["opportunities"]) == (900, 26, 1)

    content = org.http.get("/v1/reports/content/c1", headers=anna).json()
    assert content["title"] == "=Lessons from going event-driven"
    assert (content["shares"]["value"], content["clicks"]["value"], content["opportunities"]["value"]) == (3, 12, 1)
    assert org.http.get("/v1/reports/content/unknown", headers=anna).status_code == 404

    # Points: 10 per share, 1 per click, 25 per opportunity.
    board = org.http.get("/v1/reports/leaderboard?board=all", headers=anna).json()
    assert [(e["name"], e["points"]) for e in board["entries"]] == [("Sofie", 10 + 6 + 25), ("Eva", 20 + 6)]

    impact = org.http.get("/v1/me/impact", headers={**org.token("eva"), "Accept-Language": "en"}).json()
    assert (impact["shares"]["value"], impact["clicks"]["value"], impact["media_value"]["value"]) == (2, 6, 12.0)
    assert impact["connections"]["sentence"] == "Your 750 LinkedIn connections ≈ 150–375 views per share."
    assert impact["rank"]["you"]["rank"] == 2 and impact["rank"]["you"]["points_to_next_place"] == 16

    forecast = org.http.get("/v1/reports/forecast", headers=anna).json()
    enrolled = forecast["inputs"]["participants"]
    assert enrolled["source"] == "enrolled" and forecast["history"]["enough"] is False
    assert forecast["value"] == enrolled["value"] * 5 * 6 * 3.0 and forecast["period"]["days"] == 30
    bad = org.http.get("/v1/reports/forecast?clicks_per_share=lots", headers=anna)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "clicks_per_share"


def test_a_replayed_event_changes_nothing(cloud, org):
    bus = seed(cloud, org)
    anna = org.token("anna", "curator")
    before = org.http.get("/v1/reports/summary", headers=anna).json()
    board_before = org.http.get("/v1/reports/leaderboard?board=all", headers=anna).json()

    # The same share, click and harvest again, with their original event ids.
    bus.emit(share_event("s1", "eva", Network.LINKEDIN, 750, "Engineering"), "s1-posted")
    replayed_click = LinkClicked(
        tracked_code="codes1",
        share_id="s1",
        employee_id="eva",
        content_id="c1",
        network=Network.LINKEDIN,
        department="Engineering",
        unique=True,
        clicked_at=NOW,
    )
    bus.emit(replayed_click, "s1-click-0")
    # A new event behind them: once it is counted and the queue is empty, the replays were handled.
    bus.emit(replayed_click, "s1-click-new")
    eventually(lambda: org.http.get("/v1/reports/summary", headers=anna).json()["clicks"]["value"] == 13)
    eventually(bus.settled)

    after = org.http.get("/v1/reports/summary", headers=anna).json()
    assert after["shares"] == before["shares"]
    assert after["potential_reach"] == before["potential_reach"]
    assert after["participation_rate"] == before["participation_rate"]
    assert after["clicks"]["value"] == before["clicks"]["value"] + 1
    assert after["media_value"]["value"] == before["media_value"]["value"] + 3
    board_after = org.http.get("/v1/reports/leaderboard?board=all", headers=anna).json()
    eva = next(e for e in board_after["entries"] if e.get("employee_id") == "eva")
    assert eva["points"] == next(e for e in board_before["entries"] if e.get("employee_id") == "eva")["points"] + 1
    assert cloud.dead_letters()["ReportingEventsDLQ"] == 0


def test_a_leaderboard_opt_out_hides_the_name(cloud, org):
    seed(cloud, org)
    anna, sofie = org.token("anna", "curator"), org.token("sofie")
    opted = org.http.put("/v1/me/leaderboard", json={"show_name": False}, headers=sofie)
    assert opted.status_code == 200 and opted.json() == {"show_name": False}

    reply = org.http.get("/v1/reports/leaderboard?board=all", headers=anna)
    first, second = reply.json()["entries"]
    assert first == {"rank": 1, "points": 41, "name": None, "anonymous": True, "shares": 1, "clicks": 6, "opportunities": 1}
    assert second["name"] == "Eva"
    assert "Sofie" not in reply.text and "sofie" not in reply.text
    # Sofie still sees her own place.
    mine = org.http.get("/v1/me/impact?board=all", headers=sofie).json()["rank"]["you"]
    assert mine["rank"] == 1 and mine["shows_name"] is False


def test_the_csv_opens_cleanly_as_semicolon_delimited(cloud, org):
    seed(cloud, org)
    anna = org.token("anna", "curator")
    reply = org.http.get("/v1/reports/export.csv?view=departments&delimiter=;", headers=anna)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/csv")
    assert reply.content.startswith(b"\xef\xbb\xbf")
    text = reply.content.decode("utf-8-sig")
    assert text.endswith("\r\n")
    header, *rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert all(len(row) == len(header) for row in rows)
    by_department = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_department) == {"Engineering", "Sales", 'R&D; "Labs"'}
    sales = by_department["Sales"]
    assert (sales["shares"], sales["clicks"], sales["participation_rate"], sales["media_value_eur"]) == ("1", "6", "0,5", "18,00")

    opportunities = org.http.get("/v1/reports/export.csv?view=opportunities&delimiter=;", headers=anna)
    header, row = list(csv.reader(io.StringIO(opportunities.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    logged = dict(zip(header, row, strict=True))
    assert logged["content_title"] == "'=Lessons from going event-driven"  # neutralised, not a formula
    assert logged["employee_name"] == "Sofie" and logged["description"] == "Asked for a demo"


def test_reports_refuse_bad_input_with_clear_errors(cloud, org):
    anna, eva = org.token("anna", "curator"), org.employee("eva", "Engineering")
    cases = [
        (org.http.get("/v1/reports/summary?from=2026-03-10&to=2026-03-01", headers=anna), 422, "invalid_period"),
        (org.http.get("/v1/reports/summary?from=2024-01-01&to=2026-01-01", headers=anna), 422, "invalid_period"),
        (org.http.get("/v1/reports/content/nope", headers=anna), 404, "report_content_not_found"),
        (org.http.get("/v1/reports/departments", headers=eva), 403, "forbidden_role"),
        (org.http.get("/v1/reports/export.csv", headers=eva), 403, "forbidden_role"),
        (org.http.get("/v1/reports/forecast?participants=ten", headers=anna), 422, "validation_failed"),
        (org.http.post("/v1/opportunities", json={"share_id": "nope"}, headers=eva), 404, "opportunity_share_not_found"),
    ]
    for reply, status, code in cases:
        assert reply.status_code == status, (reply.request.url, reply.text)
        assert reply.json()["error"]["code"] == code
        assert reply.json()["error"]["message"]
