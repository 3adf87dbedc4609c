"""The web app next to the API, as CloudFront serves it when deployed (infra/template.yaml).

- `GET /` and the app's own routes (`/feed`, `/shares`, `/me/...`, `/library`, ...) answer with
  `index.html`, so the deep links that mails and chat messages carry open the right screen; the
  app's files come from `web/dist/` (built by `make run` / `make web-build`).
- `GET /config.json` tells the app how to sign in: here `{"auth": {"mode": "local"}}`; a deployment
  writes the customer's IdP there instead.
- `GET /local/people` lists the demo organisation's people for the "sign in as" page; like
  `POST /local/tokens`, it exists only in the local cloud.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

from local.template import ROOT

DIST = ROOT / "web" / "dist"
# The first segment of every path the app's router answers (web/src/app/router.tsx).
APP_ROUTES = frozenset(
    {
        "",
        "sign-in",
        "auth",
        "feed",
        "shares",
        "me",
        "guidelines",
        "occasions",
        "opportunities",
        "library",
        "approval",
        "calendar",
        "reports",
        "settings",
        "hr",
        "suggestions",
        "people",
        "sources",
    }
)
NOT_BUILT = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Estafette</title>"
    "<h1>The web app is not built</h1><p>Run <code>make web-build</code> (or <code>make run</code>, which builds it).</p>"
)

Answer = tuple[int, dict[str, str], bytes]


class WebApp:
    def __init__(self, dist: Path = DIST, people: Callable[[], list[dict[str, Any]]] | None = None) -> None:
        self.dist = dist.resolve()
        self.people = people or demo_people

    def config(self) -> dict[str, Any]:
        return {"apiBaseUrl": "", "auth": {"mode": "local"}}

    def serve(self, method: str, path: str) -> Answer | None:
        """The app's answer to a GET/HEAD the API does not route, or None (then: 404)."""
        if method not in ("GET", "HEAD"):
            return None
        if path == "/config.json":
            return 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(self.config()).encode()
        if path == "/local/people":
            return 200, {"Content-Type": "application/json"}, json.dumps({"items": self.people()}).encode()
        file = self._file(path)
        if file is not None:
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            # Vite puts a content hash in every asset's name: those can be cached for good.
            cache = "public, max-age=31536000, immutable" if "/assets/" in path else "no-cache"
            return 200, {"Content-Type": kind, "Cache-Control": cache}, file.read_bytes()
        if path.strip("/").split("/", 1)[0] in APP_ROUTES:
            index = self.dist / "index.html"
            if not index.is_file():
                return 200, {"Content-Type": "text/html; charset=utf-8"}, NOT_BUILT.encode()
            return 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}, index.read_bytes()
        return None

    def _file(self, path: str) -> Path | None:
        relative = path.lstrip("/")
        if not relative or relative.endswith("/"):
            return None
        candidate = (self.dist / relative).resolve()
        if not candidate.is_relative_to(self.dist) or not candidate.is_file():
            return None  # never outside the build folder
        return candidate


def demo_people() -> list[dict[str, Any]]:
    """The demo organisation's people, with the roles their tokens carry (see local/seed.py)."""
    from local.seed import ADMIN, ADVOCATES, CURATOR, DEMO_ORG

    roles = {CURATOR.sub: ["curator", "employee"], ADMIN.sub: ["admin", "employee"]}
    return [
        {
            "sub": p.sub,
            "name": p.name,
            "department": p.department,
            "language": p.language,
            "roles": roles.get(p.sub, ["employee"]),
            "org_id": DEMO_ORG,
        }
        for p in [*ADVOCATES, CURATOR, ADMIN]
    ]
