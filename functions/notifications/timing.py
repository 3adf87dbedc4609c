"""When an email may go out: the daily digest slot, the weekly slot, and quiet hours, in the employee's timezone.

All arithmetic on local wall-clock times uses aware datetimes in the employee's zone, so a
digest at 08:00 stays at 08:00 across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from notifications.model import QuietHours, clock

DEFAULT_ZONE = "Europe/Amsterdam"


def zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def after_quiet_hours(at: datetime, tz: tzinfo, quiet: QuietHours | None) -> datetime:
    """`at` itself, or the end of the quiet hours it falls in."""
    local = at.astimezone(tz)
    if quiet is None or not quiet.contains(local.time()):
        return at.astimezone(UTC)
    end = datetime.combine(local.date(), clock(quiet.end), tzinfo=tz)
    if end <= local:
        end += timedelta(days=1)
    return end.astimezone(UTC)


def in_quiet_hours(at: datetime, tz: tzinfo, quiet: QuietHours | None) -> bool:
    return quiet is not None and quiet.contains(at.astimezone(tz).time())


def digest_slot(after: datetime, tz: tzinfo, digest_time: str, quiet: QuietHours | None) -> tuple[date, datetime]:
    """The first daily digest after `after`: its local date (the digest's key) and when it is sent (UTC)."""
    local = after.astimezone(tz)
    slot = datetime.combine(local.date(), clock(digest_time), tzinfo=tz)
    if slot <= local:
        slot += timedelta(days=1)
    return slot.date(), after_quiet_hours(slot, tz, quiet)


def next_day_slot(day: date, tz: tzinfo, digest_time: str, quiet: QuietHours | None) -> tuple[date, datetime]:
    """The digest of the day after `day` (when `day`'s digest has already gone out)."""
    following = datetime.combine(day + timedelta(days=1), clock(digest_time), tzinfo=tz)
    return following.date(), after_quiet_hours(following, tz, quiet)


def iso_week(at: datetime, tz: tzinfo) -> tuple[str, date]:
    """The ISO week `at` falls in, locally: its key (2026-W10) and its Monday."""
    local = at.astimezone(tz).date()
    year, week, weekday = local.isocalendar()
    return f"{year}-W{week:02d}", local - timedelta(days=weekday - 1)


def weekly_slot(monday: date, tz: tzinfo, digest_time: str, quiet: QuietHours | None) -> datetime:
    """The weekly impact digest of the week starting `monday` goes out the Monday after, at digest time."""
    slot = datetime.combine(monday + timedelta(days=7), clock(digest_time), tzinfo=tz)
    return after_quiet_hours(slot, tz, quiet)
