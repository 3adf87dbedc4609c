"""What an employee sees and does in reporting: their own impact, the opt-out, logging opportunities."""

from __future__ import annotations

import pytest

from estafette.domain import Network
from tests.support import call, claims
from tests.unit.conftest import deliver
from tests.unit.reporting_events import ANNA, ME, REPORTS, clicked, joined, posted, project, published

EVA = claims("eva")


def impact(query: str = "", who=EVA, language: str = "en") -> dict:
    reply = call(ME, "GET", "/v1/me/impact", who=who, query=query, headers={"Accept-Language": language})
    assert reply.status == 200, reply.body
    return reply.body


def test_my_impact_shows_my_own_numbers_and_what_my_connections_are_worth(stack):
    project(joined("eva", name="Eva Bakker"))
    project(posted("s1", "eva", followers=750))
    project(posted("s2", "eva", network=Network.X, followers=200))
    project(clicked("s1", "eva"))
    project(clicked("s1", "eva", unique=False))
    project(posted("s3", "daan", followers=300))
    body = impact()
    assert body["shares"]["value"] == 2
    assert body["clicks"]["value"] == 2
    assert body["media_value"]["value"] == 6.0
    assert body["potential_reach"]["value"] == 950
    assert body["estimated_views"]["range"] == {"low": 190, "high": 475}
    connections = body["connections"]
    assert connections["value"] == 750 and connections["network"] == "linkedin"
    assert connections["views_per_share"]["range"] == {"low": 150, "high": 375}
    assert connections["sentence"] == "Your 750 LinkedIn connections ≈ 150–375 views per share."
    assert body["rank"]["you"]["rank"] == 1
    assert body["rank"]["you"]["message"] == "You lead the board. Nice work!"


def test_my_impact_speaks_dutch(stack):
    project(posted("s1", "eva", followers=1200))
    body = impact(language="nl")
    assert body["connections"]["sentence"] == "Je 1.200 connecties op LinkedIn ≈ 240–600 weergaven per deling."


def test_before_my_first_share_i_see_the_benchmark_and_an_invitation(stack):
    project(posted("s1", "daan"))
    body = impact()
    assert body["shares"]["value"] == 0
    assert body["connections"]["source"].startswith("benchmark")
    assert "750" in body["connections"]["sentence"] and "150–375" in body["connections"]["sentence"]
    assert body["rank"]["you"]["rank"] is None
    assert body["rank"]["you"]["message"] == "Share something to join the all-time leaderboard."
    assert [e["employee_id"] for e in body["rank"]["top"]] == ["daan"]


def test_my_rank_tells_me_how_far_the_next_place_is_not_who_is_last(stack):
    project(posted("s1", "daan"))
    for _ in range(4):
        project(clicked("s1", "daan"))
    project(posted("s2", "eva"))
    project(posted("s3", "sofie"))
    you = impact()["rank"]["you"]
    assert you["rank"] == 2 and you["points"] == 10
    assert you["points_to_next_place"] == 5
    assert you["message"] == "5 more points to move up a place."
    assert "ranked" not in impact()["rank"]


def test_the_opt_out_is_mine_to_read_and_change(stack):
    assert call(ME, "GET", "/v1/me/leaderboard", who=EVA).body == {"show_name": True}
    assert call(ME, "PUT", "/v1/me/leaderboard", {"show_name": False}, who=EVA).status == 200
    assert call(ME, "GET", "/v1/me/leaderboard", who=EVA).body == {"show_name": False}
    bad = call(ME, "PUT", "/v1/me/leaderboard", {"show_name": "maybe"}, who=EVA)
    assert bad.status == 422 and bad.body["error"]["field"] == "show_name"


def test_colleagues_who_opted_out_are_anonymous_in_my_top_list(stack):
    project(posted("s1", "daan"))
    project(clicked("s1", "daan"))
    project(posted("s2", "eva"))
    call(ME, "PUT", "/v1/me/leaderboard", {"show_name": False}, who=claims("daan"))
    top = impact()["rank"]["top"]
    assert top[0]["anonymous"] is True and "employee_id" not in top[0]
    assert top[1]["you"] is True


def test_a_curator_without_the_employee_role_has_no_impact_page(stack):
    assert call(ME, "GET", "/v1/me/impact", who=ANNA).status == 403


# --- opportunities ------------------------------------------------------------------------


def test_an_opportunity_from_a_share_counts_for_the_employee_who_logs_it(stack):
    project(joined("sofie", department="Sales"))
    project(posted("s1", "eva"))
    sofie = claims("sofie")
    reply = call(ME, "POST", "/v1/opportunities", {"share_id": "s1", "description": "A prospect saw Eva's post."}, who=sofie)
    assert reply.status == 201, reply.body
    assert reply.body["content_id"] == "c1" and reply.body["network"] == "linkedin"
    assert reply.body["department"] == "Sales"
    result = deliver(stack, "ReportingEventsQueue", "reporting.handlers.projector")
    assert result == {"batchItemFailures": []}
    summary = call(REPORTS, "GET", "/v1/reports/summary", who=ANNA).body
    assert summary["opportunities"]["value"] == 1
    board = call(REPORTS, "GET", "/v1/reports/leaderboard", who=ANNA, query="board=all").body["entries"]
    assert {e["employee_id"]: e["opportunities"] for e in board} == {"sofie": 1, "eva": 0}


def test_an_opportunity_can_come_from_a_content_item(stack):
    project(published("c9"))
    reply = call(ME, "POST", "/v1/opportunities", {"content_id": "c9"}, who=EVA)
    assert reply.status == 201
    assert reply.body["share_id"] is None and reply.body["network"] is None


def test_an_opportunity_needs_a_known_source(stack):
    project(posted("s1", "eva"), org="globex")
    none = call(ME, "POST", "/v1/opportunities", {"description": "Somewhere"}, who=EVA)
    assert none.status == 422 and none.body["error"]["code"] == "opportunity_source_missing"
    unknown = call(ME, "POST", "/v1/opportunities", {"share_id": "s1"}, who=EVA)  # another org's share
    assert unknown.status == 404 and unknown.body["error"]["code"] == "opportunity_share_not_found"
    content = call(ME, "POST", "/v1/opportunities", {"content_id": "nope"}, who=EVA)
    assert content.status == 404 and content.body["error"]["field"] == "content_id"
    project(posted("s2", "eva", content_id="c1"))
    mismatch = call(ME, "POST", "/v1/opportunities", {"share_id": "s2", "content_id": "c2"}, who=EVA)
    assert mismatch.status == 422 and mismatch.body["error"]["field"] == "content_id"
    extra = call(ME, "POST", "/v1/opportunities", {"share_id": "s2", "amount": 5}, who=EVA)
    assert extra.status == 422


def test_my_timeseries_charts_my_own_clicks_per_day_with_the_empty_days(stack):
    from estafette import clock

    today = clock.now().date().isoformat()
    project(posted("s1", "eva", followers=750))
    project(clicked("s1", "eva"))
    project(clicked("s1", "eva", unique=False))
    project(posted("s2", "daan"))
    project(clicked("s2", "daan"))
    reply = call(ME, "GET", "/v1/me/timeseries", who=EVA)
    assert reply.status == 200, reply.body
    days = reply.body["days"]
    assert len(days) == 30 and days[-1]["date"] == today
    assert days[-1]["clicks"] == 2 and days[-1]["shares"] == 1 and days[-1]["media_value"] == 6.0
    assert all(d["clicks"] == 0 for d in days[:-1])
    bad = call(ME, "GET", "/v1/me/timeseries", who=EVA, query="from=yesterday")
    assert bad.status == 422 and bad.body["error"]["field"] == "from"


def test_ranks_in_a_large_org_follow_the_points_with_ties_leavers_and_opt_outs(stack, monkeypatch):
    """300 colleagues on the all-time board, as the projector leaves them; every rank checked against the rules."""
    import random

    from reporting import store

    rng = random.Random(18)
    people = {}
    board = {}
    for n in range(300):
        employee_id = f"emp{n:03d}"
        people[employee_id] = {"name": f"Person {n}", "status": "left" if n % 37 == 5 else "enrolled", "show_name": n % 4 != 1}
        shares, clicks = rng.randint(0, 6), rng.choice([0, 0, 1, 2, 5, 10, 20])  # many equal scores
        if shares or clicks:
            board[employee_id] = {"shares": shares, "clicks": clicks, "opportunities": int(n % 50 == 7)}
    org_board = store.board_pk("acme", "ALL")
    with store._table().batch_writer() as batch:
        for employee_id, person in people.items():
            batch.put_item(Item={"pk": store.people_pk("acme"), "sk": store.emp_sk(employee_id), **person})
        for employee_id, counters in board.items():
            batch.put_item(Item={"pk": org_board, "sk": store.emp_sk(employee_id), **counters})

    # The rules by hand: 10 a share, 1 a click, 25 an opportunity; leavers and zero points are not ranked.
    points = {e: 10 * c["shares"] + c["clicks"] + 25 * c["opportunities"] for e, c in board.items()}
    ranked = sorted((e for e, p in points.items() if p > 0 and people[e]["status"] != "left"), key=lambda e: (-points[e], e))

    def expected_rank(employee_id: str) -> int:
        return 1 + sum(1 for other in ranked if points[other] > points[employee_id])

    # Rows written without scores (as before the index existed) are read in full; once the board is
    # re-scored (as the next event on it does), the index answers: both must show the same.
    check_ranks(people, board, points, ranked, expected_rank)
    from reporting import board_index, leaderboard

    board_index.rescore("acme", "ALL", {"share": 10, "click": 1, "opportunity": 25}, None)
    assert store.get_item(org_board, board_index.INDEX_SK)["ranked"] == len(ranked)
    monkeypatch.setattr(leaderboard, "standings", lambda *_a, **_k: pytest.fail("the whole board was read"))
    check_ranks(people, board, points, ranked, expected_rank)


def check_ranks(people: dict, board: dict, points: dict, ranked: list, expected_rank) -> None:
    reply = call(REPORTS, "GET", "/v1/reports/leaderboard", who=ANNA, query="board=all&limit=50")
    assert reply.status == 200
    assert reply.body["ranked"] == len(ranked)
    top = reply.body["entries"]
    assert [(e["rank"], e["points"]) for e in top] == [(expected_rank(e), points[e]) for e in ranked[:50]]
    for entry, employee_id in zip(top, ranked[:50], strict=True):
        assert entry.get("employee_id") == (employee_id if people[employee_id]["show_name"] else None)

    for employee_id in (ranked[0], ranked[7], ranked[len(ranked) // 2], ranked[-1]):
        you = impact(who=claims(employee_id))["rank"]["you"]
        ahead = [points[other] for other in ranked if points[other] > points[employee_id]]
        assert you["rank"] == expected_rank(employee_id) and you["points"] == points[employee_id]
        assert you["points_to_next_place"] == (min(ahead) - points[employee_id] + 1 if ahead else 0)
    leaver = next(e for e in board if people[e]["status"] == "left" and points[e] > 0)
    assert impact(who=claims(leaver))["rank"]["you"]["rank"] is None
