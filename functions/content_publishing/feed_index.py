"""Keeps an item's feed entries in step with the item: written at publish, moved on edit, gone at expiry.

`sync` is the one way entries change apart from re-ranking: it reads what the item has
(one Query), works out what it should have (nothing unless published), and writes the
difference. Running it twice, or late, is harmless, so the schedule can retry it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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


SYNC_ROUNDS = 3  # reads of the item's entries before giving up on concurrent changes (the schedule retries)


def sync(item: ContentItem) -> SyncResult:
    written = deleted = calls = 0
    for _round in range(SYNC_ROUNDS):
        existing, share_count = store.feed_state(item.org_id, item.content_id)
        # A re-rank may already have moved entries to a higher step than this count gives.
        step = max([ranking.social_step(share_count), *(e.step for e in existing.values())])
        desired = entries_for(item, step)
        changes = [store.FeedChange(existing.get(key), entry) for key, entry in desired.items() if existing.get(key) != entry]
        changes += [store.FeedChange(entry, None) for key, entry in existing.items() if key not in desired]
        result = store.change_feed_entries(item.org_id, changes)
        written += sum(1 for c in changes if c.after is not None)
        deleted += sum(1 for c in changes if c.after is None)
        calls += result.calls
        if not result.stale:
            break
    else:
        raise RuntimeError("feed entries kept changing while they were synced")
    if written:
        store.add_feed_shapes(item.org_id, {targeting.shape(item.audience)})
    return SyncResult(written=written, deleted=deleted, batch_calls=calls)


def rerank(org_id: str, content_id: str) -> int:
    """Lift an item's entries to the sharing step its share count reached; returns entries moved.

    The entries that are behind move together with their keys' heads, 50 to a TransactWriteItems
    call (an item has at most 200 entries: four calls), each one only if it is still as read. One
    that changed meanwhile (a concurrent re-rank or edit) is read again: it moves only if it is still
    below the step, never down, and a deleted entry is not brought back.
    """
    moved = 0
    for _round in range(SYNC_ROUNDS):
        existing, share_count = store.feed_state(org_id, content_id)
        step = ranking.social_step(share_count)
        changes = [
            store.FeedChange(
                entry, replace(entry, step=step, sort_key=ranking.sort_key(ranking.rank(entry.base, step), content_id))
            )
            for entry in existing.values()
            if entry.step < step
        ]
        result = store.change_feed_entries(org_id, changes)
        moved += result.applied
        if not result.stale:
            return moved
    raise RuntimeError("feed entries kept changing while they were re-ranked")


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
