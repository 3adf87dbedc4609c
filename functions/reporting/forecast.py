"""The added-media-value forecast (docs/product.md): participants × posts per participant × clicks per share × CPC.

Defaults come from the org's own last HISTORY_DAYS days when that history is "enough":
at least MIN_SHARES shares by at least MIN_ADVOCATES advocates, with the first and last
share at least MIN_SPAN_DAYS apart (a younger history has not collected its clicks yet).
Otherwise every default is the benchmark: 1000 × 5 × 6 × €3 = €90,000. Any input can be
overridden with a query parameter; the answer names the source of each input.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from estafette.domain import Network
from estafette.settings import ReportingSettings
from reporting import periods, store
from reporting.figures import BENCHMARK_CLICKS_PER_SHARE, Totals, cpc_table, money
from reporting.reports import day_of

HISTORY_DAYS = 90
MIN_SHARES = 30
MIN_ADVOCATES = 5
MIN_SPAN_DAYS = 28
BENCHMARK_PARTICIPANTS = 1000
BENCHMARK_POSTS_PER_PARTICIPANT = 5
INPUTS = ("participants", "posts_per_participant", "clicks_per_share", "cpc")


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def history(org_id: str, settings: ReportingSettings) -> tuple[dict[str, Any], Decimal | None]:
    """What the org did in the last HISTORY_DAYS days, and its blended cost per click (None without clicks)."""
    end = periods.today()
    start = end - timedelta(days=HISTORY_DAYS - 1)
    items = list(store.org_days(org_id, start, end))
    totals = Totals.of(items)
    share_days = sorted({day_of(i["sk"]) for i in items if int(i.get("shares", 0))})
    span = (date.fromisoformat(share_days[-1]) - date.fromisoformat(share_days[0])).days if share_days else 0
    shares, clicks, active = totals["shares"], totals["clicks"], totals.active
    cpc = cpc_table(settings)
    value = sum((Decimal(totals[f"clicks_{n.value}"]) * cpc.get(n.value, Decimal(0)) for n in Network), Decimal(0))
    summary = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "shares": shares,
        "clicks": clicks,
        "active_advocates": active,
        "span_days": span,
        "enough": shares >= MIN_SHARES and active >= MIN_ADVOCATES and span >= MIN_SPAN_DAYS,
        "rule": f"at least {MIN_SHARES} shares by {MIN_ADVOCATES} advocates over {MIN_SPAN_DAYS} days "
        f"within the last {HISTORY_DAYS} days",
    }
    return summary, (value / clicks if clicks and value else None)


def forecast(org_id: str, settings: ReportingSettings, overrides: dict[str, float | None]) -> dict[str, Any]:
    past, blended = history(org_id, settings)
    linkedin_cpc = settings.cpc_eur.get(Network.LINKEDIN, Decimal("3.00"))
    if past["enough"]:
        defaults = {
            "participants": Decimal(past["active_advocates"]),
            "posts_per_participant": Decimal(past["shares"]) / Decimal(past["active_advocates"]),
            "clicks_per_share": Decimal(past["clicks"]) / Decimal(past["shares"]),
            "cpc": blended if blended else linkedin_cpc,
        }
        source = "history"
    else:
        defaults = {
            "participants": Decimal(BENCHMARK_PARTICIPANTS),
            "posts_per_participant": Decimal(BENCHMARK_POSTS_PER_PARTICIPANT),
            "clicks_per_share": Decimal(BENCHMARK_CLICKS_PER_SHARE),
            "cpc": linkedin_cpc,
        }
        source = "benchmark"
    inputs: dict[str, dict[str, Any]] = {}
    used: dict[str, Decimal] = {}
    for name in INPUTS:
        given = overrides.get(name)
        raw = Decimal(str(given)) if given is not None else defaults[name]
        # Inputs are rounded as shown, so the answer can be recomputed by hand from what it prints.
        used[name] = _round(raw, "1") if name == "participants" else _round(raw)
        shown = int(used[name]) if name == "participants" else float(used[name])
        inputs[name] = {"value": shown, "source": "query" if given is not None else source}
    inputs["cpc"]["currency"] = "EUR"
    value = used["participants"] * used["posts_per_participant"] * used["clicks_per_share"] * used["cpc"]
    return {
        "value": money(value),
        "currency": "EUR",
        "formula": "participants × posts per participant × clicks per share × cost per click",
        "inputs": inputs,
        "horizon": f"a period like the last {HISTORY_DAYS} days" if source == "history" else "the benchmark's period",
        "history": past,
        "benchmarks": {
            "participants": BENCHMARK_PARTICIPANTS,
            "posts_per_participant": BENCHMARK_POSTS_PER_PARTICIPANT,
            "clicks_per_share": BENCHMARK_CLICKS_PER_SHARE,
            "cpc": float(linkedin_cpc),
        },
    }
