"""Typed configuration, read from the environment once and validated with pydantic.

Every service declares its own settings model by subclassing `ServiceConfig`; field
names map to upper-case environment variables (`event_bus_name` ← `EVENT_BUS_NAME`).
"""

from __future__ import annotations

import os
from functools import cache
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

C = TypeVar("C", bound="ServiceConfig")


class ServiceConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_bus_name: str = "estafette"
    settings_table_name: str = "estafette-settings"
    # Who each person is (estafette.identity): read by every route, written by hr_webhooks.
    people_table_name: str = "estafette-people"
    aws_region: str = "eu-west-1"

    @classmethod
    def from_env(cls: type[C], environ: dict[str, str] | None = None) -> C:
        env = os.environ if environ is None else environ
        values = {name: env[name.upper()] for name in cls.model_fields if name.upper() in env}
        return cls.model_validate(values)


@cache
def load[C: "ServiceConfig"](config_class: type[C]) -> C:
    """The service's settings, validated on first use and cached for the container's life."""
    return config_class.from_env()
