"""Keeps an item's feed entries in step with the item: written at publish, moved on edit, gone at expiry.

`sync` is the one way entries change apart from re-ranking: it reads what the item has
(one Query), works out what it should have (nothing unless published), and writes the
difference. Running it twice, or late, is harmless, so the schedule can retry it.
"""

from __future__ import annotations

from dataclasses import dataclass

from content_publishing import ranking, store, targeting
from content_publishing.model import ContentItem, Status
from content_publishing.store import FeedEntry


@dataclass(frozen=True)
class SyncResult:
    written: int
    deleted: int
    batch_calls: int


def entries_for(item: ContentItem, step: int) -> dict[str, FeedEntry]:
    """The entries a published item has, one per audience key."""
    if item.status is not Status.PUBLISHED or item.published_at is None:
        return {}
    item_shape = targeting.shape(item.audience)
    base = round(ranking.base_rank(item.published_at, item.type, item_shape), 3)
    sort_key = ranking.sort_key(ranking.rank(base, step), item.content_id)
    expires_at = item.expires_at.isoformat() if item.expires_at else None
    return {
        key: FeedEntry(item.content_id, key, item_shape, base, step, sort_key, expires_at)
        for key in targeting.keys(item.audience)
    }


def sync(item: ContentItem) -> SyncResult:
    existing, share_count = store.feed_state(item.org_id, item.content_id)
    # A re-rank may already have moved entries to a higher step than this count gives.
    step = max([ranking.social_step(share_count), *(e.step for e in existing.values())])
    desired = entries_for(item, step)
    puts = [entry for key, entry in desired.items() if existing.get(key) != entry]
    deletes = [(item.content_id, key) for key in existing if key not in desired]
    calls = store.write_feed_entries(item.org_id, puts, deletes) if puts or deletes else 0
    if puts:
        store.add_feed_shapes(item.org_id, {targeting.shape(item.audience)})
    return SyncResult(written=len(puts), deleted=len(deletes), batch_calls=calls)


def rerank(org_id: str, content_id: str) -> int:
    """Lift an item's entries to the sharing step its share count reached; returns entries moved.

    The entries that are behind move together, 100 to a TransactWriteItems call (an item has at
    most 200 entries: two calls), each one only if it is still below the step.
    """
    existing, share_count = store.feed_state(org_id, content_id)
    step = ranking.social_step(share_count)
    moves = [
        (entry, step, ranking.sort_key(ranking.rank(entry.base, step), content_id))
        for entry in existing.values()
        if entry.step < step
    ]
    if not moves:
        return 0
    moved, _calls = store.rerank_entries(org_id, moves)
    return moved


def record_share(org_id: str, employee_id: str, content_id: str, share_id: str) -> None:
    """A colleague shared (or asked to share) an item: it leaves their feed and counts for everyone else's.

    The bus brings ShareRequested (every share has one); a share counts once however often it
    arrives, and the mark that takes the item out of my feed is written in the counting transaction.
    The re-rank runs on every delivery, so a crash between counting and re-ranking heals on the
    redelivery.
    """
    store.count_share(org_id, content_id, share_id, employee_id=employee_id)
    rerank(org_id, content_id)


def load_published(items: list[ContentItem]) -> int:
    """Write published items with their feed entries, bypassing the approval flow (benchmarks,
    imports); the records are the ones publishing writes. Returns the number of entries."""
    entries = [entry for item in items for entry in entries_for(item, 0).values()]
    store.load_published(items, entries, {targeting.shape(item.audience) for item in items})
    return len(entries)
