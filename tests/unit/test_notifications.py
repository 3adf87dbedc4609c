"""Notifications: the nudges that turn willingness into sharing, never one mail too many."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from estafette.domain import Audience, ContentType, EmployeeProfile, Network
from estafette.events import (
    ConnectionExpired,
    ConnectionExpiring,
    ContentExpired,
    ContentPublished,
    EmployeeJoined,
    EmployeeLeft,
    EmployeeUpdated,
    EventData,
    EventMetadata,
    LinkClicked,
    ShareFailed,
    SharePosted,
)
from estafette.publisher import EventBridgePublisher, Outgoing
from local.fakes.chat import FakeChat
from local.outbox import LocalOutbox
from local.runtime import LambdaContext
from notifications.handlers.sender import lambda_handler
from tests.support import call, claims
from tests.unit.conftest import Stack, deliver, sqs_event

API = "notifications.handlers.api"
EVENTS = "notifications.handlers.events"
SENDER = "notifications.handlers.sender"
ORG = "acme"
SLACK_URL = "https://hooks.slack.com/services/T0ACME123/B0NEWS456/abcdefghijklmnop1234"
TEAMS_URL = (
    "https://acme.webhook.office.com/webhookb2/3f1a2b3c-1111-2222-3333-444455556666@72f988bf-86f1-41af-91ab-2d7cd011db47/"
    "IncomingWebhook/0123456789abcdef0123456789abcdef/4b1a2b3c-1111-2222-3333-444455556666"
)


@dataclass
class Notify:
    stack: Stack
    chat: FakeChat
    outbox: LocalOutbox

    def emit(self, *events: EventData, org_id: str = ORG) -> None:
        """Put events on the bus as their services do, and let the notifications consumer and sender run."""
        EventBridgePublisher(bus_name=os.environ["EVENT_BUS_NAME"]).publish([Outgoing(e, org_id) for e in events])
        self.consume()

    def consume(self) -> dict[str, Any]:
        result = deliver(self.stack, "NotificationEventsQueue", EVENTS)
        assert result["batchItemFailures"] == []
        return self.send()

    def send(self) -> dict[str, Any]:
        return deliver(self.stack, "NotificationSendQueue", SENDER)

    def release(self, at: datetime) -> int:
        from notifications import planner

        queued = planner.release_due(at)
        self.send()
        return queued

    def mail(self, to: str | None = None) -> list[dict[str, Any]]:
        return [m for m in self.outbox.mail() if to is None or to in m["to"]]


@pytest.fixture
def notify(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Notify]:
    from estafette import config

    boto3.client("ses").verify_email_identity(EmailAddress=os.environ["MAIL_FROM_ADDRESS"])
    with FakeChat() as chat:
        monkeypatch.setenv("CHAT_WEBHOOK_BASE_URL", chat.base_url)
        config.load.cache_clear()
        yield Notify(stack, chat, LocalOutbox(chat, "eu-west-1", in_process_moto=True))
    config.load.cache_clear()


def joined(sub: str, department: str = "Engineering", language: str = "en", **extra: Any) -> EmployeeJoined:
    profile = EmployeeProfile(
        employee_id=sub,
        name=f"{sub.title()} Tester",
        email=f"{sub}@acme.example",
        department=department,
        role="Consultant",
        language=language,
        **extra,
    )
    return EmployeeJoined(profile=profile, provider="generic")


def published(title: str, content_type: ContentType = ContentType.EXPERTISE, departments: tuple[str, ...] = (), **extra: Any):
    content_id = extra.pop("content_id", uuid.uuid4().hex[:16])
    return ContentPublished(
        content_id=content_id,
        content_type=content_type,
        url=f"https://example.com/{content_id}",
        title=title,
        slug=content_id,
        summary=f"About {title.lower()}.",
        audience=Audience(departments=list(departments)),
        published_at=datetime.now(UTC),
        **extra,
    )


def two_days_on() -> datetime:
    return datetime.now(UTC) + timedelta(days=2)


# --- the daily digest -------------------------------------------------------------------------


def test_five_items_published_in_a_day_give_one_digest(notify):
    notify.emit(joined("eva"))
    titles = [f"Lesson {n} from going event-driven" for n in range(5)]
    notify.emit(*[published(t) for t in titles])
    assert notify.mail() == []  # nothing before the employee's morning

    assert notify.release(two_days_on()) == 1
    mails = notify.mail("eva@acme.example")
    assert len(mails) == 1
    digest = mails[0]
    assert digest["subject"].startswith("New for you to share: ")
    assert digest["subject"].endswith("and 4 more")
    for title in titles:
        assert title in digest["text"] and title in digest["html"]
    # Once out, it never goes out again.
    assert notify.release(two_days_on() + timedelta(minutes=5)) == 0
    notify.send()
    assert len(notify.mail("eva@acme.example")) == 1


def test_digest_goes_out_at_the_employees_digest_time_in_their_timezone(notify):
    notify.emit(joined("eva", timezone="Asia/Tokyo"))
    notify.emit(published("Something new"))
    view = call(API, "GET", "/v1/me/notifications", who=claims("eva", ORG)).body
    send_at = datetime.fromisoformat(view["next_digest"]["send_at"])
    assert view["next_digest"]["items"] == 1
    assert send_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo")).strftime("%H:%M") == "08:00"
    assert notify.release(send_at - timedelta(minutes=1)) == 0
    assert notify.release(send_at) == 1
    assert len(notify.mail("eva@acme.example")) == 1


def test_a_vacancy_in_my_department_comes_first_and_highlighted(notify):
    notify.emit(joined("eva", "Engineering"), joined("liam", "Sales"))
    notify.emit(
        published("Why people trust people"),
        published("Senior Platform Engineer", ContentType.VACANCY, ("Engineering",)),
        published("Our new logistics client", ContentType.NEWS, ("Sales",)),
    )
    notify.release(two_days_on())
    eva = notify.mail("eva@acme.example")
    assert len(eva) == 1
    assert eva[0]["subject"] == "A vacancy in your department: Senior Platform Engineer, and 1 more to share"
    body = eva[0]["text"]
    assert body.index("Do you know someone?") < body.index("Senior Platform Engineer") < body.index("Why people trust people")
    assert "Our new logistics client" not in body  # targeted at Sales
    liam = notify.mail("liam@acme.example")
    assert len(liam) == 1 and "Senior Platform Engineer" not in liam[0]["text"]
    assert "Our new logistics client" in liam[0]["text"]


def test_digest_leaves_out_what_expired_or_what_i_already_shared(notify):
    notify.emit(joined("eva"))
    expiring, shared, fresh = published("Gone by morning"), published("Already shared"), published("Still fresh")
    notify.emit(expiring, shared, fresh)
    notify.emit(
        ContentExpired(content_id=expiring.content_id, expired_at=datetime.now(UTC)),
        posted("eva", shared.content_id),
    )
    notify.release(two_days_on())
    (mail,) = notify.mail("eva@acme.example")
    assert "Still fresh" in mail["text"]
    assert "Gone by morning" not in mail["text"] and "Already shared" not in mail["text"]


def test_the_same_event_delivered_twice_adds_the_item_once(notify, stack):
    notify.emit(joined("eva"))
    event = published("Once only")
    from notifications import reactions

    metadata = EventMetadata(org_id=ORG)
    reactions.react(event, metadata)
    reactions.react(event, metadata)
    view = call(API, "GET", "/v1/me/notifications", who=claims("eva", ORG)).body
    assert view["next_digest"]["items"] == 1


# --- leavers ----------------------------------------------------------------------------------


def test_nothing_is_sent_to_someone_who_left(notify):
    notify.emit(joined("eva"))
    notify.emit(published("Queued before she left"))
    notify.emit(EmployeeLeft(employee_id="eva", provider="generic"))
    notify.emit(
        ConnectionExpiring(employee_id="eva", network=Network.LINKEDIN, expires_at=datetime.now(UTC) + timedelta(days=5)),
        published("Published after she left"),
    )
    notify.release(two_days_on())
    assert notify.mail("eva@acme.example") == []
    # And no personal data is kept.
    from notifications import store

    member = store.get_member(ORG, "eva")
    assert member is not None and member.left and member.email is None and member.name == ""


def test_a_late_profile_update_does_not_bring_a_leaver_back_but_a_rehire_does(notify):
    from notifications import reactions, store

    t0 = datetime.now(UTC)
    reactions.react(joined("eva"), EventMetadata(org_id=ORG, occurred_at=t0))
    reactions.react(EmployeeLeft(employee_id="eva", provider="generic"), EventMetadata(org_id=ORG, occurred_at=t0 + timedelta(1)))
    stale = EmployeeUpdated(profile=joined("eva").profile)
    reactions.react(stale, EventMetadata(org_id=ORG, occurred_at=t0 + timedelta(2)))
    reactions.react(joined("eva"), EventMetadata(org_id=ORG, occurred_at=t0 + timedelta(hours=12)))  # older than the leave
    assert store.get_member(ORG, "eva").left
    reactions.react(joined("eva"), EventMetadata(org_id=ORG, occurred_at=t0 + timedelta(30)))  # rehired
    member = store.get_member(ORG, "eva")
    assert not member.left and member.email == "eva@acme.example"


# --- reconnect and failed shares --------------------------------------------------------------


def expiring(sub: str = "eva", days: int = 5) -> ConnectionExpiring:
    return ConnectionExpiring(employee_id=sub, network=Network.LINKEDIN, expires_at=datetime.now(UTC) + timedelta(days=days))


def test_an_expiring_connection_gives_one_reconnect_mail_in_my_language(notify):
    notify.emit(joined("daan", language="nl"))
    warning = expiring("daan")
    notify.emit(warning)
    notify.emit(warning)  # share_dispatch warns again: still one mail
    (mail,) = notify.mail("daan@acme.example")
    assert mail["subject"].startswith("Je LinkedIn-koppeling verloopt op ")
    assert "koppel opnieuw met één klik" in mail["subject"]
    assert mail["language"] == "nl"
    assert "Koppel LinkedIn opnieuw: " in mail["text"] and "/me/connections/linkedin?reconnect=1" in mail["text"]
    assert (
        "Koppel LinkedIn opnieuw" in mail["html"]
        and 'href="https://go.example/me/connections/linkedin?reconnect=1"' in (mail["html"])
    )
    assert mail["list_unsubscribe"].startswith("<https://go.example/v1/notifications/unsubscribe?token=")
    assert mail["list_unsubscribe_post"] == "List-Unsubscribe=One-Click"


def test_an_expired_token_gives_one_reconnect_mail_not_two(notify):
    notify.emit(joined("eva"))
    notify.emit(
        ConnectionExpired(employee_id="eva", network=Network.LINKEDIN, reason="token revoked"),
        failed("eva", "connection_expired", "The network rejected the token; reconnect the account."),
    )
    (mail,) = notify.mail("eva@acme.example")
    assert mail["subject"] == "Your LinkedIn connection has stopped: reconnect to keep sharing"


def failed(sub: str, code: str, reason: str, permanent: bool = True) -> ShareFailed:
    return ShareFailed(
        share_id=uuid.uuid4().hex,
        employee_id=sub,
        content_id="c1",
        network=Network.LINKEDIN,
        reason_code=code,
        reason=reason,
        permanent=permanent,
    )


def test_a_failed_share_says_why_and_what_to_do(notify):
    notify.emit(joined("eva"), published("The article", content_id="c1"))
    notify.emit(failed("eva", "rejected_by_network", "Content is a duplicate of an earlier post."))
    (mail,) = notify.mail("eva@acme.example")
    assert mail["subject"] == "Your share to LinkedIn was not posted"
    assert "What LinkedIn said: Content is a duplicate of an earlier post." in mail["text"]
    assert "Check your text" in mail["text"] and "The article" in mail["text"]
    assert "/shares/" in mail["text"]


def test_a_share_given_up_after_its_retries_sends_the_failure_mail_too(notify):
    # share_dispatch retries transient failures itself and emits ShareFailed only when it gives up.
    notify.emit(joined("eva"), published("The article", content_id="c1"))
    notify.emit(failed("eva", "retries_exhausted", "gave up after 5 attempts: 503 from LinkedIn", permanent=False))
    (mail,) = notify.mail("eva@acme.example")
    assert mail["subject"] == "Your share to LinkedIn was not posted"
    assert "after several tries" in mail["text"] and "The article" in mail["text"]


def test_an_expired_token_sends_only_the_reconnect_mail_not_a_failure_mail(notify):
    notify.emit(joined("eva"))
    notify.emit(failed("eva", "connection_expired", "The network rejected the token; reconnect the account."))
    assert notify.mail("eva@acme.example") == []


def test_quiet_hours_hold_an_alert_until_they_end(notify):
    from zoneinfo import ZoneInfo

    notify.emit(joined("eva"))
    local = datetime.now(ZoneInfo("Europe/Amsterdam"))
    start, end = (local - timedelta(hours=1)).strftime("%H:%M"), (local + timedelta(hours=1)).strftime("%H:%M")
    body = {"quiet_hours": {"start": start, "end": end}}
    assert call(API, "PUT", "/v1/me/notifications", body, who=claims("eva", ORG)).status == 200
    notify.emit(expiring())
    assert notify.mail("eva@acme.example") == []
    assert notify.release(datetime.now(UTC) + timedelta(minutes=30)) == 0
    assert notify.release(datetime.now(UTC) + timedelta(hours=1, minutes=1)) == 1
    assert len(notify.mail("eva@acme.example")) == 1


# --- preferences and unsubscribe --------------------------------------------------------------


def test_an_unsubscribed_kind_is_not_sent(notify):
    notify.emit(joined("eva"))
    body = {"email": {"reconnect": False}}
    reply = call(API, "PUT", "/v1/me/notifications", body, who=claims("eva", ORG))
    assert reply.status == 200 and reply.body["email"]["reconnect"] is False and reply.body["email"]["new_content"] is True
    notify.emit(expiring())
    notify.emit(published("Still welcome"))
    notify.release(two_days_on())
    (mail,) = notify.mail("eva@acme.example")
    assert "Still welcome" in mail["text"]


def test_unknown_preference_keys_and_bad_times_are_refused_naming_the_field(notify):
    eva = claims("eva", ORG)
    unknown = call(API, "PUT", "/v1/me/notifications", {"email": {"newsletter": False}}, who=eva)
    assert unknown.status == 422 and unknown.body["error"]["field"] == "email.newsletter"
    top = call(API, "PUT", "/v1/me/notifications", {"sms": True}, who=eva)
    assert top.status == 422 and top.body["error"]["field"] == "sms"
    hours = call(API, "PUT", "/v1/me/notifications", {"quiet_hours": {"start": "25:00", "end": "07:00"}}, who=eva)
    assert hours.status == 422 and hours.body["error"]["field"] == "quiet_hours.start"
    same = call(API, "PUT", "/v1/me/notifications", {"quiet_hours": {"start": "07:00", "end": "07:00"}}, who=eva)
    assert same.status == 422
    assert call(API, "PUT", "/v1/me/notifications", {"digest_time": "8am"}, who=eva).status == 422
    assert call(API, "GET", "/v1/me/notifications").status == 401


def test_preferences_are_mine_and_read_back(notify):
    notify.emit(joined("eva"), joined("liam", "Sales"))
    body = {"email": {"weekly_impact": False}, "quiet_hours": {"start": "21:00", "end": "07:00"}, "digest_time": "09:30"}
    assert call(API, "PUT", "/v1/me/notifications", body, who=claims("eva", ORG)).status == 200
    eva = call(API, "GET", "/v1/me/notifications", who=claims("eva", ORG)).body
    assert eva["email"]["weekly_impact"] is False and eva["quiet_hours"] == {"start": "21:00", "end": "07:00"}
    assert eva["digest_time"] == "09:30" and eva["language"] == "en" and eva["next_digest"] is None
    liam = call(API, "GET", "/v1/me/notifications", who=claims("liam", ORG)).body
    assert liam["email"]["weekly_impact"] is True
    other_org = call(API, "GET", "/v1/me/notifications", who=claims("eva", "globex")).body
    assert other_org["email"]["weekly_impact"] is True


def unsubscribe_token(mail: dict[str, Any]) -> str:
    url = mail["list_unsubscribe"].strip("<>")
    return parse_qs(urlsplit(url).query)["token"][0]


def post_unsubscribe(token: str, form: bytes):
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return call(API, "POST", "/v1/notifications/unsubscribe", query=f"token={token}", raw=form, headers=headers)


def test_one_click_unsubscribe_switches_off_that_kind_only(notify):
    notify.emit(joined("eva"))
    notify.emit(expiring(days=5))
    (mail,) = notify.mail("eva@acme.example")
    token = unsubscribe_token(mail)
    assert f"token={token}" in mail["text"].replace("%3D", "=") or token in mail["text"]

    # A mail scanner following the link changes nothing: GET only shows the page.
    page = call(API, "GET", "/v1/notifications/unsubscribe", query=f"token={token}")
    assert page.status == 200 and "reminders to reconnect a network" in page.body
    assert call(API, "GET", "/v1/me/notifications", who=claims("eva", ORG)).body["email"]["reconnect"] is True

    # The mail client's one-click POST (RFC 8058) unsubscribes.
    done = post_unsubscribe(token, b"List-Unsubscribe=One-Click")
    assert done.status == 200 and "You will no longer get these emails" in done.body
    prefs = call(API, "GET", "/v1/me/notifications", who=claims("eva", ORG)).body["email"]
    assert prefs["reconnect"] is False and prefs["new_content"] is True

    notify.emit(expiring(days=4))
    assert len(notify.mail("eva@acme.example")) == 1


def test_unsubscribe_from_everything_from_the_page(notify):
    notify.emit(joined("eva", language="nl"))
    notify.emit(expiring())
    token = unsubscribe_token(notify.mail("eva@acme.example")[0])
    page = call(API, "GET", "/v1/notifications/unsubscribe", query=f"token={token}")
    assert "Afmelden voor alle e-mails" in page.body  # her language, not the browser's
    done = post_unsubscribe(token, b"scope=all")
    assert done.status == 200 and "geen e-mails van Estafette meer" in done.body
    prefs = call(API, "GET", "/v1/me/notifications", who=claims("eva", ORG)).body["email"]
    assert not any(prefs.values())


def test_a_forged_or_damaged_unsubscribe_link_is_refused(notify):
    notify.emit(joined("eva"))
    notify.emit(expiring())
    token = unsubscribe_token(notify.mail("eva@acme.example")[0])
    payload, signature = token.split(".")
    import base64
    import json

    forged = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged["o"] = "globex"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    for bad in (f"{forged_payload}.{signature}", token[:-3] + "AAA", "nonsense", "a.b"):
        reply = call(API, "POST", "/v1/notifications/unsubscribe", query=f"token={bad}")
        assert reply.status == 422, bad
        assert reply.body["error"]["code"] == "invalid_unsubscribe_link" and reply.body["error"]["field"] == "token"
    assert call(API, "POST", "/v1/notifications/unsubscribe").status == 422  # no token at all
    # (A token with non-ASCII characters is refused with 400 before it is read: tests/unit/test_request_bodies.py.)


# --- weekly impact ----------------------------------------------------------------------------


def posted(sub: str, content_id: str, followers: int = 750) -> SharePosted:
    return SharePosted(
        share_id=f"s-{content_id}",
        employee_id=sub,
        content_id=content_id,
        network=Network.LINKEDIN,
        external_post_id="urn:li:share:1",
        tracked_code="c0de1234",
        tracked_url="https://go.example/r/c0de1234",
        target_url="https://example.com",
        content_slug="x",
        followers=followers,
        posted_at=datetime.now(UTC),
    )


def clicked(sub: str, content_id: str) -> LinkClicked:
    return LinkClicked(
        tracked_code="c0de1234",
        share_id=f"s-{content_id}",
        employee_id=sub,
        content_id=content_id,
        network=Network.LINKEDIN,
        unique=True,
        clicked_at=datetime.now(UTC),
    )


def next_monday_morning() -> datetime:
    today = datetime.now(UTC)
    return (today + timedelta(days=7 - today.weekday())).replace(hour=12, minute=0)


def test_weekly_impact_digest_shows_my_shares_clicks_value_and_one_suggestion(notify):
    from notifications import reactions

    notify.emit(joined("eva"))
    shared = published("What I shared")
    news = published("Corporate news", ContentType.NEWS)
    expertise = published("Five lessons from going event-driven", ContentType.EXPERTISE)
    notify.emit(shared, news, expertise)
    notify.emit(posted("eva", shared.content_id))
    click = clicked("eva", shared.content_id)
    metadata = EventMetadata(org_id=ORG)
    reactions.react(click, metadata)
    reactions.react(click, metadata)  # a redelivered click counts once
    reactions.react(clicked("eva", shared.content_id), EventMetadata(org_id=ORG))

    notify.release(next_monday_morning())
    impact = [m for m in notify.mail("eva@acme.example") if m["subject"].startswith("Your week")]
    assert len(impact) == 1
    mail = impact[0]
    assert mail["subject"] == "Your week: 1 share, 2 clicks, €6.00 in media value"
    assert "Potential reach: 750" in mail["text"]
    assert "clicks × cost per click: LinkedIn €3.00" in mail["text"]
    suggestion = mail["text"].split("One to share this week")[1]
    assert "Five lessons from going event-driven" in suggestion  # expertise first, and not what I shared
    assert "What I shared" not in suggestion


def test_weekly_impact_respects_the_orgs_cost_per_click_and_my_language(notify):
    from estafette import settings

    settings.save(ORG, settings.OrgSettings.model_validate({"reporting": {"cpc_eur": {"linkedin": 2.5}}}), "bram")
    notify.emit(joined("daan", language="nl"))
    notify.emit(posted("daan", "c9"), clicked("daan", "c9"))
    notify.release(next_monday_morning())
    (mail,) = [m for m in notify.mail("daan@acme.example") if m["subject"].startswith("Jouw week")]
    assert mail["subject"] == "Jouw week: 1 keer gedeeld, 1 klik, € 2,50 aan mediawaarde"


def test_no_weekly_digest_for_a_week_without_shares_or_clicks(notify):
    notify.emit(joined("eva"))
    notify.release(next_monday_morning())
    assert notify.mail("eva@acme.example") == []


# --- chat channels ----------------------------------------------------------------------------


def configure_channels(**channels: str) -> None:
    from estafette import settings

    settings.save(ORG, settings.OrgSettings.model_validate({"company_name": "Acme", "notifications": channels}), "bram")
    settings.clear_cache()


def test_new_content_is_announced_in_slack_and_teams(notify):
    configure_channels(slack_webhook_url=SLACK_URL, teams_webhook_url=TEAMS_URL)
    notify.emit(published("Senior Platform Engineer", ContentType.VACANCY, ("Engineering",)))
    slack, teams = notify.chat.received("slack"), notify.chat.received("teams")
    assert len(slack) == 1 and len(teams) == 1
    assert slack[0]["url"] == SLACK_URL
    assert slack[0]["payload"]["text"] == "New to share: Senior Platform Engineer"
    assert [b["type"] for b in slack[0]["payload"]["blocks"]] == ["section", "context", "actions"]
    assert "For Engineering" in slack[0]["payload"]["blocks"][1]["elements"][0]["text"]
    card = teams[0]["payload"]["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard" and card["content"]["body"][1]["text"] == "Senior Platform Engineer"


def test_malformed_chat_webhook_urls_are_refused_at_configuration_time(stack):
    admin = claims("bram", ORG, ("admin",))
    cases = {
        "slack_webhook_url": [
            "http://hooks.slack.com/services/T0ACME123/B0NEWS456/abcdefghijklmnop1234",
            "https://hooks.slack.com.evil.example/services/T0ACME123/B0NEWS456/abcdefghijklmnop1234",
            "https://example.com/services/T0ACME123/B0NEWS456/abcdefghijklmnop1234",
            "not a url",
        ],
        "teams_webhook_url": [
            TEAMS_URL.replace("https://", "http://"),
            "https://acme.webhook.office.com.evil.example/webhookb2/x",
            "https://prod-12.westeurope.logic.azure.com/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke",
            SLACK_URL,
        ],
    }
    for field, urls in cases.items():
        for url in urls:
            reply = call("organisation.handlers.api", "PUT", "/v1/org/settings", {"notifications": {field: url}}, who=admin)
            assert reply.status == 422, url
            assert reply.body["error"]["field"] == f"notifications.{field}"
    workflow = (
        "https://prod-12.westeurope.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/"
        "invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC123_-x"
    )
    good = {"notifications": {"slack_webhook_url": SLACK_URL, "teams_webhook_url": workflow}}
    assert call("organisation.handlers.api", "PUT", "/v1/org/settings", good, who=admin).status == 200


# --- failures are retried, dead-lettered, and never block the others --------------------------


def test_a_chat_failure_is_retried_then_dead_lettered_without_blocking_other_notifications(notify):
    from notifications import outbound
    from notifications.model import SendRequest

    configure_channels(slack_webhook_url=SLACK_URL)
    notify.emit(joined("eva"))
    notify.chat.fail_next(100, status=500)
    announcement = SendRequest(
        notification_id="announce-slack-x1",
        org_id=ORG,
        channel="slack",
        kind="announcement",
        data=published("Failing post", content_id="x1").model_dump(mode="json"),
    )
    reconnect = SendRequest(
        notification_id="reconnect-eva-linkedin-expired-today",
        org_id=ORG,
        channel="email",
        kind="reconnect",
        employee_id="eva",
        data={"network": "linkedin", "state": "expired"},
    )
    outbound.enqueue([announcement, reconnect])
    sqs = boto3.client("sqs")
    url = notify.stack.queue_url("NotificationSendQueue")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)["Messages"]
    assert len(messages) == 2
    result = lambda_handler(sqs_event(messages), LambdaContext("sender", 30))
    failed_ids = {f["itemIdentifier"] for f in result["batchItemFailures"]}
    assert len(failed_ids) == 1  # only the chat post: the mail in the same batch went out
    done = next(m for m in messages if m["MessageId"] not in failed_ids)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=done["ReceiptHandle"])  # as the event source mapping does
    for _retry in range(4):
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)["Messages"]
        assert [m["MessageId"] for m in messages] == list(failed_ids)
        with pytest.raises(BatchProcessingError):  # every record of the batch failed: the batch is retried
            lambda_handler(sqs_event(messages), LambdaContext("sender", 30))
    assert len(notify.mail("eva@acme.example")) == 1
    # The sixth receive finds the queue's redrive policy has moved it to the DLQ.
    assert sqs.receive_message(QueueUrl=url, VisibilityTimeout=0).get("Messages", []) == []
    dlq = sqs.receive_message(QueueUrl=notify.stack.queue_url("NotificationSendDLQ")).get("Messages", [])
    assert len(dlq) == 1 and "announce-slack-x1" in dlq[0]["Body"]
    assert notify.chat.received() == []


def test_an_ses_failure_is_retried_and_the_retry_sends_once(notify, monkeypatch):
    from estafette import config

    notify.emit(joined("eva"))
    monkeypatch.setenv("MAIL_FROM_ADDRESS", "unverified@elsewhere.example")
    config.load.cache_clear()
    EventBridgePublisher(bus_name=os.environ["EVENT_BUS_NAME"]).publish([Outgoing(expiring(), ORG)])
    deliver(notify.stack, "NotificationEventsQueue", EVENTS)
    sqs = boto3.client("sqs")
    url = notify.stack.queue_url("NotificationSendQueue")
    messages = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0).get("Messages", [])
    with pytest.raises(BatchProcessingError):
        lambda_handler(sqs_event(messages), LambdaContext("sender", 30))  # SES refuses: the batch is retried
    assert notify.mail("eva@acme.example") == []
    monkeypatch.setenv("MAIL_FROM_ADDRESS", "notifications@example.com")
    config.load.cache_clear()
    messages = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0).get("Messages", [])
    assert lambda_handler(sqs_event(messages), LambdaContext("sender", 30)) == {"batchItemFailures": []}
    assert len(notify.mail("eva@acme.example")) == 1
    # A third delivery of the same message finds it sent.
    assert lambda_handler(sqs_event(messages), LambdaContext("sender", 30)) == {"batchItemFailures": []}
    assert len(notify.mail("eva@acme.example")) == 1


# --- the words --------------------------------------------------------------------------------


def test_every_sentence_exists_in_english_and_dutch():
    from notifications.templates import COPY

    assert COPY["en"].keys() == COPY["nl"].keys()
    for key in COPY["en"]:
        placeholders_en = {p for p in __import__("string").Formatter().parse(COPY["en"][key]) if p[1]}
        placeholders_nl = {p for p in __import__("string").Formatter().parse(COPY["nl"][key]) if p[1]}
        assert {p[1] for p in placeholders_en} == {p[1] for p in placeholders_nl}, key


def test_what_a_curator_wrote_is_escaped_in_the_html(notify):
    notify.emit(joined("eva"))
    sneaky = published("A link that is not a web page")
    notify.emit(published('<script>alert("x")</script> & more'), sneaky.model_copy(update={"url": "javascript:alert(1)"}))
    notify.release(two_days_on())
    (mail,) = notify.mail("eva@acme.example")
    assert "<script>" not in mail["html"] and "&lt;script&gt;" in mail["html"]
    assert "javascript:" not in mail["html"] and "A link that is not a web page" in mail["html"]
    assert '<script>alert("x")</script> & more' in mail["text"]


def test_digest_slots_follow_daylight_saving_and_quiet_hours():
    from zoneinfo import ZoneInfo

    from notifications.model import QuietHours
    from notifications.timing import after_quiet_hours, digest_slot

    amsterdam = ZoneInfo("Europe/Amsterdam")
    # The evening before the clocks go forward (29 March 2026): the digest still comes at 08:00 local.
    day, at = digest_slot(datetime(2026, 3, 28, 20, 0, tzinfo=UTC), amsterdam, "08:00", None)
    assert day.isoformat() == "2026-03-29" and at == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    # Quiet until 09:00 moves it to 09:00.
    quiet = QuietHours(start="22:00", end="09:00")
    _day, at = digest_slot(datetime(2026, 3, 28, 20, 0, tzinfo=UTC), amsterdam, "08:00", quiet)
    assert at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    # An alert at 23:30 waits until 09:00 the next morning; one at 12:00 goes at once.
    late = datetime(2026, 6, 1, 21, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    assert after_quiet_hours(late, amsterdam, quiet) == datetime(2026, 6, 2, 7, 0, tzinfo=UTC)
    noon = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert after_quiet_hours(noon, amsterdam, quiet) == noon


def test_a_morning_of_many_digests_is_released_page_by_page_in_one_run(notify, monkeypatch):
    from notifications import planner

    monkeypatch.setattr(planner, "PER_PAGE", 2)
    people = [f"advocate{n}" for n in range(7)]
    notify.emit(*[joined(sub) for sub in people])
    notify.emit(published("For everyone"))
    assert notify.release(two_days_on()) == 7
    assert sorted(m["to"][0] for m in notify.mail()) == sorted(f"{sub}@acme.example" for sub in people)


# --- curators and authors: an item to review, a suggestion, a rejection ----------------------------


def submitted(reviewers: list[str], occasion: str | None = None, **extra: Any):
    from estafette.events import ContentSubmitted

    return ContentSubmitted(
        content_id=extra.pop("content_id", "c-review"),
        content_type=ContentType.EXPERTISE,
        title=extra.pop("title", "Route planner delivered"),
        summary="Six weeks from kick-off to go-live.",
        author=extra.pop("author", "eva"),
        submitted_by=extra.pop("submitted_by", "eva"),
        submitted_at=datetime.now(UTC),
        reviewers=reviewers,
        occasion=occasion,
    )


def test_reviewers_get_one_mail_for_an_item_to_review(notify):
    notify.emit(joined("anna", department="Marketing"), joined("bram", department="Marketing", language="nl"), joined("eva"))
    news = submitted(["anna", "bram"], author="carl", submitted_by="eva")
    notify.emit(news)
    notify.emit(news)  # redelivered: still one mail each
    (anna,) = notify.mail("anna@acme.example")
    assert anna["subject"] == "To review: Route planner delivered"
    assert "Eva Tester sent an item for review" in anna["text"]
    assert "/approval?content=c-review" in anna["text"]
    (bram,) = notify.mail("bram@acme.example")
    assert bram["subject"] == "Te beoordelen: Route planner delivered" and bram["language"] == "nl"
    assert notify.mail("eva@acme.example") == []


def test_an_occasion_suggestion_says_who_suggested_it_and_from_what(notify):
    notify.emit(joined("anna", department="Marketing", language="nl"), joined("eva"))
    notify.emit(submitted(["anna"], occasion="client_visit", title="Visit at Havenbedrijf"))
    (mail,) = notify.mail("anna@acme.example")
    assert mail["subject"] == "Eva Tester stelt iets voor om te delen: Visit at Havenbedrijf"
    assert "naar aanleiding van een klantbezoek" in mail["text"]
    assert "/suggestions?content=c-review" in mail["text"]


def test_the_author_hears_of_a_rejection_with_the_reason(notify):
    from estafette.events import ContentRejected

    notify.emit(joined("anna", department="Marketing"), joined("bram", department="Marketing", language="nl"))
    rejected = ContentRejected(
        content_id="c-9",
        title="Our <b>new</b> office",
        author="anna",
        submitted_by="anna",
        rejected_by="bram",
        reason="Leave out the client's name until they announce it.",
        rejected_at=datetime.now(UTC),
    )
    notify.emit(rejected)
    (mail,) = notify.mail("anna@acme.example")
    assert mail["subject"] == "Sent back: Our <b>new</b> office"
    assert "Bram Tester sent this item back to draft." in mail["text"]
    assert "The reason: Leave out the client's name until they announce it." in mail["text"]
    assert "/library/c-9" in mail["text"]
    assert "<b>new</b>" not in mail["html"] and "&lt;b&gt;new&lt;/b&gt;" in mail["html"]
    assert notify.mail("bram@acme.example") == []


def test_review_mails_can_be_switched_off(notify):
    notify.emit(joined("anna", department="Marketing"), joined("eva"))
    prefs = {"email": {"review": False}}
    assert call(API, "PUT", "/v1/me/notifications", prefs, who=claims("anna", ORG)).status == 200
    notify.emit(submitted(["anna"]))
    assert notify.mail("anna@acme.example") == []
    assert call(API, "GET", "/v1/me/notifications", who=claims("anna", ORG)).body["email"]["content_rejected"] is True
