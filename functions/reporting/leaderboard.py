"""The leaderboard: points per employee over a week, a month or all time.

Gamification invites, it does not pressure:
- Boards show the top places and, to an employee, their own place and how far the next
  place is. Nobody is shown at the bottom, and employees without points are not ranked.
- Employees can opt out of being shown by name (`PUT /v1/me/leaderboard`); they keep their
  place, shown as "a colleague", and still see their own rank.
- Points are computed when the board is read, from the counters and the org's current rules,
  so a rule change re-scores every board consistently.
- Employees who left are not shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from estafette.settings import ReportingSettings
from reporting import periods, store
from reporting.periods import Board
from reporting.projector import LEFT

# Which counter each points rule counts.
RULE_COUNTERS = {
    "share": "shares",
    "click": "clicks",
    "unique_click": "unique_clicks",
    "opportunity": "opportunities",
    "reaction": "reactions",
    "comment": "comments",
    "reshare": "reshares",
}


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


def points(counters: Mapping[str, Any], rules: Mapping[Any, int]) -> int:
    return sum(weight * int(counters.get(RULE_COUNTERS[rule], 0)) for rule, weight in rules.items())


def formula(rules: Mapping[Any, int]) -> str:
    return " + ".join(f"{weight} × {RULE_COUNTERS[rule]}" for rule, weight in rules.items()) or "0"


def standings(org_id: str, board: Board, at: date, settings: ReportingSettings) -> list[Standing]:
    """Everyone with points on the board, best first; equal points share a rank (1, 2, 2, 4)."""
    rows = store.board(org_id, periods.board_key(board, at))
    people = store.people(org_id)
    scored = []
    for employee_id, row in rows.items():
        person = people.get(employee_id, {})
        if person.get("status") == LEFT:
            continue
        counters = {name: int(value) for name, value in row.items() if name not in ("pk", "sk")}
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


def leaderboard(org_id: str, board: Board, at: date, limit: int | None, settings: ReportingSettings) -> dict[str, Any]:
    about = describe(board, at, settings)
    if not settings.leaderboard_enabled:
        return {**about, "enabled": False, "entries": [], "ranked": 0}
    ranked = standings(org_id, board, at, settings)
    size = limit or settings.leaderboard_size
    return {**about, "enabled": True, "entries": [s.entry() for s in ranked[:size]], "ranked": len(ranked)}
