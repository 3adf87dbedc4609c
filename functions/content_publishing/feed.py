"""The employee feed: published, unexpired content aimed at me that I haven't shared, best first.

A page costs three DynamoDB reads whatever the library's size: my profile, the newest
published items (sparse index), and what I already shared.
"""

from __future__ import annotations

import math
from datetime import datetime

from content_publishing import store
from content_publishing.model import ContentItem
from estafette.domain import ContentType, EmployeeProfile, Language

# Expertise and industry items first: they keep an advocate credible (PRODUCT.md, the critique).
TYPE_WEIGHT: dict[ContentType, float] = {
    ContentType.EXPERTISE: 1.0,
    ContentType.INDUSTRY: 0.9,
    ContentType.VACANCY: 0.8,
    ContentType.EVENT: 0.7,
    ContentType.NEWS: 0.6,
}
FRESHNESS_HALF_LIFE_HOURS = 48.0


def score(item: ContentItem, profile: EmployeeProfile, at: datetime) -> float:
    age_hours = max(0.0, (at - (item.published_at or at)).total_seconds() / 3600)
    freshness = math.pow(0.5, age_hours / FRESHNESS_HALF_LIFE_HOURS)
    fit = 1.0
    if item.audience.departments and profile.department:
        fit += 0.5  # aimed at my department specifically, not at everyone
    if item.audience.roles and profile.role:
        fit += 0.25
    return freshness * fit * TYPE_WEIGHT.get(item.type, 0.5)


def texts_for(item: ContentItem, language: Language) -> tuple[Language | None, list[str]]:
    """Suggested texts in my language, else English, else whatever exists."""
    for lang in (language, Language.EN, Language.NL):
        if item.suggested_texts.get(lang):
            return lang, item.suggested_texts[lang]
    return None, []


def feed_for(org_id: str, profile: EmployeeProfile, at: datetime) -> list[tuple[ContentItem, float]]:
    shared = store.shared_by(org_id, profile.employee_id)
    candidates = [
        item
        for item in store.published(org_id)
        if item.content_id not in shared and (item.expires_at is None or item.expires_at > at) and item.audience.includes(profile)
    ]
    ranked = sorted(((item, score(item, profile, at)) for item in candidates), key=lambda pair: pair[1], reverse=True)
    return ranked
