"""HR people → Estafette's people: one person per human, whichever HR system reports them.

Providers don't name Estafette's employee id: they say what *they* know (their own id for the
person, the work email, for the generic format the SSO subject) as a `Joined` or a `Left`. The
receiver resolves those here, after the delivery's dedupe record is written, through
`estafette.identity`:

- `Joined` enrols the person under their stable id (new, or found by any alias), records every
  alias, and becomes EmployeeJoined with `profile.employee_id` = that id. Two providers reporting
  the same work email reach the same id, so a person is never enrolled twice.
- `Left` finds the person by any alias. Someone already offboarded is not offboarded again (a
  second provider's leaver report is noted in the log and has no effect). A leave effective on a
  future date is scheduled (`schedule.py` offboards them at the end of that day, in their time
  zone) and a later `Joined` for the same person cancels it (a withdrawn termination, a rehire).
- A leaver no HR system ever reported as a joiner is offboarded under the id their report gives
  (their work email, or the generic format's SSO subject): they may have signed in without HR.

Person states are written only after the events are on the bus, so a delivery that fails to
emit is retried with the same decisions and the same event ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from estafette import clock, identity
from estafette.domain import EmployeeProfile
from estafette.events import EmployeeJoined, EmployeeLeft, EventData
from estafette.identity import Alias


@dataclass(frozen=True)
class Joined:
    """A provider's current profile of a person (no employee id: the directory decides it)."""

    provider: str
    aliases: tuple[Alias, ...]
    profile: dict[str, Any]

    @staticmethod
    def name() -> str:
        return EmployeeJoined.name()


@dataclass(frozen=True)
class Left:
    """A provider says the person left, or will leave after `last_day` (their last working day)."""

    provider: str
    aliases: tuple[Alias, ...]
    last_day: date | None = None
    timezone: str = "Europe/Amsterdam"

    @staticmethod
    def name() -> str:
        return EmployeeLeft.name()


@dataclass
class Resolution:
    """What a delivery's people mean once resolved: events to emit, and what to record after."""

    events: list[EventData] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    states: list[tuple[str, str]] = field(default_factory=list)  # (person id, state) to write after emitting
    schedules: list[tuple[str, datetime, str]] = field(default_factory=list)  # (person id, due, provider)
    cancelled: list[str] = field(default_factory=list)  # person ids whose scheduled leave is cancelled


def preferred_id(aliases: Sequence[Alias]) -> str | None:
    """A new person's stable id: their SSO subject when known, else their work email."""
    for kind in (identity.SUB, identity.EMAIL):
        for alias in aliases:
            if alias.kind == kind:
                return alias.value
    return None


def _named(aliases: Sequence[Alias]) -> str:
    return ", ".join(f"{a.kind} {a.value}" for a in aliases if a.kind not in (identity.EMAIL, identity.SUB)) or "no id"


def offboard_at(last_day: date, timezone: str) -> datetime:
    """The end of the person's last day, in their time zone: they keep access through their last day."""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=zone)


def resolve(org_id: str, items: Sequence[Joined | Left], result: Resolution | None = None) -> Resolution:
    result = result or Resolution()
    seen_left: set[str] = set()
    for item in items:
        held = identity.known_aliases(org_id, item.aliases)
        found = next((held[a] for a in item.aliases if a in held), None)
        preferred = found or preferred_id(item.aliases)
        if preferred is None:
            what = "is not known to Estafette" if isinstance(item, Left) else "has no work email, so no account to match"
            result.notes.append(f"a {item.provider} person ({_named(item.aliases)}) {what}: skipped")
            continue
        if isinstance(item, Joined):
            enrolled = identity.enrol(org_id, item.aliases, preferred, held)
            person_id = enrolled.person_id
            if enrolled.leave_on:
                result.cancelled.append(person_id)
            profile = EmployeeProfile.model_validate({**item.profile, "employee_id": person_id})
            result.events.append(EmployeeJoined(profile=profile, provider=item.provider))
            result.states.append((person_id, identity.ACTIVE))
            continue
        # A leaver no system reported before is recorded too, so a second system's report of them finds them.
        known = identity.person(org_id, preferred) if found else identity.enrol(org_id, item.aliases, preferred, held)
        person_id = known.person_id if known else preferred
        if person_id in seen_left or (known is not None and known.left):
            result.notes.append(f"{person_id} was already offboarded; {item.provider}'s leaver report has no second effect")
            continue
        due = offboard_at(item.last_day, item.timezone) if item.last_day else None
        if due is not None and item.last_day and due > clock.now():
            result.schedules.append((person_id, due, item.provider))
            result.notes.append(f"{person_id} leaves after {item.last_day.isoformat()}: offboarding scheduled")
            continue
        seen_left.add(person_id)
        result.events.append(EmployeeLeft(employee_id=person_id, provider=item.provider))
        result.states.append((person_id, identity.LEFT))
    return result


def record(org_id: str, result: Resolution) -> None:
    """After the events are on the bus: remember who is active or left, and the scheduled leaves."""
    from hr_webhooks import schedule

    for person_id in result.cancelled:
        schedule.cancel(org_id, person_id)
    for person_id, state in result.states:
        identity.set_state(org_id, person_id, state)
    for person_id, due, provider in result.schedules:
        schedule.plan(org_id, person_id, due, provider)
