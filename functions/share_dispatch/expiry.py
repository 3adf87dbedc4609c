"""ConnectionExpiring: tell employees some days before they must reconnect a network.

LinkedIn's member tokens last 60 days and many apps get no refresh token, so posts would stop
in silence. Each connection with a known `reconnect_by` sits in the sparse `gsi1` index under
the day its warning is due (`WARN#{yyyy-mm-dd}`, `connection_warning_days` before). This runs
hourly and Queries today's bucket and the few before it; a warned connection leaves the index.
Connections that refresh themselves (X, Bluesky, LinkedIn partner apps) are warned only
before their refresh token runs out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from estafette import clock
from estafette.domain import Network
from estafette.events import ConnectionExpiring
from estafette.publisher import Outgoing, Publisher
from share_dispatch import store

LOOKBACK_DAYS = 3


def warn_due(publisher: Publisher, now: datetime | None = None) -> int:
    now = now or clock.now()
    warned = 0
    for days_back in range(LOOKBACK_DAYS, -1, -1):
        day = (now - timedelta(days=days_back)).date().isoformat()
        for connection in store.connections_to_warn(day):
            by = connection.get("reconnect_by")
            if not by or connection.get("status", "active") != "active":
                continue
            event = ConnectionExpiring(
                employee_id=connection["employee_id"],
                network=Network(connection["network"]),
                expires_at=datetime.fromisoformat(by.replace("Z", "+00:00")),
            )
            org_id = connection["org_id"]
            event_id = f"{org_id}-{connection['employee_id']}-{connection['network']}-{by}-expiring"
            publisher.publish([Outgoing(event, org_id, event_id=event_id)])
            if store.mark_warned(connection, by):
                warned += 1
    return warned
