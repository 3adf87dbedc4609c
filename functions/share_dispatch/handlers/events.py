"""share_dispatch's bus consumer: its view of content and the directory, auto-shares, offboarding."""

from __future__ import annotations

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
from estafette.publisher import default_publisher
from share_dispatch import consents, offboarding, store


def handle(event: EventData, metadata: EventMetadata) -> None:
    org_id = metadata.org_id
    match event:
        case ContentPublished():  # ContentUpdated is a subclass: same projection, but no new auto-shares
            content = event.model_dump(mode="json")
            store.put_content(org_id, content)
            if type(event) is ContentPublished:
                consents.share_published_vacancy(org_id, content, default_publisher())
        case ContentExpired():
            store.expire_content(org_id, event.content_id)
        case EmployeeJoined() | EmployeeUpdated():
            store.put_employee(org_id, event.profile.model_dump(mode="json"))
        case EmployeeLeft():
            offboarding.offboard(org_id, event.employee_id, default_publisher())


consumer = BusConsumer("share_dispatch", handle)


lambda_handler = consumer.handler()
