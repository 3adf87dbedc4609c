"""HR and recruitment systems drive Estafette through signed webhooks, end to end through the local cloud."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.support import eventually, locked_out, signed_headers, table_items, webhook_sample

pytestmark = pytest.mark.integration

BAMBOOHR_KEY = "bamboohr-private-key-for-the-integration-test"


def connect(org, provider, secret=None):
    """The admin connects an HR system: its secret goes to Secrets Manager through the admin API."""
    bram = org.token("bram", "admin")
    reply = org.http.put(f"/v1/org/webhooks/{provider}/secret", json={"secret": secret} if secret else None, headers=bram)
    assert reply.status_code == 200, reply.text
    return secret or reply.json()["secret"]


def configure_hr(org, hr):
    bram = org.token("bram", "admin")
    current = org.http.get("/v1/org/settings", headers=bram).json()
    reply = org.http.put("/v1/org/settings", json={**current, "hr": hr}, headers=bram)
    assert reply.status_code == 200, reply.text


def deliver(org, provider, body: bytes, secret, at=None, **extra_headers):
    headers = {"Content-Type": "application/json", **signed_headers(provider, secret, body, at), **extra_headers}
    return org.http.post(f"/v1/webhooks/hr/{provider}?org={org.id}", content=body, headers=headers)


def vacancies(org, who):
    reply = org.http.get("/v1/feed", headers=who)
    assert reply.status_code == 200, reply.text
    return [item for item in reply.json()["items"] if item["type"] == "vacancy"]


def log(org, query=""):
    reply = org.http.get(f"/v1/org/webhooks/deliveries{query}", headers=org.token("bram", "admin"))
    assert reply.status_code == 200, reply.text
    return reply.json()["items"]


def test_a_greenhouse_job_is_announced_when_its_post_goes_live_and_leaves_when_unpublished(cloud, org):
    # The job's offices are Amsterdam and Utrecht: content_publishing aims the vacancy at people there.
    joined = {"employee_id": "eva", "name": "Eva", "department": "Engineering", "location": "Amsterdam"}
    assert org.webhook("employee.joined", joined).status_code == 202
    eva, liam = org.token("eva"), org.employee("liam", "Sales")
    secret = connect(org, "greenhouse")
    configure_hr(org, {"greenhouse_job_url": "https://job-boards.greenhouse.io/acme/jobs/{job_post_id}"})

    # The job opens: internal, nothing is announced (Greenhouse counts only a 200 as delivered).
    job = deliver(org, "greenhouse", json.dumps(webhook_sample("greenhouse-job_created")).encode(), secret)
    assert job.status_code == 200 and job.json()["events"] == [], job.text
    body = json.dumps(webhook_sample("greenhouse-job_post_updated-live")).encode()
    reply = deliver(org, "greenhouse", body, secret, **{"Greenhouse-Event-ID": "gh-1"})
    assert reply.status_code == 200 and reply.json()["events"] == ["VacancyOpened"], reply.text
    [item] = eventually(lambda: vacancies(org, eva))
    assert item["title"] == "Backend Engineer (Python, AWS)"  # the public title, not the job's internal name
    assert item["url"].startswith("https://job-boards.greenhouse.io/acme/jobs/5234567")
    assert vacancies(org, liam) == []

    # Replaying the delivery, even under another event id, adds nothing.
    again = deliver(org, "greenhouse", body, secret, **{"Greenhouse-Event-ID": "gh-replayed"})
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    # A forged signature is refused.
    forged = deliver(org, "greenhouse", body, "not-the-greenhouse-secret-0123")
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "invalid_signature"

    time.sleep(0.5)
    assert len(vacancies(org, eva)) == 1
    statuses = [d["status"] for d in log(org) if d["provider"] == "greenhouse"]
    assert statuses == ["rejected", "duplicate", "processed", "processed"]

    # The post is unpublished in Greenhouse: the vacancy leaves the feed.
    unpublished = json.dumps(webhook_sample("greenhouse-job_post_updated-unpublished")).encode()
    assert deliver(org, "greenhouse", unpublished, secret).status_code == 200
    eventually(lambda: vacancies(org, eva) == [])


def test_a_teamtailor_job_is_a_vacancy_at_the_companys_career_site_until_it_is_removed(cloud, org):
    from local.seed import send_provider_webhook

    eva = org.employee("eva", "Engineering")
    key = connect(org, "teamtailor")
    configure_hr(
        org, {"teamtailor_job_url": "https://acme.teamtailor.com/jobs/{job_id}", "departments": {"Engineering": "Engineering"}}
    )
    reply = send_provider_webhook(cloud, org.id, "teamtailor", webhook_sample("teamtailor-job.update"), key)
    assert reply.status_code == 202, reply.text
    [item] = eventually(lambda: vacancies(org, eva))
    assert item["url"].startswith("https://acme.teamtailor.com/jobs/2817364")
    assert send_provider_webhook(cloud, org.id, "teamtailor", webhook_sample("teamtailor-job.destroy"), key).status_code == 202
    eventually(lambda: vacancies(org, eva) == [])


def test_bamboohr_and_the_generic_format_reporting_one_person_give_one_advocate_offboarded_once(cloud, org):
    from local.seed import send_provider_webhook

    connect(org, "bamboohr", BAMBOOHR_KEY)
    connect(org, "bamboohr_api_key", "bamboohr-api-key-for-the-integration-test")
    configure_hr(org, {"bamboohr_subdomain": "acme", "locations": {"Utrecht": {"language": "nl"}}})
    cloud.hr.bamboohr_keys.add("bamboohr-api-key-for-the-integration-test")
    cloud.hr.bamboohr[("acme", "40417")] = {
        "workEmail": "Noor.ElAmrani@example.com",
        "firstName": "Noor",
        "lastName": "El Amrani",
        "department": "Engineering",
        "location": "Utrecht",
        "jobTitle": "Data engineer",
        "status": "Active",
    }
    # The SSO subject is the person's id; BambooHR's event-based update finds them by their work email.
    generic = {"employee_id": "noor-sso", "name": "Noor", "email": "noor.elamrani@example.com", "department": "Sales"}
    assert org.webhook("employee.joined", generic).status_code == 202
    reply = send_provider_webhook(cloud, org.id, "bamboohr", webhook_sample("bamboohr-employee.updated"), BAMBOOHR_KEY)
    assert reply.status_code == 202 and reply.json()["events"] == ["EmployeeJoined"], reply.text
    noor = org.token("noor-sso")
    eventually(lambda: org.http.get("/v1/me", headers=noor).json()["department"] == "Engineering")
    me = org.http.get("/v1/me", headers=noor).json()
    assert me["language"] == "nl" and me["role"] == "Data engineer"

    # BambooHR deletes the record, the generic feed reports the leaver too: one offboarding.
    deleted = {"type": "employee.deleted", "timestamp": "2026-03-02T09:25:00+0000", "data": {"employeeId": "40417"}}
    gone = send_provider_webhook(cloud, org.id, "bamboohr", deleted, BAMBOOHR_KEY)
    assert gone.status_code == 202 and gone.json()["events"] == ["EmployeeLeft"], gone.text
    again = org.webhook("employee.left", {"employee_id": "noor-sso"})
    assert again.status_code == 202 and again.json()["events"] == []
    # Offboarded: the leaver lock refuses Noor's still-valid token on every route.
    eventually(
        lambda: (r := org.http.get("/v1/me", headers=noor)).status_code == 403
        and r.json()["error"]["code"] == "employee_left"
    )


def test_a_bamboohr_joiner_is_enrolled_and_a_leaver_leaves_the_directory(cloud, org):
    connect(org, "bamboohr", BAMBOOHR_KEY)
    configure_hr(org, {"locations": {"Utrecht": {"language": "nl"}}})
    liam_id = "liam.peters@example.com"
    liam = org.employee(liam_id, "Sales")  # enrolled earlier, through the generic webhook
    assert org.http.get("/v1/me", headers=liam).json()["department"] == "Sales"

    body = json.dumps(webhook_sample("bamboohr-employee_with_fields")).encode()
    reply = deliver(org, "bamboohr", body, BAMBOOHR_KEY)
    assert reply.status_code == 202, reply.text
    assert reply.json()["events"] == ["EmployeeJoined", "EmployeeLeft"]

    noor = org.token("noor.elamrani@example.com")
    me = eventually(lambda: (r := org.http.get("/v1/me", headers=noor).json())["department"] == "Engineering" and r)
    assert me["name"] == "Noor El Amrani" and me["language"] == "nl" and me["location"] == "Utrecht"
    # The leaver is locked out, and their profile is gone from the directory: only the bare id is left.
    eventually(lambda: locked_out(org.http, liam))
    eventually(lambda: [i for i in table_items(cloud, "ContentTable", f"ORG#{org.id}") if i["sk"] == f"EMPLOYEE#{liam_id}"])
    (record,) = [i for i in table_items(cloud, "ContentTable", f"ORG#{org.id}") if i["sk"] == f"EMPLOYEE#{liam_id}"]
    assert record.get("left") is True and "department" not in record

    # A stale timestamp (a replay of an old delivery) is refused, and so is the same body again.
    stale = deliver(org, "bamboohr", body, BAMBOOHR_KEY, at=int(time.time()) - 600)
    assert stale.status_code == 401
    assert deliver(org, "bamboohr", body, BAMBOOHR_KEY).json()["status"] == "duplicate"


def test_a_generic_employee_left_emits_employee_left_and_empties_the_leavers_feed(cloud, org):
    eva = org.employee("eva", "Engineering")
    vacancy = {"vacancy_id": "ENG-9", "title": "SRE", "url": "https://example.com/jobs/9", "department": "Engineering"}
    assert org.webhook("vacancy.opened", vacancy).status_code == 202
    eventually(lambda: vacancies(org, eva))

    left = org.webhook("employee.left", {"employee_id": "eva"})
    assert left.status_code == 202 and left.json()["events"] == ["EmployeeLeft"]
    eventually(lambda: locked_out(org.http, eva))
    assert locked_out(org.http, eva, "/v1/feed")  # no feed, nor anything else, for a leaver


def test_webhook_bad_input_is_answered_with_clear_json_never_a_500(cloud, org):
    base = f"{cloud.base_url}/v1/webhooks/hr"
    stale_body = json.dumps({"id": "x", "type": "employee.left", "data": {"employee_id": "eva"}}).encode()
    cases = [
        (httpx.post(f"{base}/workday?org={org.id}", content=b"{}"), 404, "unknown_provider"),
        (httpx.post(f"{base}/generic", content=b"{}"), 400, "missing_org"),
        (httpx.post(f"{base}/generic?org={org.id}", content=b"{}"), 401, "invalid_signature"),
        (deliver(org, "generic", stale_body, org.secret, at=int(time.time()) - 3600), 401, "invalid_signature"),
        (deliver(org, "generic", b"{not json", org.secret), 400, "unmappable_payload"),
        (deliver(org, "generic", b'{"id": "1", "type": "vacancy.opened", "data": {}}', org.secret), 400, "unmappable_payload"),
        (deliver(org, "generic", b'{"id": "1", "data": "' + b"x" * (260 * 1024) + b'"}', org.secret), 413, "payload_too_large"),
    ]
    for reply, status, code in cases:
        assert reply.status_code == status, (reply.request.url, reply.text)
        assert reply.json()["error"]["code"] == code and reply.json()["error"]["message"]
    assert "data.vacancy_id" in cases[5][0].json()["error"]["message"]


def test_personio_employments_that_start_and_end_enrol_and_offboard_the_person(cloud, org):
    from local.seed import send_provider_webhook

    token = connect(org, "personio")  # the admin sets it as the Personio web hook's token
    connect(org, "personio_api", "client-itest:client-secret-for-the-integration-test")
    cloud.hr.personio_clients["client-itest"] = "client-secret-for-the-integration-test"
    cloud.hr.personio["2209914"] = {"first_name": "Sanne", "last_name": "de Vries", "email": "Sanne.deVries@example.com"}
    started = send_provider_webhook(cloud, org.id, "personio", webhook_sample("personio-employment.started"), token)
    assert started.status_code == 202 and started.json()["events"] == ["EmployeeJoined"], started.text
    sanne = org.token("sanne.devries@example.com")
    eventually(lambda: org.http.get("/v1/me", headers=sanne).json()["name"] == "Sanne de Vries")

    wrong = send_provider_webhook(
        cloud, org.id, "personio", webhook_sample("personio-employment.terminated"), "a-guess-0123456789"
    )
    assert wrong.status_code == 401
    ended = send_provider_webhook(cloud, org.id, "personio", webhook_sample("personio-employment.terminated"), token)
    assert ended.status_code == 202 and ended.json()["events"] == ["EmployeeLeft"], ended.text
    # Offboarded: the leaver lock refuses Sanne's still-valid token on every route.
    eventually(
        lambda: (r := org.http.get("/v1/me", headers=sanne)).status_code == 403
        and r.json()["error"]["code"] == "employee_left"
    )
