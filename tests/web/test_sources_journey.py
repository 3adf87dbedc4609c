"""Content that feeds itself and posts with pictures, in a browser (issue 17).

A curator adds an industry feed of the local cloud's fake feed server and a page that is no feed, and
sees the feed's entries arrive as drafts when the poll runs (the five-minute schedule, fired at once:
no waiting) and the page's error on its card, then pauses it; opens a draft from the
library's "from sources" filter, attaches an image with alt text in both languages (a file of the
wrong type is refused first, with the reason), and sends it for review. Once it is approved, an
employee sees it in the feed with the image and its alt text, from storage; the admin blocks a
phrase in the settings and the composer refuses a text with it, naming the phrase. In an
organisation of its own, so the demo's sources and other journeys' content don't interfere.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

import httpx
from playwright.sync_api import expect

from local.cloud import LocalCloud
from tests.web.conftest import axe_violations
from tests.web.curator_support import people_fixture, until  # noqa: F401  (people_fixture: the `people` fixture)

TITLE = "Lessons from ten event-driven systems"


def _png(width: int = 8, height: int = 6) -> bytes:
    """A real (tiny) PNG, so the browser decodes and shows it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x1f\x6f\xb4" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _poll_sources(cloud: LocalCloud) -> None:
    """The sources schedule (every five minutes), now: it queues the due sources for the poller."""
    next(s for s in cloud.schedules if s.spec.logical_id == "ContentSourcesScheduleFunction").fire()


def _card(page: Any) -> Any:
    return page.get_by_test_id("source").filter(has_text="engineering.atom")


def test_a_feed_brings_drafts_one_is_published_with_an_image_and_a_blocked_phrase_is_refused(
    people, cloud: LocalCloud, org
) -> None:
    org.employee("eva", "Engineering", followers=300)
    anna = people.token(org.id, "anna", ["curator", "employee"], "/sources")
    expect(anna.get_by_text("No feeds yet. Add one below.")).to_be_visible()
    anna.get_by_label("Feed address").fill(f"{cloud.feeds.base_url}/engineering.atom")
    anna.get_by_label("Content type").select_option("expertise")
    anna.get_by_role("button", name="Add the feed").click()
    expect(anna.get_by_text(re.compile("was added. It is read at the next poll."))).to_be_visible()
    expect(_card(anna).get_by_test_id("source-status")).to_have_text("Waiting for its first read")
    expect(_card(anna).get_by_test_id("last-polled")).to_have_text("Not yet")
    anna.get_by_label("Feed address").fill(f"{cloud.feeds.base_url}/not-xml")  # a web page, not a feed
    anna.get_by_role("button", name="Add the feed").click()
    broken = anna.get_by_test_id("source").filter(has_text="not-xml")
    expect(broken).to_be_visible()

    _poll_sources(cloud)
    until(
        lambda: _card(anna).get_by_test_id("entries-created").inner_text() == "2" and broken.get_by_test_id("last-error").count(),
        page=anna,
    )
    expect(broken.get_by_test_id("source-status")).to_have_text("Failing")
    expect(broken.get_by_test_id("last-error")).to_contain_text("This address does not serve an RSS or Atom feed")
    broken.get_by_role("button", name="Pause").click()
    expect(broken.get_by_test_id("source-status")).to_have_text("Paused")
    expect(_card(anna).get_by_test_id("source-status")).to_have_text("Active")
    expect(_card(anna).get_by_test_id("last-polled")).not_to_have_text("Not yet")
    assert axe_violations(anna) == []

    anna.get_by_role("link", name="Drafts from sources").click()
    expect(anna).to_have_url(re.compile(r"/library\?origin=source$"))
    rows = anna.get_by_test_id("library-row")
    expect(rows).to_have_count(2)  # the failing feed brought nothing
    expect(rows.filter(has_text=TITLE)).to_contain_text("Draft")
    rows.filter(has_text=TITLE).get_by_role("link", name=TITLE).click()
    expect(anna.get_by_role("heading", level=1)).to_have_text(f"Edit: {TITLE}")

    picker = anna.get_by_label("Add an image")
    picker.set_input_files({"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not an image"})
    expect(anna.get_by_role("alert").filter(has_text="notes.txt is not a JPEG, PNG, GIF or WebP image.")).to_be_visible()
    picker.set_input_files({"name": "chart.png", "mimeType": "image/png", "buffer": _png()})
    expect(anna.get_by_text("Image uploaded. Describe it below.")).to_be_visible()
    preview = anna.get_by_test_id("editor-image").locator("img")
    expect(preview).to_have_js_property("complete", True)
    assert preview.evaluate("img => img.naturalWidth") == 8  # the picked file, shown before it is saved

    # No suggested texts yet (a feed's entry has none): the alt text is required in both of the org's languages.
    anna.get_by_label("Image 1: alt text (English)").fill("Bar chart: ten systems, five lessons")
    anna.get_by_role("button", name="Save").click()
    dutch = anna.get_by_label("Image 1: alt text (Dutch)")
    expect(dutch).to_have_attribute("aria-invalid", "true")
    expect(anna.locator(".field").filter(has=dutch)).to_contain_text("alt text in 'nl' is required")
    assert axe_violations(anna) == []  # the editor with an image, its preview and a refused field
    dutch.fill("Staafdiagram: tien systemen, vijf lessen")
    anna.get_by_role("button", name="Save").click()
    expect(anna.get_by_text("Saved.")).to_be_visible()
    anna.get_by_role("button", name="Send for review").click()
    expect(anna.get_by_text("Sent for review. Curators have been told.")).to_be_visible()

    # The stored image comes back from storage when the item is opened again.
    anna.reload()
    stored = anna.get_by_role("img", name="Bar chart: ten systems, five lessons")
    expect(stored).to_have_js_property("complete", True)
    assert stored.evaluate("img => img.naturalWidth") == 8

    with httpx.Client(base_url=cloud.base_url, timeout=15) as http:
        content = http.get("/v1/content", params={"origin": "source"}, headers=org.token("anna", "curator")).json()
        content_id = next(i["content_id"] for i in content["items"] if i["title"] == TITLE)
        approved = http.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}, headers=org.token("carl", "curator"))
        assert approved.status_code == 200 and approved.json()["status"] == "published", approved.text

    bram = people.token(org.id, "bram", ["admin"], "/settings")
    words = bram.get_by_label("Blocked words and phrases (one per line)")
    words.fill("guaranteed returns")
    bram.locator("form").filter(has=words).get_by_role("button", name="Save").click()
    expect(bram.locator("form").filter(has=words).get_by_text("Saved.")).to_be_visible()

    eva = people.token(org.id, "eva", ["employee"], "/feed")
    until(lambda: eva.get_by_role("heading", name=TITLE).count() == 1, page=eva)
    image = eva.get_by_role("img", name="Bar chart: ten systems, five lessons")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 8  # loaded from storage, not just named
    eva.get_by_role("button", name=f"Share “{TITLE}”").click()
    composer = eva.locator("#composer")
    expect(composer.get_by_test_id("composer-image")).to_contain_text("Description: Bar chart: ten systems, five lessons")
    composer.get_by_label("Your text on LinkedIn").fill("Guaranteed returns, people! Ten systems, five lessons.")
    refusal = composer.get_by_test_id("guard-error")
    expect(refusal).to_contain_text("guaranteed returns")
    assert axe_violations(eva) == []  # the feed's images and the composer with them and the refusal
    expect(composer.get_by_role("button", name="Share on LinkedIn now")).to_be_disabled()
