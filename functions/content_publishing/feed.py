"""The employee feed: published, unexpired content aimed at me that I haven't shared, best first.

A page costs four DynamoDB calls whatever the size of the library and however many audience
shapes are in use:

1. BatchGetItem: my profile and the audience shapes my org has published;
2. Query: what I have already shared;
3. BatchGetItem: the head of each audience key through which a shape reaches me (at most 16,
   see `targeting`): the key's best HEAD_SIZE entries, kept with the entries (see `store.FeedHead`);
4. BatchGetItem: the page's items and their share counts.

Each partition is sorted by the time-independent rank (see `ranking`), so merging their tops
is the exact global order; the cursor is the sort key of the last entry looked at. A page that
reaches below a head's floor (deeper than HEAD_SIZE into one partition) reads on with one Query
of that partition only, the one whose cut stops the page, and merges again. Each query asks
for `limit` plus the number of items I shared (they are skipped), so a page is only short at
the very end. Ranks move up as colleagues share, so an item can move between pages
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


@dataclass(frozen=True)
class Stream:
    """What a page knows of one feed key's partition below the cursor, best first.

    `entries` hold every entry under the key ranked in [cut, cursor); `cut` None: every entry below
    the cursor. A Query below `cut` reads on.
    """

    entries: tuple[FeedEntry, ...]
    cut: str | None


def from_head(head: store.FeedHead, before: str | None) -> Stream:
    entries = tuple(e for e in head.entries if before is None or e.sort_key < before)
    if head.floor is None:
        return Stream(entries, None)
    # A cursor at or below the head's floor: the head says nothing about what lies below it.
    return Stream(entries, head.floor if before is None else min(head.floor, before))


def read_on(org_id: str, key: str, stream: Stream, fetch: int) -> Stream:
    assert stream.cut is not None
    found, more = store.feed_entries(org_id, key, stream.cut, fetch)
    known = {e.content_id for e in stream.entries}
    # The index follows the table within a moment: an entry the head already has at its new rank may
    # still show at its old one here. The head's is the current one.
    entries = stream.entries + tuple(e for e in found if e.content_id not in known)
    return Stream(entries, found[-1].sort_key if more and found else None)


def page(org_id: str, employee_id: str, *, limit: int, cursor: str | None, at: datetime) -> FeedPage:
    before = decode_cursor(cursor) if cursor else None
    profile, shapes = store.profile_and_shapes(org_id, employee_id)
    profile = profile or EmployeeProfile(employee_id=employee_id)
    keys = targeting.keys_for(profile, shapes)
    if not keys:
        return FeedPage(profile, [], None)
    shared = store.shared_by(org_id, employee_id)
    fetch = limit + min(len(shared), MAX_SHARED_SLACK) + EXPIRY_SLACK
    heads = store.feed_heads(org_id, keys)
    streams = {key: from_head(heads[key], before) for key in keys}

    def skip(entry: FeedEntry) -> bool:
        return entry.content_id in shared or (entry.expires_at is not None and datetime.fromisoformat(entry.expires_at) <= at)

    # Past the heads, only the partition whose cut stops the page is read on, one Query at a time.
    # Each Query takes its partition below the cursor, so after one per key the page moves on.
    picked, last, more, blocking = merge(streams, limit, skip)
    for _query in range(2 * len(keys)):
        if blocking is None:
            break
        streams[blocking] = read_on(org_id, blocking, streams[blocking], fetch)
        picked, last, more, blocking = merge(streams, limit, skip)
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
    streams: Mapping[str, Stream], limit: int, skip: Callable[[FeedEntry], bool]
) -> tuple[list[FeedEntry], str | None, bool, str | None]:
    """The best `limit` entries over the partitions: (picked, cursor, more?, the key to read on).

    Below the highest cut of all partitions (the frontier) an entry may be missing, so nothing
    below it is taken and the order stays exact across pages. A page that is not full at the
    frontier names the partition whose cut it is: read on there and merge again.
    """
    cuts = [(stream.cut, key) for key, stream in streams.items() if stream.cut is not None]
    frontier, blocking = max(cuts) if cuts else (None, None)
    candidates = sorted((e for stream in streams.values() for e in stream.entries), key=lambda e: e.sort_key, reverse=True)
    picked: list[FeedEntry] = []
    seen: set[str] = set()
    last = None
    for n, entry in enumerate(candidates):
        if frontier is not None and entry.sort_key < frontier:
            break
        last = entry.sort_key
        if entry.content_id in seen or skip(entry):
            continue
        seen.add(entry.content_id)
        picked.append(entry)
        if len(picked) == limit:
            rest = candidates[n + 1 :]
            return picked, last, frontier is not None or any(e.content_id not in seen and not skip(e) for e in rest), None
    # Every entry at or above the frontier has been looked at: the next page starts below it.
    return picked, last if frontier is None else min(last or frontier, frontier), frontier is not None, blocking


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
