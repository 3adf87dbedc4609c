"""Screenshots of every screen of the web app, in English and Dutch, at phone (375 px) and desktop width.

    make web-screenshots                      # all screens into web/screenshots/ (git-ignored)
    .venv/bin/python scripts/web_screenshots.py --only library,hr --languages nl --widths 375

Starts its own local cloud in memory with the demo organisation (plus a share, an item in review and an
employee's suggestion, so the lists are not empty), signs in through the local sign-in page as the person
each screen is for, sets that person's profile language, and writes `<language>-<width>-<screen>.png`
(full page). For each screenshot it also prints what a reviewer would otherwise have to spot by eye:
sideways scrolling (the page is wider than the window) and text that looks like an i18n key shown raw.
It exits 1 when any screen has either, so it doubles as a quick check; the browser tests assert the same.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local.cloud import LocalCloud  # noqa: E402
from local.seed import Demo, seed_demo  # noqa: E402
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.web.layout import LAYOUT_PROBLEMS  # noqa: E402
from tests.web.layout import SCREENS as LAYOUT_SCREENS  # noqa: E402

OUT = ROOT / "web" / "screenshots"
NAMES = {"eva": "Eva Bakker", "anna": "Anna de Vries", "bram": "Bram Jansen"}
LOCALES = {"en": "en-GB", "nl": "nl-NL"}
HEIGHT = {375: 812, 1280: 900}


WHO = {"advocate": "eva", "curator": "anna", "admin": "bram"}


@dataclass(frozen=True)
class Screen:
    name: str
    path: str
    who: str  # eva: advocate, anna: curator, bram: admin; "": signed out


SCREENS = [Screen("sign-in", "/sign-in", "")] + [
    Screen(name, path, WHO[role]) for role, screens in LAYOUT_SCREENS.items() for name, path in screens
]


def enrich(cloud: LocalCloud, demo: Demo) -> None:
    """A share of Eva's, an item waiting for review and an employee's suggestion: screens with something in them."""
    eva, anna = ({"Authorization": f"Bearer {demo.tokens[who]}"} for who in ("eva", "anna"))
    with httpx.Client(base_url=cloud.base_url, timeout=30) as http:
        share = {"content_id": demo.content_ids[0], "network": "linkedin", "text": "What we learned going event-driven."}
        http.post("/v1/shares", json=share, headers=eva).raise_for_status()
        draft = {
            "type": "news",
            "url": "https://example.com/news/office-opening",
            "title": "Our new office in Utrecht opens on 1 September",
            "summary": "Room for 120 people, next to the station.",
            "suggested_texts": {
                "en": ["We are growing: a new office in Utrecht."],
                "nl": ["We groeien: een nieuw kantoor in Utrecht."],
            },
            "audience": {},
        }
        created = http.post("/v1/content", json=draft, headers=anna)
        created.raise_for_status()
        http.post(f"/v1/content/{created.json()['content_id']}/submit", headers=anna).raise_for_status()
        suggestion = {
            "occasion": "client_visit",
            "title": "A day at the port of Rotterdam",
            "story": "We showed how our platform tracks containers.",
            "url": "https://example.com/cases/port",
            "suggested_text": "A great day at the port with our team!",
        }
        http.post("/v1/content/suggestions", json=suggestion, headers=eva).raise_for_status()


def set_language(cloud: LocalCloud, demo: Demo, who: str, language: str) -> None:
    headers = {"Authorization": f"Bearer {demo.tokens[who]}"}
    with httpx.Client(base_url=cloud.base_url, timeout=30, headers=headers) as http:
        me = http.get("/v1/me").json()
        fields = ("name", "department", "role", "location", "timezone", "self_reported_connections")
        profile = {k: me[k] for k in fields if me.get(k) is not None}
        http.put("/v1/me", json={**profile, "language": language}).raise_for_status()


def settle(page: Any) -> None:
    page.get_by_role("heading", level=1).first.wait_for()
    page.wait_for_load_state("networkidle")
    # Nothing still loading (every Loading status says "…").
    deadline = time.monotonic() + 10
    while page.locator("[role=status]").filter(has_text="…").count() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(150)  # charts and fonts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", default="", help="comma-separated screen names")
    parser.add_argument("--languages", default="en,nl")
    parser.add_argument("--widths", default="375,1280")
    args = parser.parse_args()
    if not (ROOT / "web" / "dist" / "index.html").is_file():
        print("web/dist is missing: run `make web-build` first", file=sys.stderr)
        return 2
    only = {s for s in args.only.split(",") if s}
    screens = [s for s in SCREENS if not only or s.name in only]
    languages = [lang for lang in args.languages.split(",") if lang]
    widths = [int(w) for w in args.widths.split(",") if w]
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    problems: dict[str, list[str]] = {}
    count = 0
    started = time.monotonic()
    with LocalCloud(port=0, quiet=True) as cloud:
        demo = seed_demo(cloud)
        enrich(cloud, demo)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for language in languages:
                for who in NAMES:
                    set_language(cloud, demo, who, language)
                for width in widths:
                    contexts: dict[str, Any] = {}
                    for screen in screens:
                        who = screen.who
                        if who not in contexts:
                            viewport = {"width": width, "height": HEIGHT.get(width, 900)}
                            context = browser.new_context(viewport=viewport, locale=LOCALES[language])
                            context.set_default_timeout(15_000)
                            page = context.new_page()
                            if who:
                                page.goto(f"{cloud.base_url}/sign-in")
                                page.get_by_role("button", name=re.compile(f"(as|als) {NAMES[who]}")).click()
                                page.get_by_role("heading", level=1).first.wait_for()
                            contexts[who] = (context, page)
                        page = contexts[who][1]
                        # content_ids[0] is shared by Eva by then (out of her feed); [1] is in both lists.
                        path = screen.path.format(content=demo.content_ids[1])
                        page.goto(f"{cloud.base_url}{path}")
                        settle(page)
                        name = f"{language}-{width}-{screen.name}"
                        page.screenshot(path=str(args.out / f"{name}.png"), full_page=True)
                        count += 1
                        found = page.evaluate(LAYOUT_PROBLEMS)
                        if found:
                            problems[name] = found
                        print(f"{name}.png" + (f"  ! {'; '.join(found)}" if found else ""), flush=True)
                    for context, _ in contexts.values():
                        context.close()
            browser.close()
    print(f"\n{count} screenshots in {args.out} in {time.monotonic() - started:.0f} s")
    if problems:
        print(f"{len(problems)} with problems:\n" + json.dumps(problems, indent=2, ensure_ascii=False))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
