"""Admins see every delivery their HR systems sent, and rotate webhook secrets without downtime."""

from __future__ import annotations

import json

import boto3

from tests.support import call, claims
from tests.unit.hr_webhooks_support import SECRET, secrets, send

__all__ = ["secrets"]  # the fixture

ADMIN_API = "hr_webhooks.handlers.admin"
BRAM = claims("bram", roles=("admin",))
ANNA = claims("anna", roles=("curator",))
VACANCY = {
    "id": "d-1",
    "type": "vacancy.opened",
    "data": {"vacancy_id": "V1", "title": "Engineer", "url": "https://example.com/jobs/1", "department": "Engineering"},
}


def deliveries(query="", who=BRAM):
    return call(ADMIN_API, "GET", "/v1/org/webhooks/deliveries", who=who, query=query)


def test_admin_sees_processed_duplicate_ignored_and_rejected_deliveries_newest_first(stack, secrets):
    send(VACANCY)
    send(VACANCY)
    send({**VACANCY, "id": "d-2"}, secret="forged-secret-0123456789")
    send({**VACANCY, "id": "d-3", "data": {"vacancy_id": "V3"}})
    reply = deliveries()
    assert reply.status == 200
    items = reply.body["items"]
    assert [i["status"] for i in items] == ["rejected", "rejected", "duplicate", "processed"]
    processed = items[-1]
    assert processed["delivery_id"] == "d-1" and processed["events"] == ["VacancyOpened"] and processed["processed_at"]
    assert items[0]["reason"].startswith("data.title")
    assert "does not match" in items[1]["reason"]
    assert reply.body["next_cursor"] is None


def test_the_log_never_shows_a_secret_or_a_body(stack, secrets):
    send(VACANCY)
    send(VACANCY, secret="forged-secret-0123456789")
    text = json.dumps(deliveries().body)
    assert SECRET not in text and "forged-secret" not in text and "example.com/jobs" not in text


def test_the_log_filters_by_status(stack, secrets):
    send(VACANCY)
    send(VACANCY)
    send(VACANCY, secret="forged-secret-0123456789")
    assert [i["status"] for i in deliveries("status=duplicate").body["items"]] == ["duplicate"]
    assert [i["status"] for i in deliveries("status=processed").body["items"]] == ["processed"]
    assert [i["status"] for i in deliveries("status=rejected").body["items"]] == ["rejected"]
    assert deliveries("status=received").body["items"] == []
    bad = deliveries("status=lost")
    assert bad.status == 422 and bad.body["error"]["field"] == "status"


def test_the_log_pages_with_a_cursor_that_cannot_leave_the_org(stack, secrets):
    for n in range(5):
        send({**VACANCY, "id": f"d-{n}"})
    first = deliveries("limit=2").body
    second = deliveries(f"limit=2&cursor={first['next_cursor']}").body
    third = deliveries(f"limit=2&cursor={second['next_cursor']}").body
    ids = [i["delivery_id"] for page in (first, second, third) for i in page["items"]]
    assert ids == ["d-4", "d-3", "d-2", "d-1", "d-0"]
    assert deliveries("cursor=not-a-cursor").status == 422
    other_org = claims("mallory", org_id="globex", roles=("admin",))
    assert deliveries(f"limit=2&cursor={first['next_cursor']}", who=other_org).status == 422


def test_only_admins_see_the_log_and_only_their_own_org(stack, secrets):
    send(VACANCY)
    assert deliveries(who=ANNA).status == 403
    assert deliveries(who=claims("eva")).status == 403
    assert deliveries(who=claims("mallory", org_id="globex", roles=("admin",))).body["items"] == []


def put_secret(provider="generic", body=None, who=BRAM):
    return call(ADMIN_API, "PUT", f"/v1/org/webhooks/{provider}/secret", body, who=who)


def test_a_generated_secret_is_shown_once_and_works_beside_the_previous_one(stack, secrets):
    reply = put_secret()
    assert reply.status == 200 and reply.headers["cache-control"] == "no-store"
    new = reply.body["secret"]
    assert len(new) >= 32 and reply.body == {"provider": "generic", "active_secrets": 2, "secret": new}
    assert send({**VACANCY, "id": "with-new"}, secret=new).status == 202
    assert send({**VACANCY, "id": "with-old"}, secret=SECRET).status == 202
    assert new not in json.dumps(deliveries().body)


def test_retiring_the_previous_secret_ends_the_rotation(stack, secrets):
    new = put_secret().body["secret"]
    reply = call(ADMIN_API, "DELETE", "/v1/org/webhooks/generic/secret/previous", who=BRAM)
    assert reply.status == 200 and reply.body == {"provider": "generic", "active_secrets": 1}
    stored = boto3.client("secretsmanager").get_secret_value(SecretId="estafette/acme/hr-webhooks")["SecretString"]
    assert json.loads(stored)["generic"] == [new]
    again = call(ADMIN_API, "DELETE", "/v1/org/webhooks/generic/secret/previous", who=BRAM)
    assert again.status == 409 and again.body["error"]["code"] == "no_previous_secret"


def test_an_admin_sets_the_secret_a_provider_generated_and_it_is_not_echoed(stack, secrets):
    reply = put_secret("bamboohr", {"secret": "bamboohr-generated-private-key-42"})
    assert reply.status == 200 and reply.body == {"provider": "bamboohr", "active_secrets": 1}
    stored = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId="estafette/acme/hr-webhooks")["SecretString"])
    assert stored == {"generic": [SECRET], "bamboohr": ["bamboohr-generated-private-key-42"]}


def test_the_first_secret_of_a_new_org_creates_its_secret(stack):
    reply = put_secret("greenhouse", who=claims("olga", org_id="initech", roles=("admin",)))
    assert reply.status == 200 and reply.body["active_secrets"] == 1
    stored = boto3.client("secretsmanager").get_secret_value(SecretId="estafette/initech/hr-webhooks")["SecretString"]
    assert json.loads(stored) == {"greenhouse": [reply.body["secret"]]}


def test_secret_rotation_refuses_bad_input(stack, secrets):
    assert put_secret("workday").status == 404
    assert put_secret(body={"secret": "short"}).status == 422
    assert put_secret(body={"secret": "has a space in it 0123456789"}).status == 422
    assert put_secret(body={"secret": "x" * 20, "extra": 1}).status == 422
    assert put_secret(who=ANNA).status == 403
