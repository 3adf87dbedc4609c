"""Industry sources: RSS and Atom feeds whose new entries become drafts in the curator's library.

A curator adds a feed (`/v1/sources`) with a content type (industry or expertise), a default
audience and language. A schedule (`handlers/sources.py`) Queries the sparse due index once and
sends each due source to the poll queue; the poller (`handlers/source_poller.py`) reads one
source at a time:

1. a conditional GET (`If-None-Match` with the last ETag, `If-Modified-Since` with the last
   Last-Modified) through `safe_fetch`, the SSRF guard the link previews use: public addresses
   only, every redirect checked again, at most `sources_max_bytes` (2 MB) within
   `sources_timeout_seconds` (8 s); 304 means nothing changed;
2. the document is parsed with feedparser (`feeds.py`); entries whose fingerprint is in the
   source's `seen` list (the entries of its last document) cost nothing;
3. each new entry (at most `MAX_NEW_PER_POLL`, newest first; a source's first poll takes its
   latest `FIRST_POLL_ENTRIES`; one whose link is not a public web address is passed over, as
   content links are, and an image address that is not public is left out) becomes a **draft**
   with its origin (`source_id`, guid), title, summary and preview card from the feed, in one
   conditional write that also claims its guid and canonical URL for the org
   (`source_store.create_draft`): an article two sources carry, or a redelivered poll, never
   makes a second draft. Nothing is published without a curator;
4. the source is written back (ETag, Last-Modified, seen list, next poll) conditional on its
   revision, so a curator's edit in between is never overwritten.

A feed that fails (unreachable, refused by the SSRF guard, not a feed, larger than the limit,
a redirect loop) records `last_error` and backs off: the next poll waits
`poll_minutes × 2^failures`, at most a day. Nothing is raised: other sources go on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

import content_publishing.messages  # noqa: F401  (registers the messages raised and shown below)
from content_publishing import feeds, safe_fetch, source_store, validation
from content_publishing.config import config
from content_publishing.model import ContentItem, Origin, Status, new_content_id, slugify
from estafette import clock, settings
from estafette.auth import Caller
from estafette.domain import Audience, ContentType, Language
from estafette.errors import Conflict, NotFound, Unprocessable
from estafette.i18n import message
from estafette.observability import logger_for

logger = logger_for("content_publishing")

MAX_NEW_PER_POLL = 20
FIRST_POLL_ENTRIES = 10
MAX_BACKOFF = timedelta(days=1)
SEEN_LIMIT = feeds.MAX_ENTRIES
FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
USER_AGENT = "EstafetteFeeds/1.0 (+industry sources for employee advocacy)"
SourceType = Literal[ContentType.INDUSTRY, ContentType.EXPERTISE]


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: HttpUrl = Field(description="The RSS 2.0 or Atom feed's address")
    name: str = Field(default="", max_length=200, description="Empty: the feed's own title, once read")
    content_type: SourceType = ContentType.INDUSTRY
    audience: Audience = Field(default_factory=Audience, description="Who the drafts are meant for, by default")
    language: Language = Language.EN
    active: bool = True


class SourcePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: HttpUrl | None = None
    name: str | None = Field(default=None, max_length=200)
    content_type: SourceType | None = None
    audience: Audience | None = None
    language: Language | None = None
    active: bool | None = Field(default=None, description="false pauses polling; true resumes it now")


# --- the curator's API ----------------------------------------------------------------------


def view(source: dict[str, Any], language: str) -> dict[str, Any]:
    """A source as the API shows it: no validators or seen list, the last error in the caller's language."""
    shown = {k: v for k, v in source.items() if k not in ("etag", "last_modified", "seen", "gsi1pk", "gsi1sk", "org_id")}
    error = source.get("last_error")
    if error:
        shown["last_error"] = {**error, "message": message(error["code"], language, reason=error.get("reason", ""))}
    if not source.get("active"):
        shown["status"] = "paused"
    elif error:
        shown["status"] = "failing"
    elif source.get("last_success_at"):
        shown["status"] = "ok"
    else:
        shown["status"] = "waiting"
    return shown


def _checked(org_id: str, url: str, audience: Audience, language: Language) -> Audience:
    try:
        safe_fetch.check_url(url)
    except safe_fetch.FetchRefused as exc:
        raise Unprocessable("preview_refused", field="url", reason=str(exc)) from exc
    rules = settings.for_org(org_id).content
    if rules.languages and language not in rules.languages:
        raise Unprocessable("unknown_language", field="language", value=str(language), known=", ".join(rules.languages))
    return validation.check_audience(audience, rules)


def create(caller: Caller, body: SourceIn) -> dict[str, Any]:
    url = str(body.url)
    audience = _checked(caller.org_id, url, body.audience, body.language)
    existing = source_store.list_for_org(caller.org_id)
    if len(existing) >= source_store.MAX_SOURCES_PER_ORG:
        raise Conflict("too_many_sources", limit=source_store.MAX_SOURCES_PER_ORG)
    if any(s["url"] == url for s in existing):
        raise Conflict("source_exists", url=url)
    now = clock.now()
    source = {
        "source_id": new_content_id(),
        "org_id": caller.org_id,
        "url": url,
        "name": body.name.strip(),
        "content_type": body.content_type.value,
        "audience": audience.model_dump(mode="json"),
        "language": body.language.value,
        "active": body.active,
        "created_by": caller.sub,
        "created_at": now.isoformat(),
        "updated_at": now.isoformat(),
        "next_poll_at": now.isoformat(),  # due at the schedule's next run
        "failures": 0,
        "entries_created": 0,
        "revision": 1,
    }
    if not source_store.put(source, expected_revision=None):
        raise Conflict("changed_meanwhile")
    return source


def get(caller: Caller, source_id: str) -> dict[str, Any]:
    source = source_store.get(caller.org_id, source_id)
    if source is None:
        raise NotFound(what=f"Source {source_id}")
    return source


def edit(caller: Caller, source_id: str, body: SourcePatch) -> dict[str, Any]:
    source = get(caller, source_id)
    changes = body.model_dump(exclude_unset=True, mode="json")
    for required in ("url", "content_type", "audience", "language", "active"):
        if required in changes and changes[required] is None:
            raise Unprocessable(field=required, reason="may not be null")
    url = changes.get("url", source["url"])
    language = Language(changes.get("language", source["language"]))
    audience = Audience.model_validate(changes.get("audience", source["audience"]))
    changes["audience"] = _checked(caller.org_id, url, audience, language).model_dump(mode="json")
    now = clock.now()
    updated = {**source, **changes, "updated_at": now.isoformat(), "revision": int(source["revision"]) + 1}
    if "name" in changes:
        updated["name"] = (changes["name"] or "").strip()
    if url != source["url"]:
        # Another feed: forget what the old one said, and read it at once.
        for stale in ("etag", "last_modified", "seen", "last_error", "last_success_at", "feed_title"):
            updated.pop(stale, None)
        updated.update(failures=0, next_poll_at=now.isoformat())
    if changes.get("active") and not source.get("active"):
        updated.update(failures=0, next_poll_at=now.isoformat())  # resumed: due now, without old backoff
    if not source_store.put(updated, expected_revision=int(source["revision"])):
        raise Conflict("changed_meanwhile")
    return updated


def delete(caller: Caller, source_id: str) -> None:
    """The source goes; the drafts it made stay in the library, and its entries never come back."""
    if not source_store.delete(caller.org_id, source_id):
        raise NotFound(what=f"Source {source_id}")


# --- polling ---------------------------------------------------------------------------------


def policy() -> safe_fetch.FetchPolicy:
    settings_ = config()
    return replace(
        safe_fetch.FetchPolicy(),
        timeout_seconds=settings_.sources_timeout_seconds,
        max_bytes=settings_.sources_max_bytes,
        allow_loopback=settings_.sources_allow_loopback,
        user_agent=USER_AGENT,
        accept=FEED_TYPES,
    )


class FeedError(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def read(
    source: dict[str, Any], fetch_policy: safe_fetch.FetchPolicy | None = None
) -> tuple[safe_fetch.Fetched, feeds.Feed | None]:
    """The feed as it is now (None: not modified since the last poll). FeedError says why not."""
    fetch_policy = fetch_policy or policy()
    conditional = {}
    if source.get("etag"):
        conditional["If-None-Match"] = source["etag"]
    if source.get("last_modified"):
        conditional["If-Modified-Since"] = source["last_modified"]
    try:
        fetched = safe_fetch.get(source["url"], fetch_policy, headers=conditional)
    except safe_fetch.FetchRefused as exc:
        raise FeedError("feed_refused", str(exc)) from exc
    except safe_fetch.FetchFailed as exc:
        raise FeedError("feed_failed", str(exc)) from exc
    if fetched.status == 304:
        return fetched, None
    if fetched.truncated:
        raise FeedError("feed_too_large", f"larger than {fetch_policy.max_bytes // (1024 * 1024)} MB")
    try:
        return fetched, feeds.parse(fetched.body, fetched.url)
    except feeds.NotAFeed as exc:
        raise FeedError("not_a_feed", str(exc)) from exc
    except Exception as exc:  # a feed's bytes are never our crash
        raise FeedError("not_a_feed", f"the document could not be read ({type(exc).__name__})") from exc


def poll(org_id: str, source_id: str, due: str | None = None) -> dict[str, Any]:
    """Poll one source; idempotent. Returns what happened (for logs and tests)."""
    source = source_store.get(org_id, source_id)
    if source is None or not source.get("active"):
        return {"skipped": "gone or paused"}
    if due is not None and source_store.due_key(datetime.fromisoformat(source["next_poll_at"]), org_id, source_id) != due:
        return {"skipped": "already polled"}  # a redelivered or duplicate message
    now = clock.now()
    interval = timedelta(minutes=config().sources_poll_minutes)
    updated = {**source, "last_polled_at": now.isoformat(), "revision": int(source["revision"]) + 1}
    created = 0
    try:
        fetched, feed = read(source)
    except FeedError as error:
        failures = int(source.get("failures", 0)) + 1
        updated.update(
            failures=failures,
            last_error={"code": error.code, "reason": error.reason, "at": now.isoformat()},
            next_poll_at=(now + min(interval * 2**failures, MAX_BACKOFF)).isoformat(),
        )
        logger.info("Source failed", extra={"org_id": org_id, "source_id": source_id, "code": error.code})
    else:
        if feed is not None:
            created = _drafts(source, feed, now)
            updated["seen"] = [feeds.fingerprint(e.guid) for e in feed.entries][:SEEN_LIMIT]
            updated["feed_title"] = feed.title or source.get("feed_title")
            updated["etag"] = fetched.headers.get("etag")
            updated["last_modified"] = fetched.headers.get("last-modified")
        updated.pop("last_error", None)
        updated.update(
            failures=0,
            last_success_at=now.isoformat(),
            next_poll_at=(now + interval).isoformat(),
            entries_created=int(source.get("entries_created", 0)) + created,
        )
    if not source_store.put(updated, expected_revision=int(source["revision"])):
        return {"skipped": "changed meanwhile", "drafts": created}
    return {"drafts": created, "error": (updated.get("last_error") or {}).get("code")}


def _drafts(source: dict[str, Any], feed: feeds.Feed, now: datetime) -> int:
    seen = set(source.get("seen") or ())
    # An entry whose link is not a public web address (a private network, this machine, cloud
    # metadata) never becomes content: the tracked link would send people there.
    fresh = [
        _public(e)
        for e in feed.entries
        if feeds.fingerprint(e.guid) not in seen and not (e.url and safe_fetch.link_problem(e.url))
    ]
    # Newest first; entries without a date keep the document's order (feeds list newest first).
    fresh.sort(key=lambda e: e.published.timestamp() if e.published else float("-inf"), reverse=True)
    limit = FIRST_POLL_ENTRIES if "seen" not in source else MAX_NEW_PER_POLL
    created = 0
    for entry in fresh[:limit]:
        if source_store.create_draft(draft(source, entry, now), _markers(source["org_id"], entry), now):
            created += 1
    return created


def _public(entry: feeds.Entry) -> feeds.Entry:
    """The entry without an image address that is not public (the card would load it from there)."""
    if entry.image_url and safe_fetch.link_problem(entry.image_url):
        return replace(entry, image_url=None)
    return entry


def _markers(org_id: str, entry: feeds.Entry) -> list[dict[str, str]]:
    return source_store.marker_keys(org_id, feeds.fingerprint(entry.guid), feeds.fingerprint(entry.url) if entry.url else None)


def draft(source: dict[str, Any], entry: feeds.Entry, now: datetime) -> ContentItem:
    return ContentItem(
        content_id=new_content_id(),
        org_id=source["org_id"],
        type=ContentType(source["content_type"]),
        url=entry.url,
        title=entry.title,
        slug=slugify(entry.title),
        summary=entry.summary,
        image_url=entry.image_url,
        audience=Audience.model_validate(source.get("audience") or {}),
        status=Status.DRAFT,
        author=source.get("created_by") or "source",
        created_at=now,
        updated_at=now,
        status_at=now,
        source=f"feed:{source['source_id']}",
        origin=Origin(source_id=source["source_id"], guid=entry.guid, language=source.get("language")),
    )
