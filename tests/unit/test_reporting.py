"""Reports are built from aggregates; a replayed event never counts twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from estafette.domain import Network
from estafette.events import EventMetadata, LinkClicked, SharePosted
from tests.support import call, claims

REPORTS = "reporting.handlers.api"
ANNA = claims("anna", roles=("curator",))


def posted(share_id="s1", network=Network.LINKEDIN, followers=750):
    return SharePosted(
        share_id=share_id,
        employee_id="eva",
        content_id="c1",
        network=network,
        external_post_id="urn:li:share:1",
        tracked_code="Ab3dE6gH9k",
        tracked_url="https://go.example/r/Ab3dE6gH9k",
        target_url="https://example.com",
        content_slug="c",
        followers=followers,
        posted_at=datetime.now(UTC),
    )


def clicked(unique=True, network=Network.LINKEDIN):
    return LinkClicked(
        tracked_code="Ab3dE6gH9k",
        share_id="s1",
        employee_id="eva",
        content_id="c1",
        network=network,
        unique=unique,
        clicked_at=datetime.now(UTC),
    )


def meta(event_id, org="acme"):
    return EventMetadata(event_id=event_id, org_id=org)


def test_one_share_and_one_click_are_worth_one_linkedin_cpc(stack):
    from reporting.projector import project

    assert project(posted(), meta("e1"))
    assert project(clicked(), meta("e2"))
    summary = call(REPORTS, "GET", "/v1/reports/summary", who=ANNA).body
    assert summary["shares"]["value"] == 1
    assert summary["clicks"]["value"] == 1
    assert summary["unique_clicks"]["value"] == 1
    assert summary["media_value"]["value"] == 3.0
    assert summary["media_value"]["inputs"]["cpc_eur"]["linkedin"] == 3.0
    assert summary["potential_reach"]["value"] == 750
    assert summary["clicks_per_share"] == {"value": 1.0, "formula": "clicks ÷ shares", "benchmark": 6}


def test_a_replayed_event_changes_nothing(stack):
    from reporting.projector import project

    assert project(clicked(), meta("same-id")) is True
    assert project(clicked(), meta("same-id")) is False
    assert call(REPORTS, "GET", "/v1/reports/summary", who=ANNA).body["clicks"]["value"] == 1


def test_clicks_on_networks_without_a_cpc_add_no_invented_value(stack):
    from reporting.projector import project

    project(clicked(network=Network.X), meta("x1"))
    media = call(REPORTS, "GET", "/v1/reports/summary", who=ANNA).body["media_value"]
    assert media["value"] == 0
    assert media["networks_without_cpc"] == ["x"]


def test_reports_are_scoped_to_the_callers_org(stack):
    from reporting.projector import project

    project(clicked(), meta("o1", org="other-org"))
    assert call(REPORTS, "GET", "/v1/reports/summary", who=ANNA).body["clicks"]["value"] == 0


def test_employee_cannot_read_org_reports(stack):
    reply = call(REPORTS, "GET", "/v1/reports/summary", who=claims("eva"))
    assert reply.status == 403


def test_from_after_to_is_refused(stack):
    reply = call(REPORTS, "GET", "/v1/reports/summary", who=ANNA, query="from=2026-11-10&to=2026-11-01")
    assert reply.status == 422
    assert reply.body["error"]["code"] == "invalid_period"


def test_a_period_over_400_days_is_refused(stack):
    start = (datetime.now(UTC) - timedelta(days=500)).date()
    reply = call(REPORTS, "GET", "/v1/reports/summary", who=ANNA, query=f"from={start.isoformat()}")
    assert reply.status == 422


def test_a_malformed_date_names_the_parameter(stack):
    reply = call(REPORTS, "GET", "/v1/reports/summary", who=ANNA, query="from=yesterday")
    assert reply.status == 422
    assert reply.body["error"]["field"] == "from"
