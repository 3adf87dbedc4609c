"""One person, one identity across HR systems; BambooHR's event-based format, termination dates and labels;
Teamtailor and Personio; and every provider's bad input answered with a clear 4xx and logged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from local.fakes.hr import FakeHrApi, delivered, delivery
from tests.support import call, claims, webhook_sample
from tests.unit.hr_webhooks_support import WEBHOOK, emitted, log, secrets

__all__ = ["secrets"]  # the fixture

GREENHOUSE, BAMBOOHR, TEAMTAILOR, PERSONIO = (
    "greenhouse-secret-key-0123456789abcdef",
    "bamboohr-private-key-0123456789abcdef",
    "teamtailor-signature-key-0123456789",
    "personio-webhook-token-0123456789",
)
BAMBOOHR_API_KEY = "bamboohr-api-key-0123456789abcdef"
NOOR_FIELDS = {
    "workEmail": "Noor.ElAmrani@example.com",
    "firstName": "Noor",
    "lastName": "El Amrani",
    "department": "Engineering",
    "location": "Utrecht",
    "jobTitle": "Data engineer",
    "status": "Active",
    "terminationDate": "0000-00-00",
}


@pytest.fixture
def hr_api(stack, monkeypatch):
    """The fake BambooHR and Personio APIs, which the receiver reads through."""
    from estafette import config

    with FakeHrApi() as api:
        monkeypatch.setenv("HR_API_BASE_URL", api.base_url)
        config.load.cache_clear()
        yield api
    config.load.cache_clear()


@pytest.fixture
def acme(stack, secrets):
    """Acme connected all four HR systems and configured where their jobs and employees are."""
    from estafette import settings
    from estafette.settings import OrgSettings

    for provider, secret in (
        ("greenhouse", GREENHOUSE),
        ("bamboohr", BAMBOOHR),
        ("teamtailor", TEAMTAILOR),
        ("personio", PERSONIO),
    ):
        secrets([secret], provider=provider)
    secrets([BAMBOOHR_API_KEY], provider="bamboohr_api_key")
    secrets(["client-7:client-secret-7"], provider="personio_api")
    hr = {
        "greenhouse_job_url": "https://job-boards.greenhouse.io/acme/jobs/{job_post_id}",
        "teamtailor_job_url": "https://acme.teamtailor.com/jobs/{job_id}",
        "bamboohr_subdomain": "acme",
        "departments": {"Engineering": "Engineering"},
        "locations": {"Utrecht": {"language": "nl", "timezone": "Europe/Amsterdam"}},
    }
    settings.save("acme", OrgSettings.model_validate({"hr": hr}), "bram")


def hr_settings(**changes):
    from estafette import settings

    current = settings.for_org("acme")
    settings.save("acme", current.model_copy(update={"hr": current.hr.model_copy(update=changes)}), "bram")


def post(provider: str, payload, secret: str, at: int | None = None):
    headers, body = delivery(provider, secret, payload, at)
    return call(WEBHOOK, "POST", f"/v1/webhooks/hr/{provider}", raw=body, headers=headers, query="org=acme")


def generic(kind: str, data: dict, delivery_id: str):
    from tests.unit.hr_webhooks_support import SECRET

    return post("generic", {"id": delivery_id, "type": kind, "data": data}, SECRET)


def bamboohr_fields(employee_id: str, fields: dict, action: str = "Updated"):
    return post("bamboohr", {"employees": [{"id": employee_id, "action": action, "fields": fields}]}, BAMBOOHR)


def people(stack, name: str) -> list[dict]:
    return [e["detail"]["data"] for e in emitted(stack, name)]


# --- one person, one identity ------------------------------------------------------------------


def test_two_hr_systems_reporting_one_person_enrol_them_once(acme, stack):
    joined = generic("employee.joined", {"employee_id": "noor-sso-7", "email": "noor.elamrani@example.com"}, "g-1")
    assert joined.status == 202, joined.body
    fields = {"Work Email": "Noor.ElAmrani@example.com", "First Name": "Noor", "Department": "Engineering"}
    assert bamboohr_fields("40417", fields).status == 202
    ids = {p["profile"]["employee_id"] for p in people(stack, "EmployeeJoined")}
    assert ids == {"noor-sso-7"}  # the SSO subject the first report named; BambooHR's report found it by email

    from estafette import identity

    aliases = [identity.Alias.of("bamboohr", "40417"), identity.Alias.of("email", "NOOR.ELAMRANI@example.com")]
    assert identity.find("acme", aliases) == "noor-sso-7"


def test_a_leaver_reported_by_both_systems_is_offboarded_once(acme, stack):
    fields = {"Work Email": "liam@example.com", "First Name": "Liam", "Department": "Sales"}
    assert bamboohr_fields("31822", fields).status == 202
    assert generic("employee.joined", {"employee_id": "liam-sso", "email": "liam@example.com"}, "g-2").status == 202
    emitted(stack)
    assert bamboohr_fields("31822", {**fields, "Status": "Inactive"}).status == 202
    second = generic("employee.left", {"employee_id": "liam-sso", "email": "liam@example.com"}, "g-3")
    assert second.status == 202 and second.body["events"] == []
    assert "already offboarded" in second.body["reason"]
    assert people(stack, "EmployeeLeft") == [{"employee_id": "liam@example.com", "provider": "bamboohr"}]


def test_a_sign_in_by_email_claim_resolves_to_the_person_hr_enrolled(acme, stack):
    from content_publishing import store
    from estafette.domain import EmployeeProfile

    assert generic("employee.joined", {"employee_id": "noor-sso-7", "email": "noor@example.com"}, "g-4").status == 202
    store.put_profile("acme", EmployeeProfile(employee_id="noor-sso-7", name="Noor", department="Engineering"))
    # The org's IdP issues pairwise subjects HR has never seen: it tells Estafette to match by email.
    hr_settings(identity_claim="email")
    who = {**claims("c8f1e2-pairwise"), "email": "Noor@Example.com"}
    me = call("content_publishing.handlers.api", "GET", "/v1/me", who=who)
    assert me.status == 200 and me.body["employee_id"] == "noor-sso-7" and me.body["department"] == "Engineering"
    # Without an alias, the claim's own value is the person (someone no HR system reported).
    stranger = call("content_publishing.handlers.api", "GET", "/v1/me", who={**claims("x-1"), "email": "new@example.com"})
    assert stranger.status == 200 and stranger.body["employee_id"] == "new@example.com"


def test_by_default_the_tokens_sub_is_the_person(acme, stack):
    from estafette import identity

    assert identity.person_for_claims("acme", {"sub": "eva", "email": "eva@example.com"}) == "eva"


# --- BambooHR ----------------------------------------------------------------------------------


def test_bamboohr_event_based_update_reads_the_employee_once_through_the_api(acme, stack, hr_api):
    hr_api.bamboohr_keys.add(BAMBOOHR_API_KEY)
    hr_api.bamboohr[("acme", "40417")] = NOOR_FIELDS
    reply = post("bamboohr", webhook_sample("bamboohr-employee.updated"), BAMBOOHR)
    assert reply.status == 202 and reply.body["events"] == ["EmployeeJoined"], reply.body
    [joined] = people(stack, "EmployeeJoined")
    assert joined["profile"]["employee_id"] == "noor.elamrani@example.com"
    assert joined["profile"]["language"] == "nl" and joined["profile"]["role"] == "Data engineer"
    [(method, path)] = hr_api.requests  # one read
    assert method == "GET" and path.startswith("/api/gateway.php/acme/v1/employees/40417/?fields=")


def test_bamboohr_event_based_without_an_api_key_is_400_naming_it_and_logged(acme, stack, hr_api, secrets):
    secrets([], provider="bamboohr_api_key")
    reply = post("bamboohr", webhook_sample("bamboohr-employee.updated"), BAMBOOHR)
    assert reply.status == 400 and "bamboohr_api_key" in reply.body["error"]["message"]
    assert emitted(stack) == []
    assert [i["status"] for i in log() if i["sk"].startswith("LOG#")] == ["rejected"]


def test_bamboohr_refusing_the_api_key_is_400_not_500(acme, stack, hr_api):
    reply = post("bamboohr", webhook_sample("bamboohr-employee.updated"), BAMBOOHR)  # the fake knows no key
    assert reply.status == 400 and "API key" in reply.body["error"]["message"]


def test_bamboohr_deleted_employee_is_offboarded(acme, stack, hr_api):
    fields = {"Work Email": "liam@example.com", "First Name": "Liam"}
    assert bamboohr_fields("31822", fields).status == 202
    reply = post("bamboohr", webhook_sample("bamboohr-employee.deleted"), BAMBOOHR)
    assert reply.status == 202 and reply.body["events"] == ["EmployeeLeft"], reply.body
    assert people(stack, "EmployeeLeft") == [{"employee_id": "liam@example.com", "provider": "bamboohr"}]
    assert hr_api.requests == []  # a deletion needs no read


def test_bamboohr_renamed_inactive_status_is_understood_when_the_org_names_it(acme, stack):
    hr_settings(inactive_statuses=["Uit dienst"])
    fields = {"Work Email": "sofie@example.com", "First Name": "Sofie", "Status": "Uit dienst"}
    assert bamboohr_fields("5", fields).body["events"] == ["EmployeeLeft"]
    assert people(stack, "EmployeeLeft") == [{"employee_id": "sofie@example.com", "provider": "bamboohr"}]


def test_bamboohr_future_termination_date_schedules_the_offboarding_for_that_day(acme, stack):
    from estafette import clock
    from hr_webhooks import schedule

    last_day = (clock.now() + timedelta(days=10)).date()
    fields = {
        "Work Email": "daan@example.com",
        "First Name": "Daan",
        "Status": "Active",
        "Termination Date": last_day.isoformat(),
    }
    reply = bamboohr_fields("9", fields)
    assert reply.status == 202 and reply.body["events"] == [] and "scheduled" in reply.body["reason"]
    assert people(stack, "EmployeeLeft") == []  # not early

    day_before = datetime.combine(last_day, datetime.min.time(), tzinfo=UTC)
    assert schedule.run_due(day_before) == 0
    assert schedule.run_due(day_before + timedelta(days=2)) == 1
    assert people(stack, "EmployeeLeft") == [{"employee_id": "daan@example.com", "provider": "bamboohr"}]
    assert schedule.run_due(day_before + timedelta(days=3)) == 0  # once


def test_a_withdrawn_termination_cancels_the_planned_offboarding(acme, stack):
    from estafette import clock
    from hr_webhooks import schedule

    last_day = (clock.now() + timedelta(days=5)).date().isoformat()
    fields = {"Work Email": "eva@example.com", "First Name": "Eva", "Termination Date": last_day}
    assert bamboohr_fields("3", fields).status == 202
    assert bamboohr_fields("3", {**fields, "Termination Date": ""}).body["events"] == ["EmployeeJoined"]
    assert schedule.run_due(clock.now() + timedelta(days=30)) == 0
    assert people(stack, "EmployeeLeft") == []


def test_the_offboarding_happens_after_the_last_day_in_the_persons_time_zone():
    from hr_webhooks.directory import offboard_at

    due = offboard_at(date(2026, 12, 31), "Europe/Amsterdam")
    assert due.astimezone(UTC) == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)


# --- Teamtailor --------------------------------------------------------------------------------


def test_teamtailor_open_job_becomes_a_vacancy_at_the_configured_address(acme, stack):
    reply = post("teamtailor", webhook_sample("teamtailor-job.update"), TEAMTAILOR)
    assert reply.status == 202 and reply.body["events"] == ["VacancyOpened"], reply.body
    [opened] = people(stack, "VacancyOpened")
    assert opened["url"] == "https://acme.teamtailor.com/jobs/2817364" and opened["title"] == "Data Engineer"
    assert opened["department"] == "Engineering"  # its tag, known to the org's department mapping


def test_teamtailor_archived_or_removed_job_expires_the_vacancy(acme, stack):
    archived = webhook_sample("teamtailor-job.update")
    archived["payload"]["data"]["attributes"]["status"] = "archived"
    assert post("teamtailor", archived, TEAMTAILOR).body["events"] == ["VacancyClosed"]
    assert post("teamtailor", webhook_sample("teamtailor-job.destroy"), TEAMTAILOR).body["events"] == ["VacancyClosed"]
    assert people(stack, "VacancyClosed") == [{"vacancy_id": "2817364", "provider": "teamtailor"}] * 2


def test_teamtailor_signature_is_bound_to_the_job_id(acme, stack):
    headers, body = delivery("teamtailor", TEAMTAILOR, webhook_sample("teamtailor-job.update"))
    moved = json.loads(body)
    moved["payload"]["data"]["id"] = "999"  # the signature of job 2817364 does not vouch for job 999
    reply = call(WEBHOOK, "POST", "/v1/webhooks/hr/teamtailor", raw=json.dumps(moved).encode(), headers=headers, query="org=acme")
    assert reply.status == 401 and emitted(stack) == []


# --- Personio ----------------------------------------------------------------------------------


def test_personio_employment_started_and_terminated_enrol_and_offboard(acme, stack, hr_api):
    hr_api.personio_clients["client-7"] = "client-secret-7"
    hr_api.personio["2209914"] = {"first_name": "Noor", "last_name": "El Amrani", "email": "Noor@example.com"}
    started = post("personio", webhook_sample("personio-employment.started"), PERSONIO)
    assert started.status == 202 and started.body["events"] == ["EmployeeJoined"], started.body
    assert people(stack, "EmployeeJoined")[0]["profile"]["employee_id"] == "noor@example.com"
    ended = post("personio", webhook_sample("personio-employment.terminated"), PERSONIO)
    assert ended.status == 202 and ended.body["events"] == ["EmployeeLeft"]
    assert people(stack, "EmployeeLeft") == [{"employee_id": "noor@example.com", "provider": "personio"}]


def test_personio_wrong_token_is_401_and_only_the_rejection_is_logged(acme, stack):
    reply = post("personio", webhook_sample("personio-employment.started"), "a-guessed-token-0123456789")
    assert reply.status == 401 and emitted(stack) == []
    assert [i["status"] for i in log()] == ["rejected"]


# --- what the real senders do with our answers ---------------------------------------------------


def test_answers_count_as_delivered_for_each_real_sender(acme, stack, hr_api):
    hr_api.personio_clients["client-7"] = "client-secret-7"
    hr_api.personio["2209914"] = {"first_name": "Noor", "email": "noor@example.com"}
    cases = [
        ("greenhouse", webhook_sample("greenhouse-job_post_updated-live"), GREENHOUSE),
        ("teamtailor", webhook_sample("teamtailor-job.update"), TEAMTAILOR),
        ("personio", webhook_sample("personio-employment.started"), PERSONIO),
        ("bamboohr", webhook_sample("bamboohr-employee_with_fields"), BAMBOOHR),
    ]
    for provider, payload, secret in cases:
        reply = post(provider, payload, secret)
        assert delivered(provider, reply.status), (provider, reply.status, reply.body)


# --- bad input, for every provider ---------------------------------------------------------------

SECRETS = {"greenhouse": GREENHOUSE, "bamboohr": BAMBOOHR, "teamtailor": TEAMTAILOR, "personio": PERSONIO}
SAMPLES = {
    "greenhouse": "greenhouse-job_post_updated-live",
    "bamboohr": "bamboohr-employee_with_fields",
    "teamtailor": "teamtailor-job.update",
    "personio": "personio-employment.terminated",
}
UNKNOWN = {
    "greenhouse": {"action": "candidate_deleted", "payload": {"person": {"id": 1}}},
    "bamboohr": {"type": "employee.archived", "data": {"employeeId": "1"}},
    "teamtailor": {"payload": {"event_name": "candidate.create", "data": {"id": "5", "type": "candidates"}}},
    "personio": {
        "company_id": "1",
        "event_name": "absence_period.created",
        "occurred_at": "2026-01-01T00:00:00Z",
        "payload": {"id": "1"},
    },
}
MALFORMED = {
    "greenhouse": {"action": "job_post_updated", "payload": "nope"},
    "bamboohr": {"employees": "nope"},
    "teamtailor": {"payload": {"event_name": "job.update", "data": {"id": "7", "type": "jobs", "attributes": "x"}}},
    "personio": {"event_name": "employment.started", "payload": {"person_id": ["x"]}},
}


@pytest.mark.parametrize("provider", sorted(SECRETS))
def test_unsigned_malformed_replayed_and_unknown_deliveries_get_clear_answers_and_are_logged(provider, acme, stack, hr_api):
    hr_api.personio_clients["client-7"] = "client-secret-7"
    hr_api.personio["2209914"] = {"first_name": "Noor", "email": "noor@example.com"}
    secret = SECRETS[provider]

    _, body = delivery(provider, secret, webhook_sample(SAMPLES[provider]))
    if provider == "teamtailor":  # Teamtailor signs in the body
        body = json.dumps({k: v for k, v in json.loads(body).items() if k != "signature"}).encode()
    unsigned = call(WEBHOOK, "POST", f"/v1/webhooks/hr/{provider}", raw=body, headers={}, query="org=acme")
    assert unsigned.status == 401 and unsigned.body["error"]["code"] == "invalid_signature"

    malformed = post(provider, MALFORMED[provider], secret)
    assert malformed.status == 400 and malformed.body["error"]["code"] == "unmappable_payload", malformed.body

    # (A body that is not UTF-8 is refused before any provider sees it: tests/unit/test_request_bodies.py.)
    garbage = post(provider, b"{not json", secret) if provider != "teamtailor" else None
    if garbage is not None:
        assert garbage.status == 400 and "JSON" in garbage.body["error"]["message"]

    headers, body = delivery(provider, secret, webhook_sample(SAMPLES[provider]))
    first = call(WEBHOOK, "POST", f"/v1/webhooks/hr/{provider}", raw=body, headers=headers, query="org=acme")
    assert first.status in (200, 202) and first.body["status"] == "accepted", first.body
    replay = call(WEBHOOK, "POST", f"/v1/webhooks/hr/{provider}", raw=body, headers=headers, query="org=acme")
    assert replay.status == 200 and replay.body["status"] == "duplicate"

    unknown = post(provider, UNKNOWN[provider], secret)
    assert unknown.status == 200 and unknown.body["status"] == "ignored"

    statuses = sorted(i["status"] for i in log())
    rejected = 3 if garbage is not None else 2
    assert statuses == sorted(["rejected"] * rejected + ["processed", "duplicate", "ignored"]), statuses


def test_the_schedule_handler_offboards_what_is_due_at_its_tick(acme, stack):
    from estafette import clock
    from hr_webhooks.handlers import schedule as handler
    from local.runtime import LambdaContext

    last_day = (clock.now() + timedelta(days=1)).date().isoformat()
    assert generic("employee.left", {"employee_id": "bram", "last_day": last_day}, "g-9").body["events"] == []
    early = handler.lambda_handler({"time": clock.now().isoformat()}, LambdaContext("schedule", 60))
    late = handler.lambda_handler({"time": (clock.now() + timedelta(days=3)).isoformat()}, LambdaContext("schedule", 60))
    assert early == {"offboarded": 0} and late == {"offboarded": 1}
    assert people(stack, "EmployeeLeft") == [{"employee_id": "bram", "provider": "generic"}]


def test_a_generic_last_day_that_is_not_a_date_is_400_naming_the_field(acme, stack):
    reply = generic("employee.left", {"employee_id": "bram", "last_day": "next friday"}, "g-10")
    assert reply.status == 400 and "data.last_day" in reply.body["error"]["message"]


def test_a_second_report_naming_a_known_email_joins_that_person(stack):
    from estafette import identity

    email = identity.Alias.of("email", "race@example.com")
    first = identity.enrol("acme", [identity.Alias.of("bamboohr", "1"), email], "race@example.com")
    second = identity.enrol("acme", [identity.Alias.of("sub", "race-sso"), email], "race-sso")
    assert first.person_id == second.person_id == "race@example.com"
    assert identity.find("acme", [identity.Alias.of("sub", "race-sso")]) == "race@example.com"
