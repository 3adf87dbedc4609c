"""The settings that hold several values, in a browser: an admin maps an HR location, prices an API and
scores the leaderboard, and each is kept across a reload.

Bram (admin) adds the HR system's location "AMS-HQ" as Amsterdam, in Dutch, on Amsterdam time, and a
person the HR system then reports at AMS-HQ appears in the directory at Amsterdam, in Dutch. He gives
LinkedIn an API price next to X's default, and a comment points. A time zone that does not exist is
refused in the browser, naming it; a leaderboard of 99 places is refused by the API, and its message
shows at that setting. The screen stays free of serious accessibility violations with the new rows open.
In an organisation of its own, so other journeys' settings don't interfere.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import axe_violations
from tests.web.curator_support import people_fixture, until  # noqa: F401  (people_fixture: the `people` fixture)


def _form(page: Any, setting: str) -> Any:
    return page.locator(f"form[data-setting='{setting}']")


def _save(form: Any) -> None:
    form.get_by_role("button", name="Save", exact=True).click()
    expect(form.get_by_text("Saved.")).to_be_visible()


def test_hr_locations_api_prices_and_points_are_kept_and_a_refused_value_says_why(people, org) -> None:
    bram = people.token(org.id, "bram", ["admin"], "/settings")

    locations = _form(bram, "hr.locations")
    expect(locations.get_by_text("No locations mapped")).to_be_visible()
    locations.get_by_role("button", name="Add a location").click()
    row = locations.get_by_role("group", name="New location 1")
    expect(row.get_by_label("Name or id in the HR system")).to_be_focused()
    bram.keyboard.type("AMS-HQ")
    row = locations.get_by_role("group", name="Location AMS-HQ")
    row.get_by_label("Name here (empty: the HR name)").fill("Amsterdam")
    row.get_by_label("Language of the people there").select_option("nl")
    row.get_by_label("Time zone (e.g. Europe/Amsterdam)").fill("Europe/Amstrdam")
    locations.get_by_role("button", name="Save", exact=True).click()
    expect(row.get_by_text("'Europe/Amstrdam' is not an IANA time zone name, such as Europe/Amsterdam")).to_be_visible()
    expect(row.get_by_label("Time zone (e.g. Europe/Amsterdam)")).to_be_focused()
    bram.keyboard.press("ControlOrMeta+a")
    bram.keyboard.type("Europe/Amsterdam")
    _save(locations)

    prices = _form(bram, "reporting.api_prices")
    expect(prices.get_by_role("group", name="X", exact=True).get_by_label("Per post")).to_have_value("0.200")
    prices.get_by_role("button", name="Add a network's prices").click()
    linkedin = prices.get_by_role("group", name="LinkedIn")
    linkedin.get_by_label("Currency").select_option("EUR")
    linkedin.get_by_label("Per post").fill("0.05")
    _save(prices)

    points = _form(bram, "reporting.points")
    expect(points.get_by_label("A share", exact=True)).to_have_value("10")
    points.get_by_label("A comment on a post").fill("4")
    _save(points)

    size = _form(bram, "reporting.leaderboard_size")
    size.get_by_role("textbox").fill("99")
    size.get_by_role("button", name="Save", exact=True).click()
    expect(size.get_by_role("alert")).to_contain_text("reporting.leaderboard_size")
    expect(size.get_by_role("alert")).to_contain_text("50")
    assert axe_violations(bram) == []

    bram.reload()
    row = _form(bram, "hr.locations").get_by_role("group", name="Location AMS-HQ")
    expect(row.get_by_label("Name here (empty: the HR name)")).to_have_value("Amsterdam")
    expect(row.get_by_label("Language of the people there")).to_have_value("nl")
    expect(row.get_by_label("Time zone (e.g. Europe/Amsterdam)")).to_have_value("Europe/Amsterdam")
    linkedin = _form(bram, "reporting.api_prices").get_by_role("group", name="LinkedIn")
    expect(linkedin.get_by_label("Currency")).to_have_value("EUR")
    expect(linkedin.get_by_label("Per post")).to_have_value("0.05")
    x = _form(bram, "reporting.api_prices").get_by_role("group", name="X", exact=True)
    expect(x.get_by_label("Per post")).to_have_value("0.200")
    expect(_form(bram, "reporting.points").get_by_label("A comment on a post")).to_have_value("4")
    expect(_form(bram, "reporting.points").get_by_label("A share", exact=True)).to_have_value("10")
    expect(_form(bram, "reporting.leaderboard_size").get_by_role("textbox")).to_have_value("10")

    # The mapping at work: the HR system names only the office; the person gets its name and language.
    reply = org.webhook("employee.joined", {"employee_id": "lotte", "name": "Lotte", "department": "Sales", "location": "AMS-HQ"})
    assert reply.status_code == 202, reply.text
    bram.goto(bram.url.replace("/settings", "/people"))
    lotte = bram.get_by_test_id("people").get_by_role("row").filter(has_text="Lotte")
    until(lambda: lotte.count() == 1, page=bram)
    expect(lotte).to_contain_text("Amsterdam")
    expect(lotte).to_contain_text(re.compile("Dutch|Nederlands"))
