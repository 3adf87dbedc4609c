"""The leaderboard: points per employee over a week, a month or all time.

Gamification invites, it does not pressure:
- Boards show the top places and, to an employee, their own place and how far the next
  place is. Nobody is shown at the bottom, and employees without points are not ranked.
- Employees can opt out of being shown by name (`PUT /v1/me/leaderboard`); they keep their
  place, shown as "a colleague", and still see their own rank.
- Points follow the org's current rules. The projector keeps each row's score and a sorted index
  of every board (reporting.board_index), so the top places and anyone's rank read a bounded number
  of items; a board whose scores follow other rules (a rule change not yet re-scored) is read in
  full and scored here, so the numbers always follow the current rules.
- Employees who left are not shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from estafette.settings import ReportingSettings
from reporting import board_index, periods, store
from reporting.board_index import RULE_COUNTERS, points
from reporting.periods import Board
from reporting.projector import LEFT


@dataclass(frozen=True)
class Standing:
    employee_id: str
    rank: int
    points: int
    counters: Mapping[str, int]
    person: Mapping[str, Any]

    @property
    def shows_name(self) -> bool:
        return bool(self.person.get("show_name", True))

    def entry(self, *, you: str | None = None) -> dict[str, Any]:
        entry: dict[str, Any] = {"rank": self.rank, "points": self.points}
        if self.shows_name:
            entry |= {"employee_id": self.employee_id, "name": self.person.get("name") or self.employee_id, "anonymous": False}
        else:
            entry |= {"name": None, "anonymous": True}
        entry |= {k: self.counters.get(k, 0) for k in ("shares", "clicks", "opportunities")}
        if you is not None and you == self.employee_id:
            entry["you"] = True
        return entry


def formula(rules: Mapping[Any, int]) -> str:
    return " + ".join(f"{weight} × {RULE_COUNTERS[rule]}" for rule, weight in rules.items()) or "0"


def standings(org_id: str, board: Board, at: date, settings: ReportingSettings) -> list[Standing]:
    """Everyone with points on the board, best first; equal points share a rank (1, 2, 2, 4).

    The full read: every row of the board and every person. Only for a board whose index does not
    follow the current rules yet.
    """
    rows = store.board(org_id, periods.board_key(board, at))
    people = store.people(org_id)
    scored = []
    for employee_id, row in rows.items():
        person = people.get(employee_id, {})
        if person.get("status") == LEFT:
            continue
        counters = board_index.counters_of(row)
        score = points(counters, settings.points)
        if score > 0:
            scored.append((score, employee_id, counters, person))
    scored.sort(key=lambda s: (-s[0], s[1]))
    result: list[Standing] = []
    for position, (score, employee_id, counters, person) in enumerate(scored, start=1):
        rank = result[-1].rank if result and result[-1].points == score else position
        result.append(Standing(employee_id, rank, score, counters, person))
    return result


def describe(board: Board, at: date, settings: ReportingSettings) -> dict[str, Any]:
    span = periods.board_span(board, at)
    return {
        "board": board.value,
        "period": {"from": span[0].isoformat(), "to": span[1].isoformat()} if span else None,
        "points_rules": dict(settings.points),
        "formula": formula(settings.points),
    }


def people_of(org_id: str) -> Any:
    def read(employee_ids: list[str]) -> dict[str, dict[str, Any]]:
        found = store.get_many((store.people_pk(org_id), store.emp_sk(e)) for e in employee_ids)
        return {sk.removeprefix("EMP#"): item for (_pk, sk), item in found.items()}

    return read


def index_meta(org_id: str, board: Board, at: date) -> dict[str, Any] | None:
    return store.get_item(store.board_pk(org_id, periods.board_key(board, at)), board_index.INDEX_SK)


def top(
    org_id: str, board: Board, at: date, size: int, settings: ReportingSettings, meta: dict[str, Any] | None
) -> tuple[list[Standing], int] | None:
    """The best `size` standings and how many are ranked, from the index; None when it does not follow the rules."""
    if not board_index.current(meta, settings.points):
        return None
    places = board_index.top(org_id, periods.board_key(board, at), size, people_of(org_id))
    result: list[Standing] = []
    for position, (place, person) in enumerate(places, start=1):
        rank = result[-1].rank if result and result[-1].points == place.score else position
        result.append(Standing(place.employee_id, rank, place.score, place.counters, person))
    return result, int((meta or {}).get("ranked", 0))


def leaderboard(org_id: str, board: Board, at: date, limit: int | None, settings: ReportingSettings) -> dict[str, Any]:
    about = describe(board, at, settings)
    if not settings.leaderboard_enabled:
        return {**about, "enabled": False, "entries": [], "ranked": 0}
    size = limit or settings.leaderboard_size
    indexed = top(org_id, board, at, size, settings, index_meta(org_id, board, at))
    if indexed is None:
        ranked = standings(org_id, board, at, settings)
        entries, count = ranked[:size], len(ranked)
    else:
        entries, count = indexed
    return {**about, "enabled": True, "entries": [s.entry() for s in entries], "ranked": count}
