"""axe-core on every employee screen: no serious or critical violation (WCAG 2.1 A and AA rules)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from local.cloud import LocalCloud
from local.seed import Demo
from tests.web.conftest import axe_violations, sign_in

SCREENS = [
    "/feed",
    "/shares",
    "/me/impact",
    "/me/connections",
    "/me/connections/x?outcome=failed&reason=oauth_denied",
    "/me/consents",
    "/me/notifications",
    "/me/profile",
    "/guidelines",
    "/occasions",
    "/opportunities/new",
    "/me/no-such-screen",
]


def test_the_sign_in_page_has_no_serious_violations(page: Any, cloud: LocalCloud) -> None:
    page.goto(f"{cloud.base_url}/sign-in")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Eva Bakker"))).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_employee_screen_has_no_serious_violations(
    viewport: str, page: Any, phone: Any, cloud: LocalCloud, demo: Demo
) -> None:
    tab = page if viewport == "desktop" else phone
    sign_in(tab, cloud.base_url, "Sofie Smit")
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
    sofie = {"Authorization": f"Bearer {demo.tokens['sofie']}"}
    first = httpx.get(f"{cloud.base_url}/v1/feed", headers=sofie).json()["items"][0]["content_id"]
    found: dict[str, list[dict[str, Any]]] = {}
    for path in [*SCREENS, f"/feed?content={first}"]:
        tab.goto(f"{cloud.base_url}{path}")
        expect(tab.get_by_role("heading", level=1)).to_be_visible()
        tab.wait_for_load_state("networkidle")
        if path.startswith("/feed?"):
            expect(tab.locator("#composer")).to_be_visible()
        violations = axe_violations(tab)
        if violations:
            found[path] = violations
    assert found == {}, "\n".join(f"{p}: {v}" for p, v in found.items())
