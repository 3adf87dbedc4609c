"""The local outbox: every email and chat message the system would have sent (`GET /local/outbox`).

Mail really goes through SES, as in AWS; what the emulator kept is read back from it:
- the embedded moto server runs in this process, so its SES backend's `sent_messages` is read directly;
- LocalStack keeps sent mail for retrospection at its `GET /_aws/ses` endpoint (with the raw MIME).
Chat messages are what the fake Slack/Teams receiver accepted. Stdlib and boto3 only.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import urllib.request
from typing import Any

import boto3

from local.fakes.chat import FakeChat


def parse_mail(raw: str | bytes) -> dict[str, Any]:
    """A raw MIME message as a person would read it: headers, the text part and the HTML part."""
    message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode(), policy=email.policy.default)
    parts: dict[str, str] = {}
    for subtype in ("plain", "html"):
        part = message.get_body(preferencelist=(subtype,))  # type: ignore[attr-defined]
        if part is not None:
            parts[subtype] = part.get_content().replace("\r\n", "\n")
    return {
        "from": str(message["From"] or ""),
        "to": [str(a.addr_spec) for a in getattr(message["To"], "addresses", ())],
        "subject": str(message["Subject"] or "").strip(),
        "date": str(message["Date"] or ""),
        "language": str(message["Content-Language"] or ""),
        "list_unsubscribe": str(message["List-Unsubscribe"] or ""),
        "list_unsubscribe_post": str(message["List-Unsubscribe-Post"] or ""),
        "text": parts.get("plain", ""),
        "html": parts.get("html", ""),
    }


class LocalOutbox:
    def __init__(self, chat: FakeChat, region: str, in_process_moto: bool) -> None:
        self.chat, self.region, self.in_process_moto = chat, region, in_process_moto

    def verify_sender(self, address: str) -> None:
        """The account set-up a deployer does once: the sender is a verified SES identity (emulators verify at once)."""
        boto3.session.Session().client("ses", region_name=self.region).verify_email_identity(EmailAddress=address)

    def raw_mail(self) -> list[str]:
        if self.in_process_moto:
            from moto.core import DEFAULT_ACCOUNT_ID
            from moto.ses.models import ses_backends

            backend = ses_backends[DEFAULT_ACCOUNT_ID][self.region]
            return [m.raw_data for m in list(backend.sent_messages) if hasattr(m, "raw_data")]
        endpoint = os.environ.get("AWS_ENDPOINT_URL_SES") or os.environ.get("AWS_ENDPOINT_URL")
        if not endpoint:
            return []  # real AWS keeps no copy
        with urllib.request.urlopen(f"{endpoint.rstrip('/')}/_aws/ses", timeout=5) as response:  # noqa: S310 (loopback)
            messages = json.loads(response.read()).get("messages", [])
        return [m["RawData"] for m in messages if m.get("RawData")]

    def mail(self) -> list[dict[str, Any]]:
        return [parse_mail(raw) for raw in self.raw_mail()]

    def document(self) -> dict[str, Any]:
        return {"mail": self.mail(), "chat": self.chat.received()}
