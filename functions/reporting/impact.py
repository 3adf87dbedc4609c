"""An employee's own impact: shares, clicks, value and rank, and what their connections are worth.

Seeing your own impact is one of the three things that turn willingness into sharing
(docs/product.md), so every number is the employee's own and phrased as an invitation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from estafette.domain import Network
from estafette.i18n import message
from estafette.settings import ReportingSettings
from reporting import board_index, leaderboard, periods, store
from reporting.figures import BENCHMARK_CONNECTIONS, Totals, media_value, views
from reporting.messages import BOARD_WORDS, NETWORK_NAMES, number
from reporting.periods import Board
from reporting.projector import LEFT

TOP_FOR_EMPLOYEES = 5


def connections(person: dict[str, Any], settings: ReportingSettings, language: str) -> dict[str, Any]:
    """Your N connections ≈ low–high views per share, on the network where you have the most."""
    known = {n.value: int(person[f"connections_{n.value}"]) for n in Network if f"connections_{n.value}" in person}
    if known:
        network, count = max(known.items(), key=lambda kv: (kv[1], kv[0]))
        code = "impact_connections"
    else:
        network, count, code = None, BENCHMARK_CONNECTIONS, "impact_benchmark"
    per_share = views(count, settings)
    sentence = message(
        code,
        language,
        connections=number(count, language),
        network=NETWORK_NAMES.get(network or "", network),
        low=number(per_share["low"], language),
        high=number(per_share["high"], language),
    )
    return {
        "value": count,
        "network": network,
        "by_network": known,
        "source": "your connections when you last shared" if known else "benchmark: the average advocate",
        "views_per_share": {
            "range": per_share,
            "formula": "connections × share of connections who see a post",
            "inputs": {"visibility_low": settings.visibility_low, "visibility_high": settings.visibility_high},
        },
        "sentence": sentence,
    }


def rank(
    org_id: str,
    employee_id: str,
    board: Board,
    at: date,
    settings: ReportingSettings,
    language: str,
    read: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """My rank on the board, the top places and how far the next place is.

    From the board's index (reporting.board_index): the top places, my row, the board's
    INDEX item and my score range's HIST item (one more for the next place when nobody in my
    range is ahead of me). A board not scored under the current rules yet is read in full.
    """
    about = leaderboard.describe(board, at, settings)
    if not settings.leaderboard_enabled:
        return {**about, "enabled": False}
    read = read if read is not None else _read(org_id, employee_id, board, at)
    indexed = leaderboard.top(org_id, board, at, TOP_FOR_EMPLOYEES, settings, read["meta"])
    mine: tuple[int, int, int | None, bool] | None = None  # rank, points, the next higher score, shows name
    if indexed is None:
        ranked = leaderboard.standings(org_id, board, at, settings)
        top = [s.entry(you=employee_id) for s in ranked[:TOP_FOR_EMPLOYEES]]
        me = next((s for s in ranked if s.employee_id == employee_id), None)
        if me is not None:
            higher = [s.points for s in ranked if s.points > me.points]
            mine = (me.rank, me.points, min(higher) if higher else None, me.shows_name)
    else:
        top = [s.entry(you=employee_id) for s in indexed[0]]
        row, person, meta = read["row"], read["person"], read["meta"] or {}
        if "board" in row and person.get("status") != LEFT:
            score = int(row["score"])
            period = periods.board_key(board, at)
            gen = board_index.gen_of(meta)
            fine = store.get_item(store.board_pk(org_id, period), board_index.hist_sk(score, gen)) or {}
            count, higher_score = board_index.ahead(meta, fine, score)
            if count and higher_score is None and (k := board_index.next_range(meta, score)) is not None:
                higher_score = board_index.lowest(
                    store.get_item(store.board_pk(org_id, period), board_index.hist_sk(k * board_index.RANGE, gen)) or {}
                )
            mine = (1 + count, score, higher_score if count else None, bool(person.get("show_name", True)))
    if mine is None:
        you: dict[str, Any] = {
            "rank": None,
            "points": 0,
            "message": message("rank_invite", language, board=BOARD_WORDS[language][board.value]),
        }
    else:
        place, score, higher_score, shows_name = mine
        to_next = (higher_score - score + 1) if higher_score is not None else 0
        you = {
            "rank": place,
            "points": score,
            "points_to_next_place": to_next,
            "shows_name": shows_name,
            "message": message("rank_next", language, points=to_next)
            if higher_score is not None
            else message("rank_first", language),
        }
    return {**about, "enabled": True, "you": you, "top": top}


def _read(org_id: str, employee_id: str, board: Board, at: date) -> dict[str, Any]:
    """My board row, my person and the board's INDEX item: one BatchGetItem."""
    pk = store.board_pk(org_id, periods.board_key(board, at))
    keys = {
        "row": (pk, store.emp_sk(employee_id)),
        "meta": (pk, board_index.INDEX_SK),
        "person": (store.people_pk(org_id), store.emp_sk(employee_id)),
    }
    found = store.get_many(keys.values())
    return {"row": found.get(keys["row"], {}), "person": found.get(keys["person"], {}), "meta": found.get(keys["meta"])}


def impact(org_id: str, employee_id: str, board: Board, at: date, settings: ReportingSettings, language: str) -> dict[str, Any]:
    read = _read(org_id, employee_id, board, at)
    totals = Totals.of([read["row"]])
    person = read["person"]
    value = media_value(totals, settings)
    return {
        "employee_id": employee_id,
        **{k: v for k, v in leaderboard.describe(board, at, settings).items() if k in ("board", "period")},
        "shares": {"value": totals["shares"], "formula": "your shares posted to a network"},
        "clicks": {"value": totals["clicks"], "formula": "clicks on your tracked links, bots excluded"},
        "unique_clicks": {"value": totals["unique_clicks"], "formula": "your clicks counting each visitor once per link per day"},
        "media_value": value,
        "potential_reach": {"value": totals["reach"], "formula": "Σ over your shares of your connections on that network"},
        "estimated_views": {
            "range": views(totals["reach"], settings),
            "formula": "potential reach × share of connections who see a post",
            "inputs": {
                "potential_reach": totals["reach"],
                "visibility_low": settings.visibility_low,
                "visibility_high": settings.visibility_high,
            },
        },
        "engagement": {
            "value": totals["reactions"] + totals["comments"] + totals["reshares"],
            "inputs": {k: totals[k] for k in ("reactions", "comments", "reshares")},
            "formula": "reactions + comments + reshares on your posts",
        },
        "opportunities": {"value": totals["opportunities"], "formula": "commercial opportunities you logged"},
        "connections": connections(person, settings, language),
        "rank": rank(org_id, employee_id, board, at, settings, language, read),
    }
