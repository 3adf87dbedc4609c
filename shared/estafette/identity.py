"""One person, one identity: who an HR record or a sign-in token is, as one stable person id.

An employee is one record with a stable id, the id every service keys the person by
(`employee_id` in events, `Caller.sub` in routes). Everything else that names the person is an
alias of it: the work email, the SSO subject, and each HR system's own id (BambooHR's employee
number, Personio's person id, the generic format's `employee_id`). Two HR systems reporting the
same work email therefore reach the same person, and a sign-in resolves to that person too.

The stable id is chosen once, when the person is first seen, and never changes: the SSO subject
when the HR system knows it (the generic format), otherwise the lower-cased work email. So a
person who signed in before HR reported them keeps what they did (their token's claim was the
same value), and a later change of email only adds an alias.

Sign-in: `resolve_caller` maps the token to the person. Per org (`hr.identity_claim` in the org
settings) the token's `sub` (the default) or its `email` claim is looked up as an alias; without
an alias the claim's own value is the person id (a person no HR system has reported).
Each lookup is one GetItem, cached per container for CACHE_SECONDS.

Access patterns, people table (pk / sk):
- alias    ORG#{org} / ALIAS#{kind}#{value}   -> person_id      conditional put: the first person to claim it keeps it
- person   ORG#{org} / PERSON#{person_id}     -> state (active | left), aliases, leave_on
Every read is a GetItem or BatchGetItem on known keys; nothing scans.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from estafette.auth import Caller

if TYPE_CHECKING:
    from estafette.people import Standing

EMAIL, SUB = "email", "sub"
ACTIVE, LEFT = "active", "left"
CACHE_SECONDS = 60.0
MAX_CACHED = 10_000
BATCH_GET_SIZE = 100

_cache: dict[tuple[str, str, str], tuple[float, str | None]] = {}


@dataclass(frozen=True)
class Alias:
    """One name of a person: `kind` is "email", "sub" or an HR system's name; `value` its value there."""

    kind: str
    value: str

    @classmethod
    def of(cls, kind: str, value: str) -> Alias:
        value = value.strip()
        return cls(kind, value.lower() if kind == EMAIL else value)

    def key(self) -> str:
        return f"ALIAS#{self.kind}#{self.value}"


@dataclass(frozen=True)
class Person:
    person_id: str
    state: str = ACTIVE
    aliases: tuple[str, ...] = ()
    leave_on: str | None = None  # an offboarding scheduled for this date (ISO), if any
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def left(self) -> bool:
        return self.state == LEFT


def _table() -> Any:
    from estafette.aws import table
    from estafette.config import ServiceConfig, load

    return table(load(ServiceConfig).people_table_name)


def _key(org_id: str, sk: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}", "sk": sk}


# --- resolving -------------------------------------------------------------------------------


def find(org_id: str, aliases: Sequence[Alias]) -> str | None:
    """The person any of these aliases already names (the first in the given order wins), or None."""
    found = known_aliases(org_id, aliases)
    return next((found[a] for a in aliases if a in found), None)


def known_aliases(org_id: str, aliases: Sequence[Alias]) -> dict[Alias, str]:
    """Which of these aliases are known, and the person each names (one BatchGetItem)."""
    wanted = list(dict.fromkeys(a for a in aliases if a.value))[:BATCH_GET_SIZE]
    if not wanted:
        return {}
    from estafette.aws import batch_get

    table = _table()
    keys = [_key(org_id, a.key()) for a in wanted]
    # Unprocessed keys are retried with backoff by the shared helper, then it is a throttle (503).
    items = batch_get(table.meta.client, table.name, keys, ProjectionExpression="sk, person_id")
    found = {str(item["sk"]): str(item["person_id"]) for item in items}
    return {alias: found[alias.key()] for alias in wanted if alias.key() in found}


def enrol(org_id: str, aliases: Sequence[Alias], preferred_id: str, found: dict[Alias, str] | None = None) -> Person:
    """The person these aliases name, recording every alias not yet known.

    An existing alias decides who the person is; without one the person is new and gets
    `preferred_id`. Aliases are claimed with a conditional put, so two deliveries racing for the
    same new person end up with one id (the loser re-reads the winner's). Safe to repeat.
    """
    from estafette.aws import conditional_write

    known = [a for a in dict.fromkeys(aliases) if a.value]
    if not known:
        raise ValueError("a person needs at least one alias")
    found = known_aliases(org_id, known) if found is None else found
    person_id = next((found[a] for a in known if a in found), preferred_id)
    table = _table()
    for _ in range(2):  # a lost race re-reads the winner once, then claims the rest for them
        lost = None
        for alias in (a for a in known if found.get(a) != person_id):
            claimed = conditional_write(
                table.put_item,
                Item={**_key(org_id, alias.key()), "person_id": person_id, "kind": alias.kind},
                ConditionExpression="attribute_not_exists(pk) OR person_id = :p",
                ExpressionAttributeValues={":p": person_id},
            )
            if not claimed:
                lost = alias
        winner = find(org_id, [lost]) if lost else None
        if not winner or winner == person_id:
            break
        person_id = winner
    item = table.update_item(
        Key=_key(org_id, f"PERSON#{person_id}"),
        UpdateExpression="SET person_id = :p, #s = if_not_exists(#s, :active) ADD aliases :a",
        ExpressionAttributeNames={"#s": "state"},
        ExpressionAttributeValues={":p": person_id, ":active": ACTIVE, ":a": {a.key() for a in known}},
        ReturnValues="ALL_NEW",
    ).get("Attributes", {})
    return _person(person_id, item)


def person(org_id: str, person_id: str) -> Person | None:
    item = _table().get_item(Key=_key(org_id, f"PERSON#{person_id}")).get("Item")
    return _person(person_id, item) if item else None


def _person(person_id: str, item: dict[str, Any]) -> Person:
    return Person(
        person_id=person_id,
        state=str(item.get("state", ACTIVE)),
        aliases=tuple(sorted(str(a) for a in item.get("aliases", set()))),
        leave_on=str(item["leave_on"]) if item.get("leave_on") else None,
    )


def set_state(org_id: str, person_id: str, state: str, *, leave_on: str | None = None) -> None:
    """Record that the person is active or left; `leave_on` remembers (or, None, clears) a scheduled leave."""
    names = {"#s": "state"}
    values: dict[str, Any] = {":s": state, ":p": person_id}
    expression = "SET #s = :s, person_id = :p"
    if leave_on:
        expression += ", leave_on = :on"
        values[":on"] = leave_on
    else:
        expression += " REMOVE leave_on"
    _table().update_item(
        Key=_key(org_id, f"PERSON#{person_id}"),
        UpdateExpression=expression,
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )
    forget(org_id)


# --- sign-in ---------------------------------------------------------------------------------


def sign_in_alias(claims: dict[str, Any], claim: str) -> Alias | None:
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return None
    return Alias.of(EMAIL if claim == EMAIL else SUB, value)


def person_for_claims(org_id: str, claims: dict[str, Any], claim: str = SUB) -> str | None:
    """The person id a sign-in token resolves to: the configured claim's alias, else that claim's value.

    None when the configured claim is missing from the token (the caller then stays its `sub`).
    """
    alias = sign_in_alias(claims, claim)
    if alias is None:
        return None
    cache_key = (org_id, alias.kind, alias.value)
    now = time.monotonic()
    hit = _cache.get(cache_key)
    if hit and now - hit[0] < CACHE_SECONDS:
        found = hit[1]
    else:
        if len(_cache) > MAX_CACHED:
            _cache.clear()
        found = find(org_id, [alias])
        _cache[cache_key] = (now, found)
    return found or alias.value


def resolve_with_standing(caller: Caller, claims: dict[str, Any] | None) -> tuple[Caller, Standing]:
    """`resolve_caller` and the resolved person's standing (`estafette.people`), for the leaver lock.

    An alias not in the cache is read in the same BatchGetItem as the standing of the person it most
    likely names (the claim's own value, which is the person id unless HR knows them by another), so a
    private request costs one read; a second only when the alias names someone else.
    """
    from estafette import people, settings

    known = settings.cached(caller.org_id)
    if known is None:  # the org's first request in this container
        first = _with_settings(caller, claims or {})
        if first is not None:
            return first
        known = settings.for_org(caller.org_id)  # read by _with_settings, now from the cache
    alias = sign_in_alias(claims or {}, known.hr.identity_claim)
    if alias is None:
        return caller, people.standing(caller.org_id, caller.sub)
    cache_key = (caller.org_id, alias.kind, alias.value)
    now = time.monotonic()
    hit = _cache.get(cache_key)
    if hit and now - hit[0] < CACHE_SECONDS:
        person_id = hit[1] or alias.value
        standing = people.standing(caller.org_id, person_id)
    else:
        if len(_cache) > MAX_CACHED:
            _cache.clear()
        standing, found = people.standing_and_alias(caller.org_id, alias.value, alias.key())
        _cache[cache_key] = (now, found)
        person_id = found or alias.value
        if person_id != alias.value:
            standing = people.standing(caller.org_id, person_id)
    resolved = caller if person_id == caller.sub else Caller(sub=person_id, org_id=caller.org_id, roles=caller.roles)
    return resolved, standing


def _with_settings(caller: Caller, claims: dict[str, Any]) -> tuple[Caller, Standing] | None:
    """The org's settings are not cached yet: read them in the same BatchGetItem as the standing and the
    alias of the default claim (`sub`), so a container's first request costs one read, not two. None when
    that guess does not hold (the org names people by another claim, or the token has no `sub`): the
    settings are cached by then, and the caller resolves as usual."""
    from estafette import people, settings

    alias = sign_in_alias(claims, SUB)
    if alias is None:
        return None
    standing, found, item = people.standing_alias_and_settings(caller.org_id, alias.value, alias.key())
    if settings.remember(caller.org_id, item).hr.identity_claim != SUB:
        return None
    if len(_cache) > MAX_CACHED:
        _cache.clear()
    _cache[(caller.org_id, alias.kind, alias.value)] = (time.monotonic(), found)
    person_id = found or alias.value
    if person_id != alias.value:
        standing = people.standing(caller.org_id, person_id)
    resolved = caller if person_id == caller.sub else Caller(sub=person_id, org_id=caller.org_id, roles=caller.roles)
    return resolved, standing


def resolve_caller(caller: Caller, claims: dict[str, Any] | None) -> Caller:
    """The caller as the person their token names (see the module docstring); unchanged without an alias."""
    from estafette import settings

    claim = settings.for_org(caller.org_id).hr.identity_claim
    person_id = person_for_claims(caller.org_id, claims or {}, claim)
    if not person_id or person_id == caller.sub:
        return caller
    return Caller(sub=person_id, org_id=caller.org_id, roles=caller.roles)


def forget(org_id: str | None = None) -> None:
    """Drop cached sign-in resolutions (of one org, or all)."""
    if org_id is None:
        _cache.clear()
        return
    for key in [k for k in _cache if k[0] == org_id]:
        _cache.pop(key, None)


def aliases_of(*pairs: tuple[str, str | None]) -> list[Alias]:
    return [Alias.of(kind, value) for kind, value in pairs if value and value.strip()]


def keys(aliases: Iterable[Alias]) -> list[str]:
    return [a.key() for a in aliases]
