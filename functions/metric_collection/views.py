"""What metric_collection's routes answer, for the OpenAPI document (see `estafette.responses`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from estafette.responses import Body


class Counters(Body):
    impressions: int | None = Field(description="null: the network does not report it (or not yet harvested)")
    reactions: int | None
    comments: int | None
    reshares: int | None


class HarvestFailure(Body):
    code: str
    message: str = Field(description="In the caller's language")
    detail: str
    at: datetime


class ShareMetrics(Body):
    share_id: str
    employee_id: str
    content_id: str
    network: str
    posted_at: datetime
    status: str = Field(description="active (still harvested), done, or stopped")
    harvests: int
    last_harvested_at: datetime | None
    next_harvest_at: datetime | None
    counters: Counters
    last_failure: HarvestFailure | None
