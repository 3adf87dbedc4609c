"""The layer every function imports: the caller, the publisher and the error shape."""

from __future__ import annotations

import pytest

from estafette.auth import caller_from_claims, require_role
from estafette.domain import ContentType, Role
from estafette.errors import Forbidden, Unauthorized
from estafette.events import ContentExpired
from estafette.publisher import EventBridgePublisher, Outgoing, PublishError


class FakeEvents:
    def __init__(self, fail: int = 0) -> None:
        self.calls: list[list[dict]] = []
        self.fail = fail

    def put_events(self, Entries):
        self.calls.append(Entries)
        failed = min(self.fail, len(Entries))
        return {
            "FailedEntryCount": failed,
            "Entries": [{"ErrorCode": "InternalFailure"}] * failed + [{"EventId": "x"}] * (len(Entries) - failed),
        }


def expired(n: int) -> Outgoing:
    return Outgoing(ContentExpired(content_id=f"c{n}", expired_at="2026-11-23T10:00:00Z"), "acme")


def test_roles_flattened_by_api_gateway_are_understood():
    caller = caller_from_claims({"sub": "anna", "org_id": "acme", "roles": "[curator employee]"})
    assert caller.roles == {Role.CURATOR, Role.EMPLOYEE}


def test_roles_as_a_json_array_are_understood():
    caller = caller_from_claims({"sub": "anna", "org_id": "acme", "roles": ["admin"]})
    assert caller.roles == {Role.ADMIN}


@pytest.mark.parametrize("claims", [None, {}, {"sub": "x"}, {"org_id": "acme"}, {"sub": "", "org_id": "acme"}])
def test_claims_without_subject_or_org_are_unauthorized(claims):
    with pytest.raises(Unauthorized):
        caller_from_claims(claims)


def test_admin_may_do_what_curators_may_but_employees_may_not():
    admin = caller_from_claims({"sub": "b", "org_id": "acme", "roles": "[admin]"})
    employee = caller_from_claims({"sub": "e", "org_id": "acme", "roles": "[employee]"})
    assert require_role(admin, Role.CURATOR) is admin
    with pytest.raises(Forbidden):
        require_role(employee, Role.CURATOR)


def test_publisher_sends_chunks_of_ten():
    client = FakeEvents()
    ids = EventBridgePublisher("bus", client).publish([expired(n) for n in range(23)])
    assert [len(c) for c in client.calls] == [10, 10, 3]
    assert len(set(ids)) == 23
    entry = client.calls[0][0]
    assert entry["Source"] == "estafette.content_publishing" and entry["DetailType"] == "ContentExpired"


def test_publisher_raises_when_eventbridge_rejects_an_entry():
    with pytest.raises(PublishError):
        EventBridgePublisher("bus", FakeEvents(fail=1)).publish([expired(1), expired(2)])


def test_deterministic_event_id_is_kept():
    client = FakeEvents()
    outgoing = Outgoing(ContentExpired(content_id="c", expired_at="2026-11-23T10:00:00Z"), "acme", event_id="c-expire")
    assert EventBridgePublisher("bus", client).publish([outgoing]) == ["c-expire"]


def test_content_types_cover_the_library():
    assert {t.value for t in ContentType} == {"news", "vacancy", "industry", "expertise", "event"}


def test_every_user_facing_message_exists_in_english_and_dutch():
    from estafette.i18n import MESSAGES

    assert all({"en", "nl"} <= texts.keys() for texts in MESSAGES.values())


def test_a_service_cannot_register_a_message_without_dutch():
    from estafette.i18n import register

    with pytest.raises(ValueError, match="nl"):
        register({"only_english": {"en": "Hello"}})
