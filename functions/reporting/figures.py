"""Report figures, each with its formula, its inputs and, for estimates, a low–high range.

The rates and benchmarks come from PRODUCT.md; the org can change the rates in its settings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from estafette.domain import Network
from estafette.i18n import message
from estafette.settings import ReportingSettings
from reporting import messages as _messages  # noqa: F401  (registers the codes used below)
from reporting.store import COUNTER_NAMES

BENCHMARK_CLICKS_PER_SHARE = 6  # a share earns about 6 clicks on average (PRODUCT.md)
BENCHMARK_CONNECTIONS = 750  # the average advocate's connections (PRODUCT.md)
_BITMAP = re.compile(r"^b(\d+)$")
CENT = Decimal("0.01")
# A post's metrics are read on this many different days over the harvest window (hourly for 48 h, daily to
# day 14, weekly to day 30: see docs/metric_collection.md); X bills a post read once per day.
READ_DAYS_PER_POST = 18
# The scope each network's post metrics need (estafette.networks.oauth.SCOPE_USES, "post_metrics").
METRICS_SCOPES = {"linkedin": ["r_member_postAnalytics"]}


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


def api_cost(totals: Totals, settings: ReportingSettings) -> dict[str, Any]:
    """What the networks' APIs cost for these shares, in EUR: posts × price per post + reads × price per read."""
    by_network: dict[str, dict[str, Any]] = {}
    total = Decimal(0)
    for network, price in settings.api_prices.items():
        posts = totals[f"shares_{network.value}"]
        if not posts:
            continue
        reads = posts * READ_DAYS_PER_POST
        native = Decimal(posts) * price.per_post + Decimal(reads) * price.per_read
        eur = native * (settings.eur_per_usd if price.currency == "USD" else Decimal(1))
        total += eur
        by_network[network.value] = {
            "posts": posts,
            "reads": reads,
            "price": {"currency": price.currency, "per_post": float(price.per_post), "per_read": float(price.per_read)},
            "cost": money(native),
            "currency": price.currency,
            "cost_eur": money(eur),
        }
    return {
        "value": money(total),
        "currency": "EUR",
        "formula": "Σ over networks of posts × price per post + posts × read days × price per read",
        "inputs": {"read_days_per_post": READ_DAYS_PER_POST, "eur_per_usd": float(settings.eur_per_usd), "networks": by_network},
        "note": "each share is one post with a URL; its metrics are read on about 18 days over 30 (X bills a read once a day)",
    }


def metrics_not_available(totals: Totals) -> list[dict[str, Any]]:
    """Per network: shares whose engagement could not be read because the app lacks a scope (not zero: unknown)."""
    gaps = []
    for network in Network:
        n = network.value
        without = totals[f"shares_without_metrics_{n}"]
        if not without:
            continue
        scopes = METRICS_SCOPES.get(n, [])
        name = {"linkedin": "LinkedIn", "x": "X", "bluesky": "Bluesky"}.get(n, n)
        params = {"network": name, "scopes": ", ".join(scopes), "without": without, "shares": totals[f"shares_{n}"]}
        gaps.append(
            {
                "network": n,
                "code": "metrics_not_available",
                "shares_without_metrics": without,
                "shares": totals[f"shares_{n}"],
                "missing_scopes": scopes,
                "message": message("metrics_not_available", "en", **params),
                "messages": {lang: message("metrics_not_available", lang, **params) for lang in ("en", "nl")},
            }
        )
    return gaps


def reach_sources(totals: Totals) -> dict[str, int]:
    """How the shares' reach is known: from the network, from the employee's own count, or not at all."""
    own, unknown = totals["reach_self_reported"], totals["reach_unknown"]
    return {"network": totals["shares"] - own - unknown, "self_reported": own, "unknown": unknown}


def views(reach: int, settings: ReportingSettings) -> dict[str, int]:
    return {"low": _times(reach, settings.visibility_low), "high": _times(reach, settings.visibility_high)}


def figures(totals: Totals, settings: ReportingSettings) -> dict[str, Any]:
    """Every KPI that the counters alone determine (participation needs the enrolled count: see `participation`)."""
    shares, clicks, reach = totals["shares"], totals["clicks"], totals["reach"]
    reactions, comments, reshares = totals["reactions"], totals["comments"], totals["reshares"]
    gaps = metrics_not_available(totals)
    engagement: dict[str, Any] = {
        "value": reactions + comments + reshares,
        "formula": "reactions + comments + reshares, as harvested from the networks",
        "inputs": {"reactions": reactions, "comments": comments, "reshares": reshares},
    }
    if gaps:
        engagement["not_available"] = gaps
    potential_reach: dict[str, Any] = {
        "value": reach,
        "formula": "Σ over shares of the sharer's connections on that network when they shared",
        "sources": reach_sources(totals),
    }
    if totals["reach_self_reported"] or totals["reach_unknown"]:
        potential_reach["note"] = (
            "self_reported: the employee's own connection count, where the network gives none; "
            "unknown: counted as 0 (neither the network nor the employee gave a count)"
        )
    cost = api_cost(totals, settings)
    value = media_value(totals, settings)
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
        "engagement": engagement,
        "potential_reach": potential_reach,
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
        "media_value": value,
        "api_cost": cost,
        "media_value_after_api_cost": {
            "value": money(Decimal(str(value["value"])) - Decimal(str(cost["value"]))),
            "currency": "EUR",
            "formula": "media value − API cost",
            "inputs": {"media_value": value["value"], "api_cost": cost["value"]},
        },
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
    costs = api_cost(totals, settings)["inputs"]["networks"]
    gaps = {gap["network"]: gap for gap in metrics_not_available(totals)}
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
                "api_cost_eur": costs[n]["cost_eur"] if n in costs else 0.0,
            }
        )
        if n in gaps:
            rows[-1]["metrics_not_available"] = gaps[n]
            if gaps[n]["shares_without_metrics"] == shares:  # nothing could be read: unknown, not zero
                rows[-1]["impressions"] = None
                rows[-1]["engagement"] = None
    return rows
