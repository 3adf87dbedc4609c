"""Writes the JSON Schemas and samples of the domain events under events/ (`make events`).

- `events/schemas/<Name>.json`: the whole EventBridge event (source and detail-type as
  constants, `detail.metadata`, `detail.data` from the pydantic model), one per EVENT_TYPES entry.
- `events/samples/<Name>.json`: one realistic event of org "demo" for each.
- `events/samples/{api,sqs,scheduled}/...`: what Lambda receives from the HTTP API, an SQS
  queue and EventBridge Scheduler; `events/webhooks/`: webhook bodies of the generic provider
  and of the real ones (Greenhouse, BambooHR), as their documentation shapes them.

Everything is deterministic (fixed ids and times), so regenerating is byte-identical.
`--check` writes nothing and exits 1 listing stale or missing files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

from estafette.events import EVENT_TYPES, EventData, EventMetadata  # noqa: E402
from local.gateway import http_api_event  # noqa: E402

EVENTS_DIR = ROOT / "events"
ORG = "demo"
ACCOUNT = "123456789012"
REGION = "eu-west-1"
STACK = "estafette"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NAMESPACE = uuid.UUID("6f0c7a52-3a8e-4d7b-9c61-2f4e8b1d0a57")

CONTENT_ID = "3f9c2a7b1d4e6f80"
SHARE_ID = "019cada3f6c07c41d2e9"
TRACKED_CODE = "aB3dE5fG7h"
TARGET_URL = "https://example.com/blog/event-driven-lessons"
SLUG = "five-lessons-from-moving-to-event-driven-serverless"
CORRELATION_ID = "c0ffee00d15ea5e5b01dfacefeed0001"


def at(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


EVA = {
    "employee_id": "eva",
    "name": "Eva Bakker",
    "email": "eva.bakker@example.com",
    "department": "Engineering",
    "role": "Backend engineer",
    "location": "Amsterdam",
    "language": "en",
    "timezone": "Europe/Amsterdam",
}
NOOR = {
    **EVA,
    "employee_id": "noor",
    "name": "Noor El Amrani",
    "email": "noor.elamrani@example.com",
    "role": "Data engineer",
    "location": "Utrecht",
    "language": "nl",
}
CONTENT = {
    "content_id": CONTENT_ID,
    "content_type": "expertise",
    "url": TARGET_URL,
    "title": "Five lessons from moving to event-driven serverless",
    "slug": SLUG,
    "summary": "What our engineers learned running EventBridge and SQS at scale.",
    "image_url": "https://example.com/blog/event-driven-lessons/cover.png",
    "audience": {"departments": ["Engineering"], "roles": [], "locations": [], "languages": []},
    "suggested_texts": {
        "en": ["Our team wrote down what we learned moving to event-driven serverless. Lesson 3 surprised me."],
        "nl": ["Ons team schreef op wat we leerden van de overstap naar event-driven serverless. Les 3 verraste me."],
    },
    "networks": ["linkedin", "x"],
    "published_at": at(0),
    "expires_at": "2026-06-01T00:00:00Z",
}
SHARE = {
    "share_id": SHARE_ID,
    "employee_id": "eva",
    "content_id": CONTENT_ID,
    "network": "linkedin",
    "tracked_code": TRACKED_CODE,
    "target_url": TARGET_URL,
    "content_slug": SLUG,
    "department": "Engineering",
}
SHARE_KEYS = {k: SHARE[k] for k in ("share_id", "employee_id", "content_id", "network")}
VACANCY = {
    "vacancy_id": "VAC-2026-014",
    "title": "Senior Backend Engineer",
    "url": "https://careers.example.com/jobs/senior-backend-engineer",
    "department": "Engineering",
    "locations": ["Amsterdam", "Remote (NL)"],
    "description": "Build the event-driven platform behind our products, in a team of six.",
    "provider": "generic",
}

# Per event: (data, metadata.event_id as the producer derives it, minutes after T0). Every
# EVENT_TYPES entry needs one: a new event without a sample fails the generator.
SAMPLES: dict[str, tuple[dict[str, Any], str, int]] = {
    "ContentPublished": (CONTENT, f"{CONTENT_ID}-publish", 0),
    "ContentUpdated": (
        {
            **CONTENT,
            "summary": "What our engineers learned running EventBridge and SQS at scale, updated.",
            "revision": 4,
            "changed": ["summary"],
        },
        f"{CONTENT_ID}-update-4",
        45,
    ),
    "ContentExpired": (
        {"content_id": CONTENT_ID, "expired_at": "2026-06-01T00:00:00Z", "reason": "expires_at reached"},
        f"{CONTENT_ID}-expire",
        130_501,
    ),
    "ContentSubmitted": (
        {
            "content_id": CONTENT_ID,
            "content_type": "expertise",
            "title": "We delivered the new route planner for Havenbedrijf",
            "summary": "Six weeks from kick-off to go-live, together with the client's own engineers.",
            "author": "eva",
            "submitted_by": "eva",
            "submitted_at": at(-120),
            "reviewers": ["anna", "bram"],
            "occasion": "project_delivered",
        },
        f"{CONTENT_ID}-announce-1",
        -120,
    ),
    "ContentRejected": (
        {
            "content_id": CONTENT_ID,
            "title": "We delivered the new route planner for Havenbedrijf",
            "author": "eva",
            "submitted_by": "eva",
            "rejected_by": "bram",
            "reason": "Please leave the client's name out until they have announced it themselves.",
            "rejected_at": at(-60),
        },
        f"{CONTENT_ID}-announce-2",
        -60,
    ),
    "EmployeeUpdated": ({"profile": EVA}, "8a4c2e6f0b1d3f5a7c9e1b3d5f7a9c2e", 5),
    "ShareRequested": (SHARE, f"{SHARE_ID}-requested", 12),
    "ShareScheduled": ({**SHARE, "scheduled_at": at(24 * 60 - 60)}, f"{SHARE_ID}-scheduled", 12),
    "SharePosted": (
        {
            **SHARE,
            "external_post_id": "urn:li:share:7302145639876543210",
            "tracked_url": f"https://links.example.com/r/{TRACKED_CODE}",
            "followers": 750,
            "posted_at": at(13),
        },
        f"{SHARE_ID}-SharePosted",
        13,
    ),
    "ShareFailed": (
        {
            **SHARE_KEYS,
            "reason_code": "connection_expired",
            "reason": "The network rejected the token; reconnect the account.",
            "permanent": True,
        },
        f"{SHARE_ID}-ShareFailed",
        13,
    ),
    "ShareCancelled": ({**SHARE_KEYS, "reason": "employee"}, f"{SHARE_ID}-cancelled", 20),
    "ConnectionExpiring": (
        {"employee_id": "eva", "network": "linkedin", "expires_at": "2026-03-09T08:00:00Z"},
        "e3b1c5d7f9a2b4c6d8e0f1a3b5c7d9e1",
        60,
    ),
    "ConnectionExpired": (
        {"employee_id": "eva", "network": "linkedin", "reason": "LinkedIn answered 401: the access token was revoked."},
        f"{SHARE_ID}-ConnectionExpired",
        13,
    ),
    "LinkFollowed": (
        {
            **SHARE_KEYS,
            "tracked_code": TRACKED_CODE,
            "department": "Engineering",
            "visitor": "5b0e3c8f1a7d4e2b9c6f0a3d8e1b4c7f",
            "clicked_at": at(47),
        },
        "7e2c9a4f1b6d3e8a0c5f2b9d4e7a1c3f",
        47,
    ),
    "LinkClicked": (
        {**SHARE_KEYS, "tracked_code": TRACKED_CODE, "department": "Engineering", "unique": True, "clicked_at": at(47)},
        "7e2c9a4f1b6d3e8a0c5f2b9d4e7a1c3f-clicked",
        47,
    ),
    "MetricsHarvested": (
        {
            **SHARE_KEYS,
            "harvested_at": at(24 * 60),
            "impressions": 1830,
            "reactions": 42,
            "comments": 6,
            "reshares": 3,
            "delta_impressions": 610,
            "delta_reactions": 11,
            "delta_comments": 2,
            "delta_reshares": 1,
        },
        "4f2a8c6e0d1b3a5c7e9f2b4d6a8c0e1f",
        24 * 60,
    ),
    "VacancyOpened": (VACANCY, "9c1e5a3f7b2d4c6e8a0b1d3f5c7e9a2b", 30),
    "VacancyClosed": ({"vacancy_id": VACANCY["vacancy_id"], "provider": "generic"}, "a7e3c9b1d5f2a4c6e8b0d1f3a5c7e9b2", 40_320),
    "EmployeeJoined": ({"profile": NOOR, "provider": "generic"}, "b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a0", 20),
    "EmployeeLeft": ({"employee_id": "liam", "provider": "generic"}, "d6f8a0c2e4b1d3f5a7c9e0b2d4f6a8c1", 25),
    "OpportunityLogged": (
        {
            "opportunity_id": "7a1c3e5b9d2f4a6c",
            "employee_id": "eva",
            "share_id": SHARE_ID,
            "content_id": CONTENT_ID,
            "network": "linkedin",
            "department": "Engineering",
            "description": "A logistics prospect read the post and asked for a call about their event platform.",
            "logged_at": at(3 * 24 * 60),
        },
        "opportunity-7a1c3e5b9d2f4a6c",
        3 * 24 * 60,
    ),
}
WEBHOOKS: dict[str, tuple[str, dict[str, Any]]] = {  # webhook type → (event it maps to, data)
    "vacancy.opened": ("VacancyOpened", {k: v for k, v in VACANCY.items() if k != "provider"}),
    "vacancy.closed": ("VacancyClosed", {"vacancy_id": VACANCY["vacancy_id"]}),
    "employee.joined": ("EmployeeJoined", NOOR),
    "employee.left": ("EmployeeLeft", {"employee_id": "liam"}),
}


# Real providers' webhook bodies, shaped as their documentation shows them (see the provider
# modules in functions/hr_webhooks/providers/ for the sources). Tests sign and send these.
GREENHOUSE_JOB = {
    "id": 4012345,
    "name": "Senior Backend Engineer",
    "requisition_id": "ENG-2026-014",
    "notes": "<p>Team of six, event-driven platform.</p>",
    "confidential": False,
    "job_post_id": 5234567,
    "status": "open",
    "created_at": "2026-03-02T09:00:00Z",
    "opened_at": "2026-03-02T09:00:00Z",
    "closed_at": None,
    "departments": [{"id": 4001, "name": "Engineering", "external_id": "dept-eng"}],
    "offices": [
        {"id": 5001, "name": "Amsterdam", "location": "Amsterdam, Netherlands", "external_id": "office-ams"},
        {"id": 5002, "name": "Utrecht", "location": None, "external_id": None},
    ],
    "hiring_team": {
        "hiring_managers": [{"user_id": 9001, "employee_id": "eva"}],
        "sourcers": [],
        "recruiters": [{"user_id": 9002, "employee_id": None}],
        "coordinators": [],
    },
    "openings": [{"id": 7001, "opening_id": "ENG-2026-014-1", "custom_fields": []}],
    "custom_fields": {
        "employment_type": {"name": "Employment Type", "type": "single_select", "value": "Full-time"},
        "salary_range": {
            "name": "Salary Range",
            "type": "currency_range",
            "value": {"unit": "EUR", "min_value": "65000.0", "max_value": "85000.0"},
        },
    },
}
BAMBOOHR_NOOR = {
    "First Name": "Noor",
    "Last Name": "El Amrani",
    "Preferred Name": "",
    "Work Email": "Noor.ElAmrani@example.com",
    "Department": "Engineering",
    "Division": "Product & Technology",
    "Location": "Utrecht",
    "Job Title": "Data engineer",
    "Status": "Active",
}
GREENHOUSE_POST = {
    "id": 5234567,
    "title": "Backend Engineer (Python, AWS)",
    "location": "Amsterdam",
    "content": "<p>Build the event-driven platform with us.</p>",
    "internal_content": None,
    "updated_at": "2026-03-02T09:05:00.000Z",
    "job_id": 4012345,
    "external": True,
    "internal": False,
    "live": True,
    "questions": [{"required": True, "private": False, "label": "Resume", "type": "input_file", "values": []}],
}
TEAMTAILOR_JOB = {
    "id": "2817364",
    "type": "jobs",
    "attributes": {
        "title": "Data Engineer",
        "body": "<p>Join our data team in Utrecht.</p>",
        "company-name": "Acme",
        "created-at": "2026-03-02T10:10:13.611+01:00",
        "employment-level": "none",
        "employment-type": "fulltime",
        "human-status": "published",
        "internal": False,
        "remote-status": "hybrid",
        "status": "open",
        "tags": ["Engineering"],
        "updated-at": "2026-03-02T10:12:48.705+01:00",
    },
}
PROVIDER_WEBHOOKS: dict[str, dict[str, Any]] = {
    "greenhouse-job_created": {"action": "job_created", "payload": {"job": GREENHOUSE_JOB}},
    "greenhouse-job_updated-closed": {
        "action": "job_updated",
        "payload": {"job": {**GREENHOUSE_JOB, "status": "closed", "closed_at": "2026-04-13T16:30:00Z"}},
    },
    "greenhouse-job_deleted": {"action": "job_deleted", "payload": {"job": {"id": 4012345, "name": "Senior Backend Engineer"}}},
    # Job posts are the public ads: live decides publication, the title is the public one.
    "greenhouse-job_post_updated-live": {"action": "job_post_updated", "payload": GREENHOUSE_POST},
    "greenhouse-job_post_updated-unpublished": {
        "action": "job_post_updated",
        "payload": {**GREENHOUSE_POST, "live": False, "updated_at": "2026-04-01T10:00:00.000Z"},
    },
    "greenhouse-job_post_created-draft": {"action": "job_post_created", "payload": {**GREENHOUSE_POST, "live": False}},
    "bamboohr-employee.updated": {
        "type": "employee.updated",
        "timestamp": "2026-03-02T09:20:00+0000",
        "data": {"companyId": "12345", "employeeId": "40417", "changedFields": ["department", "jobTitle"]},
    },
    "bamboohr-employee.deleted": {
        "type": "employee.deleted",
        "timestamp": "2026-03-02T09:25:00+0000",
        "data": {"companyId": "12345", "employeeId": "31822"},
    },
    "teamtailor-job.update": {"payload": {"event_name": "job.update", "data": TEAMTAILOR_JOB}},
    "teamtailor-job.destroy": {
        "payload": {"event_name": "job.destroy", "data": {"id": TEAMTAILOR_JOB["id"], "type": "jobs"}},
    },
    "personio-employment.started": {
        "company_id": "78901",
        "event_name": "employment.started",
        "occurred_at": "2026-04-01T06:00:00Z",
        "payload": {"id": "3318201", "person_id": "2209914"},
        "meta": {},
    },
    "personio-employment.terminated": {
        "company_id": "78901",
        "event_name": "employment.terminated",
        "occurred_at": "2026-06-30T22:00:00Z",
        "payload": {"id": "3318201", "person_id": "2209914"},
        "meta": {},
    },
    "bamboohr-employee_with_fields": {
        "employees": [
            {"id": "40417", "action": "Created", "changedFields": [], "fields": {}, "timestamp": "2026-03-02T09:19:58+0000"},
            {
                "id": "40417",
                "action": "Updated",
                "changedFields": ["First Name", "Last Name", "Work Email", "Department", "Location", "Job Title"],
                "fields": BAMBOOHR_NOOR,
                "timestamp": "2026-03-02T09:20:00+0000",
            },
            {
                "id": "31822",
                "action": "Updated",
                "changedFields": ["Status"],
                "fields": {
                    **BAMBOOHR_NOOR,
                    "First Name": "Liam",
                    "Last Name": "Peters",
                    "Work Email": "liam.peters@example.com",
                    "Department": "Sales",
                    "Location": "Amsterdam",
                    "Job Title": "Account manager",
                    "Status": "Inactive",
                },
                "timestamp": "2026-03-02T09:20:00+0000",
            },
        ]
    },
}


def dump(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def bus_event(event_class: type[EventData]) -> dict[str, Any]:
    name = event_class.name()
    data, event_id, minutes = SAMPLES[name]
    metadata = EventMetadata.model_validate(
        {"event_id": event_id, "org_id": ORG, "correlation_id": CORRELATION_ID, "occurred_at": at(minutes)}
    )
    return {
        "version": "0",
        "id": stable_id("bus", name),
        "detail-type": name,
        "source": event_class.source,
        "account": ACCOUNT,
        "time": at(minutes),
        "region": REGION,
        "resources": [],
        "detail": {
            "metadata": metadata.model_dump(mode="json"),
            "data": event_class.model_validate(data).model_dump(mode="json"),
        },
    }


def schema(event_class: type[EventData]) -> dict[str, Any]:
    name = event_class.name()
    data_schema = event_class.model_json_schema()
    metadata_schema = EventMetadata.model_json_schema()
    metadata_schema["required"] = list(metadata_schema["properties"])  # producers always send every key
    defs = {
        **data_schema.pop("$defs", {}),
        **metadata_schema.pop("$defs", {}),
        "EventMetadata": metadata_schema,
        name: data_schema,
    }
    string = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{name} on the Estafette event bus",
        "description": (event_class.__doc__ or f"The {name} domain event.").strip(),
        "type": "object",
        "required": ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
        "properties": {
            "version": string,
            "id": string,
            "detail-type": {"const": name},
            "source": {"const": event_class.source},
            "account": string,
            "time": {"type": "string", "format": "date-time"},
            "region": string,
            "resources": {"type": "array", "items": string},
            "detail": {
                "type": "object",
                "required": ["metadata", "data"],
                "properties": {"metadata": {"$ref": "#/$defs/EventMetadata"}, "data": {"$ref": f"#/$defs/{name}"}},
            },
        },
        "$defs": dict(sorted(defs.items())),
    }


def api_create_content() -> dict[str, Any]:
    body = {k: CONTENT[k] for k in ("url", "title", "summary", "suggested_texts")}
    body |= {"type": "expertise", "audience": {"departments": ["Engineering"]}, "expires_at": CONTENT["expires_at"]}
    iat = int(T0.timestamp())
    claims = {
        "iss": "https://login.example.com/demo",
        "aud": "estafette-web",
        "sub": "anna",
        "org_id": ORG,
        "roles": ["employee", "curator"],
        "iat": iat,
        "nbf": iat,
        "exp": iat + 3600,
    }
    host = f"a1b2c3d4e5.execute-api.{REGION}.amazonaws.com"
    headers = {
        "Host": host,
        "Content-Type": "application/json",
        "Authorization": "Bearer <JWT>",
        "User-Agent": "Mozilla/5.0",
        "Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8",
    }
    event = http_api_event(
        "POST", "/v1/content", "/v1/content", "", headers, json.dumps(body).encode(), "203.0.113.24", claims=claims
    )
    event["requestContext"] |= {
        "apiId": "a1b2c3d4e5",
        "domainPrefix": "a1b2c3d4e5",
        "requestId": "Ak3Xn1hYjoEEJbQ=",
        "time": T0.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": iat * 1000,
    }
    return event


def sqs_share_posted() -> dict[str, Any]:
    body = json.dumps(bus_event(EVENT_TYPES["SharePosted"]), separators=(",", ":"))
    sent = int(T0.timestamp() + 13 * 60) * 1000
    record = {
        "messageId": stable_id("sqs", "SharePosted"),
        "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": str(sent),
            "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": str(sent + 38),
        },
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{STACK}-reporting-events",
        "awsRegion": REGION,
    }
    return {"Records": [record]}


def scheduled_content_schedule() -> dict[str, Any]:
    # Scheduler's default notification (no Input set): note that `detail` is the string "{}".
    return {
        "version": "0",
        "id": stable_id("scheduler", "ContentScheduleFunction"),
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "account": ACCOUNT,
        "time": at(1),
        "region": REGION,
        "resources": [f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{STACK}-ContentScheduleFunctionEveryMinute"],
        "detail": "{}",
    }


def render() -> dict[Path, str]:
    """Every generated file (relative to the repo root) with its content."""
    missing = sorted(set(EVENT_TYPES) - set(SAMPLES))
    if missing:
        raise SystemExit(f"no sample data for {', '.join(missing)}: add it to SAMPLES in {Path(__file__).name}")
    files: dict[Path, str] = {}
    for name, event_class in EVENT_TYPES.items():
        files[Path("events/schemas", f"{name}.json")] = dump(schema(event_class))
        files[Path("events/samples", f"{name}.json")] = dump(bus_event(event_class))
    files[Path("events/samples/api/create-content.json")] = dump(api_create_content())
    files[Path("events/samples/sqs/share-posted.json")] = dump(sqs_share_posted())
    files[Path("events/samples/scheduled/content-schedule.json")] = dump(scheduled_content_schedule())
    for kind, (_, data) in WEBHOOKS.items():
        files[Path("events/webhooks", f"generic-{kind}.json")] = dump(
            {"id": stable_id("webhook", kind), "type": kind, "data": data}
        )
    for name, body in PROVIDER_WEBHOOKS.items():
        files[Path("events/webhooks", f"{name}.json")] = dump(body)
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    """Generated files missing or different on disk."""
    return [
        path for path, text in files.items() if not (ROOT / path).is_file() or (ROOT / path).read_text(encoding="utf-8") != text
    ]


def orphans(files: dict[Path, str]) -> list[Path]:
    """Schemas and samples on disk of events that no longer exist."""
    on_disk = [p.relative_to(ROOT) for folder in ("schemas", "samples") for p in sorted((EVENTS_DIR / folder).glob("*.json"))]
    return [path for path in on_disk if path not in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 listing stale or missing files")
    args = parser.parse_args(argv)
    files = render()
    outdated, extra = stale(files), orphans(files)
    if args.check:
        for path in outdated:
            print(f"stale: {path}")
        for path in extra:
            print(f"orphan: {path}")
        if outdated or extra:
            print(f"{len(outdated)} stale and {len(extra)} orphaned files under events/; run `make events`.")
        return 1 if outdated or extra else 0
    for path in outdated:
        (ROOT / path).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / path).write_text(files[path], encoding="utf-8")
    for path in extra:
        (ROOT / path).unlink()
    print(f"events/: {len(outdated)} of {len(files)} files written, {len(extra)} orphans removed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
