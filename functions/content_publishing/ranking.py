"""How the feed ranks items: freshness × fit × type × what colleagues are sharing.

    score(now) = 0.5 ** (age / HALF_LIFE) × fit × type_weight × social

Because freshness halves at the same pace for every item, the order of two items never
changes with the clock. So each feed entry stores a time-independent *rank*,

    rank = published_at + HALF_LIFE × log2(fit × type_weight × social)     (in seconds)

and `score(now) = 2 ** ((rank - now) / HALF_LIFE)`. The index sorts on rank: a page is the
top of a few sorted partitions, with no ranking of the whole library in memory. A weight of
×2 is worth one half-life (two days) of freshness.
"""

from __future__ import annotations

import math
from datetime import datetime

from estafette.domain import ContentType

HALF_LIFE_SECONDS = 48 * 3600.0

# Expertise and industry first: they keep an advocate credible (docs/product.md, the critique).
TYPE_WEIGHT: dict[ContentType, float] = {
    ContentType.EXPERTISE: 1.0,
    ContentType.INDUSTRY: 0.9,
    ContentType.VACANCY: 0.8,
    ContentType.EVENT: 0.7,
    ContentType.NEWS: 0.6,
}

# Fit: content aimed at my department or role specifically beats content for everyone
# (docs/product.md: people in function A should not share content about function B).
FIT_BONUS = {"D": 0.5, "R": 0.25, "L": 0.1, "G": 0.0}

# Colleagues sharing an item lifts it, in steps: 1, 3, 7, 15, ... shares. Steps keep the
# write cost bounded: an item's entries are re-ranked only when it reaches the next step.
SOCIAL_STEP_BONUS = 0.15


def fit(item_shape: str) -> float:
    return 1.0 + sum(FIT_BONUS[letter] for letter in item_shape if letter != "-")


def social_step(share_count: int) -> int:
    return int(math.log2(1 + max(0, share_count)))


def social(step: int) -> float:
    return 1.0 + SOCIAL_STEP_BONUS * step


def base_rank(published_at: datetime, content_type: ContentType, item_shape: str) -> float:
    """Rank before colleagues' shares: freshness, fit and type."""
    weight = fit(item_shape) * TYPE_WEIGHT.get(content_type, 0.5)
    return published_at.timestamp() + HALF_LIFE_SECONDS * math.log2(weight)


def rank(base: float, step: int) -> float:
    return base + HALF_LIFE_SECONDS * math.log2(social(step))


def sort_key(rank_value: float, content_id: str) -> str:
    # Fixed width, so the index's string order is the numeric order (good until the year 2286).
    return f"{rank_value:016.3f}#{content_id}"


def rank_of(key: str) -> float:
    return float(key.split("#", 1)[0])


def score(rank_value: float, now: datetime) -> float:
    return math.pow(2.0, (rank_value - now.timestamp()) / HALF_LIFE_SECONDS)
