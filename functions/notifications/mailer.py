"""Email through SES: one raw MIME message with a text and an HTML part and one-click unsubscribe headers.

Raw MIME (SES `SendRawEmail`) because `List-Unsubscribe` and `List-Unsubscribe-Post` are
headers the simple send API cannot set (RFC 8058; Gmail and Yahoo require both for bulk senders).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, make_msgid

from estafette.aws import client

# Deliberately plain: SES rejects what RFC 5321 rejects, and a retry cannot fix a bad address.
ADDRESS = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class Mail:
    to_address: str
    to_name: str
    from_address: str
    from_name: str
    subject: str
    text: str
    html: str
    language: str
    unsubscribe_url: str


def deliverable(address: str | None) -> bool:
    return bool(address) and ADDRESS.match(address or "") is not None


def mime(mail: Mail) -> bytes:
    message = EmailMessage()
    message["From"] = formataddr((mail.from_name, mail.from_address))
    message["To"] = formataddr((mail.to_name, mail.to_address)) if mail.to_name else mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=Address(addr_spec=mail.from_address).domain)
    message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text, charset="utf-8")
    message.add_alternative(mail.html, subtype="html", charset="utf-8")
    message["Content-Language"] = mail.language  # after the parts: set_content() drops Content-* headers
    # Headers are not folded (RFC 5322 allows 998 characters): some clients mishandle a folded List-Unsubscribe.
    return message.as_bytes(policy=SMTP.clone(max_line_length=998))


def send(mail: Mail) -> str:
    """Hand the message to SES; returns its message id. Any SES error raises (the caller's record is retried)."""
    response = client("ses").send_raw_email(
        Source=formataddr((mail.from_name, mail.from_address)),
        Destinations=[mail.to_address],
        RawMessage={"Data": mime(mail)},
    )
    return str(response["MessageId"])
