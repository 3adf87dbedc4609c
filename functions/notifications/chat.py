"""Channel announcements of new content through Slack and Microsoft Teams incoming webhooks.

Payload shapes are the providers' documented ones:
- Slack incoming webhook: `{"text": fallback, "blocks": [...Block Kit...]}`; Slack answers 200 `ok`.
- Teams (Office 365 connector or a Workflows "when a webhook request is received" trigger):
  `{"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
  "content": {AdaptiveCard 1.4}}]}`; connectors answer 200, Workflows 202.
Any other answer, a timeout or a refused connection raises `ChatDeliveryError`: the send queue
retries that one post and finally dead-letters it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from estafette import settings
from estafette.events import ContentPublished
from notifications.config import app_url, config
from notifications.digest import content_record
from notifications.model import SendRequest
from notifications.templates import text

TIMEOUT_SECONDS = 5.0


class ChatDeliveryError(RuntimeError):
    pass


def announcements(org_id: str, event: ContentPublished) -> list[SendRequest]:
    """One post per chat channel the org configured; none when it configured none."""
    channels = settings.for_org(org_id).notifications
    configured = (("slack", channels.slack_webhook_url), ("teams", channels.teams_webhook_url))
    return [
        SendRequest(
            notification_id=f"announce-{provider}-{event.content_id}",
            org_id=org_id,
            channel=provider,  # type: ignore[arg-type]
            kind="announcement",
            data=content_record(event),
        )
        for provider, url in configured
        if url
    ]


def payload_for(provider: str, content: dict[str, Any], language: str) -> dict[str, Any]:
    return slack_payload(content, language) if provider == "slack" else teams_payload(content, language)


def _slack_escape(value: str) -> str:
    # Slack mrkdwn: &, < and > are control characters (https://api.slack.com/reference/surfaces/formatting).
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def audience_line(content: dict[str, Any], language: str) -> str:
    audience = content.get("audience") or {}
    parts = [*audience.get("departments", []), *audience.get("roles", []), *audience.get("locations", [])]
    return text(language, "chat_for", audience=", ".join(parts)) if parts else text(language, "chat_for_everyone")


def share_link(content_id: str) -> str:
    return app_url(f"/feed?content={content_id}")


def slack_payload(content: dict[str, Any], language: str) -> dict[str, Any]:
    title = content["title"]
    kind = text(language, f"type_{content['content_type']}")
    # In a Slack link the URL must not carry |, < or >: percent-encode everything a URL does not need.
    link = quote(content["url"], safe=":/?#[]@!$&'()*+,;=%-._~")
    headline = f"*<{link}|{_slack_escape(title)}>*"
    summary = _slack_escape(content.get("summary") or "")
    return {
        "text": text(language, "chat_new", title=title),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"{headline}\n{summary}".strip()}},
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": _slack_escape(f"{kind} · {audience_line(content, language)}")}],
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": text(language, "chat_button")},
                        "url": share_link(content["content_id"]),
                        "style": "primary",
                    }
                ],
            },
        ],
    }


def teams_payload(content: dict[str, Any], language: str) -> dict[str, Any]:
    kind = text(language, f"type_{content['content_type']}")
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": text(language, "chat_label"), "size": "Small", "isSubtle": True, "wrap": True},
        {"type": "TextBlock", "text": content["title"], "weight": "Bolder", "size": "Medium", "wrap": True},
    ]
    if content.get("summary"):
        body.append({"type": "TextBlock", "text": content["summary"], "wrap": True})
    body.append({"type": "TextBlock", "text": f"{kind} · {audience_line(content, language)}", "isSubtle": True, "wrap": True})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [
            {"type": "Action.OpenUrl", "title": text(language, "chat_button"), "url": share_link(content["content_id"])},
            {"type": "Action.OpenUrl", "title": text(language, "read_link"), "url": content["url"]},
        ],
    }
    return {
        "type": "message",
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}],
    }


def target(webhook_url: str) -> str:
    """Where the request really goes: the webhook itself, or (locally) the fake receiver standing in for its host."""
    base = config().chat_webhook_base_url.rstrip("/")
    if not base:
        return webhook_url
    parts = urlsplit(webhook_url)
    return f"{base}/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def post(webhook_url: str, payload: dict[str, Any]) -> None:
    import httpx

    try:
        response = httpx.post(target(webhook_url), json=payload, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise ChatDeliveryError(f"the chat webhook could not be reached: {type(exc).__name__}") from exc
    if response.status_code not in (200, 201, 202, 204):
        # The URL is a credential: the error names the host only.
        host = urlsplit(webhook_url).netloc
        raise ChatDeliveryError(f"{host} answered {response.status_code}: {response.text[:200]}")
