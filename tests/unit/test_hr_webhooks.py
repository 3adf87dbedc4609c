"""HR systems announce vacancies, joiners and leavers with signed webhooks; nothing unsigned gets in."""

from __future__ import annotations

import json
import time

import boto3
import pytest

from tests.support import call, sign_generic
from tests.unit.conftest import bus_events

WEBHOOK = "hr_webhooks.handlers.webhook"
SECRET = "s3cret-for-acme"
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


@pytest.fixture
def secrets(stack):
    def put(*values):
        client = boto3.client("secretsmanager")
        value = json.dumps({"generic": list(values)})
        try:
            client.create_secret(Name="estafette/acme/hr-webhooks", SecretString=value)
        except client.exceptions.ResourceExistsException:
            client.put_secret_value(SecretId="estafette/acme/hr-webhooks", SecretString=value)

    put(SECRET)
    return put


def send(payload, *, secret=SECRET, at=None, provider="generic", org="acme", raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"x-estafette-signature": sign_generic(secret, body, at)}
    return call(WEBHOOK, "POST", f"/v1/webhooks/hr/{provider}", raw=body, headers=headers, query=f"org={org}")


def emitted(stack, name):
    return bus_events(stack.drain("ContentEventsQueue"), name)


def test_signed_vacancy_becomes_a_vacancy_opened_event(stack, secrets):
    reply = send(VACANCY)
    assert reply.status == 202
    assert reply.body == {"status": "accepted", "delivery_id": "delivery-1", "event": "VacancyOpened"}
    events = emitted(stack, "VacancyOpened")
    assert len(events) == 1
    assert events[0]["detail"]["data"]["department"] == "Engineering"
    assert events[0]["detail"]["metadata"]["org_id"] == "acme"


def test_replayed_delivery_answers_200_and_has_no_second_effect(stack, secrets):
    assert send(VACANCY).status == 202
    again = send(VACANCY)
    assert again.status == 200 and again.body["status"] == "duplicate"
    assert len(emitted(stack, "VacancyOpened")) == 1


def test_forged_signature_is_rejected(stack, secrets):
    reply = send(VACANCY, secret="not-the-secret")
    assert reply.status == 401
    assert reply.body["error"]["code"] == "invalid_signature"
    assert emitted(stack, "VacancyOpened") == []


def test_stale_timestamp_is_rejected_as_a_replay(stack, secrets):
    reply = send(VACANCY, at=int(time.time()) - 301)
    assert reply.status == 401
    assert emitted(stack, "VacancyOpened") == []


def test_missing_signature_is_rejected(stack, secrets):
    body = json.dumps(VACANCY).encode()
    reply = call(WEBHOOK, "POST", "/v1/webhooks/hr/generic", raw=body, query="org=acme")
    assert reply.status == 401


def test_both_secrets_work_during_a_rotation(stack, secrets):
    secrets(SECRET, "the-new-secret")
    assert send(VACANCY, secret="the-new-secret").status == 202
    assert send({**VACANCY, "id": "delivery-2"}, secret=SECRET).status == 202


def test_unknown_provider_is_404(stack, secrets):
    reply = send(VACANCY, provider="workday-classic")
    assert reply.status == 404
    assert reply.body["error"]["code"] == "unknown_provider"


def test_malformed_json_is_400_naming_the_problem(stack, secrets):
    reply = send(None, raw=b"{broken")
    assert reply.status == 400
    assert "not valid JSON" in reply.body["error"]["message"]


def test_payload_that_does_not_map_names_the_field(stack, secrets):
    payload = {**VACANCY, "data": {"vacancy_id": "X", "url": "https://example.com"}}
    reply = send(payload)
    assert reply.status == 400
    assert "data.title" in reply.body["error"]["message"]


def test_body_over_256_kb_is_413(stack, secrets):
    payload = {**VACANCY, "data": {**VACANCY["data"], "description": "x" * (257 * 1024)}}
    reply = send(payload)
    assert reply.status == 413


def test_rejections_are_logged_for_admins_without_secrets(stack, secrets):
    send(VACANCY, secret="wrong")
    items = (
        boto3.resource("dynamodb")
        .Table("estafette-webhooks")
        .query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": "ORG#acme"})["Items"]
    )
    assert [i["status"] for i in items] == ["rejected"]
    assert SECRET not in repr(items) and "wrong" not in repr(items)


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
    # A redelivered VacancyOpened does not create a second item.
    from content_publishing.handlers.events import lambda_handler
    from local.runtime import LambdaContext

    body = json.dumps(
        {
            "source": "estafette.hr_webhooks",
            "detail-type": "VacancyOpened",
            "detail": {"metadata": {"org_id": "acme"}, "data": {**VACANCY["data"], "provider": "generic"}},
        }
    )
    lambda_handler(
        {
            "Records": [
                {
                    "messageId": "m",
                    "receiptHandle": "r",
                    "body": body,
                    "attributes": {},
                    "messageAttributes": {},
                    "md5OfBody": "",
                    "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:eu-west-1:1:q",
                    "awsRegion": "eu-west-1",
                }
            ]
        },
        LambdaContext("c", 10),
    )
    items, _ = store.list_library("acme", 50, None)
    assert len(items) == 1
