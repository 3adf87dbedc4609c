"""Value types that several services share: networks, languages, audiences, profiles."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_serializer


class Network(StrEnum):
    LINKEDIN = "linkedin"
    X = "x"
    BLUESKY = "bluesky"
    # No posting API for personal profiles: shared through an intent link.
    FACEBOOK = "facebook"
    WHATSAPP = "whatsapp"
    XING = "xing"


NETWORK_NAMES = {
    Network.LINKEDIN: "LinkedIn",
    Network.X: "X",
    Network.BLUESKY: "Bluesky",
    Network.FACEBOOK: "Facebook",
    Network.WHATSAPP: "WhatsApp",
    Network.XING: "XING",
}


def network_name(network: Network | str) -> str:
    """A network as people write it (LinkedIn, not linkedin)."""
    return NETWORK_NAMES.get(Network(network), str(network)) if network in set(Network) else str(network)


class Language(StrEnum):
    EN = "en"
    NL = "nl"


class ContentType(StrEnum):
    NEWS = "news"
    VACANCY = "vacancy"
    INDUSTRY = "industry"
    EXPERTISE = "expertise"
    EVENT = "event"


class Role(StrEnum):
    EMPLOYEE = "employee"
    CURATOR = "curator"
    ADMIN = "admin"


@cache
def _zone_names() -> frozenset[str]:
    from zoneinfo import available_timezones

    # The system's zone folder also holds files that are not zones people name.
    names = {n for n in available_timezones() if n not in ("localtime", "posixrules", "Factory")}
    return frozenset(n for n in names if not n.startswith(("posix/", "right/"))) | {"UTC"}


def _iana_zone(name: str) -> str:
    if name not in _zone_names():
        raise ValueError(f"'{name}' is not an IANA time zone name, such as Europe/Amsterdam")
    return name


# A time zone as people and HR systems name it in the IANA database (Europe/Amsterdam, UTC).
TimeZoneName = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_iana_zone)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # built on first use


class Audience(Frozen):
    """Who a content item is meant for. An empty list means: no restriction on that dimension."""

    departments: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    locations: list[str] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)

    def includes(self, profile: EmployeeProfile) -> bool:
        def fits(allowed: list[str], value: str | None) -> bool:
            if not allowed:
                return True
            return value is not None and value.casefold() in {a.casefold() for a in allowed}

        return (
            fits(self.departments, profile.department)
            and fits(self.roles, profile.role)
            and fits(self.locations, profile.location)
            and fits([str(lang) for lang in self.languages], str(profile.language))
        )


class EmployeeProfile(Frozen):
    """An advocate as the directory knows them. `employee_id` is the SSO subject (`sub`)."""

    employee_id: str = Field(min_length=1, max_length=128)
    name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320)
    department: str | None = Field(default=None, max_length=100)
    role: str | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=100)
    language: Language = Language.EN
    timezone: str = Field(default="Europe/Amsterdam", max_length=64)
    # Connections the employee counted themselves, per network, where the network does not tell us
    # (LinkedIn without r_member_profileAnalytics). Reach estimates mark them as self-reported.
    self_reported_connections: dict[Network, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(default_factory=dict)

    @model_serializer(mode="wrap")
    def _without_empty_counts(self, handler):  # type: ignore[no-untyped-def]
        # Left out while empty, so a profile without own counts reads (and travels on the bus) as before.
        data = handler(self)
        if isinstance(data, dict) and not data.get("self_reported_connections"):
            data.pop("self_reported_connections", None)
        return data
