"""Tracked links: stored targets, UTM merging, bot filtering and daily unique visitors.

Access patterns (pk / sk) in the metrics table:
- link          LINK#{code} / LINK        (codes are global: the public path /r/{code} carries no org)
- visitor/day   LINK#{code} / VISITOR#{day}#{hash}   (salted hash, expires after 2 days; no IP is stored)
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from estafette.aws import table
from metric_collection.config import config

CODE_PATTERN = re.compile(r"^[0-9A-Za-z]{8,32}$")
# Link-preview crawlers fetch every shared URL; they are not people clicking.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|preview|linkedinbot|twitterbot|facebookexternalhit|slackbot|whatsapp|cardyb|"
    r"embedly|discordbot|telegrambot|skypeuripreview|headless|python-requests|curl|wget|httpx",
    re.IGNORECASE,
)
VISITOR_TTL_SECONDS = 2 * 24 * 3600


def _table() -> Any:
    return table(config().metrics_table_name)


def put_link(link: dict[str, Any]) -> None:
    _table().put_item(Item={"pk": f"LINK#{link['tracked_code']}", "sk": "LINK", **link})


def get_link(code: str) -> dict[str, Any] | None:
    if not CODE_PATTERN.match(code):
        return None
    return _table().get_item(Key={"pk": f"LINK#{code}", "sk": "LINK"}).get("Item")


def with_utm(url: str, *, network: str, campaign: str, share_id: str) -> str:
    """The target URL with UTM parameters; parameters the URL already has are kept as they are."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {k for k, _ in query}
    utm = {
        "utm_source": network,
        "utm_medium": "employee_advocacy",
        "utm_campaign": campaign,
        "utm_content": share_id,
    }
    query += [(k, v) for k, v in utm.items() if k not in present]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def is_bot(user_agent: str | None, method: str) -> bool:
    return method.upper() == "HEAD" or not user_agent or bool(BOT_PATTERN.search(user_agent))


def visitor_hash(code: str, ip: str, user_agent: str, day: date) -> str:
    key = config().click_hash_salt.encode()
    return hmac.new(key, f"{day.isoformat()}|{code}|{ip}|{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


def first_visit_today(code: str, visitor: str, day: date) -> bool:
    """True for the visitor's first click on this link today (conditional put on the hash)."""
    from botocore.exceptions import ClientError

    try:
        _table().put_item(
            Item={
                "pk": f"LINK#{code}",
                "sk": f"VISITOR#{day.isoformat()}#{visitor}",
                "ttl": int(time.time()) + VISITOR_TTL_SECONDS,
            },
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True
