"""Tracked links: which codes exist, where they lead (with UTM parameters), and who counts as a click.

- A code is 8–32 characters of base62 (share_dispatch draws 10 from a CSPRNG: about 59.5 bits, so codes
  cannot be guessed or enumerated). Anything else is answered 404 without a database read.
- The redirect only ever leads to the URL stored with the code, and only if it is http(s):
  there is no parameter that chooses the target, so there is no open redirect.
- A link is bound to the host it was handed out on (the host of the share's tracked URL). A code asked
  for on another host, such as another tenant's link domain, is not found.
- Crawlers that build link previews, other bots and HEAD requests are redirected but not counted.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

CODE_PATTERN = re.compile(r"^[0-9A-Za-z]{8,32}$")
UTM_MEDIUM = "employee_advocacy"
# Link-preview crawlers fetch every shared URL (LinkedInBot, Twitterbot, facebookexternalhit, Slackbot,
# WhatsApp, Bluesky's cardyb, ...); so do generic bots, monitors and HTTP libraries. None of them is a
# person clicking. Google's renderers and fetchers name themselves "Google-…" (Google-PageRenderer
# makes +1/snippet previews, Google-InspectionTool, Google-Read-Aloud) or "…-Google" (FeedFetcher-Google,
# Mediapartners-Google, APIs-Google); VK posts previews as "vkShare", Pinterest as "Pinterest/0.2".
CRAWLER_WORDS = (
    # generic
    "bot", "crawl", "spider", "slurp", "preview", "fetcher", "scanner", "monitor", "archiver", "validator",
    # preview makers by name
    "facebookexternalhit", "facebookcatalog", "whatsapp", "cardyb", "embedly", "iframely", "mastodon",
    "google-", "-google", "googleother", "pagerenderer", "vkshare", "pinterest", "qwantify", "outbrain",
    "flipboard", "tumblr", "nuzzel", "bitly", "skypeuripreview", "lighthouse", "pingdom", "uptime",
    # automation and HTTP libraries
    "headless", "phantomjs", "puppeteer", "playwright", "python-requests", "python-urllib", "curl", "wget",
    "httpx", "go-http-client", "apache-httpclient", "okhttp", "java/", "libwww", "scrapy", "node-fetch", "axios",
)  # fmt: skip
BOT_PATTERN = re.compile("|".join(re.escape(word) for word in CRAWLER_WORDS), re.IGNORECASE)
# Browsers announce speculative loads (link prefetch, previews); those are not clicks either.
PREFETCH_HEADERS = ("purpose", "sec-purpose", "x-purpose", "x-moz")


def valid_code(code: str) -> bool:
    return bool(CODE_PATTERN.match(code))


def is_click(method: str, headers: dict[str, str]) -> bool:
    """True when a person followed the link: a GET from something that is not a crawler, bot or prefetch."""
    if method.upper() != "GET":
        return False
    user_agent = headers.get("user-agent", "")
    if not user_agent or BOT_PATTERN.search(user_agent):
        return False
    return not any(word in headers.get(name, "").lower() for name in PREFETCH_HEADERS for word in ("prefetch", "preview"))


def target_of(link: dict[str, Any], request_host: str) -> str | None:
    """Where the link leads, with UTM parameters; None when it must not lead anywhere from this host."""
    bound_host = link.get("host")
    if bound_host and _hostname(request_host) != bound_host:
        return None
    url = str(link.get("target_url", ""))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return with_utm(
        url,
        network=link["network"],
        campaign=link.get("content_slug") or link["content_id"],
        share_id=link["share_id"],
    )


def with_utm(url: str, *, network: str, campaign: str, share_id: str) -> str:
    """The URL with UTM parameters added; those the URL already has are kept as they are, and the rest of
    the URL (its own query, its fragment) is left byte for byte."""
    parts = urlsplit(url)
    present = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    utm = {
        "utm_source": network,
        "utm_medium": UTM_MEDIUM,
        "utm_campaign": campaign,
        "utm_content": share_id,
    }
    missing = urlencode([(k, v) for k, v in utm.items() if k not in present])
    query = "&".join(part for part in (parts.query, missing) if part)
    return parts._replace(query=query).geturl()


def visitor_hash(salt: str, code: str, ip: str, user_agent: str, day: date) -> str:
    """The same visitor on the same day and link gives the same value; the IP address cannot be read back."""
    message = f"{day.isoformat()}|{code}|{ip}|{user_agent}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()[:32]


def host_of(url: str) -> str | None:
    return urlsplit(url).hostname


def _hostname(host: str) -> str:
    return urlsplit(f"//{host}").hostname or ""
