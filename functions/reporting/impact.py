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
from reporting import leaderboard, periods, store
from reporting.figures import BENCHMARK_CONNECTIONS, Totals, media_value, views
from reporting.messages import BOARD_WORDS, NETWORK_NAMES, number
from reporting.periods import Board

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


def rank(org_id: str, employee_id: str, board: Board, at: date, settings: ReportingSettings, language: str) -> dict[str, Any]:
    about = leaderboard.describe(board, at, settings)
    if not settings.leaderboard_enabled:
        return {**about, "enabled": False}
    ranked = leaderboard.standings(org_id, board, at, settings)
    mine = next((s for s in ranked if s.employee_id == employee_id), None)
    top = [s.entry(you=employee_id) for s in ranked[:TOP_FOR_EMPLOYEES]]
    if mine is None:
        you: dict[str, Any] = {
            "rank": None,
            "points": 0,
            "message": message("rank_invite", language, board=BOARD_WORDS[language][board.value]),
        }
    else:
        ahead = [s for s in ranked if s.points > mine.points]
        to_next = (min(s.points for s in ahead) - mine.points + 1) if ahead else 0
        you = {
            "rank": mine.rank,
            "points": mine.points,
            "points_to_next_place": to_next,
            "shows_name": mine.shows_name,
            "message": message("rank_next", language, points=to_next) if ahead else message("rank_first", language),
        }
    return {**about, "enabled": True, "you": you, "top": top}


def impact(org_id: str, employee_id: str, board: Board, at: date, settings: ReportingSettings, language: str) -> dict[str, Any]:
    row = store.get_many([(store.board_pk(org_id, periods.board_key(board, at)), store.emp_sk(employee_id))])
    totals = Totals.of(row.values())
    person = store.person(org_id, employee_id) or {}
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
        "rank": rank(org_id, employee_id, board, at, settings, language),
    }
