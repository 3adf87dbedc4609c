"""How long a post may be on each network, counted the way the network counts.

Curators' suggested texts are checked against these limits when content is created, and the
credibility guard checks an employee's own text when they share, so both use this one table.
"""

from __future__ import annotations

import re

from estafette.domain import Network

URL_PATTERN = re.compile(r"https?://\S+")
X_URL_LENGTH = 23  # X wraps every URL in t.co and counts it as 23 characters, however long it is

TEXT_LIMITS: dict[Network, int] = {
    Network.LINKEDIN: 3000,
    Network.X: 280,
    Network.BLUESKY: 300,
    Network.FACEBOOK: 63206,
    Network.WHATSAPP: 65536,
    Network.XING: 3000,
}


def text_length(text: str, network: Network) -> int:
    """The length `network` counts for `text`."""
    if network is Network.X:
        return len(URL_PATTERN.sub("x" * X_URL_LENGTH, text))
    return len(text)


def fits(text: str, network: Network) -> bool:
    return text_length(text, network) <= TEXT_LIMITS[network]
