"""The app is served next to the API, deep links survive sign-in, and roles decide the navigation."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from local.cloud import LocalCloud
from tests.web.conftest import sign_in


def test_app_routes_answer_with_the_app_and_api_misses_stay_json(cloud: LocalCloud, demo: Any) -> None:
    for path in ("/", "/feed?content=abc", "/me/connections/bluesky?reconnect=1", "/me/notifications", "/library", "/reports"):
        response = httpx.get(f"{cloud.base_url}{path}")
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html"), path
        assert '<div id="root">' in response.text
    missing = httpx.get(f"{cloud.base_url}/v1/nothing-here")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/json"
    assert httpx.get(f"{cloud.base_url}/config.json").json()["auth"] == {"mode": "local"}
    assert httpx.get(f"{cloud.base_url}/../pyproject.toml").status_code == 404


def test_a_deep_link_opens_after_sign_in_and_advocates_see_no_curator_screens(page: Any, cloud: LocalCloud) -> None:
    sign_in(page, cloud.base_url, "Eva Bakker", path="/shares")
    expect(page).to_have_url(re.compile(r"/shares$"))
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Feed")).to_be_attached()
    expect(nav.get_by_role("link", name="Library")).to_have_count(0)


def test_a_curator_sees_the_curation_entries(page: Any, cloud: LocalCloud) -> None:
    sign_in(page, cloud.base_url, "Anna de Vries")
    nav = page.get_by_role("navigation", name=re.compile("Main|Hoofdmenu"))
    expect(nav.get_by_role("link", name=re.compile("Library|Bibliotheek"))).to_be_attached()
    expect(nav.get_by_role("link", name=re.compile("^Settings|^Instellingen"))).to_have_count(0)
