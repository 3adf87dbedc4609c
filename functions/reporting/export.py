"""CSV exports of the reports: RFC 4180, UTF-8 with a byte order mark, generated incrementally.

- Records end in CRLF; a field is quoted when it holds the delimiter, a quote, CR or LF,
  and quotes inside are doubled (RFC 4180 §2).
- The BOM makes Excel read UTF-8. `;` is the delimiter Dutch Excel expects, because its
  decimal separator is the comma; with `;`, decimals are written with a comma as well.
- Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a CR would be
  run as a formula by spreadsheet programs, so it gets a leading `'` (OWASP's advice).
  Numbers are written by this module, never taken from input, and are left as they are.
- Rows are produced lazily from the aggregates' Query pages and encoded in chunks. API
  Gateway HTTP APIs buffer a Lambda's response (Lambda response streaming needs a function
  URL), so the handler joins the chunks; every view is bounded by the period (≤ 400 days),
  the departments, the networks or the opportunities logged, far below the 6 MB payload limit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from estafette.settings import ReportingSettings
from reporting import reports, store
from reporting.figures import Totals, network_split

BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_CHARACTERS = 64 * 1024


class View(StrEnum):
    SUMMARY = "summary"
    DAYS = "days"
    DEPARTMENTS = "departments"
    NETWORKS = "networks"
    OPPORTUNITIES = "opportunities"


def neutralise(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def cell(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        text = str(value) if isinstance(value, Decimal) else f"{value:.10g}"
        return text.replace(".", ",") if decimal_comma else text
    return neutralise(str(value))


def encode(rows: Iterable[list[Any]], delimiter: str) -> Iterator[bytes]:
    """The CSV document in UTF-8 chunks, BOM first."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL, doublequote=True)
    decimal_comma = delimiter == ";"
    for row in rows:
        writer.writerow([cell(value, decimal_comma) for value in row])
        if buffer.tell() >= CHUNK_CHARACTERS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def eur(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def summary_rows(org_id: str, start: date, end: date, settings: ReportingSettings) -> Iterator[list[Any]]:
    report = reports.summary(org_id, start, end, settings)
    yield ["figure", "value", "low", "high", "formula"]
    for name, figure in report.items():
        if not isinstance(figure, dict) or "formula" not in figure:
            continue
        value = figure.get("value")
        low_high = figure.get("range") or {}
        money = figure.get("currency") == "EUR"
        yield [
            name,
            eur(value) if money and value is not None else value,
            eur(low_high["low"]) if money and low_high else low_high.get("low"),
            eur(low_high["high"]) if money and low_high else low_high.get("high"),
            figure["formula"],
        ]


def day_rows(org_id: str, start: date, end: date, settings: ReportingSettings) -> Iterator[list[Any]]:
    columns = ["active_advocates", "shares", "failed_shares", "clicks", "unique_clicks", "impressions"]
    columns += ["reactions", "comments", "reshares", "potential_reach"]
    yield ["date", *columns, "estimated_views_low", "estimated_views_high", "media_value_eur", "opportunities"]
    for row in reports.series(store.org_days(org_id, start, end), start, end, settings):
        views = row["estimated_views"]
        yield [
            row["date"],
            *(row[c] for c in columns),
            views["low"],
            views["high"],
            eur(row["media_value"]),
            row["opportunities"],
        ]


def department_rows(org_id: str, start: date, end: date, settings: ReportingSettings) -> Iterator[list[Any]]:
    columns = ["department", "enrolled", "active_advocates", "participation_rate", "shares", "clicks", "unique_clicks"]
    columns += ["clicks_per_share", "potential_reach"]
    tail = ["impressions", "engagement"]
    yield [*columns, "estimated_views_low", "estimated_views_high", *tail, "media_value_eur", "opportunities"]
    for row in reports.departments(org_id, start, end, settings)["departments"]:
        views = row["estimated_views"]
        yield [
            *(row[c] for c in columns),
            views["low"],
            views["high"],
            *(row[c] for c in tail),
            eur(row["media_value"]),
            row["opportunities"],
        ]


def network_rows(org_id: str, start: date, end: date, settings: ReportingSettings) -> Iterator[list[Any]]:
    yield [
        "network",
        "shares",
        "failed_shares",
        "clicks",
        "unique_clicks",
        "clicks_per_share",
        "potential_reach",
        "estimated_views_low",
        "estimated_views_high",
        "impressions",
        "reactions",
        "comments",
        "reshares",
        "opportunities",
        "cpc_eur",
        "media_value_eur",
    ]
    totals = Totals.of(store.org_days(org_id, start, end))
    for row in network_split(totals, settings):
        engagement = row["engagement"]
        yield [
            row["network"],
            row["shares"],
            row["failed_shares"],
            row["clicks"],
            row["unique_clicks"],
            row["clicks_per_share"],
            row["potential_reach"],
            row["estimated_views"]["low"],
            row["estimated_views"]["high"],
            row["impressions"],
            engagement["reactions"],
            engagement["comments"],
            engagement["reshares"],
            row["opportunities"],
            eur(row["cpc_eur"]) if row["cpc_eur"] is not None else None,
            eur(row["media_value"]),
        ]


def opportunity_rows(org_id: str, start: date, end: date, _settings: ReportingSettings) -> Iterator[list[Any]]:
    yield [
        "logged_at",
        "employee_id",
        "employee_name",
        "department",
        "share_id",
        "content_id",
        "content_title",
        "network",
        "description",
    ]
    logged = list(store.opportunities(org_id, start, end))
    people = store.people(org_id) if logged else {}
    titles = {
        key[0]: item.get("title", "")
        for key, item in store.get_many(
            (store.content_pk(org_id, str(o["content_id"])), "META") for o in logged if o.get("content_id")
        ).items()
    }
    for item in logged:
        content_id = item.get("content_id")
        yield [
            item["logged_at"],
            item["employee_id"],
            people.get(str(item["employee_id"]), {}).get("name", ""),
            item.get("department", ""),
            item.get("share_id", ""),
            content_id or "",
            titles.get(store.content_pk(org_id, str(content_id)), "") if content_id else "",
            item.get("network", ""),
            item.get("description", ""),
        ]


ROWS = {
    View.SUMMARY: summary_rows,
    View.DAYS: day_rows,
    View.DEPARTMENTS: department_rows,
    View.NETWORKS: network_rows,
    View.OPPORTUNITIES: opportunity_rows,
}


def export(org_id: str, view: View, start: date, end: date, settings: ReportingSettings, delimiter: str) -> Iterator[bytes]:
    return encode(ROWS[view](org_id, start, end, settings), delimiter)


def filename(view: View, start: date, end: date) -> str:
    return f"estafette-{view.value}-{start.isoformat()}-{end.isoformat()}.csv"
