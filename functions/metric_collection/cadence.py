"""The decaying harvest cadence: often while a post is young, rarely later, never after the window closes.

A post's counters move fast in its first two days and hardly at all after a month, so harvests follow
the post's age. The slots are anchored to `posted_at`, so a late harvest does not push later ones back:

- every hour for the first 48 hours           (+1 h … +48 h)
- every day until day 14                      (+3 d … +14 d)
- every week until day 30                     (+21 d, +28 d)
- one last harvest when the window closes     (+30 d), then never again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# (until this age, harvest every) — the rule as data.
CADENCE: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(hours=48), timedelta(hours=1)),
    (timedelta(days=14), timedelta(days=1)),
    (timedelta(days=30), timedelta(days=7)),
)
WINDOW = CADENCE[-1][0]


def slots(posted_at: datetime) -> list[datetime]:
    """Every planned harvest of a post, in order."""
    offsets: list[timedelta] = []
    start = timedelta(0)
    for until, every in CADENCE:
        offset = start + every
        while offset <= until:
            offsets.append(offset)
            offset += every
        start = offsets[-1]
    if offsets[-1] != WINDOW:
        offsets.append(WINDOW)
    return [posted_at + offset for offset in offsets]


def next_harvest(posted_at: datetime, after: datetime) -> datetime | None:
    """The first slot strictly after `after`, or None once the window has closed."""
    return next((slot for slot in slots(posted_at) if slot > after), None)
