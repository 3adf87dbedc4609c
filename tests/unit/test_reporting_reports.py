"""The curator's reports: breakdowns, the daily series, the leaderboard and the forecast."""

from __future__ import annotations

from datetime import timedelta

import pytest

from estafette.domain import Network
from tests.support import call, claims
from tests.unit.reporting_events import (
    ANNA,
    BRAM,
    REPORTS,
    clicked,
    days_ago,
    harvested,
    joined,
    left,
    opportunity,
    posted,
    project,
    published,
)

ORG_REPORTS = [
    "/v1/reports/summary",
    "/v1/reports/timeseries",
    "/v1/reports/networks",
    "/v1/reports/departments",
    "/v1/reports/content/c1",
    "/v1/reports/contents",
    "/v1/reports/leaderboard",
    "/v1/reports/forecast",
    "/v1/reports/export.csv",
]


def get(path: str, query: str = "", who=ANNA, headers=None):
    return call(REPORTS, "GET", path, who=who, query=query, headers=headers)


def ok(path: str, query: str = "", who=ANNA) -> dict:
    reply = get(path, query, who)
    assert reply.status == 200, reply.body
    return reply.body


def set_reporting(**values) -> None:
    reply = call("organisation.handlers.api", "PUT", "/v1/org/settings", {"reporting": values}, who=BRAM)
    assert reply.status == 200, reply.body


# --- access and bad input ---------------------------------------------------------------


@pytest.mark.parametrize("path", ORG_REPORTS)
def test_an_employee_cannot_read_org_reports(stack, path):
    reply = get(path, who=claims("eva"))
    assert reply.status == 403
    assert reply.body["error"]["code"] == "forbidden_role"


@pytest.mark.parametrize("path", [p for p in ORG_REPORTS if p not in ("/v1/reports/leaderboard", "/v1/reports/forecast")])
def test_from_after_to_is_refused_on_every_period_report(stack, path):
    project(published("c1"))
    reply = get(path, "from=2026-11-10&to=2026-11-01")
    assert reply.status == 422
    assert reply.body["error"]["code"] == "invalid_period"
    assert reply.body["error"]["field"] == "from"


def test_a_period_over_400_days_is_refused(stack):
    start = days_ago(500).date()
    reply = get("/v1/reports/summary", f"from={start.isoformat()}")
    assert reply.status == 422
    assert "400" in reply.body["error"]["message"]
    assert get("/v1/reports/summary", f"from={days_ago(399).date()}").status == 200


def test_a_malformed_date_names_the_parameter(stack):
    reply = get("/v1/reports/summary", "from=yesterday")
    assert reply.status == 422
    assert reply.body["error"]["field"] == "from"


def test_an_unknown_content_item_is_not_found(stack):
    reply = get("/v1/reports/content/nope")
    assert reply.status == 404
    assert reply.body["error"]["code"] == "report_content_not_found"
    assert "nope" in reply.body["error"]["message"]


def test_another_orgs_content_is_not_found(stack):
    project(published("c1"), org="globex")
    assert get("/v1/reports/content/c1").status == 404


def test_an_unknown_board_is_refused(stack):
    reply = get("/v1/reports/leaderboard", "board=decade")
    assert reply.status == 422 and reply.body["error"]["field"] == "board"


# --- breakdowns ---------------------------------------------------------------------------


def test_departments_show_their_own_participation(stack):
    for who, department in [("eva", "Engineering"), ("daan", "Engineering"), ("sofie", "Sales"), ("liam", "Sales")]:
        project(joined(who, department))
    project(posted("s1", "eva", followers=750))
    project(clicked("s1", "eva"))
    project(clicked("s1", "eva", unique=False))
    project(posted("s2", "sofie", department="Sales", followers=1200))
    project(harvested("s2", "sofie", impressions=300, reactions=7))  # department from the share
    project(opportunity("o1", "sofie", share_id="s2", department="Sales"))
    rows = {r["department"]: r for r in ok("/v1/reports/departments")["departments"]}
    assert rows["Engineering"] | {} == {
        "department": "Engineering",
        "enrolled": 2,
        "active_advocates": 1,
        "participation_rate": 0.5,
        "shares": 1,
        "clicks": 2,
        "unique_clicks": 1,
        "clicks_per_share": 2.0,
        "potential_reach": 750,
        "estimated_views": {"low": 150, "high": 375},
        "impressions": 0,
        "engagement": 0,
        "media_value": 6.0,
        "opportunities": 0,
    }
    assert rows["Sales"]["impressions"] == 300
    assert rows["Sales"]["engagement"] == 7
    assert rows["Sales"]["opportunities"] == 1
    assert rows["Sales"]["estimated_views"] == {"low": 240, "high": 600}


def test_participation_counts_leavers_who_shared_as_enrolled_too(stack):
    project(joined("eva", "Engineering"))
    project(joined("daan", "Engineering"))
    project(posted("s1", "daan"))
    project(left("daan"))  # daan shared, then left; eva, still here, shared nothing
    rows = {r["department"]: r for r in ok("/v1/reports/departments")["departments"]}
    assert (rows["Engineering"]["active_advocates"], rows["Engineering"]["enrolled"]) == (1, 2)
    assert rows["Engineering"]["participation_rate"] == 0.5  # not 100%
    summary = ok("/v1/reports/summary")["participation_rate"]
    assert summary["inputs"] == {"active_advocates": 1, "enrolled": 2} and summary["value"] == 0.5


def test_departments_with_different_spelling_are_one(stack):
    project(posted("s1", "eva", department="Engineering"))
    project(posted("s2", "daan", department="engineering "))
    rows = ok("/v1/reports/departments")["departments"]
    assert [(r["department"], r["shares"], r["active_advocates"]) for r in rows] == [("Engineering", 2, 2)]


def test_the_network_split_values_each_network_at_its_own_cpc(stack):
    set_reporting(cpc_eur={"linkedin": 3, "x": 1.5})
    project(posted("s1", "eva", network=Network.LINKEDIN, followers=500))
    project(posted("s2", "eva", network=Network.X, followers=200))
    project(posted("s3", "daan", network=Network.BLUESKY, followers=100))
    for _ in range(4):
        project(clicked("s1", network=Network.LINKEDIN))
    project(clicked("s2", network=Network.X))
    project(clicked("s3", network=Network.BLUESKY))
    networks = {n["network"]: n for n in ok("/v1/reports/networks")["networks"]}
    assert list(networks) == ["linkedin", "x", "bluesky"]
    assert networks["linkedin"]["media_value"] == 12.0
    assert networks["x"]["media_value"] == 1.5
    assert networks["bluesky"]["media_value"] == 0.0 and networks["bluesky"]["cpc_eur"] is None
    assert networks["x"]["estimated_views"] == {"low": 40, "high": 100}
    assert ok("/v1/reports/summary")["media_value"]["value"] == 13.5


def test_the_daily_series_has_a_row_for_every_day(stack):
    project(posted("s1", "eva", at=days_ago(2)))
    project(clicked("s1", "eva", at=days_ago(1)))
    project(clicked("s1", "eva", at=days_ago(1), unique=False))
    body = ok("/v1/reports/timeseries", f"from={days_ago(3).date()}")
    days = body["days"]
    assert [d["date"] for d in days] == [days_ago(n).date().isoformat() for n in (3, 2, 1, 0)]
    assert [d["shares"] for d in days] == [0, 1, 0, 0]
    assert [d["clicks"] for d in days] == [0, 0, 2, 0]
    assert [d["active_advocates"] for d in days] == [0, 1, 0, 0]
    assert days[2]["media_value"] == 6.0
    assert days[1]["estimated_views"] == {"low": 150, "high": 375}


def test_a_content_report_follows_one_item(stack):
    project(published("c1", title="Lessons", at=days_ago(5)))
    project(published("c2", title="Other"))
    project(posted("s1", "eva", content_id="c1", at=days_ago(4)))
    project(posted("s2", "daan", content_id="c2"))
    project(clicked("s1", "eva", content_id="c1", at=days_ago(3)))
    project(opportunity("o1", "eva", share_id="s1", content_id="c1"))
    body = ok("/v1/reports/content/c1")
    assert body["title"] == "Lessons" and body["type"] == "expertise"
    assert body["period"]["from"] == days_ago(5).date().isoformat()
    assert body["shares"]["value"] == 1 and body["clicks"]["value"] == 1
    assert body["opportunities"]["value"] == 1
    assert body["media_value"]["value"] == 3.0
    assert len(body["days"]) == 6
    assert [n["network"] for n in body["networks"]] == ["linkedin"]


def test_the_period_per_content_item_ranks_by_clicks_with_titles(stack):
    project(published("c1", title="Lessons", at=days_ago(5)))
    project(published("c2", title="Other", at=days_ago(5)))
    project(posted("s1", "eva", content_id="c1", at=days_ago(4)))
    project(posted("s2", "daan", content_id="c2", at=days_ago(4)))
    project(posted("s3", "sofie", content_id="c2", at=days_ago(3)))
    project(clicked("s1", "eva", content_id="c1", at=days_ago(3)))
    project(clicked("s1", "eva", content_id="c1", at=days_ago(2)))
    project(posted("s4", "eva", content_id="c1", at=days_ago(60)))
    body = ok("/v1/reports/contents")
    rows = [(r["content_id"], r["title"], r["shares"], r["clicks"], r["media_value"]) for r in body["items"]]
    assert rows == [("c1", "Lessons", 1, 2, 6.0), ("c2", "Other", 2, 0, 0.0)]
    assert body["items"][0]["clicks_per_share"] == 2.0 and body["items_with_activity"] == 2
    assert [r["content_id"] for r in ok("/v1/reports/contents", "limit=1")["items"]] == ["c1"]
    old = ok("/v1/reports/contents", f"from={days_ago(61).date()}&to={days_ago(59).date()}")
    assert [(r["content_id"], r["shares"]) for r in old["items"]] == [("c1", 1)]


def test_content_known_only_from_its_shares_still_has_a_report(stack):
    project(posted("s1", "eva", content_id="c5", at=days_ago(100)))
    body = ok("/v1/reports/content/c5")
    assert body["shares"]["value"] == 1
    assert body["period"]["days"] == 400
    assert "title" not in body and "active_advocates" not in body["days"][0]


# --- leaderboard --------------------------------------------------------------------------


def board(query: str = "board=all") -> dict:
    return ok("/v1/reports/leaderboard", query)


def test_points_follow_the_orgs_rules(stack):
    project(posted("s1", "eva"))
    for _ in range(3):
        project(clicked("s1", "eva"))
    project(posted("s2", "daan"))
    project(opportunity("o1", "daan", share_id="s2"))
    entries = board()["entries"]
    assert [(e["employee_id"], e["points"]) for e in entries] == [("daan", 35), ("eva", 13)]
    assert board()["formula"] == "10 × shares + 1 × clicks + 25 × opportunities"
    set_reporting(points={"click": 5, "share": 1})
    entries = board()["entries"]
    assert [(e["employee_id"], e["points"]) for e in entries] == [("eva", 16), ("daan", 1)]


def test_names_come_from_the_directory(stack):
    project(joined("eva", name="Eva Bakker"))
    project(posted("s1", "eva"))
    assert board()["entries"][0]["name"] == "Eva Bakker"


def test_equal_points_share_a_place(stack):
    for n, who in enumerate(["eva", "daan", "sofie"]):
        project(posted(f"s{n}", who))
    project(clicked("s0", "eva"))
    assert [(e["rank"], e["employee_id"]) for e in board()["entries"]] == [(1, "eva"), (2, "daan"), (2, "sofie")]


def test_the_board_shows_the_top_places_only(stack):
    for n in range(5):
        project(posted(f"s{n}", f"emp{n}"))
    body = ok("/v1/reports/leaderboard", "board=all&limit=3")
    assert len(body["entries"]) == 3 and body["ranked"] == 5
    set_reporting(leaderboard_size=2)
    assert len(board()["entries"]) == 2


def test_weekly_monthly_and_all_time_boards(stack):
    project(posted("s1", "eva", at=days_ago(40)))
    project(posted("s2", "daan"))
    week = board("board=week")
    assert [e["employee_id"] for e in week["entries"]] == ["daan"]
    assert week["period"]["from"] <= days_ago(0).date().isoformat() <= week["period"]["to"]
    assert [e["employee_id"] for e in board("board=month")["entries"]] == ["daan"]
    assert {e["employee_id"] for e in board("board=all")["entries"]} == {"eva", "daan"}
    then = board(f"board=month&at={days_ago(40).date()}")
    assert [e["employee_id"] for e in then["entries"]] == ["eva"]


def test_an_opted_out_employee_keeps_their_place_without_their_name(stack):
    project(joined("eva", name="Eva Bakker"))
    project(posted("s1", "eva"))
    project(clicked("s1", "eva"))
    project(posted("s2", "daan"))
    reply = call("reporting.handlers.me", "PUT", "/v1/me/leaderboard", {"show_name": False}, who=claims("eva"))
    assert reply.status == 200
    first, second = board()["entries"]
    assert first == {"rank": 1, "points": 11, "name": None, "anonymous": True, "shares": 1, "clicks": 1, "opportunities": 0}
    assert second["name"] == "daan" and second["employee_id"] == "daan"


def test_employees_who_left_are_not_on_the_board(stack):
    project(joined("eva"))
    project(posted("s1", "eva"))
    project(posted("s2", "daan"))
    project(left("eva"))
    assert [e["employee_id"] for e in board()["entries"]] == ["daan"]


def test_an_org_can_switch_the_leaderboard_off(stack):
    project(posted("s1", "eva"))
    set_reporting(leaderboard_enabled=False)
    body = board()
    assert body["enabled"] is False and body["entries"] == []


def test_points_rules_are_validated(stack):
    reply = call("organisation.handlers.api", "PUT", "/v1/org/settings", {"reporting": {"points": {"like": 3}}}, who=BRAM)
    assert reply.status == 422
    negative = call("organisation.handlers.api", "PUT", "/v1/org/settings", {"reporting": {"points": {"share": -5}}}, who=BRAM)
    assert negative.status == 422


# --- forecast -----------------------------------------------------------------------------


def test_without_history_the_forecast_is_for_the_orgs_own_people_over_a_named_month(stack):
    for n in range(7):
        project(joined(f"person{n}"))
    project(left("person6"))
    body = ok("/v1/reports/forecast")
    assert body["value"] == 6 * 5 * 6 * 3.0  # not the benchmark's 1000 advocates (€90,000)
    assert {k: v["value"] for k, v in body["inputs"].items()} == {
        "participants": 6,
        "posts_per_participant": 5.0,
        "clicks_per_share": 6.0,
        "cpc": 3.0,
    }
    assert body["inputs"]["participants"]["source"] == "enrolled"
    assert {body["inputs"][k]["source"] for k in ("posts_per_participant", "clicks_per_share", "cpc")} == {"benchmark"}
    assert body["period"]["days"] == 30 and body["period"]["from"] < body["period"]["to"]
    assert body["period"]["from"] in body["horizon"] and "30 days" in body["horizon"]
    assert body["benchmarks"]["participants"] == 1000
    assert body["history"]["enough"] is False


def test_query_parameters_override_forecast_inputs(stack):
    body = ok("/v1/reports/forecast", "participants=50&posts_per_participant=4&cpc=2.5")
    assert body["value"] == 50 * 4 * 6 * 2.5
    assert body["inputs"]["participants"] == {"value": 50, "source": "query"}
    assert body["inputs"]["clicks_per_share"]["source"] == "benchmark"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("participants=many", "participants"),
        ("posts_per_participant=five", "posts_per_participant"),
        ("clicks_per_share=nan", "clicks_per_share"),
        ("cpc=-1", "cpc"),
        ("cpc=inf", "cpc"),
        ("participants=2.5", "participants"),
    ],
)
def test_non_numeric_forecast_inputs_are_refused(stack, query, field):
    reply = get("/v1/reports/forecast", query)
    assert reply.status == 422
    assert reply.body["error"]["field"] == field


def test_with_enough_history_the_forecast_uses_the_orgs_own_numbers(stack):
    from reporting import forecast

    # 5 advocates × 6 shares over 35 days, 1.5 clicks per share: enough history.
    n = 0
    for who in ("eva", "daan", "sofie", "liam", "noor"):
        for k in range(6):
            project(posted(f"s{n}", who, at=days_ago(1 + 7 * k)))
            n += 1
    for share in range(0, n, 2):
        for _ in range(3):
            project(clicked(f"s{share}"))
    assert n >= forecast.MIN_SHARES
    body = ok("/v1/reports/forecast")
    assert body["history"]["enough"] is True
    inputs = {k: v["value"] for k, v in body["inputs"].items()}
    assert inputs == {"participants": 5, "posts_per_participant": 6.0, "clicks_per_share": 1.5, "cpc": 3.0}
    assert body["value"] == 5 * 6 * 1.5 * 3.0
    assert {v["source"] for v in body["inputs"].values()} == {"history"}


def test_a_young_history_is_not_enough(stack):
    for n in range(30):
        project(posted(f"s{n}", f"emp{n % 5}", at=days_ago(n % 3)))
    body = ok("/v1/reports/forecast")
    assert body["history"]["enough"] is False
    assert body["history"]["span_days"] == 2
    assert body["inputs"]["posts_per_participant"]["source"] == "benchmark"
    assert body["inputs"]["participants"] == {"value": 0, "source": "enrolled"}  # nobody arrived through HR here


def test_summary_of_an_empty_period_is_all_zeros(stack):
    body = ok("/v1/reports/summary", f"from={(days_ago(10) - timedelta(days=5)).date()}&to={days_ago(10).date()}")
    assert body["shares"]["value"] == 0 and body["clicks_per_share"]["value"] == 0
    assert body["participation_rate"]["value"] == 0
    assert body["estimated_views"]["range"] == {"low": 0, "high": 0}


def test_reports_show_the_api_cost_next_to_the_media_value(stack):
    # X's pay-per-use prices: $0.20 per post with a URL, $0.005 per post read (read on 18 days over the window).
    set_reporting(cpc_eur={"linkedin": 3, "x": 1.5}, eur_per_usd=0.9)
    project(posted("s1", "eva", network=Network.X, followers=200))
    project(posted("s2", "daan", network=Network.X, followers=300))
    project(posted("s3", "eva", network=Network.LINKEDIN, followers=500))
    for _ in range(3):
        project(clicked("s1", network=Network.X))
    summary = ok("/v1/reports/summary")
    per_post_usd = 0.20 + 18 * 0.005  # 0.29
    expected_eur = round(2 * per_post_usd * 0.9, 2)  # 0.52
    assert summary["api_cost"]["value"] == expected_eur and summary["api_cost"]["currency"] == "EUR"
    assert summary["api_cost"]["inputs"]["networks"]["x"]["posts"] == 2
    assert summary["api_cost"]["inputs"]["networks"]["x"]["cost"] == round(2 * per_post_usd, 2)
    assert "linkedin" not in summary["api_cost"]["inputs"]["networks"]  # LinkedIn charges nothing
    assert summary["media_value"]["value"] == 4.5
    assert summary["media_value_after_api_cost"]["value"] == round(4.5 - expected_eur, 2)
    networks = {n["network"]: n for n in ok("/v1/reports/networks")["networks"]}
    assert networks["x"]["api_cost_eur"] == expected_eur and networks["linkedin"]["api_cost_eur"] == 0.0


def test_linkedin_engagement_without_the_analytics_scope_is_not_available_rather_than_zero(stack):
    missing = {"metrics_missing_scopes": ["r_member_postAnalytics"]}
    project(posted("s1", "eva", network=Network.LINKEDIN, **missing))
    project(posted("s2", "daan", network=Network.LINKEDIN, **missing))
    project(posted("s3", "eva", network=Network.X))
    project(harvested("s3", "eva", network=Network.X, reactions=4))
    summary = ok("/v1/reports/summary")
    [gap] = summary["engagement"]["not_available"]
    assert gap["network"] == "linkedin" and gap["missing_scopes"] == ["r_member_postAnalytics"]
    assert gap["shares_without_metrics"] == 2 and gap["shares"] == 2
    assert "not available for LinkedIn: the app lacks r_member_postAnalytics" in gap["message"]
    assert "niet beschikbaar voor LinkedIn: de app mist r_member_postAnalytics" in gap["messages"]["nl"]
    networks = {n["network"]: n for n in ok("/v1/reports/networks")["networks"]}
    assert networks["linkedin"]["engagement"] is None and networks["linkedin"]["impressions"] is None
    assert networks["x"]["engagement"] == {"reactions": 4, "comments": 0, "reshares": 0}


def test_reach_says_how_much_of_it_is_self_reported_or_unknown(stack):
    project(posted("s1", "eva", followers=850, followers_source="self_reported"))
    project(posted("s2", "daan", followers=0, followers_source="unknown"))
    project(posted("s3", "sofie", followers=400))
    reach = ok("/v1/reports/summary")["potential_reach"]
    assert reach["value"] == 1250
    assert reach["sources"] == {"network": 1, "self_reported": 1, "unknown": 1}
    assert "self_reported" in reach["note"]
