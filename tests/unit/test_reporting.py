"""The projector: every domain event counted once, into aggregates the reports read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from estafette.domain import Network
from estafette.events import EventMetadata
from tests.support import call
from tests.unit.reporting_events import (
    ANNA,
    REPORTS,
    clicked,
    days_ago,
    failed,
    harvested,
    joined,
    left,
    opportunity,
    posted,
    project,
    published,
    table_items,
    today,
)


def summary(query: str = "", who=ANNA) -> dict:
    reply = call(REPORTS, "GET", "/v1/reports/summary", who=who, query=query)
    assert reply.status == 200, reply.body
    return reply.body


def test_one_share_and_one_click_are_worth_one_linkedin_cpc(stack):
    assert project(posted())
    assert project(clicked())
    report = summary()
    assert report["shares"]["value"] == 1
    assert report["clicks"]["value"] == 1
    assert report["unique_clicks"]["value"] == 1
    assert report["media_value"]["value"] == 3.0
    assert report["media_value"]["inputs"]["cpc_eur"]["linkedin"] == 3.0
    assert report["potential_reach"]["value"] == 750
    assert report["clicks_per_share"]["value"] == 1.0
    assert report["clicks_per_share"]["benchmark"] == 6


EVERY_KIND = [
    joined("eva"),
    published(),
    posted(),
    clicked(),
    harvested(impressions=40, reactions=3),
    opportunity(),
    failed(),
    left("eva"),
]


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: e.name())
def test_a_replayed_event_changes_nothing(stack, event):
    assert project(event, event_id="same-id") is True
    before = table_items()
    assert project(event, event_id="same-id") is False
    assert table_items() == before


def test_every_event_fits_one_small_transaction(stack):
    from reporting.projector import Known, writes_for

    metadata = EventMetadata(event_id="e", org_id="acme")
    worst = Known(index=7, first_share_of_day=True, share={"department": "Sales"}, person={"status": "enrolled"})
    sizes = {event.name(): len(writes_for(event, metadata, worst)) for event in EVERY_KIND}
    # A share's writes: the org, department, content, contents (the per-item ranking) and employee days,
    # the boards, people and markers; far below the 100 a DynamoDB transaction may hold.
    assert max(sizes.values()) <= 13, sizes
    assert sizes["ShareFailed"] == 2


def test_harvests_add_the_new_metrics_not_the_running_totals(stack):
    project(posted())
    project(harvested(impressions=100, reactions=4, comments=1, totals=(100, 4, 1, 0)))
    project(harvested(impressions=50, reactions=2, reshares=1, totals=(150, 6, 1, 1)))
    report = summary()
    assert report["impressions"]["value"] == 150
    assert report["engagement"]["value"] == 6 + 1 + 1
    assert report["engagement"]["inputs"] == {"reactions": 6, "comments": 1, "reshares": 1}


def test_active_advocates_count_each_sharer_once_over_the_period(stack):
    for who in ("eva", "daan", "sofie", "liam"):
        project(joined(who))
    project(posted("s1", "eva", at=days_ago(3)))
    project(posted("s2", "eva", at=days_ago(3)))  # twice on one day
    project(posted("s3", "eva", at=days_ago(1)))  # and again another day
    project(posted("s4", "daan", at=days_ago(1)))
    rate = summary()["participation_rate"]
    assert rate["inputs"] == {"active_advocates": 2, "enrolled": 4}
    assert rate["value"] == 0.5
    assert rate["formula"] == "active advocates ÷ enrolled advocates"
    last_two_days = summary(f"from={days_ago(1).date()}")["participation_rate"]
    assert last_two_days["inputs"]["active_advocates"] == 2
    only_day_three = summary(f"from={days_ago(3).date()}&to={days_ago(3).date()}")["participation_rate"]
    assert only_day_three["inputs"]["active_advocates"] == 1


def test_advocates_beyond_the_first_hundred_keep_their_own_bit(stack):
    from estafette.aws import table
    from reporting import store
    from reporting.config import config

    # As if 98 advocates had shared before: the next slots straddle the first 100-bit chunk.
    table(config().reporting_table_name).put_item(Item={"pk": "ORG#acme", "sk": "DIRECTORY", "next_index": 98})
    for n, who in enumerate(["eva", "daan", "sofie", "liam"]):
        project(posted(f"s{n}", who))
        project(posted(f"t{n}", who))
    assert [int(store.person("acme", who)["index"]) for who in ("eva", "daan", "sofie", "liam")] == [98, 99, 100, 101]
    assert summary()["participation_rate"]["inputs"]["active_advocates"] == 4


def test_participation_counts_everyone_enrolled_during_the_period(stack):
    ten_days_ago = days_ago(10)
    for who in ("eva", "daan", "sofie"):
        project(joined(who), at=ten_days_ago)
    project(posted("s1", "eva", at=days_ago(8)))
    project(left("sofie"), at=days_ago(2))  # left after the period below
    project(joined("liam"), at=days_ago(1))  # joined after it
    past = summary(f"from={days_ago(9).date()}&to={days_ago(5).date()}")["participation_rate"]
    assert past["inputs"] == {"active_advocates": 1, "enrolled": 3}
    now = summary()["participation_rate"]
    # eva, daan, liam, and sofie: she left during this period, so she was enrolled in it (and did not share).
    assert now["inputs"] == {"active_advocates": 1, "enrolled": 4}


def test_an_employee_who_joins_twice_is_enrolled_once(stack):
    project(joined("eva"))
    project(joined("eva", department="Sales"))
    project(left("eva"))
    project(left("eva"))
    project(joined("daan"))
    # Eva counts once however often HR reports her (she left during the period, so she was enrolled in it).
    assert summary()["participation_rate"]["inputs"]["enrolled"] == 2


def test_sharers_who_never_came_through_hr_keep_the_rate_at_most_one(stack):
    project(posted("s1", "eva"))
    rate = summary()["participation_rate"]
    assert rate["value"] == 1.0
    assert "note" in rate


def test_failed_shares_are_counted_apart_from_shares(stack):
    project(failed("s8"))
    project(failed("s9", network=Network.X))
    report = summary()
    assert report["shares"]["value"] == 0
    assert report["failed_shares"]["value"] == 2


def test_clicks_on_networks_without_a_cpc_add_no_invented_value(stack):
    project(clicked(network=Network.X))
    media = summary()["media_value"]
    assert media["value"] == 0
    assert media["networks_without_cpc"] == ["x"]


def test_reports_are_scoped_to_the_callers_org(stack):
    project(clicked(), org="other-org")
    assert summary()["clicks"]["value"] == 0


def test_concurrent_transactions_on_the_day_item_are_retried(stack, monkeypatch):
    from botocore.exceptions import ClientError

    from estafette.aws import table
    from reporting import store
    from reporting.config import config

    project(clicked())  # the day's boards are indexed by their first event (reporting.board_index)
    client = table(config().reporting_table_name).meta.client
    real = client.transact_write_items
    calls = []

    def conflicting_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            reasons = [{"Code": "None"}, {"Code": "TransactionConflict"}]
            raise ClientError(
                {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"}, "CancellationReasons": reasons},
                "TransactWriteItems",
            )
        return real(**kwargs)

    monkeypatch.setattr(client, "transact_write_items", conflicting_once)
    monkeypatch.setattr(store.time, "sleep", lambda _s: None)
    assert project(clicked())
    assert len(calls) == 2
    assert summary()["clicks"]["value"] == 2


def test_content_published_is_remembered_for_the_content_report(stack):
    project(published("c7", title="Why people trust people", at=today() - timedelta(days=2)))
    reply = call(REPORTS, "GET", "/v1/reports/content/c7", who=ANNA)
    assert reply.status == 200
    assert reply.body["title"] == "Why people trust people"
    assert reply.body["period"]["from"] == days_ago(2).date().isoformat()
