"""Helpers for the curator and admin journeys: people in their own browser contexts, fresh orgs."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from local.cloud import LocalCloud
from tests.web.conftest import ARTIFACTS, DESKTOP, sign_in

DESKTOP_BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36"


def either(en: str, nl: str) -> re.Pattern[str]:
    """A label in English or in Dutch (the demo's curator and admin have Dutch profiles)."""
    return re.compile(f"{en}|{nl}")


def _claims(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class People:
    """Opens a browser context per person; keeps a screenshot of each when the test fails."""

    def __init__(self, browser: Any, cloud: LocalCloud, request: pytest.FixtureRequest) -> None:
        self.browser, self.cloud, self.request = browser, cloud, request
        self.contexts: list[tuple[str, Any]] = []

    def _page(self, label: str, locale: str, user_agent: str | None = None) -> Any:
        extra = {"user_agent": user_agent} if user_agent else {}
        context = self.browser.new_context(viewport=DESKTOP, locale=locale, accept_downloads=True, **extra)
        context.set_default_timeout(15_000)
        self.contexts.append((label, context))
        return context

    def demo(self, name: str, path: str, locale: str = "en-GB") -> Any:
        """Signed in through the local "sign in as" page, as a person of the demo organisation."""
        page = self._page(name, locale).new_page()
        sign_in(page, self.cloud.base_url, name, path=path)
        return page

    def token(self, org_id: str, sub: str, roles: list[str], path: str, locale: str = "en-GB") -> Any:
        """Signed in with a token of another organisation (the sign-in page lists only the demo's people)."""
        token = self.cloud.token(sub, roles, org_id)
        session = {"token": token, "sub": sub, "orgId": org_id, "roles": roles, "expiresAt": _claims(token)["exp"], "name": sub}
        context = self._page(f"{org_id}-{sub}", locale)
        context.add_init_script(f"sessionStorage.setItem('estafette.session', {json.dumps(json.dumps(session))});")
        page = context.new_page()
        page.goto(f"{self.cloud.base_url}{path}")
        return page

    def visitor(self, url: str) -> None:
        """Someone on LinkedIn clicks a tracked link in an ordinary browser (a headless one counts as a bot).
        The click is counted at the redirect; the article it leads to is on the internet, which these
        machines cannot reach, so that last navigation fails and is not waited for."""
        from playwright.sync_api import Error

        page = self._page("visitor", "en-GB", user_agent=DESKTOP_BROWSER).new_page()
        try:
            page.goto(url, wait_until="commit")
        except Error as exc:
            if "ERR_NAME_NOT_RESOLVED" not in str(exc) and "ERR_CONNECTION" not in str(exc):
                raise

    def close(self) -> None:
        failed = self.request.node.stash.get(_failed_key(), False)
        for label, context in self.contexts:
            if failed:
                ARTIFACTS.mkdir(exist_ok=True)
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{self.request.node.name}-{label}")
                for n, page in enumerate(context.pages):
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{n}.png"), full_page=True)
            context.close()


def _failed_key() -> Any:
    from tests.web import conftest

    return conftest._failed


@pytest.fixture(name="people")
def people_fixture(browser: Any, cloud: LocalCloud, request: pytest.FixtureRequest, demo: Any) -> Iterator[People]:
    crowd = People(browser, cloud, request)
    yield crowd
    crowd.close()


def until(check: Callable[[], Any], page: Any | None = None, timeout: float = 30.0) -> Any:
    """Reload `page` until `check()` is truthy: what other services learn arrives through the bus."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except AssertionError:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("the page did not show it in time")
        if page is not None:
            page.reload()
            page.wait_for_load_state("networkidle")
        else:
            time.sleep(0.3)
