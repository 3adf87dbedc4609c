"""content_publishing's bus consumer: vacancies, the directory, and what each employee shared."""

from __future__ import annotations

from content_publishing import feed_index, reviewers, store, vacancies
from estafette import people
from estafette.consumer import BusConsumer
from estafette.events import (
    EmployeeJoined,
    EmployeeLeft,
    EventData,
    EventMetadata,
    ShareCancelled,
    ShareFailed,
    SharePosted,
    ShareRequested,
    VacancyClosed,
    VacancyOpened,
)


def handle(event: EventData, metadata: EventMetadata) -> None:
    org_id = metadata.org_id
    match event:
        case VacancyOpened():
            vacancies.open_vacancy(org_id, event)
        case VacancyClosed():
            vacancies.close_vacancy(org_id, event)
        case EmployeeJoined():
            store.put_profile(org_id, event.profile)
            people.record_joined(org_id, event.profile.employee_id, event.profile.language, metadata.occurred_at)
        case EmployeeLeft():
            store.mark_left(org_id, event.employee_id, metadata.occurred_at)
            people.record_left(org_id, event.employee_id, metadata.occurred_at)
            reviewers.forget(org_id, event.employee_id)
        case ShareRequested() | SharePosted():  # ShareScheduled is a ShareRequested: it leaves my feed too
            feed_index.record_share(org_id, event.employee_id, event.content_id, event.share_id)
        case ShareCancelled() | ShareFailed():  # it ended without a post: the item returns to my feed
            store.withdraw_share(org_id, event.content_id, event.share_id, event.employee_id)


consumer = BusConsumer("content_publishing", handle)


lambda_handler = consumer.handler()
