"""The one LinkedIn-Version this deployment sends, and how close it is to its sunset.

LinkedIn's versioned REST APIs (`/rest/...`) need a `LinkedIn-Version: YYYYMM` header on
every call; a version is supported for about a year after its month, then LinkedIn answers
`426 {"status": 426, "code": "NONEXISTENT_VERSION", "message": "Requested version 202511 is
not active"}` (learn.microsoft.com/linkedin/marketing/versioning). The version is the template
parameter `LinkedInVersion` (env `LINKEDIN_VERSION`); once it is older than
`WARN_AFTER_MONTHS` the functions log a warning and `GET /v1/org/settings` shows it under
`health`, so an admin upgrades before posting stops.

Stdlib only: the organisation function reports it without loading any network client.
"""

from __future__ import annotations

import os
import re
from datetime import date

from estafette import clock
from estafette.i18n import message, register

DEFAULT_VERSION = "202611"
SUPPORT_MONTHS = 12  # LinkedIn: "supported and stable for a minimum of one year before sunset"
WARN_AFTER_MONTHS = 10
_VERSION = re.compile(r"^(20\d{2})(0[1-9]|1[0-2])(\.\d{2})?$")

register(
    {
        "linkedin_version_current": {
            "en": "LinkedIn-Version {version} is {age} months old; LinkedIn supports it until about {until}.",
            "nl": "LinkedIn-Version {version} is {age} maanden oud; LinkedIn ondersteunt hem tot ongeveer {until}.",
        },
        "linkedin_version_ageing": {
            "en": "LinkedIn-Version {version} is {age} months old and LinkedIn stops supporting it around {until}. "
            "Set the LinkedInVersion parameter to a current version and redeploy, or posting to LinkedIn will stop.",
            "nl": "LinkedIn-Version {version} is {age} maanden oud en LinkedIn stopt er rond {until} mee. "
            "Zet de parameter LinkedInVersion op een actuele versie en rol opnieuw uit, anders stopt het posten naar LinkedIn.",
        },
        "linkedin_version_sunset": {
            "en": "LinkedIn-Version {version} is {age} months old: LinkedIn no longer serves it and posting to LinkedIn fails. "
            "Set the LinkedInVersion parameter to a current version and redeploy.",
            "nl": "LinkedIn-Version {version} is {age} maanden oud: LinkedIn ondersteunt hem niet meer en posten naar LinkedIn "
            "mislukt. Zet de parameter LinkedInVersion op een actuele versie en rol opnieuw uit.",
        },
    }
)


def configured() -> str:
    """The LinkedIn-Version to send: `LINKEDIN_VERSION`, else the version this release was built against."""
    value = os.environ.get("LINKEDIN_VERSION", "").strip()
    return value if _VERSION.match(value) else DEFAULT_VERSION


def month_of(version: str) -> date:
    match = _VERSION.match(version)
    if not match:
        raise ValueError(f"not a LinkedIn version (YYYYMM): {version!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def age_months(version: str, today: date | None = None) -> int:
    today = today or clock.now().date()
    released = month_of(version)
    return (today.year - released.year) * 12 + today.month - released.month


def _plus_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def health(version: str | None = None, today: date | None = None, language: str = "en") -> dict[str, object]:
    """`{"version", "age_months", "supported_until", "status": current|ageing|sunset, "code", "message"}`."""
    version = version or configured()
    age = age_months(version, today)
    until = _plus_months(month_of(version), SUPPORT_MONTHS).strftime("%Y-%m")
    status = "sunset" if age >= SUPPORT_MONTHS else "ageing" if age > WARN_AFTER_MONTHS else "current"
    code = f"linkedin_version_{status}"
    return {
        "version": version,
        "age_months": age,
        "supported_until": until,
        "status": status,
        "code": code,
        "message": message(code, language, version=version, age=age, until=until),
    }


def warn_if_old(logger: object, version: str | None = None) -> dict[str, object]:
    """Log a warning (once per call) when the version is past WARN_AFTER_MONTHS; returns the health."""
    report = health(version)
    if report["status"] != "current":
        logger.warning(  # type: ignore[attr-defined]
            "LinkedIn-Version is old",
            extra={k: report[k] for k in ("version", "age_months", "supported_until", "status")},
        )
    return report
