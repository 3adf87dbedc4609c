"""The daily "new for you" digest: never one mail per item, at most one digest per employee per day.

- When content is published, every targeted employee who wants it gets the item added to their
  next digest: one item per employee per local day (`DIGEST#{date}`), sent at their digest time
  (08:00 by default) in their timezone, or when their quiet hours end. Adding is an idempotent
  set ADD, so a redelivered event changes nothing.
- A vacancy in the employee's own department goes into the same digest, highlighted at the top:
  one mail a day stays one mail a day, and the vacancy is the first thing they see.
- At send time the digest is built from what is still true: items that expired or that the
  employee already shared are left out; an empty digest is not sent.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from estafette.domain import ContentType
from estafette.events import ContentPublished
from notifications import store
from notifications.config import app_url
from notifications.model import Kind, Member
from notifications.templates import Block, Message, one_line, text
from notifications.timing import digest_slot, next_day_slot, zone

MAX_ITEMS = 8  # a digest people read; the rest waits in the feed
FAN_OUT_THREADS = 16
MAX_DAYS_AHEAD = 3


def content_record(event: ContentPublished) -> dict[str, Any]:
    record = event.model_dump(mode="json", include={"content_id", "content_type", "url", "title", "summary", "audience"})
    record["published_at"] = event.published_at.isoformat()
    if event.expires_at:
        record["expires_at"] = event.expires_at.isoformat()
    return record


def is_vacancy_in_department(event: ContentPublished, member: Member) -> bool:
    departments = {d.casefold() for d in event.audience.departments}
    return (
        event.content_type is ContentType.VACANCY
        and bool(departments)
        and member.department is not None
        and member.department.casefold() in departments
    )


def add_to_digests(org_id: str, event: ContentPublished, now: datetime) -> int:
    """Put a newly published item in the next digest of everyone it is meant for; returns how many."""

    def add(member: Member) -> bool:
        vacancy = is_vacancy_in_department(event, member)
        if not member.wants(Kind.VACANCY if vacancy else Kind.NEW_CONTENT):
            return False
        prefs = member.preferences
        tz = zone(member.timezone)
        day, send_at = digest_slot(now, tz, prefs.digest_time, prefs.quiet_hours)
        for _ in range(MAX_DAYS_AHEAD):
            if store.add_to_digest(org_id, member.employee_id, day.isoformat(), send_at, event.content_id, vacancy=vacancy):
                return True
            day, send_at = next_day_slot(day, tz, prefs.digest_time, prefs.quiet_hours)  # that day's digest went out
        raise RuntimeError(f"no open digest for {member.employee_id} in {MAX_DAYS_AHEAD} days")

    targets = [m for m in store.members(org_id) if m.reachable and event.audience.includes(m.profile())]
    if not targets:
        return 0
    with ThreadPoolExecutor(max_workers=min(FAN_OUT_THREADS, len(targets))) as pool:
        return sum(pool.map(add, targets))


@dataclass(frozen=True)
class Digest:
    message: Message
    kinds: list[Kind]


def is_live(record: dict[str, Any], now: datetime) -> bool:
    expires = record.get("expires_at")
    return not record.get("expired") and (not expires or datetime.fromisoformat(expires) > now)


def compose(member: Member, digest: dict[str, Any], now: datetime) -> Digest | None:
    """The digest as it should read now, or None when nothing in it is still worth sending."""
    vacancy_ids = set(digest.get("vacancy_ids") or ()) if member.wants(Kind.VACANCY) else set()
    new_ids = (set(digest.get("new_ids") or ()) - vacancy_ids) if member.wants(Kind.NEW_CONTENT) else set()
    wanted = sorted(vacancy_ids | new_ids)
    if not wanted:
        return None
    records = store.contents(member.org_id, wanted)
    shared = store.shared_among(member.org_id, member.employee_id, wanted)
    live = [r for cid, r in records.items() if cid not in shared and is_live(r, now)]
    newest_first = sorted(live, key=lambda r: r["published_at"], reverse=True)
    vacancies = [r for r in newest_first if r["content_id"] in vacancy_ids]
    news = [r for r in newest_first if r["content_id"] not in vacancy_ids]
    if not vacancies and not news:
        return None
    language = member.language.value
    shown = (vacancies + news)[:MAX_ITEMS]
    more = len(vacancies) + len(news) - len(shown)
    first = one_line(shown[0]["title"], 80)
    others = len(vacancies) + len(news) - 1
    key = "digest_subject_vacancy" if vacancies else "digest_subject"
    subject = text(language, f"{key}_more", title=first, more=others) if others else text(language, key, title=first)
    blocks = [greeting(member), Block("paragraph", text(language, "digest_intro"))]
    shown_vacancies = [r for r in shown if r["content_id"] in vacancy_ids]
    shown_news = [r for r in shown if r["content_id"] not in vacancy_ids]
    if shown_vacancies:
        blocks.append(Block("heading", text(language, "digest_vacancies"), emphasis=True))
        blocks += [item_block(r, language, emphasis=True) for r in shown_vacancies]
    if shown_news:
        blocks.append(Block("heading", text(language, "digest_new")))
        blocks += [item_block(r, language) for r in shown_news]
    if more:
        blocks.append(Block("note", text(language, "digest_more", more=more)))
    blocks.append(Block("button", text(language, "share_button"), url=app_url("/feed")))
    kinds = ([Kind.VACANCY] if vacancies else []) + ([Kind.NEW_CONTENT] if news else [])
    return Digest(Message(subject=subject, blocks=blocks), kinds)


def greeting(member: Member) -> Block:
    language = member.language.value
    first_name = member.name.split()[0] if member.name.strip() else ""
    return Block("paragraph", text(language, "greeting", name=first_name) if first_name else text(language, "greeting_anonymous"))


def item_block(record: dict[str, Any], language: str, emphasis: bool = False) -> Block:
    return Block(
        "item",
        record["title"],
        url=record["url"],
        detail=record.get("summary") or "",
        action=text(language, "share_button"),
        action_url=app_url(f"/feed?content={record['content_id']}"),
        emphasis=emphasis,
    )
