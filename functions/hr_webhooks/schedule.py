"""Leavers whose HR system gave a future last day: offboarded when that day is over.

BambooHR's termination date and Personio's employment end are often entered weeks ahead. A
leaver report whose last day is still to come is planned here instead of offboarding at once;
the schedule (every 15 minutes) emits EmployeeLeft when it is due, and a later joiner report for
the same person (the termination was withdrawn, or they were rehired) cancels it.

Access pattern, webhooks table: ORG-less due partition, read only by the schedule:
- planned leave   DUE#OFFBOARD / {due at, UTC ISO}#{org}#{person id}    Query sk <= now
The person's record (estafette.identity) remembers the sort key as `leave_on`, so a cancellation
is one GetItem and one DeleteItem.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from estafette import clock, identity
from estafette.events import EmployeeLeft
from estafette.publisher import Outgoing, Publisher, default_publisher
from hr_webhooks.config import config

PARTITION = "DUE#OFFBOARD"
PAGE = 100


def _table() -> Any:
    from estafette.aws import table

    return table(config().webhooks_table_name)


def plan(org_id: str, person_id: str, due: datetime, provider: str) -> None:
    sort_key = f"{due.astimezone(UTC).isoformat()}#{org_id}#{person_id}"
    known = identity.person(org_id, person_id)
    if known and known.leave_on and known.leave_on != sort_key:
        _table().delete_item(Key={"pk": PARTITION, "sk": known.leave_on})
    _table().put_item(Item={"pk": PARTITION, "sk": sort_key, "org_id": org_id, "person_id": person_id, "provider": provider})
    identity.set_state(org_id, person_id, identity.ACTIVE, leave_on=sort_key)


def cancel(org_id: str, person_id: str) -> None:
    known = identity.person(org_id, person_id)
    if known and known.leave_on:
        _table().delete_item(Key={"pk": PARTITION, "sk": known.leave_on})
        identity.set_state(org_id, person_id, known.state, leave_on=None)


def due(at: datetime) -> list[dict[str, Any]]:
    response = _table().query(
        KeyConditionExpression="pk = :pk AND sk <= :at",
        ExpressionAttributeValues={":pk": PARTITION, ":at": at.astimezone(UTC).isoformat() + "~"},
        Limit=PAGE,
    )
    return [item for item in response.get("Items", []) if str(item["sk"]).split("#", 1)[0] <= at.astimezone(UTC).isoformat()]


def run_due(at: datetime | None = None, publisher: Publisher | None = None) -> int:
    """Offboard everyone whose last day is over by `at`; each planned leave is emitted once."""
    moment = at or clock.now()
    done = 0
    for item in due(moment):
        org_id, person_id, sort_key = str(item["org_id"]), str(item["person_id"]), str(item["sk"])
        known = identity.person(org_id, person_id)
        if known is None or not known.left:
            event_id = hashlib.sha256(f"offboard\n{sort_key}".encode()).hexdigest()[:32]
            event = EmployeeLeft(employee_id=person_id, provider=str(item.get("provider", "")))
            (publisher or default_publisher()).publish([Outgoing(event, org_id, event_id=event_id)])
            identity.set_state(org_id, person_id, identity.LEFT, leave_on=None)
            done += 1
        _table().delete_item(Key={"pk": PARTITION, "sk": sort_key})
    return done


def parse_time(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except (TypeError, ValueError):
        return clock.now()
