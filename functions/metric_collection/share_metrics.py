"""A share's metrics as its author (or a curator of the org) sees them: the network's counters, when they
were read, when they are read next, and why the last harvest failed if it did."""

from __future__ import annotations

from typing import Any

from estafette.auth import Caller
from estafette.domain import Role
from estafette.errors import NotFound
from metric_collection import store
from metric_collection.messages import NETWORK_NAMES, text

COUNTERS = ("impressions", "reactions", "comments", "reshares")


def for_caller(caller: Caller, share_id: str, language: str) -> dict[str, Any]:
    item = store.get_post(caller.org_id, share_id)  # the key carries the caller's org: other tenants' shares are absent
    if item is None or not (item["employee_id"] == caller.sub or caller.has_any(Role.CURATOR, Role.ADMIN)):
        raise NotFound("metrics_not_found", share_id=share_id)
    return view(item, language)


def view(item: dict[str, Any], language: str) -> dict[str, Any]:
    counters = item.get("counters") or {}
    failure = item.get("last_failure")
    network = str(item["network"])
    return {
        "share_id": item["share_id"],
        "employee_id": item["employee_id"],
        "content_id": item["content_id"],
        "network": network,
        "posted_at": item["posted_at"],
        "status": item["status"],
        "harvests": int(item.get("harvests", 0)),
        "last_harvested_at": item.get("last_harvested_at"),
        "next_harvest_at": item.get("next_harvest_at"),
        # null: the network does not give this counter (impressions of LinkedIn and Bluesky member posts)
        "counters": {name: None if counters.get(name) is None else int(counters[name]) for name in COUNTERS},
        "last_failure": None
        if not failure
        else {
            "code": failure["code"],
            "message": text(f"harvest_{failure['code']}", language, network=NETWORK_NAMES.get(network, network)),
            "detail": failure.get("detail", ""),
            "at": failure["at"],
        },
    }
