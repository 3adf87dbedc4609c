"""The employee journeys of the web app, in a real browser against the local cloud (issue 12).

The demo organisation's admin requires a disclosure line, so the credibility guard has something to
say before anyone shares: the composer shows the guard's verdict from `POST /v1/shares/check`.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from local.cloud import LocalCloud
from local.seed import Demo
from tests.web.conftest import sign_in

EXPERTISE = "Five lessons from moving to event-driven serverless"
INDUSTRY = "Why people trust people, not brands"
SALES_ONLY = "We welcome a new client in logistics"
VACANCY = "Senior Platform Engineer"


@pytest.fixture(scope="module", autouse=True)
def disclosure_required(cloud: LocalCloud, demo: Demo) -> None:
    admin = {"Authorization": f"Bearer {demo.tokens['bram']}"}
    current = httpx.get(f"{cloud.base_url}/v1/org/settings", headers=admin)
    current.raise_for_status()
    body = current.json()
    body["guard"]["disclosure_required"] = True
    httpx.put(f"{cloud.base_url}/v1/org/settings", json=body, headers=admin).raise_for_status()


def feed_item(page: Any, title: str) -> Any:
    return page.get_by_test_id("feed").get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))


def share_on_linkedin_and_see_it_posted(page: Any, title: str, own_words: str) -> None:
    feed_item(page, title).get_by_role("button", name=f"Share “{title}”").click()
    composer = page.locator("#composer")
    expect(composer.get_by_role("heading", name=f"Share “{title}”")).to_be_visible()
    expect(composer.get_by_role("radio", name="LinkedIn")).to_be_checked()
    text = composer.get_by_label("Your text on LinkedIn")
    expect(text).not_to_have_value("")  # starts from the suggested text
    text.fill(own_words)
    expect(composer.get_by_test_id("length")).to_contain_text(f"LinkedIn counts {len(own_words)} of 3,000")
    # The guard speaks before the share: the org's disclosure line will be added.
    expect(composer.get_by_test_id("guard-warning")).to_contain_text("I work at")
    composer.get_by_role("button", name="Share on LinkedIn now").click()
    expect(page).to_have_url(re.compile(r"/shares\?shared="))
    mine = page.get_by_test_id("share").filter(has_text=own_words).first
    expect(mine.get_by_test_id("share-status")).to_have_text("Posted", timeout=20_000)
    link = mine.get_by_role("link", name="View the post on LinkedIn")
    expect(link).to_have_attribute("href", re.compile(r"^https?://"))
    expect(mine).to_contain_text("/r/")  # the tracked link


def test_journey_1_eva_rewrites_sees_the_guard_and_shares_to_linkedin(page: Any, cloud: LocalCloud) -> None:
    sign_in(page, cloud.base_url, "Eva Bakker")
    expect(page.get_by_role("heading", level=1, name="Your feed")).to_be_visible()
    expect(feed_item(page, EXPERTISE)).to_be_visible()
    expect(page.get_by_text(SALES_ONLY)).to_have_count(0)  # Sales-only content is not for Engineering
    expect(feed_item(page, EXPERTISE)).to_contain_text("picked for your department")
    share_on_linkedin_and_see_it_posted(page, EXPERTISE, "What we learned going event-driven, in my own words. Lesson 3!")


def test_journey_2_eva_connects_x_through_oauth_and_a_too_long_text_is_refused_first(page: Any, cloud: LocalCloud) -> None:
    sign_in(page, cloud.base_url, "Eva Bakker", path="/me/connections")
    page.get_by_test_id("connection-x").get_by_role("button", name="Connect X").click()
    # The fake X consents at once and sends the browser through the API's callback back to the app.
    expect(page).to_have_url(re.compile(r"/me/connections/x\?outcome=connected"))
    expect(page.get_by_text("X is connected. You can share there now.")).to_be_visible()
    expect(page.get_by_test_id("connection-x")).to_contain_text("Connected")

    page.get_by_role("link", name="Feed", exact=True).click()
    feed_item(page, INDUSTRY).get_by_role("button", name=f"Share “{INDUSTRY}”").click()
    composer = page.locator("#composer")
    composer.get_by_role("radio", name="X").check()
    text = composer.get_by_label("Your text on X")
    text.fill("Trust " * 50)  # 300 characters before the link
    # X's weighted count: the text, plus 2 for the blank line and 23 for any link.
    expect(composer.get_by_test_id("length")).to_contain_text("X counts 324 of 280")
    expect(composer.get_by_role("alert").filter(has_text="44 too many for X")).to_be_visible()
    expect(composer.get_by_role("button", name="Share on X now")).to_be_disabled()

    text.fill("People trust people: a good read on why advocacy works.")
    expect(composer.get_by_role("button", name="Share on X now")).to_be_enabled()
    composer.get_by_role("button", name="Share on X now").click()
    mine = page.get_by_test_id("share").filter(has_text="People trust people").first
    expect(mine.get_by_test_id("share-status")).to_have_text("Posted", timeout=20_000)
    expect(mine.get_by_role("link", name="View the post on X")).to_be_visible()


def test_journey_3_daan_sees_the_app_and_the_guard_in_dutch(page: Any, cloud: LocalCloud) -> None:
    sign_in(page, cloud.base_url, "Daan Visser")
    expect(page.get_by_role("heading", level=1, name="Jouw feed")).to_be_visible()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Mijn berichten")).to_be_attached()
    expect(nav.get_by_role("link", name="Koppelingen")).to_be_attached()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    feed_item(page, EXPERTISE).get_by_role("button", name=f"“{EXPERTISE}” delen").click()
    composer = page.locator("#composer")
    expect(composer.get_by_label("Jouw tekst op LinkedIn")).to_have_value(re.compile("^Ons team schreef"))
    expect(composer.get_by_test_id("length")).to_contain_text("LinkedIn telt")
    expect(composer.get_by_test_id("guard-warning")).to_contain_text("Ik werk bij")
    expect(composer.get_by_role("button", name="Nu delen op LinkedIn")).to_be_enabled()
    page.get_by_role("link", name="Mijn impact").click()
    expect(page.get_by_role("heading", level=1, name="Mijn impact")).to_be_visible()
    expect(page.get_by_test_id("connections-sentence")).to_contain_text("connecties")


def test_journey_4_a_mails_deep_link_opens_the_composer_after_sign_in(page: Any, cloud: LocalCloud, demo: Demo) -> None:
    eva = {"Authorization": f"Bearer {demo.tokens['eva']}"}
    items = httpx.get(f"{cloud.base_url}/v1/feed", headers=eva).json()["items"]
    vacancy = next(i for i in items if i["title"] == VACANCY)
    page.goto(f"{cloud.base_url}/feed?content={vacancy['content_id']}")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_role("button", name="Sign in as Eva Bakker").click()
    expect(page).to_have_url(re.compile(rf"/feed\?content={vacancy['content_id']}$"))
    expect(page.locator("#composer").get_by_role("heading", name=f"Share “{VACANCY}”")).to_be_visible()


def test_journey_5_on_a_phone_liam_shares_to_linkedin(phone: Any, cloud: LocalCloud) -> None:
    sign_in(phone, cloud.base_url, "Liam Peters")
    expect(phone.get_by_role("heading", level=1, name="Your feed")).to_be_visible()
    expect(phone.get_by_text(EXPERTISE)).to_have_count(0)  # Engineering-only content is not for Sales
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone: {width}px"
    # The navigation folds into a menu button on a phone.
    expect(phone.get_by_role("link", name="My shares")).to_be_hidden()
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("link", name="My shares")).to_be_visible()
    phone.get_by_role("button", name="Menu").click()
    share_on_linkedin_and_see_it_posted(phone, INDUSTRY, "Trust is earned person to person. Worth reading.")
