"""The credibility guard: keeps advocates credible, never company zombies (PRODUCT.md).

Rules are plain data an org can configure. Every decision carries a code and a message
in the employee's language. A block stops the share (409/422); a warning lets it through
with a 202 and says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from estafette.domain import Network
from estafette.i18n import message
from estafette.settings import GuardSettings

URL_PATTERN = re.compile(r"https?://\S+")
X_URL_LENGTH = 23  # X counts every URL as 23 characters (t.co wrapping)

TEXT_LIMITS: dict[Network, int] = {
    Network.LINKEDIN: 3000,
    Network.X: 280,
    Network.BLUESKY: 300,
    Network.FACEBOOK: 63206,
    Network.WHATSAPP: 65536,
    Network.XING: 3000,
}


@dataclass(frozen=True)
class Decision:
    code: str
    message: str
    status: int  # 409 or 422 for blocks, 202 for warnings
    field: str | None = None


@dataclass
class Verdict:
    blocks: list[Decision] = field(default_factory=list)
    warnings: list[Decision] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocks


def text_length(text: str, network: Network) -> int:
    if network is Network.X:
        return len(URL_PATTERN.sub("x" * X_URL_LENGTH, text))
    return len(text)


def check(
    *, text: str, network: Network, shares_today: int, rules: GuardSettings, language: str, link_length: int = X_URL_LENGTH
) -> Verdict:
    verdict = Verdict()
    stripped = text.strip()
    if not stripped:
        verdict.blocks.append(Decision("text_empty", message("text_empty", language), 422, "text"))
    # The tracked link is appended to the text on networks that have no link card field.
    length = text_length(stripped, network) + (link_length + 1 if network in (Network.X, Network.BLUESKY) else 0)
    limit = TEXT_LIMITS[network]
    if length > limit:
        verdict.blocks.append(
            Decision(
                "text_too_long",
                message("text_too_long", language, length=length, network=network.value, limit=limit),
                422,
                "text",
            )
        )
    if shares_today >= rules.max_shares_per_day:
        verdict.blocks.append(
            Decision(
                "daily_cap_reached",
                message("daily_cap_reached", language, cap=rules.max_shares_per_day),
                409,
            )
        )
    return verdict
