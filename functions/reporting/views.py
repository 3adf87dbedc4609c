"""What reporting's routes answer, for the OpenAPI document (see `estafette.responses`).

Every figure says how it was made: `value` (or `range`), `formula` in words and the `inputs`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from estafette.responses import Body


class Period(Body):
    from_: date = Field(alias="from")
    to: date
    days: int | None = None
    timezone: str | None = None


class Range(Body):
    low: float
    high: float


class Figure(Body):
    value: float
    formula: str
    inputs: dict[str, Any] | None = None


class Estimate(Body):
    range: Range
    formula: str
    inputs: dict[str, Any] | None = None


class MediaValue(Figure):
    currency: str = Field(examples=["EUR"])
    range: Range
    range_formula: str
    networks_without_cpc: list[str] = Field(description="Networks with clicks but no cost per click set: not valued")


class MetricsGap(Body):
    """Shares whose engagement cannot be read, because the app lacks a scope: not available, not zero."""

    network: str
    code: Literal["metrics_not_available"]
    shares_without_metrics: int
    shares: int
    missing_scopes: list[str]
    message: str = Field(examples=["Engagement not available for LinkedIn: the app lacks r_member_postAnalytics (2 of 2 shares)"])
    messages: dict[str, str] = Field(description="The message in English and Dutch")


class Engagement(Figure):
    not_available: list[MetricsGap] | None = None


class Reach(Figure):
    sources: dict[str, int] = Field(description="Shares whose reach came from the network, self_reported or unknown (0)")
    note: str | None = None


class ApiCost(Figure):
    currency: str = Field(examples=["EUR"])
    note: str


class NetworkRow(Body):
    network: str
    shares: int
    failed_shares: int
    clicks: int
    unique_clicks: int
    clicks_per_share: float
    potential_reach: int
    estimated_views: Range
    impressions: int | None = Field(description="null when the network's metrics cannot be read (see metrics_not_available)")
    engagement: dict[str, int] | None = Field(description="reactions, comments, reshares; null when they cannot be read")
    opportunities: int
    cpc_eur: float | None
    media_value: float
    api_cost_eur: float = Field(description="What the network's API charged for these shares (reporting.api_prices)")
    metrics_not_available: MetricsGap | None = None


class Figures(Body):
    shares: Figure
    clicks: Figure
    unique_clicks: Figure
    clicks_per_share: Figure
    impressions: Figure
    engagement: Engagement
    potential_reach: Reach
    estimated_views: Estimate
    company_page_views: Estimate
    advocacy_multiple: Estimate
    media_value: MediaValue
    api_cost: ApiCost
    media_value_after_api_cost: Figure
    opportunities: Figure
    networks: list[NetworkRow]


class Summary(Figures):
    period: Period
    participation_rate: Figure
    failed_shares: Figure


class Day(Body):
    date: date
    shares: int
    failed_shares: int
    clicks: int
    unique_clicks: int
    impressions: int
    reactions: int
    comments: int
    reshares: int
    potential_reach: int
    estimated_views: Range
    media_value: float
    opportunities: int
    active_advocates: int | None = None


class Timeseries(Body):
    period: Period
    days: list[Day]
    formulas: dict[str, str]


class NetworkSplit(Body):
    period: Period
    networks: list[NetworkRow]
    formulas: dict[str, str]


class DepartmentRow(Body):
    department: str
    enrolled: int
    active_advocates: int
    participation_rate: float
    shares: int
    clicks: int
    unique_clicks: int
    clicks_per_share: float
    potential_reach: int
    estimated_views: Range
    impressions: int
    engagement: int
    media_value: float
    opportunities: int


class DepartmentSplit(Body):
    period: Period
    departments: list[DepartmentRow]
    formulas: dict[str, str]


class ContentReport(Figures):
    content_id: str
    title: str | None = None
    type: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    period: Period
    failed_shares: Figure | None = None
    days: list[Day]


class BoardPeriod(Body):
    from_: date = Field(alias="from")
    to: date


class Place(Body):
    rank: int
    points: int
    employee_id: str | None = Field(default=None, description="Absent for people who hide their name")
    name: str | None = None
    anonymous: bool
    shares: int
    clicks: int
    opportunities: int
    you: bool | None = Field(default=None, description="My impact only: this place is mine")


class Leaderboard(Body):
    board: str = Field(description="week, month or all")
    period: BoardPeriod | None = Field(description="null for the all-time board")
    points_rules: dict[str, int]
    formula: str
    enabled: bool
    entries: list[Place]
    ranked: int = Field(description="How many people have points on this board")


class ForecastInput(Body):
    value: float
    source: str = Field(description="benchmark, history (this org's own figures) or query (a parameter you passed)")
    currency: str | None = None


class Forecast(Body):
    value: float
    currency: str
    formula: str
    inputs: dict[str, ForecastInput]
    horizon: str
    history: dict[str, Any] = Field(description="The org's own figures that may replace the benchmarks, and the rule")
    benchmarks: dict[str, float]


class MyRank(Body):
    rank: int | None = Field(description="null until I have points on this board")
    points: int
    points_to_next_place: int | None = None
    shows_name: bool | None = None
    message: str = Field(description="In my language: an invitation, or how far the next place is")


class MyBoard(Body):
    board: str
    period: BoardPeriod | None
    points_rules: dict[str, int]
    formula: str
    enabled: bool
    you: MyRank | None = None
    top: list[Place] = Field(default_factory=list)


class MyConnections(Body):
    value: int
    network: str | None
    by_network: dict[str, int]
    source: str
    views_per_share: Estimate
    sentence: str = Field(description="In my language, e.g. “Your 750 LinkedIn connections ≈ 150–375 views per share.”")


class Impact(Body):
    employee_id: str
    board: str
    period: BoardPeriod | None
    shares: Figure
    clicks: Figure
    unique_clicks: Figure
    media_value: MediaValue
    potential_reach: Figure
    estimated_views: Estimate
    engagement: Figure
    opportunities: Figure
    connections: MyConnections
    rank: MyBoard


class LeaderboardPreferenceView(Body):
    show_name: bool


class ContentRow(Body):
    content_id: str
    title: str = Field(description="Empty for content known only from its shares")
    type: str | None = None
    shares: int
    clicks: int
    unique_clicks: int
    clicks_per_share: float
    potential_reach: int
    engagement: int
    media_value: float
    opportunities: int


class ContentsReport(Body):
    period: Period
    items: list[ContentRow] = Field(description="Most clicked first, then most shared")
    items_with_activity: int = Field(description="Content items with any activity in the period")
