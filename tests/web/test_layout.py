"""What a person notices before reading: every screen fits a 375 px phone without scrolling sideways and
shows words, not i18n keys, in Dutch and in English; the desktop hides the phone's Menu button."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from local.cloud import LocalCloud
from local.seed import Demo
from tests.web.conftest import DESKTOP, PHONE, sign_in
from tests.web.layout import LAYOUT_PROBLEMS, SCREENS

# The demo's people: Sofie (advocate), Anna (curator) and Bram (admin) read Dutch, Eva English.
PEOPLE = [
    ("Sofie Smit", "sofie", ["advocate"]),
    ("Eva Bakker", "eva", ["advocate"]),
    ("Anna de Vries", "anna", ["curator"]),
    ("Bram Jansen", "bram", ["admin"]),
]


def _settle(page: Any) -> None:
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[role=status]").filter(has_text="…")).to_have_count(0)


@pytest.mark.parametrize(("name", "sub", "roles"), PEOPLE, ids=[p[1] for p in PEOPLE])
def test_every_screen_fits_a_phone_and_shows_words_not_keys(
    browser: Any, cloud: LocalCloud, demo: Demo, name: str, sub: str, roles: list[str]
) -> None:
    headers = {"Authorization": f"Bearer {demo.tokens[sub]}"}
    if "advocate" in roles:
        content = httpx.get(f"{cloud.base_url}/v1/feed", headers=headers).json()["items"][0]["content_id"]
    else:
        content = httpx.get(f"{cloud.base_url}/v1/content", headers={"Authorization": f"Bearer {demo.tokens['anna']}"}).json()[
            "items"
        ][0]["content_id"]
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, cloud.base_url, name)
        _settle(page)
        found: dict[str, list[str]] = {}
        for role in roles:
            for _, path in SCREENS[role]:
                page.goto(f"{cloud.base_url}{path.format(content=content)}")
                _settle(page)
                if problems := page.evaluate(LAYOUT_PROBLEMS):
                    found[path] = problems
        assert found == {}, "\n".join(f"{p}: {v}" for p, v in found.items())
    finally:
        context.close()


def test_the_desktop_shows_the_navigation_without_a_menu_button(page: Any, cloud: LocalCloud) -> None:
    assert page.viewport_size == DESKTOP
    sign_in(page, cloud.base_url, "Eva Bakker")
    _settle(page)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_the_phone_folds_the_navigation_behind_the_menu_button(phone: Any, cloud: LocalCloud) -> None:
    sign_in(phone, cloud.base_url, "Eva Bakker")
    _settle(phone)
    menu = phone.get_by_role("button", name="Menu")
    expect(phone.get_by_role("link", name="My impact")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    phone.get_by_role("link", name="My impact").click()
    expect(phone.get_by_role("heading", level=1, name=re.compile("impact", re.I))).to_be_visible()
