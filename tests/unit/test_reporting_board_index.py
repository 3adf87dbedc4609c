"""The leaderboard index the projector keeps: the same places as reading the whole board, from a bounded read."""

from __future__ import annotations

import pytest

from tests.support import call, claims
from tests.unit.reporting_events import ANNA, ME, REPORTS, clicked, harvested, joined, left, opportunity, posted, project

PERIOD = "ALL"


def full_answer(board: str = "all", limit: int = 50) -> list[dict]:
    """The leaderboard as reading every row of the board under the current rules gives it."""
    from estafette import settings
    from reporting import leaderboard, periods
    from reporting.periods import Board

    rules = settings.for_org("acme").reporting
    ranked = leaderboard.standings("acme", Board(board), periods.today(), rules)
    return [s.entry() for s in ranked[:limit]]


def board_reply(board: str = "all", limit: int = 50) -> dict:
    reply = call(REPORTS, "GET", "/v1/reports/leaderboard", who=ANNA, query=f"board={board}&limit={limit}")
    assert reply.status == 200, reply.body
    return reply.body


def you(employee_id: str) -> dict:
    reply = call(ME, "GET", "/v1/me/impact", who=claims(employee_id))
    assert reply.status == 200, reply.body
    return reply.body["rank"]["you"]


def index_items(period: str = PERIOD) -> dict:
    from reporting import store

    return {item["sk"]: item for item in store.query_partition(store.board_pk("acme", period))}


def fresh_build(period: str = PERIOD) -> tuple[dict, dict]:
    from estafette import settings
    from reporting import board_index, store

    items = index_items(period)
    rows = [item for sk, item in items.items() if sk.startswith("EMP#")]
    rules = settings.for_org("acme").reporting.points
    gen = board_index.gen_of(items.get(board_index.INDEX_SK))
    return board_index.build("acme", period, rows, store.people("acme"), rules, gen)


def assert_index_is_a_fresh_build(period: str = PERIOD) -> None:
    """What the projector's event-by-event moves left equals building the index from the counters."""
    from estafette import settings
    from reporting import board_index

    scores, histogram = fresh_build(period)
    items = index_items(period)
    meta = items[board_index.INDEX_SK]
    assert meta["rules"] == board_index.fingerprint(settings.for_org("acme").reporting.points)
    current = f"HIST#{board_index.gen_of(meta)}#"
    kept = {
        sk: {k: int(v) for k, v in item.items() if k not in ("pk", "sk", "rules", "gen")}
        for sk, item in items.items()
        if sk == board_index.INDEX_SK or sk.startswith(current)
    }

    def nonzero(items: dict) -> dict:  # a count that went back to 0 is the same as none
        counted = {sk: {k: v for k, v in item.items() if v != 0} for sk, item in items.items()}
        return {sk: item for sk, item in counted.items() if item}

    assert nonzero(kept) == nonzero(histogram)
    for employee_id, target in scores.items():
        row = items[f"EMP#{employee_id}"]
        assert ("board" in row) == target["ranked"], employee_id
        if target["ranked"]:
            assert int(row["score"]) == target["score"]
            assert row["board_rank"] == board_index.rank_key(target["score"], employee_id)


def a_small_org() -> None:
    for name in ("eva", "daan", "sofie", "piet", "noor"):
        project(joined(name))
    project(posted("s1", "eva"))
    project(posted("s2", "daan"))
    for _ in range(3):
        project(clicked("s2", "daan"))
    project(posted("s3", "sofie"))
    project(posted("s4", "piet"))
    project(opportunity("o1", "piet", share_id="s4"))
    project(harvested("s1", "eva", reactions=4))  # no points under the default rules
    project(posted("s5", "eva"))  # eva and piet's opportunity: 20 against 35


def test_the_index_answers_what_reading_the_whole_board_answers(stack, monkeypatch):
    a_small_org()
    call(ME, "PUT", "/v1/me/leaderboard", {"show_name": False}, who=claims("sofie"))
    assert_index_is_a_fresh_build()
    assert_index_is_a_fresh_build(next(p for p in index_periods() if p.startswith("M")))
    full = full_answer()
    from reporting import leaderboard

    def no_full_read(*_args, **_kwargs):
        raise AssertionError("the whole board was read")

    monkeypatch.setattr(leaderboard, "standings", no_full_read)
    body = board_reply()
    assert body["entries"] == full and body["ranked"] == 4
    assert [(e["rank"], e["points"]) for e in body["entries"]] == [(1, 35), (2, 20), (3, 13), (4, 10)]
    assert body["entries"][3]["anonymous"] is True  # sofie opted out
    assert you("daan") | {"message": ""} == {
        "rank": 3,
        "points": 13,
        "points_to_next_place": 8,
        "shows_name": True,
        "message": "",
    }
    assert you("noor")["rank"] is None  # no points, not ranked


def index_periods() -> list[str]:
    from reporting import periods

    return list(periods.board_periods(periods.today()))


def test_the_next_place_can_be_in_a_higher_score_range(stack):
    for n in range(9):
        project(posted(f"s{n}", "eva"))
        project(clicked(f"s{n}", "eva"))  # 99 points
    for n in range(10):
        project(opportunity(f"o{n}", "daan", share_id=None))  # 250 points, two ranges up
    eva, daan = you("eva"), you("daan")
    assert (eva["rank"], eva["points"], eva["points_to_next_place"]) == (2, 99, 152)
    assert (daan["rank"], daan["points"], daan["points_to_next_place"]) == (1, 250, 0)
    assert_index_is_a_fresh_build()


def test_a_leaver_leaves_the_boards_and_their_later_clicks_do_not_bring_them_back(stack):
    a_small_org()
    assert board_reply()["ranked"] == 4
    project(left("piet"))
    project(clicked("s4", "piet"))
    body = board_reply()
    assert body["ranked"] == 3 and "piet" not in [e.get("employee_id") for e in body["entries"]]
    assert you("eva")["rank"] == 1 and you("piet")["rank"] is None
    assert body["entries"] == full_answer()
    assert_index_is_a_fresh_build()


def test_a_rules_change_is_followed_at_once_and_the_next_event_re_scores_the_board(stack, monkeypatch):
    from estafette import settings
    from estafette.settings import OrgSettings
    from reporting import board_index, store

    a_small_org()
    settings.save("acme", OrgSettings.model_validate({"reporting": {"points": {"share": 1, "click": 10}}}), "bram")
    # Not re-scored yet: the board is read in full under the new rules, never with two rule sets.
    body = board_reply()
    assert [(e.get("employee_id"), e["points"]) for e in body["entries"]] == [("daan", 31), ("eva", 2), ("piet", 1), ("sofie", 1)]
    assert you("daan")["points"] == 31
    project(clicked("s3", "sofie"))  # the next event on the boards re-scores them first
    meta = store.get_item(store.board_pk("acme", PERIOD), board_index.INDEX_SK)
    assert meta["rules"] == board_index.fingerprint({"share": 1, "click": 10})
    assert_index_is_a_fresh_build()
    from reporting import leaderboard

    monkeypatch.setattr(leaderboard, "standings", lambda *_a, **_k: pytest.fail("the whole board was read"))
    body = board_reply()
    assert [(e.get("employee_id"), e["points"]) for e in body["entries"]] == [
        ("daan", 31),
        ("sofie", 11),
        ("eva", 2),
        ("piet", 1),
    ]
    assert you("sofie")["rank"] == 2


def test_a_large_board_is_re_scored_over_several_events_which_wait_their_turn(stack, monkeypatch):
    from estafette import settings
    from estafette.settings import OrgSettings
    from reporting import board_index

    for n in range(7):
        project(posted(f"s{n}", f"emp{n}"))
        for _ in range(n):
            project(clicked(f"s{n}", f"emp{n}"))
    settings.save("acme", OrgSettings.model_validate({"reporting": {"points": {"share": 1, "click": 10}}}), "bram")
    monkeypatch.setattr(board_index, "ROWS_PER_STEP", 2)
    monkeypatch.setattr(board_index, "STEPS_PER_CALL", 1)
    turns = 0
    while True:
        try:
            applied = project(clicked("s1", "emp1"), event_id="late-click")
            break
        except board_index.BoardBusy:
            turns += 1  # the message comes back from the queue
            # Meanwhile the board is read in full, under the new rules.
            assert board_reply()["entries"][0] == full_answer()[0] and full_answer()[0]["points"] == 61
    assert applied is True and turns >= 4  # 7 rows, 2 a step, on three boards
    assert_index_is_a_fresh_build()
    body = board_reply()
    assert body["entries"] == full_answer() and [e["points"] for e in body["entries"]][:3] == [61, 51, 41]
    assert body["entries"][-2:] == full_answer()[-2:] and you("emp1")["points"] == 21


def test_an_event_that_finds_its_re_score_finished_by_another_goes_on_at_once(stack, monkeypatch):
    """Two events on a new week's board start its index together; the one that finds the other finished
    first is projected now, not sent back to the queue to wait its visibility timeout."""
    from estafette import settings
    from reporting import board_index, store

    project(posted("s1", "eva"))
    settings.save("acme", settings.OrgSettings.model_validate({"reporting": {"points": {"share": 2, "click": 5}}}), "bram")
    rules = settings.for_org("acme").reporting.points
    rows_after = store.rows_after
    raced = []

    def the_other_caller_finishes_first(pk, *args, **kwargs):
        if pk not in raced:  # on each board, the first step finds the other event already at work
            raced.append(pk)
            seen = store.get_item(pk, board_index.INDEX_SK)
            board_index.rescore("acme", pk.split("#BOARD#")[1], rules, seen)  # it ends the re-score first
        return rows_after(pk, *args, **kwargs)

    monkeypatch.setattr(store, "rows_after", the_other_caller_finishes_first)
    assert project(clicked("s1", "eva"), event_id="first-try") is True  # no BoardBusy: projected on its first delivery
    assert store.board_pk("acme", PERIOD) in raced
    meta = store.get_item(store.board_pk("acme", PERIOD), board_index.INDEX_SK)
    assert meta["rules"] == board_index.fingerprint(rules)
    monkeypatch.setattr(store, "rows_after", rows_after)
    assert_index_is_a_fresh_build()
    assert you("eva")["points"] == 2 + 5  # the share and the click, both under the new rules
