"""The web app's speed, measured in Debian's Chromium against the local cloud (make bench-web).

Prints:
- the JavaScript the first screens load (the sign-in page, then the feed after signing in), gzipped,
  against the 200 kB budget; curator and admin chunks must not be among them;
- the time from pressing "Sign in as …" until the feed's first item is visible, against 1 s;
- the curators' dashboard for an org with 1,000 and with 100,000 shares, against 1.5 s and flat
  (scripts/bench_web_dashboard.py).
"""

from __future__ import annotations

import gzip
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "shared"), str(ROOT / "functions")]
DIST = ROOT / "web" / "dist"
BUDGET_KB = 200
FEED_BUDGET_S = 1.0
RUNS = 5


def gzipped(path: str) -> int:
    return len(gzip.compress((DIST / path.lstrip("/")).read_bytes(), compresslevel=9))


def main() -> int:
    from playwright.sync_api import sync_playwright

    from local.cloud import LocalCloud
    from local.seed import seed_demo
    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

    if not (DIST / "index.html").is_file():
        print("web/dist is missing: run make web-build", file=sys.stderr)
        return 1
    with LocalCloud(port=0, quiet=True) as cloud, sync_playwright() as playwright:
        seed_demo(cloud)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        timings: list[float] = []
        scripts: dict[str, set[str]] = {}
        for run in range(RUNS + 1):  # the first run warms the local cloud's functions up; not counted
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            loaded: list[str] = []
            page.on("response", lambda r, seen=loaded: seen.append(urlsplit(r.url).path) if r.url.endswith(".js") else None)
            page.goto(f"{cloud.base_url}/feed")
            page.get_by_role("button", name="Sign in as Eva Bakker").wait_for()
            scripts["sign-in"] = set(loaded)
            start = time.perf_counter()
            page.get_by_role("button", name="Sign in as Eva Bakker").click()
            page.get_by_test_id("feed").get_by_role("listitem").first.wait_for(state="visible")
            elapsed = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            scripts["feed"] = set(loaded)
            if run:
                timings.append(elapsed)
            context.close()
        from bench_web_dashboard import dashboard  # the curators' dashboard at 1,000 and 100,000 shares

        dashboard_ok = dashboard(cloud, browser)
        browser.close()

    ok = True
    for screen, files in scripts.items():
        total = sum(gzipped(f) for f in files)
        staff = [f for f in files if any(k in f for k in ("library", "approval", "reports", "settings", "calendar", "hr-"))]
        ok &= total <= BUDGET_KB * 1024 and not staff
        print(f"JavaScript for the {screen} screen: {total / 1024:.1f} kB gzipped in {len(files)} files (budget {BUDGET_KB} kB)")
        for name in sorted(files, key=gzipped, reverse=True):
            print(f"    {gzipped(name) / 1024:7.1f} kB  {name}")
        if staff:
            print(f"    curator/admin chunks loaded too: {staff}")
    median, worst = statistics.median(timings), max(timings)
    ok &= median <= FEED_BUDGET_S
    print(
        f"Feed visible after sign-in: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms over {len(timings)} runs "
        f"(budget {FEED_BUDGET_S * 1000:.0f} ms)"
    )
    ok &= dashboard_ok
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
