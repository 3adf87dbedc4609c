"""Releases due shares to the dispatch queue: scheduled ones at their time, lost ones again.

Scheduled shares may wait days, longer than any SQS delay, so they wait in the table. Each
share that waits for a moment sits in the sparse `gsi1` index under its day
(`DUE#{yyyy-mm-dd}`, sorted by time); this runs every minute and Queries today's bucket and the
few before it up to now. Nothing is scanned, and an idle minute costs a few empty Queries.

A released share moves to `queued` with a new safety time. Queued shares that are still in
the index at their safety time (the API crashed between storing and queueing, or a message was
lost) are released again, and after three releases they fail with `dispatch_stuck` rather than
bouncing for ever. Intent shares (WhatsApp, Facebook, XING) wait in the same index for the
moment they lapse, seven days after they were asked for, unless the employee confirmed them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from estafette import clock
from estafette.publisher import Publisher
from share_dispatch import shares, store
from share_dispatch.config import config
from share_dispatch.worker import _failed_event

LOOKBACK_DAYS = 3  # the schedule may have been down this long without a share being forgotten
MAX_RELEASES = 3


def release_due(publisher: Publisher, now: datetime | None = None) -> dict[str, int]:
    now = now or clock.now()
    released: list[dict[str, Any]] = []
    counts = {"released": 0, "requeued": 0, "stuck": 0, "lapsed": 0}
    safety = now + timedelta(seconds=config().dispatch_safety_seconds)
    for days_back in range(LOOKBACK_DAYS, -1, -1):
        day = (now - timedelta(days=days_back)).date().isoformat()
        for share in store.due_shares(day, now):  # the index holds whole items (projection ALL)
            status = share.get("status")
            if status == store.AWAITING_EMPLOYEE:  # an intent share nobody confirmed in time
                counts["lapsed"] += int(shares.lapse_due(share, publisher, now))
                continue
            if status == "queued" and int(share.get("releases", 0)) >= MAX_RELEASES:
                if store.mark_failed(share, "dispatch_stuck", "The share could not be handed to the worker."):
                    publisher.publish([_outgoing(share)])
                counts["stuck"] += 1
                continue
            if status not in store.OPEN_STATUSES or not store.release(share, next_check=safety, from_status=status):
                continue
            counts["released" if status == "scheduled" else "requeued"] += 1
            if status == "queued":
                shares.announce(share, publisher, queue=False)  # ShareRequested again, under the same id
            released.append(share)
    shares.enqueue(released)
    return counts


def _outgoing(share: dict[str, Any]) -> Any:
    from estafette.publisher import Outgoing

    event = _failed_event(share, "dispatch_stuck", "The share could not be handed to the worker.")
    return Outgoing(event, share["org_id"], event_id=f"{share['share_id']}-ShareFailed")
