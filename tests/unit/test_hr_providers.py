"""Greenhouse and BambooHR speak their own documented formats and signatures; both become Estafette's events."""

from __future__ import annotations

import json
import time

import pytest

from estafette.settings import HrSettings
from hr_webhooks.directory import Joined, Left
from hr_webhooks.providers import Unmappable, bamboohr, greenhouse, provider
from tests.support import signed_headers, webhook_sample
from tests.unit.hr_webhooks_support import emitted, log, secrets, send

__all__ = ["secrets"]  # the fixture

GREENHOUSE_SECRET = "greenhouse-secret-key-0123456789abcdef"
BAMBOOHR_KEY = "bamboohr-private-key-0123456789abcdef"
HR = HrSettings(greenhouse_job_url="https://job-boards.greenhouse.io/acme/jobs/{job_post_id}")


@pytest.fixture
def connected(stack, secrets):
    """Acme connected Greenhouse and BambooHR, and told Estafette where its Greenhouse jobs are published."""
    from estafette import settings
    from estafette.settings import OrgSettings

    secrets([GREENHOUSE_SECRET], provider="greenhouse")
    secrets([BAMBOOHR_KEY], provider="bamboohr")
    settings.save(
        "acme",
        OrgSettings.model_validate(
            {
                "hr": {
                    "greenhouse_job_url": HR.greenhouse_job_url,
                    "departments": {"dept-eng": "Engineering"},
                    "locations": {"Utrecht": {"language": "nl", "timezone": "Europe/Amsterdam"}},
                }
            }
        ),
        "bram",
    )


def body_of(name: str) -> bytes:
    return json.dumps(webhook_sample(name)).encode()


def send_greenhouse(body: bytes, secret: str = GREENHOUSE_SECRET, **headers: str):
    return send(None, raw=body, provider="greenhouse", headers={**signed_headers("greenhouse", secret, body), **headers})


def send_bamboohr(body: bytes, secret: str = BAMBOOHR_KEY, at: int | None = None):
    return send(None, raw=body, provider="bamboohr", headers=signed_headers("bamboohr", secret, body, at))


# --- Greenhouse --------------------------------------------------------------------------------


def test_greenhouse_job_that_opens_is_not_announced_until_its_post_goes_live(connected, stack):
    # "open" is internal: the job's name is not its public title, and nothing is public yet.
    opened = send_greenhouse(body_of("greenhouse-job_created"), **{"Greenhouse-Event-ID": "3ce5180d-9119-4ddc"})
    assert opened.status == 200, opened.body  # Greenhouse retries anything but 200
    assert opened.body["status"] == "accepted" and opened.body["events"] == []
    assert emitted(stack) == []
    draft = send_greenhouse(body_of("greenhouse-job_post_created-draft"))
    assert draft.status == 200 and emitted(stack, "VacancyOpened") == []


def test_greenhouse_live_job_post_becomes_a_vacancy_with_its_public_title_and_address(connected, stack):
    assert send_greenhouse(body_of("greenhouse-job_created")).status == 200
    reply = send_greenhouse(body_of("greenhouse-job_post_updated-live"), **{"Greenhouse-Event-ID": "post-live-1"})
    assert reply.status == 200 and reply.body["events"] == ["VacancyOpened"], reply.body
    [event] = emitted(stack, "VacancyOpened")
    assert event["detail"]["data"] == {
        "vacancy_id": "4012345",
        "title": "Backend Engineer (Python, AWS)",  # the post's public title, not the job's internal name
        "url": "https://job-boards.greenhouse.io/acme/jobs/5234567",
        "department": "Engineering",  # from the job's event, mapped from its external id dept-eng
        "locations": ["Amsterdam", "Utrecht"],
        "description": "",  # the job's notes are internal to Greenhouse and never published
        "provider": "greenhouse",
    }


def test_greenhouse_post_with_its_own_absolute_url_keeps_it():
    post = webhook_sample("greenhouse-job_post_updated-live")
    post["payload"]["absolute_url"] = "https://careers.example.com/jobs/5234567"
    [pending] = greenhouse.parse(json.dumps(post).encode(), {}, HrSettings()).events
    assert pending.url == "https://careers.example.com/jobs/5234567"  # type: ignore[attr-defined]


def test_greenhouse_unpublished_post_closed_or_deleted_job_expire_the_vacancy(connected, stack):
    assert send_greenhouse(body_of("greenhouse-job_post_updated-unpublished")).status == 200
    assert send_greenhouse(body_of("greenhouse-job_updated-closed")).status == 200
    assert send_greenhouse(body_of("greenhouse-job_deleted")).status == 200
    closed = emitted(stack, "VacancyClosed")
    assert [e["detail"]["data"] for e in closed] == [{"vacancy_id": "4012345", "provider": "greenhouse"}] * 3


def test_greenhouse_replay_with_a_new_event_id_header_is_still_a_duplicate(connected, stack):
    body = body_of("greenhouse-job_post_updated-live")
    assert send_greenhouse(body, **{"Greenhouse-Event-ID": "first"}).status == 200
    replay = send_greenhouse(body, **{"Greenhouse-Event-ID": "made-up-by-an-attacker"})
    assert replay.status == 200 and replay.body["status"] == "duplicate"
    assert len(emitted(stack, "VacancyOpened")) == 1


def test_greenhouse_forged_or_wrong_algorithm_signatures_are_rejected(connected, stack):
    body = body_of("greenhouse-job_post_updated-live")
    assert send_greenhouse(body, secret="guessed-secret-0123456789").status == 401
    sha1 = {"Signature": "sha1 " + greenhouse.sign(GREENHOUSE_SECRET, body)["Signature"].split(" ")[1]}
    assert send(None, raw=body, provider="greenhouse", headers=sha1).status == 401
    assert send(None, raw=body, provider="greenhouse", headers={}).status == 401
    assert emitted(stack) == []
    assert [i["status"] for i in log() if i["sk"].startswith("LOG#")] == ["rejected"] * 3


def test_greenhouse_signature_is_checked_over_the_raw_bytes(connected, stack):
    # Greenhouse escapes unicode before signing; re-serialising the JSON would change the bytes.
    body = json.dumps(webhook_sample("greenhouse-job_post_updated-live")).replace('"Amsterdam"', '"Amst\\u00e9rdam"').encode()
    assert send_greenhouse(body).status == 200


def test_greenhouse_events_estafette_does_not_use_are_answered_200_and_logged_as_ignored(connected, stack):
    for body in (
        {"action": "candidate_hired", "payload": {"application": {"id": 1}}},
        {"action": "ping", "payload": {"web_hook_id": 77}},
        {"web_hook_id": 77},
    ):
        reply = send_greenhouse(json.dumps(body).encode())
        assert reply.status == 200 and reply.body["status"] == "ignored", body
    internal = webhook_sample("greenhouse-job_post_updated-live")
    internal["payload"]["external"] = False
    assert send_greenhouse(json.dumps(internal).encode()).body["status"] == "ignored"
    assert emitted(stack) == []
    assert {i["status"] for i in log()} == {"ignored"}


def test_greenhouse_needs_the_org_to_say_where_job_posts_are_published(stack, secrets):
    secrets([GREENHOUSE_SECRET], provider="greenhouse")
    reply = send_greenhouse(body_of("greenhouse-job_post_updated-live"))
    assert reply.status == 400 and "hr.greenhouse_job_url" in reply.body["error"]["message"]
    assert [i["status"] for i in log() if i["sk"].startswith("LOG#")] == ["rejected"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"action": "job_created"}, "'payload'"),
        ({"action": "job_created", "payload": {"job": "x"}}, "payload.job"),
        ({"action": "job_created", "payload": {"job": {"status": "open"}}}, "payload.job.id"),
        ({"action": "job_created", "payload": {"job": {"id": 1, "status": "open", "offices": 3}}}, "payload.job.offices"),
        ({"action": "job_post_updated", "payload": {"id": 1, "live": True}}, "payload.job_id"),
        ({"action": "job_post_updated", "payload": {"id": 1, "job_id": 2, "live": True}}, "payload.title"),
    ],
)
def test_greenhouse_payloads_that_do_not_map_name_the_field(payload, field):
    with pytest.raises(Unmappable, match=field):
        greenhouse.parse(json.dumps(payload).encode(), {}, HR)


# --- BambooHR ----------------------------------------------------------------------------------


def test_bamboohr_joiner_and_leaver_in_one_delivery(connected, stack):
    reply = send_bamboohr(body_of("bamboohr-employee_with_fields"))
    assert reply.status == 202, reply.body
    assert reply.body["events"] == ["EmployeeJoined", "EmployeeLeft"]
    events = emitted(stack)
    joined = next(e for e in events if e["detail-type"] == "EmployeeJoined")["detail"]["data"]
    assert joined["profile"] == {
        "employee_id": "noor.elamrani@example.com",
        "name": "Noor El Amrani",
        "email": "noor.elamrani@example.com",
        "department": "Engineering",
        "role": "Data engineer",
        "location": "Utrecht",
        "language": "nl",  # from the org's location mapping: BambooHR has no language field
        "timezone": "Europe/Amsterdam",
    }
    left = next(e for e in events if e["detail-type"] == "EmployeeLeft")["detail"]["data"]
    assert left == {"employee_id": "liam.peters@example.com", "provider": "bamboohr"}
    # The Created entry without fields is noted in the log, not lost silently.
    [entry] = log()
    assert "without fields" in entry["reason"]


def test_bamboohr_stale_timestamp_is_rejected_as_a_replay(connected, stack):
    body = body_of("bamboohr-employee_with_fields")
    assert send_bamboohr(body, at=int(time.time()) - 600).status == 401
    assert "5 minutes" in log()[0]["reason"]
    assert emitted(stack) == []


def test_bamboohr_timestamp_is_part_of_what_is_signed(connected, stack):
    body = body_of("bamboohr-employee_with_fields")
    headers = signed_headers("bamboohr", BAMBOOHR_KEY, body, int(time.time()) - 600)
    headers["X-BambooHR-Timestamp"] = str(int(time.time()))  # a fresh time on an old signature
    assert send(None, raw=body, provider="bamboohr", headers=headers).status == 401


def test_bamboohr_retry_of_the_same_body_has_no_second_effect(connected, stack):
    body = body_of("bamboohr-employee_with_fields")
    assert send_bamboohr(body).status == 202
    again = send_bamboohr(body, at=int(time.time()) + 2)  # BambooHR re-signs its retry with a new time
    assert again.status == 200 and again.body["status"] == "duplicate"
    assert len(emitted(stack)) == 2


def test_bamboohr_forged_signature_is_rejected(connected, stack):
    assert send_bamboohr(body_of("bamboohr-employee_with_fields"), secret="not-the-key-0123456789").status == 401
    assert emitted(stack) == []


def test_bamboohr_form_post_format_is_400_saying_to_choose_json(connected, stack):
    body = b"employees%5B40417%5D%5BchangedFields%5D%5B0%5D=First+Name"
    reply = send_bamboohr(body)
    assert reply.status == 400 and "not valid JSON" in reply.body["error"]["message"]
    reply = send_bamboohr(b'{"employees": {"40417": {}}}')
    assert reply.status == 400 and "JSON format" in reply.body["error"]["message"]


def test_bamboohr_person_without_work_email_is_skipped_with_a_reason(connected, stack):
    body = json.dumps(
        {"employees": [{"id": "7", "action": "Updated", "changedFields": ["Department"], "fields": {"Department": "Sales"}}]}
    ).encode()
    reply = send_bamboohr(body)
    assert reply.status == 200 and reply.body["status"] == "ignored" and "Work Email" in reply.body["reason"]


def test_bamboohr_api_field_aliases_and_terminated_employment_are_understood():
    body = json.dumps(
        {
            "employees": [
                {"id": "1", "action": "Updated", "fields": {"workEmail": "A@x.nl", "firstName": "Ann", "department": "Ops"}},
                {"id": "2", "action": "Updated", "fields": {"workEmail": "b@x.nl", "employmentStatus": "Terminated"}},
            ]
        }
    ).encode()
    joined, left = bamboohr.parse(body, {}, HrSettings()).events
    assert isinstance(joined, Joined) and isinstance(left, Left)
    assert joined.profile["email"] == "a@x.nl" and joined.profile["department"] == "Ops"
    assert {(a.kind, a.value) for a in joined.aliases} == {("bamboohr", "1"), ("email", "a@x.nl")}
    assert {(a.kind, a.value) for a in left.aliases} == {("bamboohr", "2"), ("email", "b@x.nl")} and left.last_day is None


def test_bamboohr_signature_is_hmac_of_body_then_timestamp():
    body, timestamp = b'{"employees":[]}', 1772442000
    headers = {k.lower(): v for k, v in bamboohr.sign(BAMBOOHR_KEY, timestamp, body).items()}
    assert bamboohr.verify(headers, body, [BAMBOOHR_KEY], timestamp + 10) is None
    assert bamboohr.verify(headers, body, ["other-key", BAMBOOHR_KEY], timestamp) is None
    assert bamboohr.verify(headers, body, [BAMBOOHR_KEY], timestamp + 301) is not None


# --- the plug-in registry ----------------------------------------------------------------------


def test_every_registered_provider_has_the_plug_in_interface():
    from hr_webhooks.providers import PROVIDERS

    for name in PROVIDERS:
        module = provider(name)
        assert module is not None and name == module.NAME
        assert callable(module.verify) and callable(module.parse) and isinstance(module.SIGNS_TIMESTAMP, bool)
    assert provider("workday") is None
