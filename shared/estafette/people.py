"""A person's standing, which every service respects: have they left, and which language is theirs.

The leaver lock: once the HR system says someone left (`EmployeeLeft`), no route acts for them
until HR says they joined again (`EmployeeJoined`), whatever their still-valid token says. The
shared HTTP layer (`estafette.api.Api.handler`) asks `standing()` before routing any private request, so the
lock is one check in one place; automatic work done for a person (consent-driven shares, the OAuth
callback) asks `has_left()`.

Where it lives: HR's own word is the person's state in the people table (`estafette.identity`,
written by hr_webhooks when a delivery says someone left or joined); next to it, one record per
person in the org-wide settings table, which every function can already read (GetItem), under
its own partition so IAM can grant the directory's writer exactly these records
(`dynamodb:LeadingKeys` `ORG#*#PEOPLE`); it also holds the person's language:

    ORG#{org}#PEOPLE / PERSON#{sub}   {"left": bool, "language": "en"|"nl", "at": occurred_at}

Who writes it: content_publishing, the owner of the directory, from HR's `EmployeeJoined` and
`EmployeeLeft` (in the order they happened: older news never overwrites newer, so a rehire's join
is not undone by a late leave, nor the other way round) and from `PUT /v1/me` (the language only;
a leaver's record is never changed by their own request). Whoever resolves several HR identities
to one person feeds this same record through `record_joined` / `record_left`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from estafette.domain import Language


@dataclass(frozen=True)
class Standing:
    left: bool = False
    language: Language | None = None


def _table() -> Any:
    from estafette.aws import table
    from estafette.settings import table_name

    return table(table_name())


def key(org_id: str, employee_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}#PEOPLE", "sk": f"PERSON#{employee_id}"}


def standing(org_id: str, employee_id: str) -> Standing:
    """Strongly consistent reads: a leave takes effect on the next request.

    Left when either source says so: this record (from `EmployeeLeft`), or the person's state in the
    people table that hr_webhooks keeps as it receives HR's word (`estafette.identity`), which
    locks a leaver out even before the event is delivered. Both are read in one BatchGetItem (one
    call on every private request, not two).
    """
    return standing_and_alias(org_id, employee_id)[0]


def standing_and_alias(org_id: str, employee_id: str, alias_key: str | None = None) -> tuple[Standing, str | None]:
    """The standing, and with `alias_key` (`ALIAS#…` of the people table) the person that alias
    names, all in the one BatchGetItem: a sign-in whose alias is not cached resolves and passes the
    leaver lock with one call (`estafette.identity.resolve_with_standing`)."""
    return _standing_of(*_read(org_id, employee_id, alias_key)[:3])


def standing_alias_and_settings(
    org_id: str, employee_id: str, alias_key: str
) -> tuple[Standing, str | None, dict[str, Any] | None]:
    """`standing_and_alias`, and the org's settings item (None when never saved) in the same BatchGetItem:
    a container's first request reads settings, alias and standing with one call."""
    mine, hr, alias, org_settings = _read(org_id, employee_id, alias_key, with_settings=True)
    return (*_standing_of(mine, hr, alias), org_settings)


def _standing_of(mine: dict[str, Any], hr: dict[str, Any], alias: dict[str, Any]) -> tuple[Standing, str | None]:
    from estafette.identity import LEFT

    language = mine.get("language")
    standing = Standing(
        left=bool(mine.get("left")) or hr.get("state") == LEFT,
        language=Language(language) if language in ("en", "nl") else None,
    )
    return standing, (str(alias["person_id"]) if alias and alias.get("person_id") else None)


def _read(
    org_id: str, employee_id: str, alias_key: str | None, *, with_settings: bool = False
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    from estafette import settings as org_settings
    from estafette.aws import batch_get_tables
    from estafette.identity import _key
    from estafette.identity import _table as people_table

    settings, hr = _table(), people_table()
    person_key = _key(org_id, f"PERSON#{employee_id}")
    names = {"#left": "left", "#lang": "language"} | ({"#sk": "sk", "#settings": "settings"} if with_settings else {})
    request: dict[str, Any] = {
        settings.name: {
            "Keys": [key(org_id, employee_id)] + ([org_settings.key(org_id)] if with_settings else []),
            "ConsistentRead": True,
            "ProjectionExpression": ", ".join(names),
            "ExpressionAttributeNames": names,
        },
        hr.name: {
            "Keys": [person_key] + ([_key(org_id, alias_key)] if alias_key else []),
            "ConsistentRead": True,
            "ProjectionExpression": "sk, #s, person_id",
            "ExpressionAttributeNames": {"#s": "state"},
        },
    }
    # Unprocessed keys are retried with backoff by the shared helper, then it raises: the lock fails closed.
    found = batch_get_tables(settings.meta.client, request)
    if with_settings:  # the two items of the settings table, told apart by their sort key
        own = {str(item.get("sk")): item for item in found[settings.name]}
        mine, stored = own.get(key(org_id, employee_id)["sk"], {}), own.get(org_settings.key(org_id)["sk"])
    else:
        mine, stored = (found[settings.name][0] if found[settings.name] else {}), None
    by_sk = {str(item.get("sk")): item for item in found[hr.name]}
    return mine, by_sk.get(person_key["sk"], {}), by_sk.get(alias_key or "", {}), stored


def has_left(org_id: str, employee_id: str) -> bool:
    return standing(org_id, employee_id).left


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _record(org_id: str, employee_id: str, at: datetime, values: dict[str, Any]) -> bool:
    from estafette.aws import conditional_write

    names = {f"#v{i}": name for i, name in enumerate(values)}
    attribute_values = {f":v{i}": value for i, value in enumerate(values.values())}
    sets = ", ".join(f"#v{i} = :v{i}" for i in range(len(values)))
    return conditional_write(
        _table().update_item,
        Key=key(org_id, employee_id),
        UpdateExpression=f"SET {sets}, #at = :at",
        ConditionExpression="attribute_not_exists(#at) OR #at <= :at",
        ExpressionAttributeNames={**names, "#at": "at"},
        ExpressionAttributeValues={**attribute_values, ":at": _stamp(at)},
    )


def record_joined(org_id: str, employee_id: str, language: Language | str, at: datetime) -> bool:
    """HR says the person works here (a joiner, a profile change, a rehire). False for older news."""
    return _record(org_id, employee_id, at, {"left": False, "language": str(language)})


def record_left(org_id: str, employee_id: str, at: datetime) -> bool:
    """HR says the person left: every route refuses them from now on. False for older news."""
    return _record(org_id, employee_id, at, {"left": True})


def record_language(org_id: str, employee_id: str, language: Language | str) -> bool:
    """The person chose a language (`PUT /v1/me`). Never touches a leaver's record."""
    from estafette.aws import conditional_write

    return conditional_write(
        _table().update_item,
        Key=key(org_id, employee_id),
        UpdateExpression="SET #lang = :lang",
        ConditionExpression="attribute_not_exists(#left) OR #left = :no",
        ExpressionAttributeNames={"#lang": "language", "#left": "left"},
        ExpressionAttributeValues={":lang": str(language), ":no": False},
    )
