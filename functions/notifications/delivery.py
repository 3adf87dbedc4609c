"""Sending one notification: build it from what is true now, send it once, or drop it.

- Email goes only to someone still in the directory, with a deliverable address, who still
  wants that kind; a leaver gets nothing, whatever was queued for them before they left.
- Each notification id is claimed before sending and marked sent after; a redelivered message,
  or a second scheduler run, finds the claim and sends nothing.
- An SES or chat error releases the claim and raises: the send queue retries that one message
  and finally dead-letters it, while the rest of the batch goes out.
"""

from __future__ import annotations

from datetime import datetime

from estafette import settings
from notifications import alerts, chat, curation, digest, impact, mailer, store, unsubscribe
from notifications.config import app_url, config
from notifications.model import Kind, Member, SendRequest
from notifications.templates import Footer, Message, render_html, render_text, text

KIND_OF = {
    "reconnect": Kind.RECONNECT,
    "share_failed": Kind.SHARE_FAILED,
    "weekly_impact": Kind.WEEKLY_IMPACT,
    "review": Kind.REVIEW,
    "content_rejected": Kind.CONTENT_REJECTED,
}


def deliver(request: SendRequest, now: datetime) -> str:
    """Send the notification; returns what happened (sent, duplicate, or why nothing was sent)."""
    if request.channel in ("slack", "teams"):
        return _announce(request, now)
    assert request.employee_id is not None
    member = store.get_member(request.org_id, request.employee_id)
    if member is None or not member.reachable:
        return "no_recipient"
    if not mailer.deliverable(member.email):
        return "undeliverable_address"
    built = compose(request, member, now)
    if built is None:
        return "nothing_to_send"
    message, kinds = built
    if not store.claim(request.org_id, request.notification_id, now):
        return "duplicate"
    try:
        mailer.send(mail_for(member, message, kinds))
    except Exception:
        store.release(request.org_id, request.notification_id)
        raise
    store.mark_sent(request.org_id, request.notification_id, now)
    return "sent"


def compose(request: SendRequest, member: Member, now: datetime) -> tuple[Message, list[Kind]] | None:
    if request.kind == "digest":
        record = store.get(request.ref) if request.ref else None
        built = digest.compose(member, record, now) if record else None
        return (built.message, built.kinds) if built else None
    kind = KIND_OF[request.kind]
    if not member.wants(kind):
        return None
    if request.kind == "weekly_impact":
        week = store.get(request.ref) if request.ref else None
        if week is None:
            return None
        total = store.get({"pk": week["pk"], "sk": "IMPACT#TOTAL"})
        cpc = settings.for_org(member.org_id).reporting.cpc_eur
        return impact.compose(member, week, total, cpc, now), [kind]
    if request.kind == "reconnect":
        return alerts.compose_reconnect(member, request.data, now), [kind]
    if request.kind == "review":
        return curation.compose_review(member, request.data), [kind]
    if request.kind == "content_rejected":
        return curation.compose_rejected(member, request.data), [kind]
    return alerts.compose_share_failed(member, request.data), [kind]


def mail_for(member: Member, message: Message, kinds: list[Kind]) -> mailer.Mail:
    assert member.email is not None
    language = member.language.value
    company = settings.for_org(member.org_id).company_name
    link = unsubscribe.link(unsubscribe.token_for(member.org_id, member.employee_id, kinds))
    footer = Footer(
        unsubscribe_url=link,
        preferences_url=app_url("/me/notifications"),
        company=company or text(language, "company_fallback"),
    )
    return mailer.Mail(
        to_address=member.email,
        to_name=member.name,
        from_address=config().mail_from_address,
        from_name=company or "Estafette",
        subject=message.subject,
        text=render_text(message, footer, language),
        html=render_html(message, footer, language),
        language=language,
        unsubscribe_url=link,
    )


def _announce(request: SendRequest, now: datetime) -> str:
    channels = settings.for_org(request.org_id).notifications
    url = channels.slack_webhook_url if request.channel == "slack" else channels.teams_webhook_url
    if not url:
        return "channel_not_configured"
    if not store.claim(request.org_id, request.notification_id, now):
        return "duplicate"
    try:
        chat.post(url, chat.payload_for(request.channel, request.data, channels.channel_language.value))
    except Exception:
        store.release(request.org_id, request.notification_id)
        raise
    store.mark_sent(request.org_id, request.notification_id, now)
    return "sent"
