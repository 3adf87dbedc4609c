"""Report periods: validated date ranges (UTC days) and the leaderboard's week, month and all-time."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from estafette import clock
from estafette.errors import Unprocessable
from reporting import messages  # noqa: F401  (registers the service's messages)

MAX_PERIOD_DAYS = 400
DEFAULT_PERIOD_DAYS = 30
ALL_TIME = "ALL"


class Board(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


def today() -> date:
    return clock.now().date()


def validate(start: date, end: date) -> None:
    if start > end:
        raise Unprocessable("invalid_period", field="from", reason="'from' is after 'to'")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise Unprocessable("invalid_period", field="to", reason=f"the period is longer than {MAX_PERIOD_DAYS} days")


def resolve(start: date | None, end: date | None, default_days: int = DEFAULT_PERIOD_DAYS) -> tuple[date, date]:
    """The period a report covers: `to` defaults to today, `from` to `default_days` before `to`."""
    end = end or today()
    start = start or end - timedelta(days=default_days - 1)
    validate(start, end)
    return start, end


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"W{year}-W{week:02d}"


def month_key(day: date) -> str:
    return f"M{day:%Y-%m}"


def board_periods(day: date) -> tuple[str, str, str]:
    """The three leaderboards an event on `day` counts for."""
    return week_key(day), month_key(day), ALL_TIME


def board_key(board: Board, at: date) -> str:
    return {Board.WEEK: week_key, Board.MONTH: month_key}.get(board, lambda _d: ALL_TIME)(at)


def board_span(board: Board, at: date) -> tuple[date, date] | None:
    """First and last day of the week or month that contains `at`; None for all-time."""
    if board is Board.WEEK:
        start = at - timedelta(days=at.weekday())
        return start, start + timedelta(days=6)
    if board is Board.MONTH:
        start = at.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    return None
