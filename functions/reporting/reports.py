"""The org's reports over a period: summary, daily series, networks, departments and one content item.

Each report is one Query of the period's aggregates (about two small items a day), plus at
most a GetItem or a Query of the people partition: the number of calls depends on the
length of the period, never on the number of shares or clicks behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from estafette.errors import NotFound
from estafette.settings import ReportingSettings
from reporting import periods, store
from reporting.figures import Totals, figures, media_value, network_split, participation, views
from reporting.projector import ENROLLED, LEFT

COLUMN_FORMULAS = {
    "active_advocates": "employees who posted at least one share",
    "participation_rate": "active advocates ÷ enrolled (enrolled at some moment of the period, leavers included)",
    "clicks_per_share": "clicks ÷ shares",
    "estimated_views": "potential reach × share of connections who see a post",
    "engagement": "reactions + comments + reshares",
    "media_value": "Σ over networks of clicks × cost per click (EUR)",
}


def period_info(start: date, end: date) -> dict[str, Any]:
    return {"from": start.isoformat(), "to": end.isoformat(), "days": (end - start).days + 1, "timezone": "UTC"}


def day_of(sort_key: str) -> str:
    return sort_key.split("#")[1]


def enrolled_at(org_id: str, end: date) -> int:
    """Enrolled at the end of `end`: today's running count minus the joins and leaves after it."""
    now = int(store.directory(org_id).get("enrolled", 0))
    today = periods.today()
    if end >= today:
        return now
    later = Totals.of(store.membership_changes(org_id, end + timedelta(days=1), today))
    return now - later["joined"] + later["left"]


def enrolled_during(org_id: str, start: date, end: date, totals: Totals) -> int:
    """Everyone enrolled at some moment of the period: those still enrolled at its end, plus those
    who left during it (their shares in the period count as active, so they count as enrolled too)."""
    return enrolled_at(org_id, end) + totals["left"]


def summary(org_id: str, start: date, end: date, settings: ReportingSettings) -> dict[str, Any]:
    totals = Totals.of(store.org_days(org_id, start, end))
    return {
        "period": period_info(start, end),
        "participation_rate": participation(totals.active, enrolled_during(org_id, start, end, totals)),
        **figures(totals, settings),
        "networks": network_split(totals, settings),
    }


def _by_day(items: Iterable[Mapping[str, Any]]) -> dict[str, Totals]:
    days: dict[str, Totals] = {}
    for item in items:
        days.setdefault(day_of(item["sk"]), Totals()).add(item)
    return days


def series_row(day: str, totals: Totals, settings: ReportingSettings) -> dict[str, Any]:
    return {
        "date": day,
        "active_advocates": totals.active,
        "shares": totals["shares"],
        "failed_shares": totals["failed_shares"],
        "clicks": totals["clicks"],
        "unique_clicks": totals["unique_clicks"],
        "impressions": totals["impressions"],
        "reactions": totals["reactions"],
        "comments": totals["comments"],
        "reshares": totals["reshares"],
        "potential_reach": totals["reach"],
        "estimated_views": views(totals["reach"], settings),
        "media_value": media_value(totals, settings)["value"],
        "opportunities": totals["opportunities"],
    }


def series(items: Iterable[Mapping[str, Any]], start: date, end: date, settings: ReportingSettings) -> list[dict[str, Any]]:
    """One row per day of the period, days without activity included (charts need the zeros)."""
    by_day = _by_day(items)
    return [series_row(d.isoformat(), by_day.get(d.isoformat(), Totals()), settings) for d in periods.days(start, end)]


def timeseries(org_id: str, start: date, end: date, settings: ReportingSettings) -> dict[str, Any]:
    return {
        "period": period_info(start, end),
        "days": series(store.org_days(org_id, start, end), start, end, settings),
        "formulas": {k: COLUMN_FORMULAS[k] for k in ("estimated_views", "media_value", "active_advocates")},
    }


def my_timeseries(org_id: str, employee_id: str, start: date, end: date, settings: ReportingSettings) -> dict[str, Any]:
    """One advocate's own days: their shares, clicks and value, for the chart on their impact page."""
    return {
        "period": period_info(start, end),
        "days": series(store.employee_days(org_id, employee_id, start, end), start, end, settings),
        "formulas": {k: COLUMN_FORMULAS[k] for k in ("estimated_views", "media_value")},
    }


def networks(org_id: str, start: date, end: date, settings: ReportingSettings) -> dict[str, Any]:
    totals = Totals.of(store.org_days(org_id, start, end))
    return {
        "period": period_info(start, end),
        "networks": network_split(totals, settings),
        "formulas": {k: COLUMN_FORMULAS[k] for k in ("clicks_per_share", "estimated_views", "media_value")},
    }


def departments(org_id: str, start: date, end: date, settings: ReportingSettings) -> dict[str, Any]:
    grouped: dict[str, tuple[str, Totals]] = {}
    for item in store.department_days(org_id, start, end):
        key = item["sk"].split("#", 2)[2]
        name, totals = grouped.setdefault(key, (str(item.get("department", key)), Totals()))
        totals.add(item)
    enrolled: dict[str, int] = {}
    for person in store.people(org_id).values():
        department = person.get("department")
        # Enrolled at some moment of the period: still here, or left on or after its first day.
        left_since = person.get("status") == LEFT and str(person.get("left_on", "")) >= start.isoformat()
        if (person.get("status") == ENROLLED or left_since) and department:
            enrolled[store.dept_key(department)] = enrolled.get(store.dept_key(department), 0) + 1
            grouped.setdefault(store.dept_key(department), (str(department).strip(), Totals()))
    rows = []
    for key, (name, totals) in grouped.items():
        rate = participation(totals.active, enrolled.get(key, 0))
        rows.append(
            {
                "department": name,
                "enrolled": rate["inputs"]["enrolled"],
                "active_advocates": totals.active,
                "participation_rate": rate["value"],
                "shares": totals["shares"],
                "clicks": totals["clicks"],
                "unique_clicks": totals["unique_clicks"],
                "clicks_per_share": round(totals["clicks"] / totals["shares"], 2) if totals["shares"] else 0.0,
                "potential_reach": totals["reach"],
                "estimated_views": views(totals["reach"], settings),
                "impressions": totals["impressions"],
                "engagement": totals["reactions"] + totals["comments"] + totals["reshares"],
                "media_value": media_value(totals, settings)["value"],
                "opportunities": totals["opportunities"],
            }
        )
    rows.sort(key=lambda r: (-r["shares"], -r["clicks"], r["department"].casefold()))
    return {"period": period_info(start, end), "departments": rows, "formulas": COLUMN_FORMULAS}


def content(org_id: str, content_id: str, start: date | None, end: date | None, settings: ReportingSettings) -> dict[str, Any]:
    meta = store.content_meta(org_id, content_id)
    end = end or periods.today()
    longest = end - timedelta(days=periods.MAX_PERIOD_DAYS - 1)
    if start is None:
        # Since publication; the longest period for content reporting only knows from its shares.
        published = date.fromisoformat(str(meta["published_at"])[:10]) if meta and meta.get("published_at") else longest
        start = max(min(published, end), longest)
    periods.validate(start, end)
    items = list(store.content_days(org_id, content_id, start, end))
    if meta is None and not items:
        raise NotFound("report_content_not_found", field="id", content_id=content_id)
    totals = Totals.of(items)
    about: dict[str, Any] = {k: meta[k] for k in ("title", "type", "url", "published_at") if k in meta} if meta else {}
    return {
        "content_id": content_id,
        **about,
        "period": period_info(start, end),
        **{k: v for k, v in figures(totals, settings).items() if k != "failed_shares"},
        "networks": network_split(totals, settings),
        # Content days carry no activity bitmap: active advocates are an org and department figure.
        "days": [{k: v for k, v in row.items() if k != "active_advocates"} for row in series(items, start, end, settings)],
    }


def contents(org_id: str, start: date, end: date, settings: ReportingSettings, limit: int = 20) -> dict[str, Any]:
    """The period per content item, most clicked first: one Query of the period's content days and
    one BatchGetItem for the titles of the items shown."""
    grouped: dict[str, Totals] = {}
    for item in store.contents_days(org_id, start, end):
        grouped.setdefault(str(item["sk"]).split("#", 2)[2], Totals()).add(item)
    ranked = sorted(grouped.items(), key=lambda kv: (-kv[1]["clicks"], -kv[1]["shares"], kv[0]))[:limit]
    metas = store.content_metas(org_id, [content_id for content_id, _ in ranked])
    rows = []
    for content_id, totals in ranked:
        meta = metas.get(content_id, {})
        rows.append(
            {
                "content_id": content_id,
                "title": meta.get("title", ""),
                "type": meta.get("type"),
                "shares": totals["shares"],
                "clicks": totals["clicks"],
                "unique_clicks": totals["unique_clicks"],
                "clicks_per_share": round(totals["clicks"] / totals["shares"], 2) if totals["shares"] else 0.0,
                "potential_reach": totals["reach"],
                "engagement": totals["reactions"] + totals["comments"] + totals["reshares"],
                "media_value": media_value(totals, settings)["value"],
                "opportunities": totals["opportunities"],
            }
        )
    return {"period": period_info(start, end), "items": rows, "items_with_activity": len(grouped)}
