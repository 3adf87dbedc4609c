"""share_dispatch's bus consumer: keeps its own view of published content and of the directory."""

from __future__ import annotations

from typing import Any

from estafette.consumer import BusConsumer
from estafette.events import (
    ContentExpired,
    ContentPublished,
    EmployeeJoined,
    EmployeeLeft,
    EmployeeUpdated,
    EventData,
    EventMetadata,
)
from share_dispatch import store


def handle(event: EventData, metadata: EventMetadata) -> None:
    org_id = metadata.org_id
    match event:
        case ContentPublished():  # ContentUpdated is a subclass: same projection
            store.put_content(org_id, event.model_dump(mode="json"))
        case ContentExpired():
            store.expire_content(org_id, event.content_id)
        case EmployeeJoined() | EmployeeUpdated():
            store.put_employee(org_id, event.profile.model_dump(mode="json"))
        case EmployeeLeft():
            store.mark_employee_left(org_id, event.employee_id)


consumer = BusConsumer("share_dispatch", handle)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return consumer.process(event, context)
