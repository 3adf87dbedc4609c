"""The people who run the programme, in a browser: curators curate, admins steer, management sees the return.

Anna (curator) and Bram (admin) of the demo organisation have Dutch profiles, so their screens are in
Dutch; labels are matched in either language. Journeys that count (the dashboard, the daily cap) run in
an organisation of their own, so other tests' shares don't change their figures.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from playwright.sync_api import expect

from local.cloud import LocalCloud
from tests.support import eventually
from tests.web.curator_support import either, people_fixture, until  # noqa: F401  (people_fixture: the `people` fixture)

ARTICLE = {
    "type": "expertise",
    "url": "https://example.com/blog/lessons",
    "title": "Lessons",
    "suggested_texts": {"en": ["Our lessons"]},
}


def _api(cloud: LocalCloud, sub: str, roles: list[str], org_id: str = "demo") -> httpx.Client:
    token = cloud.token(sub, roles, org_id)
    return httpx.Client(base_url=cloud.base_url, timeout=15, headers={"Authorization": f"Bearer {token}"})


def _publish(cloud: LocalCloud, org_id: str, body: dict[str, Any]) -> str:
    with _api(cloud, "anna", ["curator"], org_id) as anna, _api(cloud, "bram", ["admin"], org_id) as bram:
        content_id = anna.post("/v1/content", json=body).json()["content_id"]
        assert anna.post(f"/v1/content/{content_id}/submit").status_code == 200
        assert bram.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}).json()["status"] == "published"
    return content_id


def _feed_titles(page: Any) -> list[str]:
    page.get_by_test_id("feed").or_(page.get_by_role("heading", level=1)).first.wait_for()
    return page.locator("[data-testid=feed] h2").all_inner_texts()


def test_1_a_vacancy_for_engineering_reaches_engineering_and_not_sales(people, cloud: LocalCloud) -> None:
    title = f"Platform engineer {uuid.uuid4().hex[:6]}"
    anna = people.demo("Anna de Vries", "/library/new")
    anna.get_by_label(either("Type", "Soort")).select_option("vacancy")
    anna.get_by_label(either("Link to share", "Link om te delen")).fill("https://example.com/jobs/platform-engineer")
    anna.get_by_label(re.compile(r"^(Title|Titel)$")).fill(title)
    anna.get_by_label(re.compile(r"^(English|Engels),? variant 1$")).fill("We are hiring a platform engineer. Know someone?")
    anna.get_by_role("button", name=either("Add a Dutch variant", "Variant in het Nederlands toevoegen")).click()
    anna.get_by_label(re.compile(r"^(Dutch|Nederlands),? variant 1$")).fill("Wij zoeken een platform engineer. Ken jij iemand?")
    expect(anna.get_by_test_id("count-x").first).to_contain_text("280")
    anna.get_by_role("checkbox", name=re.compile(r"^Engineering \(")).check()
    expect(anna.get_by_test_id("reach")).to_have_text(re.compile(r"(Reaches|Bereikt) 2 (of|van) \d+"))
    anna.get_by_role("button", name=either("^Save$", "^Opslaan$")).click()
    expect(anna).to_have_url(re.compile(r"/library/[0-9a-f]+$"))
    anna.get_by_role("button", name=either("Send for review", "Indienen ter beoordeling")).click()
    expect(anna.get_by_text(either("Sent for review", "Ingediend ter beoordeling."))).to_be_visible()

    bram = people.demo("Bram Jansen", "/approval")
    card = bram.get_by_test_id("review-item").filter(has_text=title)
    card.get_by_role("button", name=either("^Approve$", "^Goedkeuren$")).click()
    expect(bram.get_by_text(either(f"Approved: “{title}”", f"Goedgekeurd: ‘{title}’"))).to_be_visible()

    eva = people.demo("Eva Bakker", "/feed")
    until(lambda: title in _feed_titles(eva), page=eva)
    sofie = people.demo("Sofie Smit", "/feed")
    assert title not in _feed_titles(sofie)


def test_2_a_rejection_reason_and_the_audit_trail_reach_the_author(people, cloud: LocalCloud) -> None:
    title = f"Client story {uuid.uuid4().hex[:6]}"
    with _api(cloud, "anna", ["curator", "employee"]) as anna_api:
        content_id = anna_api.post("/v1/content", json={**ARTICLE, "title": title}).json()["content_id"]
        assert anna_api.post(f"/v1/content/{content_id}/submit").status_code == 200
    reason = "Leave out the client's name until they announce it"
    bram = people.demo("Bram Jansen", f"/approval?content={content_id}")
    card = bram.get_by_test_id("review-item").filter(has_text=title)
    card.get_by_role("button", name=either("^Send back$", "^Terugsturen$")).click()
    card.get_by_label(either("Reason", "Reden")).fill(reason)
    card.get_by_role("button", name=either("Send back with this reason", "Terugsturen met deze reden")).click()
    sent_back = either(f"Sent back to the author: “{title}”", f"Teruggestuurd naar de auteur: ‘{title}’")
    expect(bram.get_by_text(sent_back)).to_be_visible()

    anna = people.demo("Anna de Vries", f"/library/{content_id}")
    trail = anna.get_by_test_id("audit-trail")
    expect(trail).to_contain_text(reason)
    expect(trail).to_contain_text(re.compile("Bram Jansen (sent it back|heeft het teruggestuurd)"))
    expect(trail.locator("li")).to_have_count(3)  # created, sent for review, sent back
    expect(anna.get_by_test_id("item-status")).to_have_text(re.compile("Draft|Concept"))


def test_3_one_click_on_one_share_is_one_share_one_click_and_three_euros_on_the_dashboard(people, cloud, org) -> None:
    eva = org.employee("eva", "Engineering", followers=750)
    content_id = _publish(cloud, org.id, ARTICLE)

    def share() -> Any:
        body = {"content_id": content_id, "network": "linkedin", "text": "My take."}
        reply = org.http.post("/v1/shares", json=body, headers=eva)
        return reply if reply.status_code == 202 else None

    accepted = eventually(share).json()
    eventually(lambda: org.http.get(f"/v1/shares/{accepted['share_id']}", headers=eva).json()["status"] == "posted")
    people.visitor(accepted["tracked_url"])

    anna = people.token(org.id, "anna", ["curator"], "/reports")

    def figures() -> bool:
        anna.get_by_test_id("tile-clicks").wait_for()
        return anna.get_by_test_id("tile-clicks").locator(".kpi-value").inner_text() == "1"

    until(figures, page=anna)
    expect(anna.get_by_test_id("tile-shares").locator(".kpi-value")).to_have_text("1")
    expect(anna.get_by_test_id("tile-value").locator(".kpi-value")).to_have_text("€3.00")
    anna.get_by_test_id("tile-value").get_by_text("How it is calculated").click()
    expect(anna.get_by_test_id("tile-value")).to_contain_text("clicks × cost per click")
    anna.get_by_text("The figures of the chart").click()
    expect(anna.get_by_test_id("chart-table").locator("tbody tr")).to_have_count(1)
    expect(anna.get_by_test_id("chart-table").locator("tbody tr td").nth(1)).to_have_text("1")
    assert anna.locator("[data-testid=chart] .recharts-line-curve").count() == 2  # shares and clicks


def test_4_the_forecast_calculator_shows_the_worked_example(people) -> None:
    anna = people.demo("Anna de Vries", "/reports/forecast")
    anna.get_by_role("button", name=either("worked example", "rekenvoorbeeld")).click()
    expect(anna.get_by_test_id("forecast-value")).to_contain_text(re.compile(r"90[.,]000"))
    expect(anna.get_by_test_id("forecast-value")).to_contain_text(re.compile(r"1[.,]000 × 5 × 6 × €\s?3"))
    expect(anna.get_by_text(re.compile("Period it covers|Periode die het beslaat"))).to_be_visible()


def test_5_a_lower_daily_cap_refuses_evas_next_share_in_her_composer(people, cloud: LocalCloud, org) -> None:
    eva = org.employee("eva", "Engineering", followers=750)
    first = _publish(cloud, org.id, ARTICLE)
    second = _publish(cloud, org.id, {**ARTICLE, "title": "More lessons", "url": "https://example.com/blog/more"})

    def share() -> Any:
        # Its own words: the fake LinkedIn refuses a text it already has, as LinkedIn does, and a refused share counts for no cap.
        body = {"content_id": first, "network": "linkedin", "text": f"My take {uuid.uuid4().hex[:8]}."}
        reply = org.http.post("/v1/shares", json=body, headers=eva)
        return reply if reply.status_code == 202 else None

    share_id = eventually(share).json()["share_id"]
    eventually(lambda: org.http.get(f"/v1/shares/{share_id}", headers=eva).json()["status"] == "posted")
    bram = people.token(org.id, "bram", ["admin"], "/settings")
    cap = bram.locator("form[data-setting='guard.max_shares_per_day']")
    cap.get_by_role("textbox").fill("1")
    cap.get_by_role("button", name="Save").click()
    expect(cap.get_by_text("Saved.")).to_be_visible()

    eva_page = people.token(org.id, "eva", ["employee"], f"/feed?content={second}")
    composer = eva_page.locator("#composer")
    # The composer shows the guard's verdict before she presses share (POST /v1/shares/check): the new cap.
    verdict = composer.get_by_test_id("guard-error")
    refused = "You already shared 1 times to LinkedIn today"  # the cap counts per network, and says so
    until(lambda: verdict.count() > 0 and refused in verdict.first.inner_text(), page=eva_page)
    expect(composer.get_by_role("button", name=re.compile("^Share on LinkedIn"))).to_be_disabled()


def test_6_the_whole_curator_journey_in_dutch(people, cloud: LocalCloud) -> None:
    title = f"Klantdag {uuid.uuid4().hex[:6]}"
    anna = people.demo("Anna de Vries", "/library")
    expect(anna.get_by_role("heading", level=1)).to_have_text("Bibliotheek")
    anna.get_by_role("link", name="Nieuw item").click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Nieuw item")
    anna.get_by_label("Soort").select_option("event")
    anna.get_by_label("Link om te delen").fill("https://example.com/events/klantdag")
    anna.get_by_label("Titel", exact=True).fill(title)
    anna.get_by_label("Engels, variant 1").fill("Join us at our client day.")
    anna.get_by_role("button", name="Variant in het Nederlands toevoegen").click()
    anna.get_by_label("Nederlands, variant 1").fill("Kom naar onze klantdag.")
    expect(anna.get_by_test_id("reach")).to_contain_text("Bereikt")
    anna.get_by_role("button", name="Opslaan", exact=True).click()
    expect(anna.get_by_text("Opgeslagen.")).to_be_visible()
    anna.get_by_role("button", name="Indienen ter beoordeling").click()
    expect(anna.get_by_text("Ingediend ter beoordeling.")).to_be_visible()
    expect(anna.get_by_test_id("audit-trail")).to_contain_text("heeft het ingediend ter beoordeling")

    bram = people.demo("Bram Jansen", "/approval")
    expect(bram.get_by_role("heading", level=1)).to_have_text("Goedkeuring")
    bram.get_by_test_id("review-item").filter(has_text=title).get_by_role("button", name="Goedkeuren").click()
    expect(bram.get_by_text(f"Goedgekeurd: ‘{title}’.")).to_be_visible()

    for path, heading in (
        ("/calendar", "Kalender"),
        ("/suggestions", "Suggesties"),
        ("/reports", "Rapportages"),
        ("/reports/forecast", "Prognosecalculator"),
    ):
        anna.goto(f"{cloud.base_url}{path}")
        expect(anna.get_by_role("heading", level=1)).to_have_text(heading)
        anna.wait_for_load_state("networkidle")
        text = anna.locator("main").inner_text()
        for english in ("Loading", "Something went wrong", "Save", "Approve", "Reports", "Period"):
            assert not re.search(rf"\b{english}\b", text), f"{path} shows English: {english!r}"
    anna.goto(f"{cloud.base_url}/reports")
    expect(anna.get_by_test_id("tile-participation")).to_contain_text("Deelnamegraad")
    anna.get_by_test_id("tile-cps").get_by_text("Zo wordt het berekend").click()
    expect(anna.get_by_test_id("tile-cps")).to_contain_text("benchmark van 6")
