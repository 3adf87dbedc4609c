"""The leaver lock: once HR says someone left, no route acts for them until HR says they joined again."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from estafette import people
from estafette.domain import EmployeeProfile, Language
from estafette.events import EmployeeJoined, EmployeeLeft, EmployeeUpdated, EventMetadata
from local.runtime import functions_of
from local.template import Template
from tests.support import call, claims

EVA = claims("eva", roles=("employee", "curator", "admin"))
JOINED = datetime(2026, 11, 2, 9, tzinfo=UTC)
LEFT = JOINED + timedelta(days=20)


def _metadata(at: datetime) -> EventMetadata:
    return EventMetadata(org_id="acme", occurred_at=at)


def hr_says(event, at: datetime) -> None:
    """What the bus hands the directory (content_publishing) and share_dispatch."""
    from content_publishing.handlers import events as content_events
    from share_dispatch.handlers import events as share_events

    content_events.handle(event, _metadata(at))
    share_events.handle(event, _metadata(at))


def joined(at: datetime = JOINED) -> None:
    profile = EmployeeProfile(employee_id="eva", name="Eva", department="Engineering", language=Language.NL)
    hr_says(EmployeeJoined(profile=profile, provider="generic"), at)


def left(at: datetime = LEFT) -> None:
    hr_says(EmployeeLeft(employee_id="eva", provider="generic"), at)


def test_no_private_route_acts_for_a_leaver(stack):
    joined()
    left()
    private = [(spec, route) for spec in stack.functions for route in spec.routes if not route.public]
    assert len(private) > 30  # every private route of every service, read from the template
    for spec, route in private:
        path = re.sub(r"\{\w+\+?\}", "x1", route.path)
        module = spec.handler.rsplit(".", 1)[0]
        reply = call(module, route.method, path, {}, who=EVA)
        assert (reply.status, reply.body["error"]["code"]) == (403, "employee_left"), (route.method, route.path, reply.body)
        assert "uit dienst" in reply.body["error"]["message"]  # in the leaver's own language, without a header


def test_put_me_cannot_undo_the_offboarding(stack):
    from content_publishing import store as content_store
    from share_dispatch import store as share_store

    joined()
    left()
    profile = {"name": "Eva", "department": "Engineering", "language": "en", "timezone": "Europe/Amsterdam"}
    reply = call("content_publishing.handlers.api", "PUT", "/v1/me", profile, who=EVA)
    assert reply.status == 403
    # The directory and share_dispatch's view still say she left; nothing can be shared in her name.
    assert content_store.get_profile("acme", "eva") is None
    assert share_store.get_employee("acme", "eva") is None
    assert people.has_left("acme", "eva")


def test_a_late_profile_change_does_not_bring_a_leaver_back(stack):
    from share_dispatch import store as share_store

    joined()
    left()
    # A profile change made before the leave, delivered after it (the bus does not order events).
    hr_says(EmployeeUpdated(profile=EmployeeProfile(employee_id="eva", name="Eva")), LEFT - timedelta(hours=1))
    assert share_store.get_employee("acme", "eva") is None
    joined(LEFT - timedelta(days=1))  # an old join, delivered late, is older news than the leave
    assert people.has_left("acme", "eva")
    reply = call("share_dispatch.handlers.api", "GET", "/v1/shares", who=EVA)
    assert reply.status == 403


def test_a_rehire_unlocks_and_a_late_leave_does_not_lock_again(stack):
    joined()
    left()
    joined(LEFT + timedelta(days=30))  # HR says she joined again
    assert call("content_publishing.handlers.api", "GET", "/v1/me", who=EVA).status == 200
    left(LEFT)  # the old leave, redelivered
    assert not people.has_left("acme", "eva")
    assert call("share_dispatch.handlers.api", "GET", "/v1/shares", who=EVA).status == 200


def test_every_function_that_asks_for_the_standing_may_read_it():
    """IAM: the lock reads the settings and the people table in one BatchGetItem; every function it
    runs in (private routes, and automatic shares, which ask `has_left`) is granted that on both."""
    parameters = {"JwtIssuer": "x", "JwtAudience": ["a"], "TrackedLinkBaseUrl": "x", "ClickHashSalt": "x" * 16}
    template = Template.load(parameters=parameters)
    for spec in functions_of(template, resolve_environment=False):
        if not any(not r.public for r in spec.routes) and spec.logical_id != "ShareEventsFunction":
            continue
        statements = template.resources[spec.logical_id]["Properties"]["Policies"][0]["Statement"]
        for table in ("SettingsTable", "PeopleTable"):
            grants = [s for s in statements if "BatchGetItem" in str(s["Action"]) and table in str(s.get("Resource"))]
            assert grants, (spec.logical_id, table)


def test_the_standing_is_one_call(stack, monkeypatch):
    calls = []
    client = people._table().meta.client
    original = client.batch_get_item
    monkeypatch.setattr(client, "batch_get_item", lambda **kw: calls.append(kw) or original(**kw))
    people.record_left("acme", "gone", datetime(2026, 3, 2, tzinfo=UTC))
    assert people.standing("acme", "gone").left
    assert not people.standing("acme", "stays").left
    assert len(calls) == 2


def test_hr_saying_someone_left_locks_them_out_before_the_event_arrives(stack):
    from estafette import identity

    joined()
    assert call("content_publishing.handlers.api", "GET", "/v1/me", who=EVA).status == 200
    identity.set_state("acme", "eva", identity.LEFT)  # what hr_webhooks records as the delivery comes in
    reply = call("share_dispatch.handlers.api", "GET", "/v1/shares", who=EVA)
    assert (reply.status, reply.body["error"]["code"]) == (403, "employee_left")
    identity.set_state("acme", "eva", identity.ACTIVE)  # HR says she is back
    assert call("share_dispatch.handlers.api", "GET", "/v1/shares", who=EVA).status == 200


def test_a_sign_in_resolves_and_passes_the_lock_in_one_read(stack, monkeypatch):
    """The alias lookup (not cached yet) and the standing share one BatchGetItem; an alias that names
    another person costs a second read, for that person's standing."""
    from estafette import identity
    from estafette.auth import Caller

    identity.enrol("acme", identity.aliases_of(("sub", "sso-ann")), "ann")  # HR knows Ann's SSO subject as an alias
    people.record_left("acme", "ann", datetime(2026, 3, 2, tzinfo=UTC))
    calls = []
    client = people._table().meta.client
    original = client.batch_get_item
    monkeypatch.setattr(client, "batch_get_item", lambda **kw: calls.append(kw) or original(**kw))
    identity.forget()

    me, standing = identity.resolve_with_standing(Caller("bob", "acme", ("employee",)), {"sub": "bob"})
    assert (me.sub, standing.left, len(calls)) == ("bob", False, 1)

    me, standing = identity.resolve_with_standing(Caller("sso-ann", "acme", ("employee",)), {"sub": "sso-ann"})
    assert (me.sub, standing.left, len(calls)) == ("ann", True, 3)


def _dynamodb_calls(monkeypatch) -> list[str]:
    from botocore.client import BaseClient

    calls: list[str] = []
    original = BaseClient._make_api_call

    def counting(self, operation, params):
        calls.append(operation)
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    return calls


def test_a_containers_first_request_reads_settings_alias_and_standing_in_one_call(stack, monkeypatch):
    from estafette import identity, settings
    from estafette.auth import Caller

    people.record_left("acme", "gone", datetime(2026, 3, 2, tzinfo=UTC))
    settings.clear_cache()
    identity.forget()
    calls = _dynamodb_calls(monkeypatch)
    me, standing = identity.resolve_with_standing(Caller("gone", "acme", ("employee",)), {"sub": "gone"})
    assert (me.sub, standing.left) == ("gone", True)
    assert calls == ["BatchGetItem"]
    # The settings came with it: the route reading them next costs nothing more.
    assert settings.for_org("acme").hr.identity_claim == "sub"
    assert calls == ["BatchGetItem"]


def test_an_org_naming_people_by_email_still_resolves_on_its_first_request(stack, monkeypatch):
    from estafette import identity, settings
    from estafette.auth import Caller

    current = settings.for_org("acme")
    settings.save("acme", current.model_copy(update={"hr": current.hr.model_copy(update={"identity_claim": "email"})}), "bram")
    identity.enrol("acme", identity.aliases_of(("email", "ann@example.com")), "ann")
    people.record_left("acme", "ann", datetime(2026, 3, 2, tzinfo=UTC))
    settings.clear_cache()
    identity.forget()
    calls = _dynamodb_calls(monkeypatch)
    caller = Caller("pairwise-1", "acme", ("employee",))
    me, standing = identity.resolve_with_standing(caller, {"sub": "pairwise-1", "email": "ann@example.com"})
    assert (me.sub, standing.left) == ("ann", True)
    # The guess (the default claim, sub) read the settings; the email alias then costs its own reads.
    assert calls[0] == "BatchGetItem" and "GetItem" not in calls
