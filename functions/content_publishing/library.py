"""The content library: create items, move them through the approval flow, publish and expire on time."""

from __future__ import annotations

from datetime import UTC, datetime

from content_publishing import store
from content_publishing.approval import next_status
from content_publishing.model import ContentIn, ContentItem, Status, new_content_id, slugify
from estafette import settings
from estafette.auth import Caller
from estafette.errors import Conflict, NotFound
from estafette.events import ContentExpired, ContentPublished, EventData
from estafette.publisher import Outgoing, Publisher, default_publisher


def now() -> datetime:
    return datetime.now(UTC)


def create(
    caller: Caller, body: ContentIn, *, author: str | None = None, source: str | None = None, content_id: str | None = None
) -> ContentItem:
    at = now()
    item = ContentItem(
        content_id=content_id or new_content_id(),
        org_id=caller.org_id,
        type=body.type,
        url=str(body.url),
        title=body.title,
        slug=slugify(body.title),
        summary=body.summary,
        image_url=str(body.image_url) if body.image_url else None,
        suggested_texts=body.suggested_texts,
        audience=body.audience,
        author=author or caller.sub,
        publish_at=body.publish_at,
        expires_at=body.expires_at,
        created_at=at,
        updated_at=at,
        source=source,
    )
    store.create(item)
    return item


def get(caller: Caller, content_id: str) -> ContentItem:
    item = store.get(caller.org_id, content_id)
    if item is None:
        raise NotFound(what=f"Content {content_id}")
    return item


def transition(caller: Caller, content_id: str, action: str, reason: str = "", publisher: Publisher | None = None) -> ContentItem:
    item = get(caller, content_id)
    at = now()
    allow_self_approval = settings.for_org(caller.org_id).content.allow_self_approval
    status = next_status(item, action, caller, at, allow_self_approval=allow_self_approval)
    updates: dict[str, object] = {"status": status, "updated_at": at}
    if action == "submit":
        updates["submitted_by"] = caller.sub
    if status is Status.PUBLISHED:
        updates["published_at"] = at
    moved = item.model_copy(update=updates)
    if not store.save_transition(moved, item.status, caller.sub, reason, at):
        raise Conflict("transition_not_allowed", state=item.status.value, action=action, action_nl=action)
    if status is Status.PUBLISHED:
        (publisher or default_publisher()).publish([Outgoing(published_event(moved), caller.org_id)])
    return moved


def published_event(item: ContentItem) -> ContentPublished:
    return ContentPublished(
        content_id=item.content_id,
        content_type=item.type,
        url=item.url,
        title=item.title,
        slug=item.slug,
        summary=item.summary,
        audience=item.audience,
        suggested_texts=item.suggested_texts,
        published_at=item.published_at or now(),
        expires_at=item.expires_at,
    )


def run_due_work(publisher: Publisher | None = None, at: datetime | None = None) -> int:
    """Publish scheduled items whose publish_at has come and expire those past expires_at.

    Each event id is derived from the item and action, so a rerun after a crash
    re-emits the same event and consumers collapse it.
    """
    at = at or now()
    publisher = publisher or default_publisher()
    done = 0
    for sort_key, org_id, content_id, action in store.due_markers(at):
        item = store.get(org_id, content_id)
        event: EventData | None = None
        if item is not None and action == "publish" and item.status is Status.SCHEDULED:
            moved = item.model_copy(update={"status": Status.PUBLISHED, "published_at": at, "updated_at": at})
            if store.save_transition(moved, Status.SCHEDULED, "schedule", "publish_at reached", at):
                event = published_event(moved)
        elif item is not None and action == "expire":
            done += expire(item, "schedule", "expires_at reached", publisher, at)
        if event is not None:
            publisher.publish([Outgoing(event, org_id, event_id=f"{content_id}-publish")])
            done += 1
        store.delete_due_marker(sort_key)
    return done


def expire(item: ContentItem, actor: str, reason: str, publisher: Publisher, at: datetime | None = None) -> int:
    """Take a published item out of every feed and tell the other services; 0 when it wasn't published."""
    at = at or now()
    if item.status is not Status.PUBLISHED:
        return 0
    moved = item.model_copy(update={"status": Status.EXPIRED, "updated_at": at})
    if not store.save_transition(moved, Status.PUBLISHED, actor, reason, at):
        return 0
    event = ContentExpired(content_id=item.content_id, expired_at=at)
    publisher.publish([Outgoing(event, item.org_id, event_id=f"{item.content_id}-expire")])
    return 1
