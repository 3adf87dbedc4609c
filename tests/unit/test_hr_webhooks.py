"""HR systems announce vacancies, joiners and leavers with signed webhooks; nothing unsigned gets in."""

from __future__ import annotations

import json
import time

import pytest

from tests.support import call, sign_generic, signed_headers
from tests.unit.hr_webhooks_support import SECRET, WEBHOOK, emitted, log, secrets, send

__all__ = ["secrets"]  # the fixture

VACANCY = {
    "id": "delivery-1",
    "type": "vacancy.opened",
    "data": {
        "vacancy_id": "ENG-1",
        "title": "Platform Engineer",
        "url": "https://example.com/jobs/1",
        "department": "Engineering",
    },
}


def test_signed_vacancy_becomes_a_vacancy_opened_event(stack, secrets):
    reply = send(VACANCY)
    assert reply.status == 202
    assert reply.body == {"status": "accepted", "delivery_id": "delivery-1", "events": ["VacancyOpened"]}
    events = emitted(stack, "VacancyOpened")
    assert len(events) == 1
    assert events[0]["source"] == "estafette.hr_webhooks"
    assert events[0]["detail"]["data"]["department"] == "Engineering"
    assert events[0]["detail"]["metadata"]["org_id"] == "acme"
    assert [i["status"] for i in log()] == ["processed"]


def test_replayed_delivery_answers_200_and_has_no_second_effect(stack, secrets):
    assert send(VACANCY).status == 202
    again = send(VACANCY)
    assert again.status == 200 and again.body == {"status": "duplicate", "delivery_id": "delivery-1"}
    assert len(emitted(stack, "VacancyOpened")) == 1
    assert sorted(i["status"] for i in log()) == ["duplicate", "processed"]


def test_a_redelivery_after_a_failed_emit_emits_under_the_same_event_ids(stack, secrets):
    from estafette.publisher import PublishError, RecordingPublisher
    from hr_webhooks import receiver

    class Failing:
        def publish(self, events):
            raise PublishError("1 of 1 events were not accepted")

    body = json.dumps(VACANCY).encode()
    headers = {"X-Estafette-Signature": sign_generic(SECRET, body)}
    from estafette.errors import Unavailable

    with pytest.raises(Unavailable):
        receiver.receive("generic", "acme", headers, body, publisher=Failing())
    assert [i["status"] for i in log()] == ["received"]
    recording = RecordingPublisher()
    outcome = receiver.receive("generic", "acme", headers, body, publisher=recording)
    assert outcome.status == "accepted" and len(recording.sent) == 1
    assert recording.sent[0].event_id == receiver.event_id("generic", "delivery-1", 0)
    assert [i["status"] for i in log()] == ["processed"]


def test_a_failed_emit_answers_503_not_500(stack, secrets, monkeypatch):
    from estafette.publisher import EventBridgePublisher, PublishError

    def refuse(self, events):
        raise PublishError("0 of 1 events were accepted")

    monkeypatch.setattr(EventBridgePublisher, "publish", refuse)
    reply = send(VACANCY)
    assert reply.status == 503 and reply.body["error"]["code"] == "unavailable"


def test_forged_signature_is_rejected_and_only_the_rejection_is_recorded(stack, secrets):
    reply = send(VACANCY, secret="not-the-secret-at-all")
    assert reply.status == 401
    assert reply.body["error"]["code"] == "invalid_signature"
    assert emitted(stack) == []
    [entry] = log()
    assert entry["status"] == "rejected" and "does not match" in entry["reason"]
    assert "delivery_id" not in entry and "events" not in entry


def test_stale_timestamp_is_rejected_as_a_replay(stack, secrets):
    reply = send(VACANCY, at=int(time.time()) - 301)
    assert reply.status == 401
    assert emitted(stack) == []
    assert "5 minutes" in log()[0]["reason"]


def test_a_timestamp_from_the_future_is_rejected_too(stack, secrets):
    assert send(VACANCY, at=int(time.time()) + 301).status == 401


def test_a_timestamp_within_five_minutes_is_accepted(stack, secrets):
    assert send(VACANCY, at=int(time.time()) - 290).status == 202


def test_missing_signature_is_rejected(stack, secrets):
    body = json.dumps(VACANCY).encode()
    reply = call(WEBHOOK, "POST", "/v1/webhooks/hr/generic", raw=body, query="org=acme")
    assert reply.status == 401
    assert "missing" in log()[0]["reason"]


def test_a_signature_over_another_body_is_rejected(stack, secrets):
    signed_for = json.dumps(VACANCY).encode()
    tampered = json.dumps({**VACANCY, "data": {**VACANCY["data"], "department": "Sales"}}).encode()
    headers = {"X-Estafette-Signature": sign_generic(SECRET, signed_for)}
    assert send(None, raw=tampered, headers=headers).status == 401


def test_an_org_without_secrets_rejects_everything(stack, secrets):
    reply = send(VACANCY, org="globex")
    assert reply.status == 401
    assert log("globex")[0]["reason"] == "no secret is configured for this provider"


def test_both_secrets_work_during_a_rotation(stack, secrets):
    secrets(["the-new-secret-0123456789", SECRET])
    assert send(VACANCY, secret="the-new-secret-0123456789").status == 202
    assert send({**VACANCY, "id": "delivery-2"}, secret=SECRET).status == 202


def test_a_secret_set_a_moment_ago_works_at_once(stack, secrets):
    assert send(VACANCY).status == 202  # the old secret is now cached
    secrets(["brand-new-secret-0123456789"])
    assert send({**VACANCY, "id": "delivery-2"}, secret="brand-new-secret-0123456789").status == 202


def test_forged_floods_do_not_hammer_secrets_manager(stack, secrets):
    from hr_webhooks import webhook_secrets

    send(VACANCY)  # warms the cache
    calls = []
    boto3_session_events(lambda **kw: calls.append(kw["model"].name))
    webhook_secrets.clear_cache()
    for n in range(5):
        send({**VACANCY, "id": f"forged-{n}"}, secret="wrong-secret-0123456789")
    assert calls.count("GetSecretValue") == 1


def boto3_session_events(handler):
    """Count the calls of the container's Secrets Manager client (the one the secret cache reads through)."""
    from estafette import aws

    aws.client("secretsmanager").meta.events.register("before-call.*.*", handler)


def test_unknown_provider_is_404(stack, secrets):
    reply = send(VACANCY, provider="workday-classic")
    assert reply.status == 404
    assert reply.body["error"]["code"] == "unknown_provider"
    assert log() == []


def test_a_missing_org_is_400_naming_it(stack, secrets):
    body = json.dumps(VACANCY).encode()
    reply = call(WEBHOOK, "POST", "/v1/webhooks/hr/generic", raw=body, headers=signed_headers("generic", SECRET, body))
    assert reply.status == 400
    assert reply.body["error"]["code"] == "missing_org" and reply.body["error"]["field"] == "org"


def test_malformed_json_is_400_naming_the_problem(stack, secrets):
    reply = send(None, raw=b"{broken")
    assert reply.status == 400
    assert "not valid JSON" in reply.body["error"]["message"]
    assert emitted(stack) == []


def test_payload_that_does_not_map_names_the_field(stack, secrets):
    payload = {**VACANCY, "data": {"vacancy_id": "X", "url": "https://example.com"}}
    reply = send(payload)
    assert reply.status == 400
    assert "data.title" in reply.body["error"]["message"]
    assert [(i["status"], "data.title" in i["reason"]) for i in log()] == [("rejected", True)]


def test_an_unknown_generic_type_names_the_types_it_knows(stack, secrets):
    reply = send({**VACANCY, "type": "vacancy.reopened"})
    assert reply.status == 400 and "vacancy.opened" in reply.body["error"]["message"]


def test_a_vacancy_url_must_be_http(stack, secrets):
    reply = send({**VACANCY, "data": {**VACANCY["data"], "url": "javascript:alert(1)"}})
    assert reply.status == 400 and "data.url" in reply.body["error"]["message"]


def test_body_over_256_kb_is_413_and_nothing_is_recorded(stack, secrets):
    payload = {**VACANCY, "data": {**VACANCY["data"], "description": "x" * (257 * 1024)}}
    reply = send(payload)
    assert reply.status == 413
    assert log() == [] and emitted(stack) == []


def test_binary_garbage_never_gives_a_500(stack, secrets):
    for raw in (b"\xff\xfe\x00", b"[]", b"null", b'"text"', b"{}", b'{"id": 5, "type": [], "data": 1}'):
        reply = send(None, raw=raw)
        assert reply.status == 400, (raw, reply.body)


def test_rejections_are_logged_for_admins_without_secrets(stack, secrets):
    send(VACANCY, secret="wrong-one-0123456789")
    items = log()
    assert [i["status"] for i in items] == ["rejected"]
    assert SECRET not in repr(items) and "wrong-one" not in repr(items)


def test_department_and_location_names_are_mapped_per_the_org_settings(stack, secrets):
    from estafette import settings
    from estafette.settings import OrgSettings

    configured = OrgSettings.model_validate(
        {"hr": {"departments": {"R&D": "Engineering"}, "locations": {"AMS-HQ": {"name": "Amsterdam"}}}}
    )
    settings.save("acme", configured, "bram")
    payload = {**VACANCY, "data": {**VACANCY["data"], "department": "R&D", "locations": ["AMS-HQ", "Remote"]}}
    assert send(payload).status == 202
    [event] = emitted(stack, "VacancyOpened")
    assert event["detail"]["data"]["department"] == "Engineering"
    assert event["detail"]["data"]["locations"] == ["Amsterdam", "Remote"]


def test_employee_joined_enrols_the_advocate_for_targeting(stack, secrets):
    joined = {
        "id": "d-join",
        "type": "employee.joined",
        "data": {"employee_id": "eva", "name": "Eva", "department": "Engineering", "language": "nl"},
    }
    assert send(joined).status == 202
    from content_publishing import store
    from tests.unit.conftest import deliver

    assert deliver(stack, "ContentEventsQueue", "content_publishing.handlers.events") == {"batchItemFailures": []}
    profile = store.get_profile("acme", "eva")
    assert profile is not None and profile.department == "Engineering" and profile.language == "nl"


def test_employee_left_takes_the_leaver_out_of_the_directory(stack, secrets):
    from content_publishing import store
    from tests.unit.conftest import deliver

    send({"id": "d-join", "type": "employee.joined", "data": {"employee_id": "liam", "department": "Sales"}})
    assert send({"id": "d-left", "type": "employee.left", "data": {"employee_id": "liam"}}).status == 202
    deliver(stack, "ContentEventsQueue", "content_publishing.handlers.events")
    assert store.get_profile("acme", "liam") is None


def test_vacancy_webhook_becomes_published_vacancy_content_in_both_languages(stack, secrets):
    from content_publishing import store
    from content_publishing.vacancies import vacancy_content_id
    from tests.unit.conftest import deliver

    send(VACANCY)
    deliver(stack, "ContentEventsQueue", "content_publishing.handlers.events")
    item = store.get("acme", vacancy_content_id("generic", "ENG-1"))
    assert item is not None and item.status == "published"
    assert item.audience.departments == ["Engineering"]
    assert len(item.suggested_texts["en"]) >= 3 and len(item.suggested_texts["nl"]) >= 3
    # The same delivery again creates nothing new.
    send(VACANCY)
    deliver(stack, "ContentEventsQueue", "content_publishing.handlers.events")
    items, _ = store.list_library("acme", 50, None)
    assert len(items) == 1


def test_requests_for_an_org_without_secrets_cost_one_secrets_manager_call(stack, secrets):
    assert send(VACANCY, org="globex").status == 401
    calls = []
    boto3_session_events(lambda **kw: calls.append(kw["model"].name))
    for n in range(5):
        send({**VACANCY, "id": f"probe-{n}"}, org="globex")
    assert calls.count("GetSecretValue") <= 1


def test_an_org_id_that_cannot_name_a_secret_is_refused(stack, secrets):
    assert send(VACANCY, org="acme/other").status == 400
