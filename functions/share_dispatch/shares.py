"""Share requests: an employee's own, or one their standing consent asks for. Both pass the guard.

A request is judged by the credibility guard, stored (with its marker, the cap counters, the
content-mix history and its text, in one transaction) and then announced (`ShareRequested`,
plus `ShareScheduled` when it goes out later) and queued for the dispatch worker. A share that
goes out later waits in the due index; the release schedule queues it at its time.

Nothing a curator or admin can call reaches this module for someone else: every route passes
the caller's own `sub`, and automatic shares exist only through the employee's own consent.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from estafette import clock, people, settings
from estafette.aws import client
from estafette.domain import Audience, ContentType, EmployeeProfile, Network
from estafette.errors import ApiError, Conflict, Forbidden, NotFound, Unprocessable
from estafette.events import EventData, ShareCancelled, ShareFailed, SharePosted, ShareRequested, ShareScheduled
from estafette.i18n import text_language
from estafette.media import Image
from estafette.networks import API_NETWORKS, IntentLinkAdapter, PostRequest
from estafette.observability import correlation_id, count
from estafette.publisher import Outgoing, Publisher, default_publisher
from estafette.settings import GuardSettings
from share_dispatch import guard, store
from share_dispatch import messages as _messages  # noqa: F401  (registers the codes)
from share_dispatch.config import config

SERVICE = "share_dispatch"

BASE62 = string.digits + string.ascii_letters
INTENT_LAPSE_DAYS = 7  # an intent share nobody confirmed by then lapses and the item returns to the feed
TRACKED_CODE_LENGTH = 10  # 62^10 ≈ 8·10^17: unguessable, and collisions are negligible
STATUS_NL = {
    "posted": "geplaatst",
    "posting": "bezig",
    "failed": "mislukt",
    "cancelled": "geannuleerd",
    "blocked": "tegengehouden",
    "awaiting_employee": "wacht op jou",
    "lapsed": "verlopen",
}


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    content_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    network: Network
    text: str = Field(max_length=70000)
    scheduled_at: AwareDatetime | None = Field(default=None, description="post later (ISO 8601 with a time zone)")


class GuardBlocked(ApiError):
    def __init__(self, verdict: guard.Verdict) -> None:
        first = verdict.blocks[0]
        super().__init__(first.code, field=first.field)
        self.status = first.status
        self.verdict = verdict

    def body(self, language: str = "en") -> dict[str, Any]:
        first = self.verdict.blocks[0]
        error: dict[str, Any] = {
            **first.as_json(),
            "reasons": [d.as_json() for d in self.verdict.blocks],
            "warnings": [d.as_json() for d in self.verdict.warnings],
        }
        return {"error": error}


class NotConnected(Conflict):
    def __init__(self, network: str) -> None:
        super().__init__("network_not_connected", network=network)
        self.network = network

    def body(self, language: str = "en") -> dict[str, Any]:
        body = super().body(language)
        body["error"]["connect"] = {"method": "POST", "path": f"/v1/me/connections/{self.network}"}
        return body


@dataclass
class Request:
    """One share to judge and store, whoever asked for it."""

    org_id: str
    employee_id: str
    content_id: str
    network: Network
    text: str
    language: str
    scheduled_at: datetime | None = None
    consent_id: str | None = None
    share_id: str | None = None  # fixed for automatic shares, so a redelivered event stores nothing twice
    now: datetime = field(default_factory=lambda: clock.now())


@dataclass
class Outcome:
    share: dict[str, Any]
    verdict: guard.Verdict
    created: bool = True


def new_share_id(at: datetime | None = None, salt: str | None = None) -> str:
    # Time-ordered (milliseconds, hex) so an employee's shares list newest first from the key alone.
    millis = int((at.timestamp() if at else clock.time()) * 1000)
    tail = hashlib.sha256(salt.encode()).hexdigest()[:8] if salt else secrets.token_hex(4)
    return f"{millis:012x}{tail}"


def new_tracked_code() -> str:
    return "".join(secrets.choice(BASE62) for _ in range(TRACKED_CODE_LENGTH))


def tracked_url(code: str) -> str:
    return f"{config().tracked_link_base_url.rstrip('/')}/r/{code}"


# --- the one path every share takes ---------------------------------------------------------


@dataclass
class Assessment:
    """A request as the guard judged it, with what storing it needs."""

    verdict: guard.Verdict
    content: dict[str, Any]
    profile: EmployeeProfile
    connection: dict[str, Any] | None
    rules: GuardSettings
    recent: list[list[str]]
    days: dict[str, str]
    already_shared: bool = False
    rejudge: Callable[[], guard.Verdict] | None = None  # the verdict again, with the cap counters read


def assess(request: Request, *, refusals: list[guard.Decision] | None = None, read_caps: bool = True) -> Assessment:
    """Judge one share without storing anything.

    Content that cannot be shared (404) and people who may not share it (403) raise. A missing
    connection and an impossible schedule raise too, unless `refusals` collects them: the check
    (`POST /v1/shares/check`) answers them as reasons next to the guard's own.

    `read_caps=False` judges without reading the cap counters (as if no slot were taken): sharing
    stores with a transaction that is conditional on each cap anyway, so the counters are read
    only when that write or the verdict refuses (`rejudge`), and an accepted share costs one
    BatchGetItem less.
    """
    org_id, employee_id, network = request.org_id, request.employee_id, request.network
    content_k = store.content_key(org_id, request.content_id)
    employee_k = store.employee_key(org_id, employee_id)
    connection_k = store.connection_key(org_id, employee_id, network.value)
    mix_k = store.mix_key(org_id, employee_id)
    marker_k = store.shared_marker_key(org_id, employee_id, request.content_id, network.value)
    found = store.batch_get([content_k, employee_k, connection_k, mix_k, marker_k])

    content = found.get(content_k)
    if content is None or content.get("expired"):
        raise NotFound("content_not_shareable", what=f"Content {request.content_id}")
    employee = found.get(employee_k) or {"employee_id": employee_id}
    # The HTTP layer already refused a leaver's own request; an automatic share asks here.
    if employee.get("left") or (request.consent_id and people.has_left(org_id, employee_id)):
        raise Forbidden("employee_left")
    profile = EmployeeProfile.model_validate({k: v for k, v in employee.items() if k in EmployeeProfile.model_fields})
    if not Audience.model_validate(content.get("audience") or {}).includes(profile):
        raise Forbidden("content_not_shareable")
    connection = found.get(connection_k)
    for refusal in (_check_connection(network, connection), _check_schedule(request), _check_images(network, content)):
        if refusal is None:
            continue
        if refusals is None:
            raise refusal
        refusals.append(_decision(refusal, request.language))

    rules = settings.for_org(org_id).guard
    company = settings.for_org(org_id).company_name
    candidate = guard.Candidate(
        text=request.text,
        network=network,
        content_type=ContentType(content.get("content_type", "news")),
        employee_id=employee_id,
        language=request.language,
        timezone=profile.timezone,
        now=request.now,
        scheduled_at=request.scheduled_at,
        company_name=company,
        post_language=str(text_language(request.text) or profile.language),
        suggested_texts=() if request.consent_id else _suggestions(content),
        link_url=tracked_url("0" * TRACKED_CODE_LENGTH),
    )
    mix = found.get(mix_k) or {}
    released = set(mix.get("released") or ())  # cancelled or failed: they never went out
    recent: list[list[str]] = [list(entry) for entry in mix.get("recent", []) if entry[0] not in released]
    days: dict[str, str] = {}
    counting = {"caps": read_caps}

    def history_at(post_at: datetime) -> guard.History:
        day, week = guard.local_day(post_at, profile.timezone)
        days.update(day=day, week=week)
        on_day, in_week = store.cap_counts(org_id, employee_id, network.value, day, week) if counting["caps"] else (0, 0)
        colleague_texts: tuple[tuple[str, str], ...] = ()
        if rules.near_duplicate_action != "off":
            since = request.now - timedelta(days=rules.near_duplicate_window_days)
            colleague_texts = tuple(store.recent_texts(org_id, request.content_id, since))
        return guard.History(on_day, in_week, tuple(t for _, t in recent), colleague_texts)

    def rejudge() -> guard.Verdict:
        counting["caps"] = True
        return guard.judge(candidate, rules, history_at)

    verdict = guard.judge(candidate, rules, history_at)
    return Assessment(
        verdict, content, profile, connection, rules, recent, days, already_shared=marker_k in found, rejudge=rejudge
    )


def submit(request: Request) -> Outcome:
    """Judge and store one share; raises the ApiError that explains a refusal."""
    org_id, employee_id, network = request.org_id, request.employee_id, request.network
    judged = assess(request, read_caps=False)
    verdict, days = judged.verdict, judged.days
    if not verdict.allowed and judged.rejudge:
        verdict = judged.rejudge()  # a refusal names every rule it breaks, the caps among them
    share = _share_record(request, judged.content, judged.profile, verdict, judged.connection)
    share.update(cap_day=days["day"], cap_week=days["week"])
    if not verdict.allowed:
        _count_decisions(verdict, network)
        raise GuardBlocked(verdict)

    created = store.create_share(
        {**share, "created_at_key": store.stamp(request.now), "own_text": request.text.strip()},
        day=days["day"],
        week=days["week"],
        caps=judged.rules.caps_for(network),
        recent_types=[[share["share_id"], share["content_type"]], *judged.recent],
        text_ttl_days=judged.rules.near_duplicate_window_days,
    )
    if created is store.Created.EXISTS:
        existing = store.get_share(org_id, employee_id, share["share_id"]) or share
        return Outcome(existing, verdict, created=False)
    if created in (store.Created.ALREADY_SHARED, store.Created.CAP_REACHED):
        # The counters were not read before the write: now they are, and the guard says which cap
        # (with every other rule the share breaks), as it would have before any write. Under the cap
        # now: the item was shared before, or another share took the last slot.
        again = judged.rejudge() if judged.rejudge else verdict
        _count_decisions(again, network)
        if not again.allowed:
            raise GuardBlocked(again)
        raise Conflict("already_shared" if created is store.Created.ALREADY_SHARED else "cap_race", network=network.value)
    _count_decisions(verdict, network)
    count("SharesRequested", SERVICE, network=network.value)
    return Outcome(share, verdict)


def _suggestions(content: dict[str, Any]) -> tuple[str, ...]:
    texts = content.get("suggested_texts") or {}
    return tuple(str(t) for options in texts.values() for t in (options or []))


def check(org_id: str, employee_id: str, body: ShareIn, language: str) -> dict[str, Any]:
    """What `POST /v1/shares` would answer for `body`, with nothing stored or queued: the guard's
    verdict (a missing connection and an earlier share of the item among its reasons) and the length."""
    request = Request(org_id, employee_id, body.content_id, body.network, body.text, language, body.scheduled_at)
    refusals: list[guard.Decision] = []
    judged = assess(request, refusals=refusals)
    verdict = judged.verdict
    if judged.already_shared:
        refusals.append(_decision(Conflict("already_shared", network=body.network.value), language))
    reasons = [*refusals, *verdict.blocks]
    return {
        "allowed": not reasons,
        "status": reasons[0].status if reasons else 202,
        "network": body.network.value,
        "text": verdict.text,
        "post_at": store.stamp(verdict.post_at),
        "scheduled": verdict.scheduled,
        "reasons": [d.as_json() for d in reasons],
        "warnings": [d.as_json() for d in verdict.warnings],
        "length": guard.measure(verdict.text, body.network, tracked_url("0" * TRACKED_CODE_LENGTH)).as_json(),
    }


def _decision(error: ApiError, language: str) -> guard.Decision:
    """A refusal the check answers as a reason, with the code, message and figures the error body has."""
    detail = dict(error.body(language)["error"])
    code, text, field_name = detail.pop("code"), detail.pop("message"), detail.pop("field", None)
    return guard.Decision(str(code), str(text), error.status, field_name, detail)


def _check_connection(network: Network, connection: dict[str, Any] | None) -> ApiError | None:
    if network.value in API_NETWORKS and (connection is None or connection.get("status", "active") != "active"):
        return NotConnected(network.value)
    return None


def _check_images(network: Network, content: dict[str, Any]) -> ApiError | None:
    """X takes "up to 4 photos, 1 animated GIF or 1 video" on a post (docs.x.com media best practices)."""
    images = content.get("images") or []
    if network is Network.X and len(images) > 1 and any(i.get("animated") for i in images):
        return Unprocessable("animated_gif_not_alone_on_x_share", field="network", count=len(images))
    return None


def _count_decisions(verdict: guard.Verdict, network: Network) -> None:
    """Guard decisions by rule: how often each rule blocks or warns, per network."""
    for outcome, decisions in (("block", verdict.blocks), ("warning", verdict.warnings)):
        for decision in decisions:
            count("GuardDecisions", SERVICE, rule=decision.code, outcome=outcome, network=network.value)


def _check_schedule(request: Request) -> ApiError | None:
    if request.scheduled_at is None:
        return None
    when = request.scheduled_at.astimezone(UTC)
    if request.network.value not in API_NETWORKS:
        return Unprocessable("intent_share_not_schedulable", field="scheduled_at", network=request.network.value)
    if when < request.now:
        return Unprocessable("scheduled_in_past", field="scheduled_at", when=when.isoformat())
    if when > request.now + timedelta(days=config().max_schedule_days):
        return Unprocessable("scheduled_too_far", field="scheduled_at", days=config().max_schedule_days)
    request.scheduled_at = when
    return None


def _share_record(
    request: Request, content: dict[str, Any], profile: EmployeeProfile, verdict: guard.Verdict, connection: dict | None
) -> dict[str, Any]:
    share_id = request.share_id or new_share_id(request.now)
    link = tracked_url(new_tracked_code())
    network = request.network
    share: dict[str, Any] = {
        "pk": store.employee_pk(request.org_id, request.employee_id),
        "sk": f"SHARE#{share_id}",
        "share_id": share_id,
        "org_id": request.org_id,
        "employee_id": request.employee_id,
        "content_id": request.content_id,
        "content_type": content.get("content_type", "news"),
        "content_slug": content.get("slug", ""),
        "title": content.get("title", ""),
        "summary": content.get("summary", ""),
        "target_url": content["url"],
        "network": network.value,
        "text": verdict.text,
        "tracked_code": link.rsplit("/", 1)[1],
        "tracked_url": link,
        "department": profile.department,
        "created_at": store.stamp(request.now),
        "post_at": store.stamp(verdict.post_at),
        "consent_id": request.consent_id,
        "warnings": [w.code for w in verdict.warnings],
    }
    if content.get("images") and network.value in API_NETWORKS:
        # The worker posts them with the text, each with its alt text in the employee's language.
        share["images"] = [
            {"media_id": i.media_id, "content_type": i.content_type, "size": i.size, "alt": i.alt_for(str(profile.language))}
            for i in (Image.model_validate(raw) for raw in content["images"])
        ]
    if network.value not in API_NETWORKS:
        intent = IntentLinkAdapter(network.value).intent_url(
            PostRequest(access_token="", author_id="", text=verdict.text, url=link, title=share["title"])
        )
        lapses = request.now + timedelta(days=INTENT_LAPSE_DAYS)
        share.update(
            status=store.AWAITING_EMPLOYEE,
            intent_url=intent,
            lapses_at=store.stamp(lapses),
            **store.due_keys(request.org_id, request.employee_id, share_id, lapses),
        )
    elif verdict.scheduled and verdict.post_at > request.now:
        share.update(status="scheduled", **store.due_keys(request.org_id, request.employee_id, share_id, verdict.post_at))
    else:
        safety = request.now + timedelta(seconds=config().dispatch_safety_seconds)
        share.update(status="queued", **store.due_keys(request.org_id, request.employee_id, share_id, safety))
    return {k: v for k, v in share.items() if v is not None}


def announce(share: dict[str, Any], publisher: Publisher, *, queue: bool = True) -> None:
    """Tell the bus, then hand a queued share to the worker. Safe to repeat (fixed event ids)."""
    fields = {
        "share_id": share["share_id"],
        "employee_id": share["employee_id"],
        "content_id": share["content_id"],
        "network": Network(share["network"]),
        "tracked_code": share["tracked_code"],
        "target_url": share["target_url"],
        "content_slug": share.get("content_slug", ""),
        "department": share.get("department"),
        "consent_id": share.get("consent_id"),
    }
    org_id = share["org_id"]
    events: list[Outgoing] = []
    if share["status"] == "scheduled":
        at = datetime.fromisoformat(share["post_at"].replace("Z", "+00:00"))
        events.append(Outgoing(ShareRequested(**fields, scheduled_at=at), org_id, event_id=f"{share['share_id']}-requested"))
        events.append(Outgoing(ShareScheduled(**fields, scheduled_at=at), org_id, event_id=f"{share['share_id']}-scheduled"))
    else:
        events.append(Outgoing(ShareRequested(**fields), org_id, event_id=f"{share['share_id']}-requested"))
    publisher.publish(events)
    if queue and share["status"] == "queued":
        enqueue([share])


def enqueue(shares: list[dict[str, Any]]) -> None:
    """Dispatch messages, ten per SendMessageBatch call; a failed entry raises (the caller retries)."""
    sqs = client("sqs")
    for start in range(0, len(shares), 10):
        chunk = shares[start : start + 10]
        entries = [
            {"Id": str(i), "MessageBody": json.dumps(dispatch_message(s), separators=(",", ":"))} for i, s in enumerate(chunk)
        ]
        if len(entries) == 1:
            sqs.send_message(QueueUrl=config().dispatch_queue_url, MessageBody=entries[0]["MessageBody"])
            continue
        response = sqs.send_message_batch(QueueUrl=config().dispatch_queue_url, Entries=entries)
        if response.get("Failed"):
            raise RuntimeError(f"{len(response['Failed'])} dispatch messages were not accepted")


def dispatch_message(share: dict[str, Any]) -> dict[str, str]:
    message = {k: share[k] for k in ("org_id", "employee_id", "share_id", "network")}
    correlation = correlation_id()
    if correlation:
        message["correlation_id"] = correlation
    return message


# --- the employee's own requests ------------------------------------------------------------


def request_share(org_id: str, employee_id: str, body: ShareIn, language: str, publisher: Publisher | None = None) -> dict:
    outcome = submit(
        Request(
            org_id=org_id,
            employee_id=employee_id,
            content_id=body.content_id,
            network=body.network,
            text=body.text,
            language=language,
            scheduled_at=body.scheduled_at,
        )
    )
    announce(outcome.share, publisher or default_publisher())
    return {**public_view(outcome.share), "warnings": [w.as_json() for w in outcome.verdict.warnings]}


def cancel_share(
    org_id: str, employee_id: str, share_id: str, publisher: Publisher | None = None, reason: str = "employee"
) -> dict:
    share = store.get_share(org_id, employee_id, share_id)
    if share is None:
        raise NotFound(what=f"Share {share_id}")
    if share.get("status") not in store.OPEN_STATUSES or not store.cancel_share(share, reason, clock.now()):
        current = store.get_share(org_id, employee_id, share_id) or share
        status = str(current.get("status"))
        raise Conflict("share_not_cancellable", status=status, status_nl=STATUS_NL.get(status, status))
    announce_cancelled(share, reason, publisher or default_publisher())
    return public_view({**share, "status": "cancelled"})


def confirm_posted(org_id: str, employee_id: str, share_id: str, publisher: Publisher | None = None) -> dict:
    """"I posted it": the employee finished an intent share in the network's app. It counts as a
    share from now on (`SharePosted`, marked self-reported); safe to repeat."""
    share = store.get_share(org_id, employee_id, share_id)
    if share is None:
        raise NotFound(what=f"Share {share_id}")
    now = clock.now()
    if share.get("status") != store.AWAITING_EMPLOYEE or not store.confirm_self_reported(share, now):
        current = store.get_share(org_id, employee_id, share_id) or share
        if current.get("self_reported"):
            return public_view(current)  # confirmed before: the same answer again
        status = str(current.get("status"))
        raise Conflict("share_not_confirmable", status=status, status_nl=STATUS_NL.get(status, status))
    posted = {**share, "status": "posted", "posted_at": store.stamp(now), "self_reported": True}
    event = SharePosted(
        share_id=share_id,
        employee_id=employee_id,
        content_id=share["content_id"],
        network=Network(share["network"]),
        external_post_id="",
        tracked_code=share["tracked_code"],
        tracked_url=share["tracked_url"],
        target_url=share["target_url"],
        content_slug=share.get("content_slug", ""),
        department=share.get("department"),
        posted_at=now,
        self_reported=True,
    )
    (publisher or default_publisher()).publish([Outgoing(event, org_id, event_id=f"{share_id}-SharePosted")])
    return public_view(posted)


def lapse_due(share: dict[str, Any], publisher: Publisher, now: datetime) -> bool:
    """An intent share still awaiting the employee at its lapse time: it lapses (`ShareCancelled`,
    reason "lapsed"), so the item returns to the feed and may be shared again."""
    if not store.lapse(share, now):
        return False
    announce_cancelled(share, "lapsed", publisher)
    return True


def announce_cancelled(share: dict[str, Any], reason: str, publisher: Publisher) -> None:
    event = ShareCancelled(
        share_id=share["share_id"],
        employee_id=share["employee_id"],
        content_id=share["content_id"],
        network=Network(share["network"]),
        reason=reason,
    )
    publisher.publish([Outgoing(event, share["org_id"], event_id=f"{share['share_id']}-cancelled")])


# --- automatic shares from a standing consent -----------------------------------------------


def request_for_consent(
    org_id: str, consent: dict[str, Any], content: dict[str, Any], employee: dict[str, Any], publisher: Publisher
) -> str:
    """One automatic share; returns what happened ("requested", "blocked", "skipped").

    The guard judges it like any other share. When it refuses, the refusal is stored as a
    `blocked` share the employee sees, and `ShareFailed` says why: never silently dropped.
    """
    employee_id, network = consent["employee_id"], Network(consent["network"])
    language = str(employee.get("language") or "en")
    published = datetime.fromisoformat(str(content.get("published_at", clock.now().isoformat())).replace("Z", "+00:00"))
    share_id = new_share_id(published, salt=f"{content['content_id']}#{consent['consent_id']}")
    existing = store.get_share(org_id, employee_id, share_id)
    if existing is not None:  # a redelivered event: finish what the first delivery began
        if existing.get("status") in store.OPEN_STATUSES:
            announce(existing, publisher)
        return "skipped"
    request = Request(
        org_id=org_id,
        employee_id=employee_id,
        content_id=content["content_id"],
        network=network,
        text=suggested_text(content, language, employee_id),
        language=language,
        consent_id=consent["consent_id"],
        share_id=share_id,
    )
    try:
        outcome = submit(request)
    except GuardBlocked as blocked:
        _record_blocked(request, content, blocked.verdict, publisher)
        return "blocked"
    except ApiError as refused:
        if refused.code in ("already_shared", "content_not_shareable", "employee_left"):
            return "skipped"
        _record_blocked(request, content, None, publisher, code=refused.code)
        return "blocked"
    if outcome.created or outcome.share.get("status") in store.OPEN_STATUSES:
        announce(outcome.share, publisher)  # a redelivery re-announces: ids are fixed, so nothing doubles
    return "requested"


def suggested_text(content: dict[str, Any], language: str, employee_id: str) -> str:
    texts = content.get("suggested_texts") or {}
    options = list(texts.get(language) or texts.get("en") or next(iter(texts.values()), []) or [])
    if not options:
        return str(content.get("title", ""))
    # Colleagues get different suggestions where there are several: fewer identical posts.
    return str(options[int(hashlib.sha256(employee_id.encode()).hexdigest(), 16) % len(options)])


def _record_blocked(
    request: Request, content: dict[str, Any], verdict: guard.Verdict | None, publisher: Publisher, code: str = ""
) -> None:
    from estafette.i18n import message

    reasons = [d.as_json() for d in verdict.blocks] if verdict else [{"code": code, "message": message(code, request.language)}]
    first = reasons[0]
    share_id = request.share_id or new_share_id(request.now)
    stored = store.put_blocked_share(
        {
            "pk": store.employee_pk(request.org_id, request.employee_id),
            "sk": f"SHARE#{share_id}",
            "share_id": share_id,
            "org_id": request.org_id,
            "employee_id": request.employee_id,
            "content_id": request.content_id,
            "content_type": content.get("content_type", "news"),
            "title": content.get("title", ""),
            "network": request.network.value,
            "text": request.text,
            "status": "blocked",
            "failure": first["code"],
            "failure_reason": first["message"],
            "reasons": reasons,
            "consent_id": request.consent_id,
            "created_at": store.stamp(request.now),
        }
    )
    if stored:
        event: EventData = ShareFailed(
            share_id=share_id,
            employee_id=request.employee_id,
            content_id=request.content_id,
            network=request.network,
            reason_code=str(first["code"]),
            reason=str(first["message"]),
        )
        publisher.publish([Outgoing(event, request.org_id, event_id=f"{share_id}-ShareFailed")])


def public_view(share: dict[str, Any]) -> dict[str, Any]:
    fields = (
        "share_id",
        "content_id",
        "network",
        "text",
        "status",
        "tracked_url",
        "intent_url",
        "created_at",
        "post_at",
        "posted_at",
        "external_post_id",
        "post_url",
        "consent_id",
        "failure",
        "failure_reason",
        "reasons",
        "cancelled_at",
        "lapses_at",
        "lapsed_at",
        "self_reported",
    )
    return {k: share[k] for k in fields if k in share and share[k] not in (None, "", False)}
