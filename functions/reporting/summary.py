"""The KPI summary over a period, each figure with its formula and inputs.

Reads only the org's day aggregates (one Query of at most ~400 small items), never shares.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from estafette.aws import table
from estafette.domain import Network
from estafette.errors import Unprocessable
from reporting.config import config

MAX_PERIOD_DAYS = 400
# Cost per click in EUR. LinkedIn's €3 is the measured benchmark (PRODUCT.md); other networks have
# no benchmark, so they count for nothing until an admin sets their CPC.
DEFAULT_CPC_EUR: dict[str, Decimal] = {Network.LINKEDIN.value: Decimal("3.00")}
BENCHMARK_CLICKS_PER_SHARE = 6


def validate_period(start: date, end: date) -> None:
    if start > end:
        raise Unprocessable("invalid_period", field="from", reason="'from' is after 'to'")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise Unprocessable("invalid_period", field="to", reason=f"the period is longer than {MAX_PERIOD_DAYS} days")


def day_totals(org_id: str, start: date, end: date) -> list[dict[str, Any]]:
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND sk BETWEEN :from AND :to",
        "ExpressionAttributeValues": {
            ":pk": f"ORG#{org_id}",
            ":from": f"DAY#{start.isoformat()}",
            ":to": f"DAY#{end.isoformat()}",
        },
    }
    items: list[dict[str, Any]] = []
    while True:
        response = table(config().reporting_table_name).query(**kwargs)
        items.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return items
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def summarise(org_id: str, start: date, end: date, cpc: dict[str, Decimal] | None = None) -> dict[str, Any]:
    validate_period(start, end)
    cpc = DEFAULT_CPC_EUR if cpc is None else cpc
    totals: dict[str, int] = {}
    for day in day_totals(org_id, start, end):
        for key, value in day.items():
            if key not in ("pk", "sk"):
                totals[key] = totals.get(key, 0) + int(value)
    shares, clicks = totals.get("shares", 0), totals.get("clicks", 0)
    per_network = {
        n.value: {"shares": totals.get(f"shares_{n.value}", 0), "clicks": totals.get(f"clicks_{n.value}", 0)}
        for n in Network
        if totals.get(f"shares_{n.value}") or totals.get(f"clicks_{n.value}")
    }
    value = sum((Decimal(v["clicks"]) * cpc.get(n, Decimal(0)) for n, v in per_network.items()), Decimal(0))
    return {
        "period": {"from": start.isoformat(), "to": (end).isoformat(), "days": (end - start + timedelta(days=1)).days},
        "shares": {"value": shares, "formula": "count of SharePosted"},
        "clicks": {"value": clicks, "formula": "count of LinkClicked, bots excluded"},
        "unique_clicks": {"value": totals.get("unique_clicks", 0), "formula": "first click per visitor per link per day"},
        "clicks_per_share": {
            "value": round(clicks / shares, 2) if shares else 0,
            "formula": "clicks ÷ shares",
            "benchmark": BENCHMARK_CLICKS_PER_SHARE,
        },
        "potential_reach": {"value": totals.get("reach", 0), "formula": "sum of the sharers' connections per share"},
        "media_value": {
            "value": float(value),
            "currency": "EUR",
            "formula": "Σ over networks of clicks × cost per click",
            "inputs": {
                "cpc_eur": {n: float(c) for n, c in cpc.items()},
                "clicks": {n: v["clicks"] for n, v in per_network.items()},
            },
            "networks_without_cpc": sorted(n for n in per_network if n not in cpc),
        },
        "networks": per_network,
    }
