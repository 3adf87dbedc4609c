"""Seeds the demo organisation through the same doors a real org uses.

- HR webhook secret in Secrets Manager; employees join through signed `employee.joined` webhooks.
- Each advocate has a LinkedIn connection (token sealed with KMS), as after the OAuth round trip.
- A curator creates content and a second person (an admin) approves it, through the HTTP API.
- A vacancy arrives through a signed `vacancy.opened` webhook.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import boto3
import httpx

from estafette import clock
from local.cloud import DEMO_ORG, LocalCloud

WEBHOOK_SECRET = "demo-webhook-secret-change-me"


@dataclass(frozen=True)
class Person:
    sub: str
    name: str
    department: str
    language: str
    linkedin_followers: int | None = None  # None: no LinkedIn connection


CURATOR = Person("anna", "Anna de Vries", "Marketing", "nl")
ADMIN = Person("bram", "Bram Jansen", "Marketing", "nl")
ADVOCATES = [
    Person("eva", "Eva Bakker", "Engineering", "en", 750),
    Person("daan", "Daan Visser", "Engineering", "nl", 480),
    Person("sofie", "Sofie Smit", "Sales", "nl", 1200),
    Person("liam", "Liam Peters", "Sales", "en", 300),
]
CONTENT = [
    {
        "type": "expertise",
        "url": "https://example.com/blog/event-driven-lessons",
        "title": "Five lessons from moving to event-driven serverless",
        "summary": "What our engineers learned running EventBridge and SQS at scale.",
        "suggested_texts": {
            "en": ["Our team wrote down what we learned moving to event-driven serverless. Lesson 3 surprised me."],
            "nl": ["Ons team schreef op wat we leerden van de overstap naar event-driven serverless. Les 3 verraste me."],
        },
        "audience": {"departments": ["Engineering"]},
    },
    {
        "type": "industry",
        "url": "https://example.com/reports/advocacy-2026",
        "title": "Why people trust people, not brands",
        "summary": "92% of consumers trust their own network more than brands.",
        "suggested_texts": {
            "en": ["Interesting read on trust and networks."],
            "nl": ["Interessant stuk over vertrouwen en netwerken."],
        },
        "audience": {},
    },
    {
        "type": "news",
        "url": "https://example.com/news/new-client",
        "title": "We welcome a new client in logistics",
        "summary": "A three-year partnership starts today.",
        "suggested_texts": {
            "en": ["Proud of the team that made this happen."],
            "nl": ["Trots op het team dat dit voor elkaar kreeg."],
        },
        "audience": {"departments": ["Sales"]},
    },
]


@dataclass
class Demo:
    org_id: str
    tokens: dict[str, str] = field(default_factory=dict)
    content_ids: list[str] = field(default_factory=list)


def put_webhook_secret(org_id: str, secrets_by_provider: dict[str, list[str]]) -> None:
    client = boto3.session.Session().client("secretsmanager")
    name = f"estafette/{org_id}/hr-webhooks"
    try:
        client.create_secret(Name=name, SecretString=json.dumps(secrets_by_provider))
    except client.exceptions.ResourceExistsException:
        client.put_secret_value(SecretId=name, SecretString=json.dumps(secrets_by_provider))


def send_webhook(
    cloud: LocalCloud, org_id: str, kind: str, data: dict[str, Any], secret: str = WEBHOOK_SECRET, delivery_id: str | None = None
) -> httpx.Response:
    from hr_webhooks.signatures import sign

    body = json.dumps({"id": delivery_id or uuid.uuid4().hex, "type": kind, "data": data}).encode()
    headers = {"Content-Type": "application/json", "X-Estafette-Signature": sign(secret, int(clock.time()), body)}
    return httpx.post(f"{cloud.base_url}/v1/webhooks/hr/generic?org={org_id}", content=body, headers=headers, timeout=10)


def send_provider_webhook(
    cloud: LocalCloud, org_id: str, provider: str, payload: dict[str, Any] | bytes, secret: str, at: int | None = None
) -> httpx.Response:
    """A delivery exactly as the provider's own sender makes it (local.fakes.hr: Greenhouse, BambooHR,
    Teamtailor, Personio or the generic format), posted to the org's web hook address."""
    from local.fakes.hr import delivery

    headers, body = delivery(provider, secret, payload, int(clock.time()) if at is None else at)
    return httpx.post(f"{cloud.base_url}/v1/webhooks/hr/{provider}?org={org_id}", content=body, headers=headers, timeout=10)


OAUTH_CLIENTS = {"linkedin": "local-linkedin-app", "x": "local-x-app"}


def put_oauth_clients() -> None:
    """The OAuth apps' credentials, where share_dispatch reads them: `estafette/oauth/<network>`."""
    secrets_manager = boto3.session.Session().client("secretsmanager")
    for network, client_id in OAUTH_CLIENTS.items():
        value = json.dumps({"client_id": client_id, "client_secret": f"{client_id}-secret"})
        name = f"estafette/oauth/{network}"
        try:
            secrets_manager.create_secret(Name=name, SecretString=value)
        except secrets_manager.exceptions.ResourceExistsException:
            secrets_manager.put_secret_value(SecretId=name, SecretString=value)


def connect_linkedin(cloud: LocalCloud, org_id: str, employee_id: str, followers: int) -> str:
    from estafette.domain import Network
    from share_dispatch.connections import connect

    token = f"li-{employee_id}-{uuid.uuid4().hex[:8]}"
    person = f"urn:li:person:{employee_id}"
    cloud.networks["linkedin"].add_token(token, person)
    connect(org_id, employee_id, Network.LINKEDIN, access_token=token, author_id=person, followers=followers)
    return token


def wait_for(check: Any, timeout: float = 20.0, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError("the local cloud did not settle in time")
        time.sleep(interval)


def seed_demo(cloud: LocalCloud, org_id: str = DEMO_ORG) -> Demo:
    demo = Demo(org_id=org_id)
    put_webhook_secret(org_id, {"generic": [WEBHOOK_SECRET]})
    for person in [CURATOR, ADMIN, *ADVOCATES]:
        profile = {
            "employee_id": person.sub,
            "name": person.name,
            "email": f"{person.sub}@example.com",
            "department": person.department,
            "role": "Consultant",
            "language": person.language,
        }
        send_webhook(cloud, org_id, "employee.joined", profile).raise_for_status()
        if person.linkedin_followers is not None:
            connect_linkedin(cloud, org_id, person.sub, person.linkedin_followers)
            demo.tokens[person.sub] = cloud.token(person.sub, ["employee"], org_id)
    demo.tokens["anna"] = cloud.token("anna", ["curator", "employee"], org_id)
    demo.tokens["bram"] = cloud.token("bram", ["admin", "employee"], org_id)

    with httpx.Client(base_url=cloud.base_url, timeout=10) as http:
        curator = {"Authorization": f"Bearer {demo.tokens['anna']}"}
        admin = {"Authorization": f"Bearer {demo.tokens['bram']}"}
        for item in CONTENT:
            created = http.post("/v1/content", json=item, headers=curator)
            created.raise_for_status()
            content_id = created.json()["content_id"]
            http.post(f"/v1/content/{content_id}/submit", headers=curator).raise_for_status()
            http.post(f"/v1/content/{content_id}/approve", json={"reason": "Looks good"}, headers=admin).raise_for_status()
            demo.content_ids.append(content_id)
    vacancy = {
        "vacancy_id": "ENG-42",
        "title": "Senior Platform Engineer",
        "url": "https://example.com/jobs/eng-42",
        "department": "Engineering",
        "locations": [],
        "description": "Build the platform our clients run on.",
    }
    send_webhook(cloud, org_id, "vacancy.opened", vacancy).raise_for_status()
    # The feed and the share service learn about content through the bus: wait until both know.
    with httpx.Client(base_url=cloud.base_url, timeout=10) as http:
        eva = {"Authorization": f"Bearer {demo.tokens['eva']}"}
        wait_for(lambda: len(http.get("/v1/feed", headers=eva).json().get("items", [])) >= 3)
    return demo


def print_next_steps(cloud: LocalCloud, demo: Demo) -> None:
    base = cloud.base_url
    eva, anna = demo.tokens["eva"], demo.tokens["anna"]
    first = demo.content_ids[0]
    print(
        f"""
Estafette is running on {base}   (stop with Ctrl-C)

  The app         {base}/   (sign in as any demo person; English and Dutch)
  API docs        {base}/docs
  OpenAPI         {base}/openapi.json
  Fake LinkedIn   {cloud.networks["linkedin"].base_url}

Demo organisation '{demo.org_id}': curator anna, admin bram, advocates eva and daan (Engineering),
sofie and liam (Sales). Every advocate has a LinkedIn connection.

Try it (tokens are valid for 12 hours; mint more with POST {base}/local/tokens):

  export EVA={eva}
  export ANNA={anna}

  # Eva's feed: Engineering and company-wide content, in her language
  curl -s {base}/v1/feed -H "Authorization: Bearer $EVA"

  # Eva shares the expertise article in her own words
  curl -s -X POST {base}/v1/shares -H "Authorization: Bearer $EVA" -H 'Content-Type: application/json' \\
    -d '{{"content_id": "{first}", "network": "linkedin", "text": "What we learned going event-driven. Worth a read!"}}'

  # Her shares, with the tracked link; open it (or curl -i) to count a click
  curl -s {base}/v1/shares -H "Authorization: Bearer $EVA"

  # The curator's report: shares, clicks and media value
  curl -s {base}/v1/reports/summary -H "Authorization: Bearer $ANNA"

  # What would have been sent: mail through SES and Slack/Teams posts (digests go out at 08:00 local time)
  curl -s {base}/local/outbox

  # A new token for anyone
  curl -s -X POST {base}/local/tokens -H 'Content-Type: application/json' \\
    -d '{{"sub": "liam", "org_id": "{demo.org_id}", "roles": ["employee"]}}'
""",
        flush=True,
    )
