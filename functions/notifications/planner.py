"""The schedule: every few minutes, what has come due goes onto the send queue.

Due are daily digests at their slot, weekly impact digests on Monday morning and alerts held
back by quiet hours. Each sits on the sparse due index until it is queued; the index entry is
removed only after its message is on the queue, so a crash in between queues it again and the
sender's claim keeps it to one mail.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from notifications import outbound, store
from notifications.model import SendRequest

PER_PAGE = 200


# Stored item → the send request it becomes: its kind, and how its notification id is named.
SCHEDULED = {"DIGEST#": ("digest", "digest"), "IMPACT#": ("weekly_impact", "weekly-impact")}


def request_for(item: dict[str, Any]) -> SendRequest:
    sk, org_id, employee_id = item["sk"], item["org_id"], item["employee_id"]
    for prefix, (kind, label) in SCHEDULED.items():
        if sk.startswith(prefix):
            return SendRequest(
                notification_id=f"{label}-{employee_id}-{sk.removeprefix(prefix)}",
                org_id=org_id,
                channel="email",
                kind=kind,  # type: ignore[arg-type]
                employee_id=employee_id,
                ref={"pk": item["pk"], "sk": sk},
            )
    return SendRequest.model_validate(item["request"])  # a deferred alert carries its own request


def release_due(now: datetime, budget_seconds: float = 40.0) -> int:
    """Queue everything due by `now` (page by page, within the time budget); returns how many were queued.

    What does not fit in the budget stays on the index for the next run.
    """
    deadline = time.monotonic() + budget_seconds
    queued = 0
    for shard in range(store.SHARDS):
        start: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            items, start = store.due(shard, now, PER_PAGE, start)
            if items:
                outbound.enqueue([request_for(item) for item in items])
                for item in items:
                    store.mark_queued(item, now)
                queued += len(items)
            if start is None:
                break
    return queued
