"""Browser tests: the built web app in Debian's Chromium, driven by Playwright, against the local cloud.

- The local cloud (the session-wide `cloud` fixture) serves the app from `web/dist` next to the
  API and is seeded with the demo organisation; `make test-web` builds the app first.
- Playwright's own browser download cannot work on these machines: the tests drive
  `/usr/bin/chromium` (`make chromium` installs it) through `executable_path`.
- A failing test keeps a screenshot in `tests/web/artifacts/`.
- `axe_violations(page)` runs axe-core (from web/node_modules) in the page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.cloud import LocalCloud
from local.seed import Demo, seed_demo

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.web)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    if report.when == "call":
        item.stash.setdefault(_failed, False)
        if report.failed:
            item.stash[_failed] = True
    return report


_failed = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def demo(cloud: LocalCloud) -> Demo:
    if not (ROOT / "web" / "dist" / "index.html").is_file():
        pytest.fail("web/dist is missing: run `make web-build` (make test-web does it)")
    return seed_demo(cloud)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(browser: Any, request: pytest.FixtureRequest, viewport: dict[str, int], locale: str) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    if request.node.stash.get(_failed, False):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::")[-1])
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        if errors:
            (ARTIFACTS / f"{name}.errors.txt").write_text("\n".join(errors))
    context.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, demo: Demo) -> Iterator[Any]:
    yield from _new_page(browser, request, DESKTOP, "en-GB")


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest, demo: Demo) -> Iterator[Any]:
    yield from _new_page(browser, request, PHONE, "en-GB")


def sign_in(page: Any, base_url: str, name: str, path: str = "/feed") -> None:
    """The local "sign in as" page, the way a person uses it."""
    page.goto(f"{base_url}{path}")
    page.get_by_role("button", name=re.compile(f"as {name}|als {name}")).click()


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
