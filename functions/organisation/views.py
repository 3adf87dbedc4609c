"""What the organisation's routes answer, for the OpenAPI document (see `estafette.responses`)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from estafette.responses import Body
from estafette.settings import OrgSettings


class LinkedInVersionHealth(Body):
    version: str = Field(description="The LinkedIn-Version header this deployment sends (LinkedInVersion)")
    age_months: int
    supported_until: str = Field(description="About when LinkedIn stops serving it (YYYY-MM): a year after its month")
    status: Literal["current", "ageing", "sunset"] = Field(description="ageing: older than 10 months")
    code: str
    message: str = Field(description="What to do, in the caller's language")


class Health(Body):
    linkedin_version: LinkedInVersionHealth


class SettingsWithHealth(OrgSettings):
    """The settings, and a read-only `health` section (a PUT may send it back; it is not stored)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    health: Health
