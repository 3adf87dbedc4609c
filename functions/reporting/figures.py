"""Report figures, each with its formula, its inputs and, for estimates, a low–high range.

The rates and benchmarks come from docs/product.md; the org can change the rates in its settings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from estafette.domain import Network
from estafette.settings import ReportingSettings
from reporting.store import COUNTER_NAMES

BENCHMARK_CLICKS_PER_SHARE = 6  # a share earns about 6 clicks on average (docs/product.md)
BENCHMARK_CONNECTIONS = 750  # the average advocate's connections (docs/product.md)
_BITMAP = re.compile(r"^b(\d+)$")
CENT = Decimal("0.01")


@dataclass
class Totals:
    """Counters summed over aggregate items, and the union of their activity bitmaps."""

    counters: Counter[str] = field(default_factory=Counter)
    bitmap: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, items: Iterable[Mapping[str, Any]]) -> Totals:
        totals = cls()
        for item in items:
            totals.add(item)
        return totals

    def add(self, item: Mapping[str, Any]) -> None:
        for name, value in item.items():
            if name in COUNTER_NAMES:
                self.counters[name] += int(value)
            elif bit := _BITMAP.match(name):
                chunk = int(bit.group(1))
                self.bitmap[chunk] = self.bitmap.get(chunk, 0) | int(value)

    def __getitem__(self, name: str) -> int:
        return self.counters.get(name, 0)

    @property
    def active(self) -> int:
        """How many distinct advocates shared: the set bits of the union of the day bitmaps."""
        return sum(bits.bit_count() for bits in self.bitmap.values())

    def networks(self) -> list[Network]:
        """Networks with any activity, in the enum's order."""
        return [
            n for n in Network if any(self[f"{name}_{n.value}"] for name in ("shares", "clicks", "impressions", "failed_shares"))
        ]


def money(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _times(value: int, rate: float) -> int:
    return int((Decimal(value) * Decimal(str(rate))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ratio(numerator: int, denominator: int, places: int = 2) -> float:
    return round(numerator / denominator, places) if denominator else 0.0


def _rate_ratio(numerator: float, denominator: float) -> float | None:
    return float(round(Decimal(str(numerator)) / Decimal(str(denominator)), 1)) if denominator else None


def cpc_table(settings: ReportingSettings) -> dict[str, Decimal]:
    return {network.value: value for network, value in settings.cpc_eur.items()}


def media_value(totals: Totals, settings: ReportingSettings) -> dict[str, Any]:
    cpc = cpc_table(settings)
    clicks = {n.value: totals[f"clicks_{n.value}"] for n in Network if totals[f"clicks_{n.value}"]}
    unique = {n.value: totals[f"unique_clicks_{n.value}"] for n in Network if totals[f"unique_clicks_{n.value}"]}
    value = sum((Decimal(count) * cpc.get(n, Decimal(0)) for n, count in clicks.items()), Decimal(0))
    low = sum((Decimal(count) * cpc.get(n, Decimal(0)) for n, count in unique.items()), Decimal(0))
    return {
        "value": money(value),
        "currency": "EUR",
        "formula": "Σ over networks of clicks × cost per click",
        "inputs": {"cpc_eur": {n: float(c) for n, c in cpc.items()}, "clicks": clicks, "unique_clicks": unique},
        "range": {"low": money(low), "high": money(value)},
        "range_formula": "low: unique clicks × cost per click; high: all clicks × cost per click",
        "networks_without_cpc": sorted(n for n in clicks if n not in cpc),
    }


def views(reach: int, settings: ReportingSettings) -> dict[str, int]:
    return {"low": _times(reach, settings.visibility_low), "high": _times(reach, settings.visibility_high)}


def figures(totals: Totals, settings: ReportingSettings) -> dict[str, Any]:
    """Every KPI that the counters alone determine (participation needs the enrolled count: see `participation`)."""
    shares, clicks, reach = totals["shares"], totals["clicks"], totals["reach"]
    reactions, comments, reshares = totals["reactions"], totals["comments"], totals["reshares"]
    visibility = {"visibility_low": settings.visibility_low, "visibility_high": settings.visibility_high}
    company_rate = {"company_page_low": settings.company_page_low, "company_page_high": settings.company_page_high}
    return {
        "shares": {"value": shares, "formula": "count of shares posted to a network"},
        "failed_shares": {"value": totals["failed_shares"], "formula": "count of shares a network refused for good"},
        "clicks": {"value": clicks, "formula": "count of clicks on tracked links, bots excluded"},
        "unique_clicks": {
            "value": totals["unique_clicks"],
            "formula": "clicks counting each visitor once per link per day",
        },
        "clicks_per_share": {
            "value": _ratio(clicks, shares),
            "formula": "clicks ÷ shares",
            "inputs": {"clicks": clicks, "shares": shares},
            "benchmark": BENCHMARK_CLICKS_PER_SHARE,
            "versus_benchmark": _ratio(clicks, shares * BENCHMARK_CLICKS_PER_SHARE),
        },
        "impressions": {
            "value": totals["impressions"],
            "formula": "Σ impressions the networks reported (harvested), new since each previous harvest",
            "note": "networks report impressions only for some posts; estimated_views covers all of them",
        },
        "engagement": {
            "value": reactions + comments + reshares,
            "formula": "reactions + comments + reshares, as harvested from the networks",
            "inputs": {"reactions": reactions, "comments": comments, "reshares": reshares},
        },
        "potential_reach": {
            "value": reach,
            "formula": "Σ over shares of the sharer's connections on that network when they shared",
        },
        "estimated_views": {
            "range": views(reach, settings),
            "formula": "potential reach × share of connections who see a post",
            "inputs": {"potential_reach": reach, **visibility},
        },
        "company_page_views": {
            "range": {"low": _times(reach, settings.company_page_low), "high": _times(reach, settings.company_page_high)},
            "formula": "potential reach × a company page's organic reach (the same posts, to as many followers, from the page)",
            "inputs": {"potential_reach": reach, **company_rate},
        },
        "advocacy_multiple": {
            "range": {
                "low": _rate_ratio(settings.visibility_low, settings.company_page_high),
                "high": _rate_ratio(settings.visibility_high, settings.company_page_low),
            },
            "formula": "estimated views ÷ company page views (low: lowest visibility ÷ highest page rate)",
            "inputs": {**visibility, **company_rate},
        },
        "media_value": media_value(totals, settings),
        "opportunities": {"value": totals["opportunities"], "formula": "count of commercial opportunities employees logged"},
    }


def participation(active: int, enrolled: int) -> dict[str, Any]:
    # Advocates who shared without ever arriving through the HR directory still count as enrolled,
    # so the rate never exceeds 100%.
    counted = max(enrolled, active)
    figure: dict[str, Any] = {
        "value": _ratio(active, counted, 4),
        "formula": "active advocates ÷ enrolled advocates",
        "inputs": {"active_advocates": active, "enrolled": counted},
        "definitions": {
            "active_advocates": "employees who posted at least one share in the period",
            "enrolled": "employees enrolled (joined and not left) at the end of the period",
        },
    }
    if counted != enrolled:
        figure["note"] = f"{counted - enrolled} advocates shared without being enrolled through HR and count as enrolled"
    return figure


def network_split(totals: Totals, settings: ReportingSettings) -> list[dict[str, Any]]:
    cpc = cpc_table(settings)
    rows = []
    for network in totals.networks():
        n = network.value
        clicks, shares, reach = totals[f"clicks_{n}"], totals[f"shares_{n}"], totals[f"reach_{n}"]
        rate = cpc.get(n)
        rows.append(
            {
                "network": n,
                "shares": shares,
                "failed_shares": totals[f"failed_shares_{n}"],
                "clicks": clicks,
                "unique_clicks": totals[f"unique_clicks_{n}"],
                "clicks_per_share": _ratio(clicks, shares),
                "potential_reach": reach,
                "estimated_views": views(reach, settings),
                "impressions": totals[f"impressions_{n}"],
                "engagement": {k: totals[f"{k}_{n}"] for k in ("reactions", "comments", "reshares")},
                "opportunities": totals[f"opportunities_{n}"],
                "cpc_eur": float(rate) if rate is not None else None,
                "media_value": money(Decimal(clicks) * rate) if rate is not None else 0.0,
            }
        )
    return rows
