"""The added-media-value forecast (docs/product.md): participants × posts per participant × clicks per share × CPC.

Every forecast is for a named period (`period` in the answer):
- with "enough" history (at least MIN_SHARES shares by at least MIN_ADVOCATES advocates in the
  last HISTORY_DAYS days, the first and last share at least MIN_SPAN_DAYS apart; a younger
  history has not collected its clicks yet) the next HISTORY_DAYS days at the pace of the last
  ones: participants, posts per participant, clicks per share and cost per click are the org's own;
- otherwise the next BENCHMARK_PERIOD_DAYS days for the org's own enrolled advocates at the
  benchmark's pace: 5 posts per participant in that month, 6 clicks per share, the org's LinkedIn
  CPC (€3 by default). The benchmark's 1000 participants (1000 × 5 × 6 × €3 = €90,000) are only
  listed under `benchmarks`: a 7-person org is not forecast as if it had 1000 advocates.
Any input can be overridden with a query parameter; the answer names the source of each input.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from estafette.domain import Network
from estafette.settings import ReportingSettings
from reporting import periods, reports, store
from reporting.figures import BENCHMARK_CLICKS_PER_SHARE, Totals, cpc_table, money

HISTORY_DAYS = 90
MIN_SHARES = 30
MIN_ADVOCATES = 5
MIN_SPAN_DAYS = 28
BENCHMARK_PARTICIPANTS = 1000
BENCHMARK_POSTS_PER_PARTICIPANT = 5  # per participant per month (BENCHMARK_PERIOD_DAYS)
BENCHMARK_PERIOD_DAYS = 30
INPUTS = ("participants", "posts_per_participant", "clicks_per_share", "cpc")


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def history(org_id: str, settings: ReportingSettings) -> tuple[dict[str, Any], Decimal | None]:
    """What the org did in the last HISTORY_DAYS days, and its blended cost per click (None without clicks)."""
    end = periods.today()
    start = end - timedelta(days=HISTORY_DAYS - 1)
    items = list(store.org_days(org_id, start, end))
    totals = Totals.of(items)
    share_days = sorted({reports.day_of(i["sk"]) for i in items if int(i.get("shares", 0))})
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
        participants_source = source
        days = HISTORY_DAYS
    else:
        defaults = {
            "participants": Decimal(reports.enrolled_at(org_id, periods.today())),
            "posts_per_participant": Decimal(BENCHMARK_POSTS_PER_PARTICIPANT),
            "clicks_per_share": Decimal(BENCHMARK_CLICKS_PER_SHARE),
            "cpc": linkedin_cpc,
        }
        source = "benchmark"
        participants_source = "enrolled"
        days = BENCHMARK_PERIOD_DAYS
    start = periods.today() + timedelta(days=1)
    period = {
        "from": start.isoformat(),
        "to": (start + timedelta(days=days - 1)).isoformat(),
        "days": days,
        "basis": f"the pace of the last {HISTORY_DAYS} days" if source == "history" else "the benchmark's pace",
    }
    inputs: dict[str, dict[str, Any]] = {}
    used: dict[str, Decimal] = {}
    for name in INPUTS:
        given = overrides.get(name)
        raw = Decimal(str(given)) if given is not None else defaults[name]
        # Inputs are rounded as shown, so the answer can be recomputed by hand from what it prints.
        used[name] = _round(raw, "1") if name == "participants" else _round(raw)
        shown = int(used[name]) if name == "participants" else float(used[name])
        default_source = participants_source if name == "participants" else source
        inputs[name] = {"value": shown, "source": "query" if given is not None else default_source}
    inputs["cpc"]["currency"] = "EUR"
    value = used["participants"] * used["posts_per_participant"] * used["clicks_per_share"] * used["cpc"]
    return {
        "value": money(value),
        "currency": "EUR",
        "formula": "participants × posts per participant × clicks per share × cost per click",
        "inputs": inputs,
        "period": period,
        "horizon": f"the next {days} days ({period['from']} to {period['to']}), at {period['basis']}",
        "history": past,
        "benchmarks": {
            "participants": BENCHMARK_PARTICIPANTS,
            "posts_per_participant": BENCHMARK_POSTS_PER_PARTICIPANT,
            "clicks_per_share": BENCHMARK_CLICKS_PER_SHARE,
            "cpc": float(linkedin_cpc),
        },
    }
