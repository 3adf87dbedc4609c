"""The audience picker: which departments, roles, locations and languages exist, and how many
people an audience reaches.

Both come from the directory the library keeps (HR webhooks' joiners and leavers, and
employees' own profiles): one Query over the org's people, never a Scan. Leavers count for
nobody. The values an admin configured in the settings are offered even while nobody in the
directory has them yet, so a new department can be targeted before its first hire arrives.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from content_publishing import store
from estafette import settings
from estafette.domain import Audience, EmployeeProfile, Language

DIMENSIONS = ("departments", "roles", "locations", "languages")


def _active(org_id: str) -> list[EmployeeProfile]:
    people, _ = store.directory(org_id)
    return [
        EmployeeProfile.model_validate({k: v for k, v in p.items() if k in EmployeeProfile.model_fields})
        for p in people
        if not p.get("left")
    ]


def _value(profile: EmployeeProfile, dimension: str) -> str | None:
    value = getattr(profile, dimension.removesuffix("s"))
    return None if value is None else str(value)


def options(org_id: str) -> dict[str, Any]:
    people = _active(org_id)
    rules = settings.for_org(org_id).content
    configured: dict[str, list[str]] = {
        "departments": rules.departments,
        "roles": rules.roles,
        "locations": rules.locations,
        "languages": [str(lang) for lang in (rules.languages or list(Language))],
    }
    answer: dict[str, Any] = {"employees": len(people)}
    for dimension in DIMENSIONS:
        counts = Counter(v for p in people if (v := _value(p, dimension)))
        names = {v.casefold(): v for v in configured[dimension]}
        for seen in counts:
            names.setdefault(seen.casefold(), seen)
        answer[dimension] = [
            {"value": name, "people": sum(n for v, n in counts.items() if v.casefold() == key)}
            for key, name in sorted(names.items())
        ]
    return answer


def reach(org_id: str, audience: Audience) -> dict[str, Any]:
    people = _active(org_id)
    reached = sum(1 for p in people if audience.includes(p))
    return {"reach": reached, "employees": len(people)}
