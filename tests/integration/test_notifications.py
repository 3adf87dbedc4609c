"""Notifications through the local cloud: what would have been sent lands in GET /local/outbox."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from estafette.domain import Network
from estafette.events import ConnectionExpiring, EventData, ShareFailed
from estafette.publisher import EventBridgePublisher, Outgoing
from tests.support import eventually, locked_out, table_items

pytestmark = pytest.mark.integration

SLACK_URL = "https://hooks.slack.com/services/T0DEMO123/B0NEWS456/abcdefghijklmnop1234"


def join(org, sub: str, department: str = "Engineering", language: str = "en") -> dict[str, str]:
    profile = {
        "employee_id": sub,
        "name": f"{sub.title()} Tester",
        "email": address(org, sub),
        "department": department,
        "language": language,
    }
    assert org.webhook("employee.joined", profile).status_code == 202
    who = org.token(sub)
    # Notifications learns about people through the bus: wait until its directory knows the address.
    eventually(lambda: org.http.get("/v1/me/notifications", headers=who).json().get("email_address"))
    return who


def address(org, sub: str) -> str:
    return f"{sub}@{org.id}.example"


def publish(org, title: str, **extra: Any) -> str:
    anna, bram = org.token("anna", "curator"), org.token("bram", "admin")
    body = {"type": "expertise", "url": f"https://example.com/{title.lower().replace(' ', '-')}", "title": title, **extra}
    created = org.http.post("/v1/content", json=body, headers=anna)
    assert created.status_code == 201, created.text
    content_id = created.json()["content_id"]
    assert org.http.post(f"/v1/content/{content_id}/submit", headers=anna).status_code == 200
    assert org.http.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}, headers=bram).status_code == 200
    return content_id


def outbox(cloud) -> dict[str, Any]:
    reply = httpx.get(f"{cloud.base_url}/local/outbox", timeout=10)
    assert reply.status_code == 200
    return reply.json()


def mail_to(cloud, to: str) -> list[dict[str, Any]]:
    return [m for m in outbox(cloud)["mail"] if to in m["to"]]


def emit(cloud, org, *events: EventData) -> None:
    """What share_dispatch emits, put on the bus the way it does."""
    EventBridgePublisher(bus_name=cloud.template.physical["EventBus"]).publish([Outgoing(e, org.id) for e in events])


def run_schedule(cloud, at: datetime) -> dict[str, int]:
    """EventBridge Scheduler's call, with the time it passes (`<aws.scheduler.scheduled-time>`)."""
    return cloud.function("NotificationScheduleFunction").invoke({"time": at.isoformat()})


def pending_digest(org, who: dict[str, str], items: int) -> dict[str, Any]:
    def check() -> dict[str, Any] | None:
        digest = org.http.get("/v1/me/notifications", headers=who).json()["next_digest"]
        return digest if digest and digest["items"] == items else None

    return eventually(check)


def settle() -> None:
    time.sleep(1.5)  # long enough for the pollers to deliver anything still on its way


def expiring(sub: str, days: int = 7) -> ConnectionExpiring:
    return ConnectionExpiring(employee_id=sub, network=Network.LINKEDIN, expires_at=datetime.now(UTC) + timedelta(days=days))


def test_five_items_published_in_a_day_give_one_digest(cloud, org):
    eva = join(org, "eva")
    titles = [f"Lesson {n} from going event-driven" for n in range(1, 6)]
    for title in titles:
        publish(org, title, audience={"departments": ["Engineering"]})
    digest = pending_digest(org, eva, 5)
    assert mail_to(cloud, address(org, "eva")) == []  # nothing until her morning

    send_at = datetime.fromisoformat(digest["send_at"])
    run_schedule(cloud, send_at + timedelta(minutes=1))
    (mail,) = eventually(lambda: mail_to(cloud, address(org, "eva")))
    assert mail["subject"] == "New for you to share: Lesson 5 from going event-driven, and 4 more"
    for title in titles:
        assert title in mail["text"] and title in mail["html"]
    assert mail["list_unsubscribe_post"] == "List-Unsubscribe=One-Click"

    run_schedule(cloud, send_at + timedelta(minutes=6))  # the next run finds nothing due
    settle()
    assert len(mail_to(cloud, address(org, "eva"))) == 1
    assert org.http.get("/v1/me/notifications", headers=eva).json()["next_digest"] is None


def test_an_expiring_linkedin_connection_gives_one_reconnect_mail_in_my_language(cloud, org):
    join(org, "daan", language="nl")
    warning = expiring("daan")
    emit(cloud, org, warning)
    emit(cloud, org, warning)  # warned again: still one mail
    (mail,) = eventually(lambda: mail_to(cloud, address(org, "daan")))
    settle()
    assert len(mail_to(cloud, address(org, "daan"))) == 1
    assert mail["subject"].startswith("Je LinkedIn-koppeling verloopt op ")
    assert mail["language"] == "nl"
    assert "Koppel LinkedIn opnieuw" in mail["text"] and "Koppel LinkedIn opnieuw" in mail["html"]
    assert "/me/connections/linkedin?reconnect=1" in mail["text"]
    assert "Hoi Daan," in mail["text"]


def test_an_unsubscribed_kind_is_not_sent(cloud, org):
    eva = join(org, "eva")
    join(org, "liam", "Sales")
    reply = org.http.put("/v1/me/notifications", json={"email": {"share_failed": False}}, headers=eva)
    assert reply.status_code == 200 and reply.json()["email"]["share_failed"] is False
    failure = ShareFailed(
        share_id="s1",
        employee_id="eva",
        content_id="c1",
        network=Network.LINKEDIN,
        reason_code="rejected_by_network",
        reason="Duplicate post.",
    )
    emit(cloud, org, failure, expiring("eva"))
    (mail,) = eventually(lambda: mail_to(cloud, address(org, "eva")))
    assert mail["subject"].startswith("Your LinkedIn connection expires on")  # the kind she kept; not the failure

    # One click on the mail's List-Unsubscribe (what a mail client does, RFC 8058) switches reconnect mails off too.
    link = mail["list_unsubscribe"].strip("<>")
    one_click = httpx.post(
        link, content=b"List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert one_click.status_code == 200
    assert org.http.get("/v1/me/notifications", headers=eva).json()["email"]["reconnect"] is False

    emit(cloud, org, expiring("eva", days=3), expiring("liam", days=3))
    eventually(lambda: mail_to(cloud, address(org, "liam")))
    settle()
    assert len(mail_to(cloud, address(org, "eva"))) == 1


def test_a_leaver_gets_nothing(cloud, org):
    eva, liam = join(org, "eva"), join(org, "liam", "Sales")
    publish(org, "For everyone")
    digest = pending_digest(org, eva, 1)
    pending_digest(org, liam, 1)
    assert org.webhook("employee.left", {"employee_id": "eva"}).status_code == 202
    # notifications has taken her out of its directory, and her token is locked out everywhere.
    eventually(lambda: [m for m in table_items(cloud, "NotificationsTable", f"ORG#{org.id}#DIRECTORY") if m.get("left")])
    eventually(lambda: locked_out(org.http, eva, "/v1/me/notifications"))

    emit(cloud, org, expiring("eva"), expiring("liam"))
    run_schedule(cloud, datetime.fromisoformat(digest["send_at"]) + timedelta(minutes=1))
    eventually(lambda: len(mail_to(cloud, address(org, "liam"))) == 2)  # liam: his digest and his reconnect mail
    settle()
    assert mail_to(cloud, address(org, "eva")) == []


def test_new_content_is_announced_in_the_orgs_slack_channel(cloud, org):
    bram = org.token("bram", "admin")
    bad = org.http.put(
        "/v1/org/settings", json={"notifications": {"slack_webhook_url": "https://example.com/hook"}}, headers=bram
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "notifications.slack_webhook_url"
    good = org.http.put("/v1/org/settings", json={"notifications": {"slack_webhook_url": SLACK_URL}}, headers=bram)
    assert good.status_code == 200, good.text
    content_id = publish(org, f"Announced {org.id}")

    def announced() -> list[dict[str, Any]]:
        return [c for c in outbox(cloud)["chat"] if f"Announced {org.id}" in c["payload"]["text"]]

    (post,) = eventually(announced)
    assert post["provider"] == "slack" and post["url"] == SLACK_URL
    button = post["payload"]["blocks"][-1]["elements"][0]
    assert button["url"].endswith(f"/feed?content={content_id}")
