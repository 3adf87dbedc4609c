"""The curators' dashboard in Chromium for an org with 1,000 and with 100,000 shares (part of make bench-web).

How the orgs are filled: the reporting benchmark's synthetic history (1,000 employees in 10
departments, 200 items, N shares over 90 days with 6 clicks each on average), folded through the
projector's own `writes_for` (see scripts/bench_reporting.py), and the aggregates the dashboard
reads are written into the local cloud's reporting table: org days and activity, department days,
the per-item ranking, content titles, people and boards. The projector's per-share copies and
guards and per-employee days are left out: no dashboard request reads them, and writing 100,000 of
them through the emulator's HTTP endpoint would take minutes.

How it is measured: a curator of the org opens /reports in a fresh browser context (the app's
JavaScript already in the browser's cache after a warm-up run), and the clock runs from
navigation until every tile, the chart's lines and the per-network, per-department and per-item
tables are on screen. moto answers a base-table Query by sorting the whole table, which DynamoDB
does not; the figures are taken with moto reading only the queried partition (as in
bench_reporting), so they measure the access pattern, not the emulator.

Prints the median of 5 runs per size, the ratio, and the 1.5 s budget; asserts nothing.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SIZES = (1_000, 100_000)
BUDGET_S = 1.5
RUNS = 5
SKIPPED = ("#SHARE#", "#ACTIVE#", "#EMP#", "#EVENT#")


def _reporting_bench() -> Any:
    path = Path(__file__).with_name("bench_reporting.py")
    spec = importlib.util.spec_from_file_location("bench_reporting", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def partition_query(bench: Any) -> Iterator[None]:
    """bench_reporting's partition-only Query, one at a time: it swaps the table's items for the call, and
    the local cloud's moto server answers the dashboard's parallel requests on several threads."""
    from moto.dynamodb.models.table import Table

    lock = threading.Lock()
    with bench.partition_query():
        partitioned = Table.query

        def query(self: Any, *args: Any, **kwargs: Any) -> Any:
            with lock:
                return partitioned(self, *args, **kwargs)

        Table.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            Table.query = partitioned  # type: ignore[method-assign]


def load(cloud: Any, size: int) -> tuple[str, int]:
    """Fill org `dash-<size>` with the aggregates of `size` shares; returns the org and the items written."""
    import boto3

    bench = _reporting_bench()
    org_id = f"dash-{size}"
    fold = bench.Fold()
    for event, event_id, at in bench.synthetic(size):
        fold.apply(event, event_id, at, org_id)
    table = boto3.resource("dynamodb").Table(cloud.template.physical["ReportingTable"])
    written = 0
    with table.batch_writer() as batch:
        for (pk, sk), item in fold.items.items():
            if any(marker in pk for marker in SKIPPED) or (pk.startswith(f"ORG#{org_id}#CONTENT#") and sk != "META"):
                continue
            batch.put_item(Item={"pk": pk, "sk": sk, **item})
            written += 1
    return org_id, written


def _signed_in(browser: Any, cloud: Any, org_id: str) -> Any:
    import base64

    token = cloud.token("anna", ["curator"], org_id)
    part = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    session = {"token": token, "sub": "anna", "orgId": org_id, "roles": ["curator"], "expiresAt": claims["exp"], "name": "Anna"}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_init_script(f"sessionStorage.setItem('estafette.session', {json.dumps(json.dumps(session))});")
    return context


def render_once(browser: Any, cloud: Any, org_id: str) -> float:
    context = _signed_in(browser, cloud, org_id)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{cloud.base_url}/reports")
    page.locator("[data-testid=tile-shares] .kpi-value").wait_for()
    page.locator("[data-testid=chart] .recharts-line-curve").first.wait_for(timeout=60_000)
    for title in ("Per network", "Per department", "Per content item"):
        page.get_by_role("heading", name=title).wait_for()
    elapsed = time.perf_counter() - start
    shares = page.locator("[data-testid=tile-shares] .kpi-value").inner_text()
    context.close()
    if shares in ("", "0"):
        raise RuntimeError(f"{org_id}: the dashboard shows no shares ({shares!r})")
    return elapsed


def dashboard(cloud: Any, browser: Any, sizes: tuple[int, ...] = SIZES) -> bool:
    """Loads both orgs, measures, prints; True when both sizes are within the budget."""
    bench = _reporting_bench()
    orgs: dict[int, str] = {}
    for size in sizes:
        began = time.perf_counter()
        orgs[size], written = load(cloud, size)
        print(f"Dashboard org with {size:,} shares: {written:,} aggregate items loaded in {time.perf_counter() - began:.0f} s")
    medians: dict[int, float] = {}
    with partition_query(bench):
        for size, org_id in orgs.items():
            render_once(browser, cloud, org_id)  # warm-up: the functions' first calls and the app's chunks
            medians[size] = statistics.median(render_once(browser, cloud, org_id) for _ in range(RUNS))
    for size, median in medians.items():
        budget = f"budget {BUDGET_S * 1000:.0f} ms"
        print(f"Dashboard rendered for {size:>7,} shares: median {median * 1000:.0f} ms over {RUNS} runs ({budget})")
    small, large = medians[sizes[0]], medians[sizes[-1]]
    print(f"Dashboard {sizes[-1]:,} vs {sizes[0]:,} shares: {large / small:.2f}× (flat is about 1)")
    return all(m <= BUDGET_S for m in medians.values())


def main() -> int:
    """The dashboard figures alone (make bench-web prints them after the advocates' figures)."""
    import sys

    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root), str(root / "shared"), str(root / "functions")]
    from playwright.sync_api import sync_playwright

    from local.cloud import LocalCloud
    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

    with LocalCloud(port=0, quiet=True) as cloud, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
        ok = dashboard(cloud, browser, sizes)
        browser.close()
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
