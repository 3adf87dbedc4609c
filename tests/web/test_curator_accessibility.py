"""axe-core on every curator and admin screen: no serious or critical violations (WCAG 2.1 A and AA)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from local.cloud import LocalCloud
from tests.web.conftest import axe_violations, sign_in

CURATOR_SCREENS = [
    "/library",
    "/library/new",
    "/library?origin=source",
    "/sources",
    "/approval",
    "/calendar",
    "/suggestions",
    "/reports",
    "/reports/forecast",
]
ADMIN_SCREENS = ["/settings", "/hr", "/people"]


def _ready(page: Any) -> None:
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[role=status]").filter(has_text="…")).to_have_count(0)


@pytest.mark.parametrize("path", CURATOR_SCREENS)
def test_curator_screens_have_no_serious_accessibility_violations(page: Any, cloud: LocalCloud, path: str) -> None:
    sign_in(page, cloud.base_url, "Anna de Vries", path=path)
    _ready(page)
    assert axe_violations(page) == []


def test_an_items_editor_and_its_history_have_no_serious_violations(page: Any, cloud: LocalCloud, demo: Any) -> None:
    anna = {"Authorization": f"Bearer {demo.tokens['anna']}"}
    content_id = httpx.get(f"{cloud.base_url}/v1/content", headers=anna).json()["items"][0]["content_id"]
    sign_in(page, cloud.base_url, "Anna de Vries", path=f"/library/{content_id}")
    _ready(page)
    assert axe_violations(page) == []


def test_the_sources_screen_fits_a_phone_without_serious_violations(phone: Any, cloud: LocalCloud) -> None:
    sign_in(phone, cloud.base_url, "Anna de Vries", path="/sources")
    _ready(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bronnen")  # Anna's profile is Dutch
    expect(phone.get_by_test_id("source").first).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert axe_violations(phone) == []


@pytest.mark.parametrize("path", ADMIN_SCREENS)
def test_admin_screens_have_no_serious_accessibility_violations(page: Any, cloud: LocalCloud, path: str) -> None:
    sign_in(page, cloud.base_url, "Bram Jansen", path=path)
    _ready(page)
    assert axe_violations(page) == []
