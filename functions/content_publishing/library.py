"""The content library: create, edit and suggest items, move them through the approval flow, and
publish and expire them on time.

Every change is one conditional transaction (`store.save`): the item, its audit entry (who,
when, why) and the work it leaves for the schedule. Work that follows a change (syncing the
feed entries and emitting ContentPublished, ContentUpdated or ContentExpired) is written
in that same transaction as an *announce* marker, done right away, and done again by the
schedule if this invocation died halfway. Event ids are derived from the item, so a repeat
collapses at every consumer.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import content_publishing.messages  # noqa: F401  (registers the messages raised below)
from content_publishing import approval, feed_index, reviewers, store, validation
from content_publishing.model import (
    ContentFields,
    ContentItem,
    ContentPatch,
    Occasion,
    Status,
    SuggestionIn,
    new_content_id,
    slugify,
)
from content_publishing.occasions import fields_for_suggestion
from content_publishing.store import AuditEntry, Marker
from estafette import clock, settings
from estafette.auth import Caller
from estafette.errors import Conflict, NotFound, Unprocessable
from estafette.events import ContentExpired, ContentPublished, ContentRejected, ContentSubmitted, ContentUpdated
from estafette.media import Image
from estafette.publisher import Outgoing, Publisher, default_publisher

logger = logging.getLogger(__name__)

SCHEDULE = "schedule"


def now() -> datetime:
    return clock.now()


# --- creating -----------------------------------------------------------------------------


def create(
    caller: Caller,
    body: ContentFields,
    *,
    status: Status = Status.DRAFT,
    action: str = "create",
    source: str | None = None,
    content_id: str | None = None,
    occasion: Occasion | None = None,
    trusted_audience: bool = False,
) -> ContentItem:
    at = now()
    fields = validation.check(caller.org_id, body, at, trusted_audience=trusted_audience)
    item = _apply(
        ContentItem(
            content_id=content_id or new_content_id(),
            org_id=caller.org_id,
            type=fields.type,
            title=fields.title,
            slug=slugify(fields.title),
            author=caller.sub,
            submitted_by=caller.sub if status is Status.IN_REVIEW else None,
            status=status,
            created_at=at,
            updated_at=at,
            status_at=at,
            source=source,
            occasion=occasion,
        ),
        fields,
    )
    audit = AuditEntry(action, caller.sub, at, None, status.value)
    marker = _announce_marker(None, item, audit)
    if not store.save(item, expected_revision=None, audit=audit, add=[marker] if marker else []):
        raise Conflict("changed_meanwhile")
    _announce_now(marker, None)
    return item


def suggest(caller: Caller, body: SuggestionIn) -> ContentItem:
    """An employee's occasion becomes an item in the curators' review queue, with them as author."""
    profile = store.get_profile(caller.org_id, caller.sub)
    fields = fields_for_suggestion(body, profile)
    return create(
        caller,
        fields,
        status=Status.IN_REVIEW,
        action="suggest",
        source=f"suggestion:{body.occasion.value}",
        occasion=body.occasion,
    )


def _apply(item: ContentItem, fields: ContentFields) -> ContentItem:
    values = fields.model_dump(mode="json")
    return item.model_copy(
        update={
            "type": fields.type,
            "url": values["url"],
            "title": fields.title,
            "summary": fields.summary,
            "image_url": values["image_url"],
            "images": [i for i in fields.images if isinstance(i, Image)],  # resolved by validation.check
            "suggested_texts": fields.suggested_texts,
            "notes": fields.notes,
            "networks": list(dict.fromkeys(fields.networks)),
            "audience": fields.audience,
            "publish_at": fields.publish_at.astimezone(UTC) if fields.publish_at else None,
            "expires_at": fields.expires_at.astimezone(UTC) if fields.expires_at else None,
        }
    )


def get(caller: Caller, content_id: str) -> ContentItem:
    item = store.get(caller.org_id, content_id)
    if item is None:
        raise NotFound(what=f"Content {content_id}")
    return item


# --- editing ------------------------------------------------------------------------------


def edit(caller: Caller, content_id: str, patch: ContentPatch, publisher: Publisher | None = None) -> ContentItem:
    """Change what was sent. A published item stays published under the same id, so every share
    already made stays attached to it; the other services hear ContentUpdated."""
    item = get(caller, content_id)
    approval.check_editable(item)
    changes = patch.model_dump(mode="json", exclude_unset=True)
    reason = changes.pop("reason", "")
    current = item.fields()
    sent = {name for name, value in changes.items() if current.get(name) != value}
    if not sent:
        return item
    at = now()
    known = {image.media_id: image for image in item.images}
    fields = validation.check(
        caller.org_id, validation.parse_fields({**current, **changes}), at, changed=sent, known_images=known
    )
    after = _apply(item, fields)
    # What really changed, once normalised ("engineering" for "Engineering" is no change).
    changed = sorted(name for name, value in after.fields().items() if current.get(name) != value)
    if not changed:
        return item
    if item.status is Status.PUBLISHED and "publish_at" in changed:
        raise Unprocessable("already_published", field="publish_at")
    after = after.model_copy(update={"updated_at": at, "revision": item.revision + 1})
    audit = AuditEntry("edit", caller.sub, at, item.status.value, item.status.value, reason, changed)
    return _commit(item, after, audit, publisher, fields=changed)


# --- the approval flow ----------------------------------------------------------------------


def transition(caller: Caller, content_id: str, action: str, reason: str = "", publisher: Publisher | None = None) -> ContentItem:
    item = get(caller, content_id)
    at = now()
    allow_self_approval = settings.for_org(caller.org_id).content.allow_self_approval
    status = approval.next_status(item, action, caller, at, reason=reason, allow_self_approval=allow_self_approval)
    if action == "approve":
        validation.ready_to_publish(item, at)
    updates: dict[str, object] = {"status": status, "updated_at": at, "status_at": at, "revision": item.revision + 1}
    if action == "submit":
        updates["submitted_by"] = caller.sub
    if action == "approve":
        updates["approved_by"] = caller.sub
    if status is Status.PUBLISHED:
        updates["published_at"] = at
    after = item.model_copy(update=updates)
    return _commit(item, after, AuditEntry(action, caller.sub, at, item.status.value, status.value, reason), publisher)


def accept(
    caller: Caller, content_id: str, patch: ContentPatch, reason: str = "", publisher: Publisher | None = None
) -> ContentItem:
    """Turn an item waiting for review (an employee's suggestion, typically) into live content in one
    step: the curator's finishing edits (a URL, polished texts, an audience) and the approval.

    Everything approval would refuse is checked before anything is written, so a refused accept
    leaves the suggestion as it was.
    """
    item = get(caller, content_id)
    at = now()
    allow_self_approval = settings.for_org(caller.org_id).content.allow_self_approval
    approval.next_status(item, "approve", caller, at, reason=reason, allow_self_approval=allow_self_approval)
    changes = patch.model_dump(mode="json", exclude_unset=True)
    changes.pop("reason", None)
    current = item.fields()
    sent = {name for name, value in changes.items() if current.get(name) != value}
    if sent:
        fields = validation.check(caller.org_id, validation.parse_fields({**current, **changes}), at, changed=sent)
        validation.ready_to_publish(_apply(item, fields), at)
        edit(caller, content_id, patch, publisher)
    return transition(caller, content_id, "approve", reason, publisher)


def withdraw(item: ContentItem, actor: str, reason: str, publisher: Publisher | None = None, at: datetime | None = None) -> bool:
    """Take an item out of circulation for good (a closed vacancy): a published item expires,
    one that never went live is archived so it never will. False when already out."""
    at = at or now()
    if item.status in (Status.EXPIRED, Status.ARCHIVED):
        return False
    status = Status.EXPIRED if item.status is Status.PUBLISHED else Status.ARCHIVED
    after = item.model_copy(update={"status": status, "updated_at": at, "status_at": at, "revision": item.revision + 1})
    _commit(item, after, AuditEntry(status.value, actor, at, item.status.value, status.value, reason), publisher)
    return True


# --- committing a change ------------------------------------------------------------------


def _due_markers(item: ContentItem) -> dict[str, Marker]:
    """The clock work an item in its status waits for."""
    markers = []
    if item.status is Status.SCHEDULED:
        markers.append(Marker(item.publish_at or item.updated_at, item.org_id, item.content_id, "publish"))
    if item.status is Status.PUBLISHED and item.expires_at:
        markers.append(Marker(item.expires_at, item.org_id, item.content_id, "expire"))
    return {m.sort_key: m for m in markers}


def _announcement(before: ContentItem | None, after: ContentItem, action: str) -> str | None:
    """The event other services need to hear about this change, if any."""
    was_live, is_live = before is not None and before.status is Status.PUBLISHED, after.status is Status.PUBLISHED
    if is_live and not was_live:
        return ContentPublished.name()
    if is_live:
        return ContentUpdated.name()
    if was_live:
        return ContentExpired.name()
    if after.status is Status.IN_REVIEW and (before is None or before.status is not Status.IN_REVIEW):
        return ContentSubmitted.name()
    if action == "reject":
        return ContentRejected.name()
    return None


def _announce_marker(
    before: ContentItem | None, after: ContentItem, audit: AuditEntry, fields: list[str] | None = None
) -> Marker | None:
    event = _announcement(before, after, audit.action)
    if event is None:
        return None
    return Marker(
        audit.at,
        after.org_id,
        after.content_id,
        f"announce-{after.revision}",
        event=event,
        reason=audit.reason,
        fields=tuple(fields or ()),
        actor=audit.actor,
    )


def _announce_now(marker: Marker | None, publisher: Publisher | None) -> None:
    if marker is None:
        return
    try:
        announce(marker, publisher)
    except Exception:
        # The change itself is committed, and so is its announce marker: the schedule
        # finishes the feed sync and the event within a minute.
        logger.exception("Announcing %s failed; the schedule will finish it", marker.sort_key)


def _commit(
    before: ContentItem, after: ContentItem, audit: AuditEntry, publisher: Publisher | None, fields: list[str] | None = None
) -> ContentItem:
    old, new = _due_markers(before), _due_markers(after)
    add = [m for key, m in new.items() if key not in old]
    announce_marker = _announce_marker(before, after, audit, fields)
    if announce_marker is not None:
        add.append(announce_marker)
    remove = [key for key in old if key not in new]
    if not store.save(after, expected_revision=before.revision, audit=audit, add=add, remove=remove):
        raise Conflict("changed_meanwhile")
    _announce_now(announce_marker, publisher)
    return after


def announce(marker: Marker, publisher: Publisher | None = None) -> None:
    """Bring the item's feed entries in line with it and tell the other services; then drop the marker."""
    item = store.get(marker.org_id, marker.content_id)
    if item is not None:
        if marker.event not in (ContentSubmitted.name(), ContentRejected.name()):
            feed_index.sync(item)  # review news changes no feed
        outgoing = _event(item, marker)
        if outgoing is not None:
            (publisher or default_publisher()).publish([outgoing])
    store.delete_due_marker(marker.sort_key)


def _event(item: ContentItem, marker: Marker) -> Outgoing | None:
    if marker.event == ContentSubmitted.name():
        return _submitted(item, marker)
    if marker.event == ContentRejected.name():
        rejected = ContentRejected(
            content_id=item.content_id,
            title=item.title,
            author=item.author,
            submitted_by=item.submitted_by,
            rejected_by=marker.actor or "unknown",
            reason=marker.reason,
            rejected_at=marker.at,
        )
        return Outgoing(rejected, item.org_id, event_id=f"{item.content_id}-{marker.action}")
    if marker.event == ContentExpired.name():
        if item.status not in (Status.EXPIRED, Status.ARCHIVED):
            return None
        expired = ContentExpired(
            content_id=item.content_id, expired_at=item.status_at or item.updated_at, reason=marker.reason or item.status.value
        )
        return Outgoing(expired, item.org_id, event_id=f"{item.content_id}-expire")
    if item.status is not Status.PUBLISHED:
        return None
    if marker.event == ContentUpdated.name():
        updated = ContentUpdated(**_published(item).model_dump(), revision=marker.revision, changed=list(marker.fields))
        return Outgoing(updated, item.org_id, event_id=f"{item.content_id}-update-{marker.revision}")
    return Outgoing(_published(item), item.org_id, event_id=f"{item.content_id}-publish")


def _submitted(item: ContentItem, marker: Marker) -> Outgoing | None:
    if item.status is not Status.IN_REVIEW:
        return None  # reviewed (or withdrawn) before the news went out: nobody needs to look any more
    submitted_by = item.submitted_by or marker.actor or item.author
    submitted = ContentSubmitted(
        content_id=item.content_id,
        content_type=item.type,
        title=item.title,
        summary=item.summary,
        author=item.author,
        submitted_by=submitted_by,
        submitted_at=marker.at,
        reviewers=reviewers.for_item(item.org_id, item.author, submitted_by),
        occasion=item.occasion.value if item.occasion else None,
    )
    return Outgoing(submitted, item.org_id, event_id=f"{item.content_id}-{marker.action}")


def _published(item: ContentItem) -> ContentPublished:
    return ContentPublished(
        content_id=item.content_id,
        content_type=item.type,
        url=item.url or "",
        title=item.title,
        slug=item.slug,
        summary=item.summary,
        image_url=item.image_url,
        images=item.images,
        audience=item.audience,
        suggested_texts=item.suggested_texts,
        networks=item.networks,
        published_at=item.published_at or item.updated_at,
        expires_at=item.expires_at,
    )


# --- the schedule -------------------------------------------------------------------------


def run_due_work(publisher: Publisher | None = None, at: datetime | None = None, max_batches: int = 10) -> int:
    """Publish what reached publish_at, expire what reached expires_at, finish interrupted announcements.

    A marker whose work fails stays, and the next run tries again; the others go ahead.
    Returns the number of markers done.
    """
    at = at or now()
    publisher = publisher or default_publisher()
    done = 0
    for _batch in range(max_batches):
        markers = store.due_markers(at)
        progressed = 0
        for marker in markers:
            try:
                _do(marker, publisher, at)
            except Exception:
                logger.exception("Due work failed; the next run retries it: %s", marker.sort_key)
                continue
            progressed += 1
        done += progressed
        if len(markers) < 100 or progressed == 0:
            break
    return done


def _do(marker: Marker, publisher: Publisher, at: datetime) -> None:
    if marker.action.startswith("announce"):
        announce(marker, publisher)
        return
    item = store.get(marker.org_id, marker.content_id)
    due = _clock_transition(item, marker.action, at) if item else None
    if item is None or due is None:
        # The item moved on (edited, rescheduled, archived): this marker is stale.
        store.delete_due_marker(marker.sort_key)
        return
    status, reason = due
    updates: dict[str, object] = {"status": status, "updated_at": at, "status_at": at, "revision": item.revision + 1}
    if status is Status.PUBLISHED:
        updates["published_at"] = at
    audit = AuditEntry(marker.action, SCHEDULE, at, item.status.value, status.value, reason)
    _commit(item, item.model_copy(update=updates), audit, publisher)


def _clock_transition(item: ContentItem, action: str, at: datetime) -> tuple[Status, str] | None:
    if action == "publish" and item.status is Status.SCHEDULED and (item.publish_at is None or item.publish_at <= at):
        return Status.PUBLISHED, "publish_at reached"
    if action == "expire" and item.status is Status.PUBLISHED and item.expires_at is not None and item.expires_at <= at:
        return Status.EXPIRED, "expires_at reached"
    return None
