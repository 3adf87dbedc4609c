"""An employee leaves (EmployeeLeft): their tokens are revoked and forgotten, nothing more goes out.

At once, and safe to repeat (events come at least once):
1. each network connection is revoked at the network where it supports that (LinkedIn and X
   token revocation, Bluesky deleteSession) and deleted; a network that is down makes the event
   fail and come back, so working tokens are never just forgotten;
2. every standing consent is revoked, with "employee_left" in its history;
3. every queued or scheduled share is cancelled (`ShareCancelled`). A share already being
   posted finishes or fails on the missing connection.
"""

from __future__ import annotations

from estafette import clock
from estafette.publisher import Publisher
from share_dispatch import connections, consents, shares, store

REASON = "employee_left"


def offboard(org_id: str, employee_id: str, publisher: Publisher) -> dict[str, int]:
    done = {"connections": 0, "consents": 0, "shares": 0}
    for connection in store.list_connections(org_id, employee_id):
        connections.revoke_at_network(org_id, connection)
        store.delete_connection(org_id, employee_id, connection["network"])
        done["connections"] += 1
    done["consents"] = consents.revoke_all(org_id, employee_id, REASON)
    for share in store.open_shares(org_id, employee_id):
        if store.cancel_share(share, REASON, clock.now()):
            shares.announce_cancelled(share, REASON, publisher)
            done["shares"] += 1
    store.mark_employee_left(org_id, employee_id)
    return done
