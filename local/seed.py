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
from datetime import timedelta
from typing import Any

import boto3
import httpx

from estafette import clock
from local.cloud import DEMO_ORG, LocalCloud
from local.webhook_demo import WEBHOOK_SECRET

LINKEDIN_TOKEN_DAYS = 60  # LinkedIn member access tokens last 60 days (docs/product.md)
DEMO_TOKEN_DAYS = 90  # the console's tokens outlast a week or two of moving the clock ahead


@dataclass(frozen=True)
class Person:
    sub: str
    name: str
    department: str
    language: str
    linkedin_followers: int | None = None  # None: no LinkedIn connection
    # Days until the LinkedIn token runs out. Liam connected 52 days ago: his reconnect reminder is due tomorrow.
    linkedin_days_left: float = LINKEDIN_TOKEN_DAYS


CURATOR = Person("anna", "Anna de Vries", "Marketing", "nl")
ADMIN = Person("bram", "Bram Jansen", "Marketing", "nl")
ADVOCATES = [
    Person("eva", "Eva Bakker", "Engineering", "en", 750),
    Person("daan", "Daan Visser", "Engineering", "nl", 480),
    Person("sofie", "Sofie Smit", "Sales", "nl", 1200),
    Person("liam", "Liam Peters", "Sales", "en", 300, linkedin_days_left=8),
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

    def saved(self) -> dict[str, Any]:
        """What the local state keeps of the demo (tokens are minted anew at each start)."""
        return {"org_id": self.org_id, "content_ids": self.content_ids}

    @classmethod
    def restored(cls, cloud: LocalCloud, saved: dict[str, Any]) -> Demo:
        return cls(org_id=saved["org_id"], tokens=demo_tokens(cloud, saved["org_id"]), content_ids=list(saved["content_ids"]))


def demo_tokens(cloud: LocalCloud, org_id: str) -> dict[str, str]:
    ttl = DEMO_TOKEN_DAYS * 86400
    tokens = {p.sub: cloud.token(p.sub, ["employee"], org_id, ttl=ttl) for p in ADVOCATES}
    tokens[CURATOR.sub] = cloud.token(CURATOR.sub, ["curator", "employee"], org_id, ttl=ttl)
    tokens[ADMIN.sub] = cloud.token(ADMIN.sub, ["admin", "employee"], org_id, ttl=ttl)
    return tokens


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
    return httpx.post(f"{cloud.base_url}/v1/webhooks/hr/generic?org={org_id}", content=body, headers=headers, timeout=30)


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


def connect_linkedin(
    cloud: LocalCloud, org_id: str, employee_id: str, followers: int, expires_in_days: float | None = None
) -> str:
    from estafette.domain import Network
    from share_dispatch.connections import connect

    token = f"li-{employee_id}-{uuid.uuid4().hex[:8]}"
    person = f"urn:li:person:{employee_id}"
    cloud.networks["linkedin"].add_token(token, person)
    expires_at = clock.now() + timedelta(days=expires_in_days) if expires_in_days is not None else None
    connect(
        org_id, employee_id, Network.LINKEDIN, access_token=token, author_id=person, followers=followers, expires_at=expires_at
    )
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
            connect_linkedin(cloud, org_id, person.sub, person.linkedin_followers, expires_in_days=person.linkedin_days_left)
    demo.tokens = demo_tokens(cloud, org_id)

    with httpx.Client(base_url=cloud.base_url, timeout=30) as http:
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
    seed_sources(cloud, demo)
    # The feed and the share service learn about content through the bus: wait until both know.
    with httpx.Client(base_url=cloud.base_url, timeout=30) as http:
        eva = {"Authorization": f"Bearer {demo.tokens['eva']}"}
        wait_for(lambda: len(http.get("/v1/feed", headers=eva).json().get("items", [])) >= 3)
    return demo


def seed_sources(cloud: LocalCloud, demo: Demo) -> None:
    """Two industry sources on the fake feed server; their entries arrive as drafts at the next poll."""
    curator = {"Authorization": f"Bearer {demo.tokens['anna']}"}
    sources = [
        {"url": f"{cloud.feeds.base_url}/industry.rss", "content_type": "industry", "language": "en"},
        {
            "url": f"{cloud.feeds.base_url}/engineering.atom",
            "content_type": "expertise",
            "language": "en",
            "audience": {"departments": ["Engineering"]},
        },
    ]
    with httpx.Client(base_url=cloud.base_url, timeout=10) as http:
        for source in sources:
            http.post("/v1/sources", json=source, headers=curator).raise_for_status()


SHARE_TEXT = "What we learned going event-driven. Worth a read!"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def next_steps(cloud: LocalCloud, demo: Demo, *, restored: bool = False) -> str:
    """What the console prints once the local cloud is ready. Every command in it works as written
    (tests/integration/test_local_console.py runs them)."""
    base = cloud.base_url
    eva, anna = demo.tokens["eva"], demo.tokens["anna"]
    first = demo.content_ids[0]
    port_flag = "" if cloud.port == 3000 else f" PORT={cloud.port}"
    web_app = cloud.web_app_url  # set by the web app's serving module once it exists
    state_line = (
        f"  Local state     {cloud.state.directory}/ ({'restored' if restored else 'new'}; `make reset` wipes it)"
        if cloud.state is not None
        else "  Local state     in memory only (gone at Ctrl-C)"
    )
    if cloud.state is not None and cloud.backend == "localstack":
        state_line += (
            "\n                  tables (DynamoDB Local's files), the KMS key, secrets, tokens, the clock and the fakes are kept;"
            "\n                  messages still queued at Ctrl-C are not (LocalStack's community edition keeps no state on disk)"
        )
    lines = [
        "",
        f"Estafette is running on {base}   (stop with Ctrl-C; everything is kept for the next `make run`)",
        "",
        *([f"  The app         {web_app}   (sign in as any demo person; English and Dutch)", ""] if web_app else []),
        f"  API docs        {base}/docs",
        f"  OpenAPI         {base}/openapi.json",
        f"  Fake LinkedIn   {cloud.networks['linkedin'].base_url}",
        f"  Fake X          {cloud.networks['x'].base_url}",
        f"  Fake Bluesky    {cloud.networks['bluesky'].base_url}",
        f"  Fake Slack/Teams {cloud.chat.base_url}",
        f"  Clock           {cloud.clock.now().strftime('%A %Y-%m-%d %H:%M')} UTC, speed ×{cloud.clock.speed:g}",
        state_line,
        "",
        f"Demo organisation '{demo.org_id}': curator anna, admin bram, advocates eva and daan (Engineering),",
        f"sofie and liam (Sales). Every advocate has a LinkedIn connection (60 days; {_liam_expiry(demo.org_id)}).",
        f"HR webhook secret of '{demo.org_id}': {WEBHOOK_SECRET}   (generic provider, header X-Estafette-Signature)",
        "",
        f"Try it (tokens are valid for {DEMO_TOKEN_DAYS} days; mint more with POST {base}/local/tokens):",
        "",
        f"  export EVA={eva}",
        f"  export ANNA={anna}",
        "",
        "  # Eva's feed: Engineering and company-wide content, in her language",
        f'  curl -s {base}/v1/feed -H "Authorization: Bearer $EVA"',
        "",
        "  # Eva shares the expertise article in her own words",
        f'  curl -s -X POST {base}/v1/shares -H "Authorization: Bearer $EVA" -H \'Content-Type: application/json\' \\',
        f'    -d \'{{"content_id": "{first}", "network": "linkedin", "text": "{SHARE_TEXT}"}}\'',
        "",
        "  # Her shares: posted within a second, each with its tracked link",
        f'  curl -s {base}/v1/shares -H "Authorization: Bearer $EVA"',
        "",
        "  # A reader clicks the link in a browser (curl's own user agent is filtered as a bot, like every crawler)",
        f'  LINK=$(curl -s {base}/v1/shares -H "Authorization: Bearer $EVA" \\',
        "    | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"items\"][0][\"tracked_url\"])')",
        f"  curl -s -o /dev/null -w '%{{http_code}} -> %{{redirect_url}}\\n' -A '{BROWSER}' \\",
        "    -H 'Accept: text/html' \"$LINK\"",
        "",
        "  # The curator's report: 1 share, 1 click, €3 of media value",
        f'  curl -s {base}/v1/reports/summary -H "Authorization: Bearer $ANNA"',
        "",
        "  # An HR system opens a vacancy (a signed webhook; KIND=vacancy | joined | left)",
        f"  make webhook-demo KIND=vacancy{port_flag}",
        "",
        "  # Move time: the first harvest (PT1H), the 08:00 digests and Liam's reconnect reminder (P1D),",
        "  # the Monday impact mail (P1W). Or start with `make run SPEED=60`: a minute a second.",
        f"  curl -s -X POST {base}/local/clock -H 'Content-Type: application/json' -d '{{\"advance\": \"P1D\"}}'",
        "",
        "  # What would have been sent: mail through SES and Slack/Teams posts",
        f"  curl -s {base}/local/outbox",
        "",
        "  # A new token for anyone",
        f"  curl -s -X POST {base}/local/tokens -H 'Content-Type: application/json' \\",
        f'    -d \'{{"sub": "liam", "org_id": "{demo.org_id}", "roles": ["employee"]}}\'',
        "",
    ]
    return "\n".join(lines)


def _liam_expiry(org_id: str) -> str:
    """How long Liam's LinkedIn connection has left by the local clock (it moves, so this is read, not assumed)."""
    from datetime import datetime

    from share_dispatch import store

    connection = store.get_connection(org_id, "liam", "linkedin", any_status=True) or {}
    if not connection.get("expires_at"):
        return "Liam's has no expiry on record"
    left = datetime.fromisoformat(connection["expires_at"].replace("Z", "+00:00")) - clock.now()
    if left.total_seconds() <= 0:
        return "Liam's has run out: he is asked to reconnect"
    days = left.total_seconds() / 86400
    return f"Liam's runs out in {days:.0f} days" if days >= 1 else f"Liam's runs out in {left.total_seconds() / 3600:.0f} hours"


def print_next_steps(cloud: LocalCloud, demo: Demo, *, restored: bool = False) -> None:
    print(next_steps(cloud, demo, restored=restored), flush=True)
