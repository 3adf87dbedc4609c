"""The employee feed: published, unexpired content aimed at me that I haven't shared, best first.

A page costs the same few DynamoDB calls whatever the size of the library:

1. BatchGetItem: my profile and the audience shapes my org has published;
2. Query: what I have already shared;
3. one Query per shape in use (at most 16, usually 2 to 4): the best-ranked entries under the
   one audience key through which that shape reaches me (see `targeting`);
4. BatchGetItem: the page's items and their share counts.

Each partition is sorted by the time-independent rank (see `ranking`), so merging their tops
is the exact global order; the cursor is the sort key of the last entry looked at. Each query
asks for `limit` plus the number of items I shared (they are skipped), so a page is only
short at the very end. Ranks move up as colleagues share, so an item can move between pages
while someone pages through; it is never lost from the feed.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import content_publishing.messages  # noqa: F401  (registers the messages raised below)
from content_publishing import media, ranking, store, targeting
from content_publishing.model import ContentItem, Notes, Status
from content_publishing.store import FeedEntry
from estafette.domain import EmployeeProfile, Language
from estafette.errors import Unprocessable

MAX_SHARED_SLACK = 100
EXPIRY_SLACK = 5  # entries past expires_at that the next schedule run removes (at most a minute's worth)
_CURSOR = re.compile(r"^\d{12}\.\d{3}#[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class FeedItem:
    item: ContentItem
    share_count: int
    score: float
    shape: str


@dataclass(frozen=True)
class FeedPage:
    profile: EmployeeProfile
    items: list[FeedItem]
    next_cursor: str | None


def page(org_id: str, employee_id: str, *, limit: int, cursor: str | None, at: datetime) -> FeedPage:
    before = decode_cursor(cursor) if cursor else None
    profile, shapes = store.profile_and_shapes(org_id, employee_id)
    profile = profile or EmployeeProfile(employee_id=employee_id)
    keys = targeting.keys_for(profile, shapes)
    if not keys:
        return FeedPage(profile, [], None)
    shared = store.shared_by(org_id, employee_id)
    fetch = limit + min(len(shared), MAX_SHARED_SLACK) + EXPIRY_SLACK
    streams = [store.feed_entries(org_id, key, before, fetch) for key in keys]

    def skip(entry: FeedEntry) -> bool:
        return entry.content_id in shared or (entry.expires_at is not None and datetime.fromisoformat(entry.expires_at) <= at)

    picked, last, more = merge(streams, limit, skip)
    found = store.get_many(org_id, [e.content_id for e in picked])
    items = []
    for entry in picked:
        hit = found.get(entry.content_id)
        # Entries follow their item within one sync; never show what is no longer live or no longer for me.
        if hit is None or hit[0].status is not Status.PUBLISHED or entry.key not in targeting.keys(hit[0].audience):
            continue
        item, share_count = hit
        items.append(FeedItem(item, share_count, ranking.score(ranking.rank_of(entry.sort_key), at), entry.shape))
    return FeedPage(profile, items, encode_cursor(last) if more and last else None)


def merge(
    streams: list[tuple[list[FeedEntry], bool]], limit: int, skip: Callable[[FeedEntry], bool]
) -> tuple[list[FeedEntry], str | None, bool]:
    """The best `limit` entries over sorted partitions: (picked, sort key of the last looked at, more?).

    A partition that was cut off may hold entries below its last one; nothing below the
    highest such cut (the frontier) is taken, so the order stays exact across pages.
    """
    frontier = max((entries[-1].sort_key for entries, truncated in streams if truncated and entries), default=None)
    candidates = sorted((e for entries, _ in streams for e in entries), key=lambda e: e.sort_key, reverse=True)
    picked: list[FeedEntry] = []
    seen: set[str] = set()
    last = None
    for n, entry in enumerate(candidates):
        if frontier is not None and entry.sort_key < frontier:
            return picked, last, True
        last = entry.sort_key
        if entry.content_id in seen or skip(entry):
            continue
        seen.add(entry.content_id)
        picked.append(entry)
        if len(picked) == limit:
            rest = candidates[n + 1 :]
            return picked, last, frontier is not None or any(e.content_id not in seen and not skip(e) for e in rest)
    return picked, last, frontier is not None


def encode_cursor(sort_key: str) -> str:
    return base64.urlsafe_b64encode(f"f1:{sort_key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError as exc:
        raise Unprocessable("invalid_cursor", field="cursor") from exc
    version, _, sort_key = text.partition(":")
    if version != "f1" or not _CURSOR.match(sort_key):
        raise Unprocessable("invalid_cursor", field="cursor")
    return sort_key


# --- what an employee sees ----------------------------------------------------------------

FALLBACK = (Language.EN, Language.NL)


def in_language[T](by_language: Mapping[Language, T], language: Language) -> tuple[Language | None, T | None]:
    """My language, else English, else whatever exists."""
    for candidate in (language, *FALLBACK, *by_language):
        if by_language.get(candidate):
            return candidate, by_language[candidate]
    return None, None


def view(entry: FeedItem, language: Language) -> dict[str, Any]:
    item = entry.item
    texts_language, texts = in_language(item.suggested_texts, language)
    _, notes = in_language(item.notes, language)
    notes = notes or Notes()
    return {
        "content_id": item.content_id,
        "type": item.type,
        "title": item.title,
        "summary": item.summary,
        "url": item.url,
        "image_url": item.image_url,
        "images": media.viewed(item.org_id, item.images, language) if item.images else [],
        "language": texts_language,
        "suggested_texts": texts or [],
        "notes": {"do": notes.do, "dont": notes.dont},
        "networks": item.networks,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "expires_at": item.expires_at.isoformat() if item.expires_at else None,
        "targeted_at_my": targeting.targeted_dimensions(entry.shape),
        "colleagues_shared": entry.share_count,
        "score": round(entry.score, 4),
    }
