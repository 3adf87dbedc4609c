"""How long a post may be on each network, counted the way the network counts. One counter.

The credibility guard (an employee's own text), curators' suggested-text validation and
`POST /v1/shares/check` all ask this module, so a text that passes one passes them all.

- X: twitter-text's weighted length, configuration v3 (what X counts today): code points in
  the Latin, general-punctuation and a few other ranges weigh 1, everything else (CJK, most
  emoji, `€`, `…`) 2, an emoji sequence counts once, and every URL weighs 23 however long it
  is (X wraps it in t.co). Counted by `twitter-text-parser`, a port of twitter/twitter-text
  that passes its published conformance file (tests/conformance/twitter-text/validate.yml).
- Bluesky: graphemes (extended grapheme clusters, Unicode UAX #29), as the lexicon of
  `app.bsky.feed.post` limits `text` to 300 graphemes (and 3000 bytes); the link is counted
  in full, because it is appended to the text as it is.
- LinkedIn: 3,000 characters of commentary (the Posts API); the link travels as the article.
- Facebook, WhatsApp, XING: the networks' own limits for what the share-intent link carries.

Where the tracked link is appended to the text (X, Bluesky, WhatsApp), the length is that of
the text as it will be posted: `post_length(text, network, link)`.

Import cost: the X and Bluesky counters load on first use (twitter-text-parser builds its
emoji pattern on import, about 0.2 s once per container; `regex` about 10 ms), so a function
that never counts an X text never pays for it.
"""

from __future__ import annotations

import re
import sys
import types
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from estafette.domain import Network

if TYPE_CHECKING:
    from collections.abc import Callable

URL_PATTERN = re.compile(r"https?://\S+")
X_URL_LENGTH = 23  # X wraps every URL in t.co and counts it as 23 characters, however long it is
TRACKED_CODE_LENGTH = 10  # the code of a tracked link: {base}/r/{code}
BLUESKY_MAX_BYTES = 3000  # app.bsky.feed.post: text maxLength (UTF-8 bytes) beside maxGraphemes 300

TEXT_LIMITS: dict[Network, int] = {
    Network.LINKEDIN: 3000,
    Network.X: 280,
    Network.BLUESKY: 300,
    Network.FACEBOOK: 63206,
    Network.WHATSAPP: 65536,
    Network.XING: 3000,
}

# Networks where the tracked link is appended to the text (no separate link field is sent).
LINK_IN_TEXT = frozenset({Network.X, Network.BLUESKY, Network.WHATSAPP})

# What each network calls the unit it counts, for messages and the API.
UNITS: dict[Network, str] = {
    Network.X: "weighted characters",
    Network.BLUESKY: "graphemes",
}


def text_with_link(text: str, url: str) -> str:
    """The post text with the tracked URL appended, unless the text already carries it."""
    if not url or url in text:
        return text
    return f"{text.rstrip()}\n\n{url}" if text.strip() else url


def tracked_link_shape(base_url: str) -> str:
    """A tracked link as long as the real ones will be, for counting before the code exists."""
    return f"{base_url.rstrip('/')}/r/{'x' * TRACKED_CODE_LENGTH}"


def posted_text(text: str, network: Network, link: str | None = None) -> str:
    """What the network will receive as the text: with the link appended where it travels in the text."""
    return text_with_link(text, link) if link and network in LINK_IN_TEXT else text


# --- the counters ---------------------------------------------------------------------------


@cache
def _twitter_text() -> Callable[[str], Any]:
    """twitter-text-parser's `parse_tweet`, loaded once.

    twitter-text-parser 3.0.0 reads its emoji table with `pkg_resources.resource_string`, which
    setuptools no longer ships (and the Lambda runtime never had); where it is missing, that one
    function is lent from importlib.resources for the import and taken back afterwards.
    """
    import importlib.resources
    import importlib.util

    lent = None
    if "pkg_resources" not in sys.modules and importlib.util.find_spec("pkg_resources") is None:
        lent = types.ModuleType("pkg_resources")
        lent.resource_string = lambda package, name: importlib.resources.files(package).joinpath(name).read_bytes()  # type: ignore[attr-defined]
        sys.modules["pkg_resources"] = lent
    try:
        from twitter_text import parse_tweet
    finally:
        if lent is not None and sys.modules.get("pkg_resources") is lent:
            del sys.modules["pkg_resources"]
    return parse_tweet


def x_parse(text: str) -> Any:
    """twitter-text's full result (weightedLength, valid, permillage, valid/display ranges), config v3."""
    return _twitter_text()(text)


def x_length(text: str) -> int:
    """X's weighted length of `text` (twitter-text v3)."""
    return int(x_parse(text).weightedLength) if text else 0


@cache
def _graphemes() -> Any:
    import regex

    return regex.compile(r"\X")


def graphemes(text: str) -> int:
    """Extended grapheme clusters: what a reader sees as one character (a family emoji is one)."""
    return len(_graphemes().findall(text)) if text else 0


def text_length(text: str, network: Network) -> int:
    """The length `network` counts for `text`, exactly as given."""
    if network is Network.X:
        return x_length(text)
    if network is Network.BLUESKY:
        return graphemes(text)
    return len(text)


def post_length(text: str, network: Network, link: str | None = None) -> int:
    """The length of what will be posted: the text, and the link where it is appended to it."""
    return text_length(posted_text(text, network, link), network)


@dataclass(frozen=True)
class TextCheck:
    network: Network
    length: int
    limit: int
    unit: str
    too_many_bytes: bool = False  # Bluesky also limits the text to 3000 UTF-8 bytes

    @property
    def fits(self) -> bool:
        return self.length <= self.limit and not self.too_many_bytes

    @property
    def remaining(self) -> int:
        return self.limit - self.length

    def as_json(self) -> dict[str, object]:
        return {
            "network": self.network.value,
            "length": self.length,
            "limit": self.limit,
            "remaining": self.remaining,
            "fits": self.fits,
            "unit": self.unit,
            **({"too_many_bytes": True} if self.too_many_bytes else {}),
        }


def check(text: str, network: Network, link: str | None = None) -> TextCheck:
    """Length, limit and verdict of a text as it will be posted on `network`."""
    network = Network(network)
    full = posted_text(text, network, link)
    too_many_bytes = network is Network.BLUESKY and len(full.encode()) > BLUESKY_MAX_BYTES
    return TextCheck(network, text_length(full, network), TEXT_LIMITS[network], UNITS.get(network, "characters"), too_many_bytes)


def fits(text: str, network: Network, link: str | None = None) -> bool:
    return check(text, network, link).fits
