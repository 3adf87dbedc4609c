"""Link previews read OpenGraph tags from public pages only: the fetch can't be turned against our own network."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from content_publishing.preview import FetchPolicy, PreviewFailed, PreviewRefused, check_address, fetch, parse
from tests.support import call, claims

API = "content_publishing.handlers.api"
ANNA = claims("anna", roles=("curator",))

ARTICLE_HTML = b"""<!doctype html><html><head>
<meta charset="utf-8"><title>Fallback title</title>
<meta property="og:title" content="Five lessons from going event-driven">
<meta property="og:description" content="What our engineers learned &amp; why it matters.">
<meta property="og:image" content="/images/cover.png">
<meta property="og:site_name" content="Example Engineering">
</head><body><script>alert(1)</script></body></html>"""


class Pages(BaseHTTPRequestHandler):
    redirect_to = ""

    def do_GET(self) -> None:
        if self.path == "/article":
            self._send(200, ARTICLE_HTML)
        elif self.path == "/plain":
            self._send(
                200, b"<html><head><title> Just a title </title><meta name=description content='Plain page'></head></html>"
            )
        elif self.path == "/redirect":
            self._send(302, b"", {"Location": "/article"})
        elif self.path == "/redirect-away":
            self._send(302, b"", {"Location": Pages.redirect_to})
        elif self.path == "/loop":
            self._send(302, b"", {"Location": "/loop"})
        elif self.path == "/big":
            head = b"<html><head><meta property='og:title' content='Big page'></head><body>"
            self._send(200, head + b"x" * 4_000_000)
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, ARTICLE_HTML)
        elif self.path == "/json":
            self._send(200, b'{"title": "not html"}', {"Content-Type": "application/json"})
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# A roomy deadline: these tests are about what is fetched, not how fast; the deadline has its own test below.
TEST_ONLY = FetchPolicy(allow_loopback=True, timeout_seconds=10.0, max_bytes=64 * 1024)


def test_preview_reads_opengraph_tags(site):
    preview = fetch(f"{site}/article", TEST_ONLY)
    assert preview.title == "Five lessons from going event-driven"
    assert preview.summary == "What our engineers learned & why it matters."
    assert preview.image_url == f"{site}/images/cover.png"
    assert preview.site_name == "Example Engineering"


def test_preview_falls_back_to_the_html_title_and_description(site):
    preview = fetch(f"{site}/plain", TEST_ONLY)
    assert (preview.title, preview.summary, preview.image_url) == ("Just a title", "Plain page", None)


def test_redirects_are_followed_and_checked(site):
    assert fetch(f"{site}/redirect", TEST_ONLY).url == f"{site}/article"
    with pytest.raises(PreviewFailed, match="redirects"):
        fetch(f"{site}/loop", TEST_ONLY)


def test_a_redirect_into_a_private_network_is_refused(site):
    Pages.redirect_to = "http://intranet.example/admin"
    resolver = {"127.0.0.1": ["127.0.0.1"], "intranet.example": ["10.1.2.3"]}
    with pytest.raises(PreviewRefused, match="private"):
        fetch(f"{site}/redirect-away", TEST_ONLY, resolver=lambda host, port: resolver[host])
    Pages.redirect_to = "http://169.254.169.254/latest/meta-data/"
    with pytest.raises(PreviewRefused, match="link-local"):
        fetch(f"{site}/redirect-away", TEST_ONLY)


def test_a_host_with_any_private_address_is_refused():
    with pytest.raises(PreviewRefused):
        fetch("https://rebind.example/", resolver=lambda host, port: ["93.184.216.34", "192.168.1.10"])


def test_only_the_size_cap_is_read(site):
    preview = fetch(f"{site}/big", TEST_ONLY)
    assert preview.title == "Big page"


def test_a_slow_page_times_out(site):
    # The page answers only after several seconds; the fetch gives up at its own deadline and says so.
    with pytest.raises(PreviewFailed, match="in time"):
        fetch(f"{site}/slow", FetchPolicy(allow_loopback=True, timeout_seconds=0.3))


def test_pages_that_are_not_html_or_not_there_fail_clearly(site):
    with pytest.raises(PreviewFailed, match="not HTML"):
        fetch(f"{site}/json", TEST_ONLY)
    with pytest.raises(PreviewFailed, match="404"):
        fetch(f"{site}/gone", TEST_ONLY)


def test_loopback_is_refused_unless_the_test_only_setting_allows_it(site):
    with pytest.raises(PreviewRefused, match="loopback"):
        fetch(f"{site}/article")
    with pytest.raises(PreviewRefused, match="loopback"):
        fetch("http://localhost:9/", resolver=lambda host, port: ["::1"])


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.0.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.251",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::",
    ],
)
def test_non_public_addresses_are_refused(address):
    with pytest.raises(PreviewRefused):
        check_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    check_address(address)


@pytest.mark.parametrize(
    ("url", "reason"),
    [("ftp://example.com/file", "http"), ("http://user:secret@example.com/", "credentials"), ("http:///nohost", "host")],
)
def test_odd_urls_are_refused_before_anything_is_fetched(url, reason):
    with pytest.raises(PreviewRefused, match=reason):
        fetch(url, resolver=lambda host, port: pytest.fail("resolved"))


def test_markup_in_tags_is_neutralised():
    html = b"<head><meta property='og:title' content='&lt;script&gt;alert(1)&lt;/script&gt;Hello'></head>"
    assert parse(html, "https://example.com/").title == "Hello"


def test_curators_preview_through_the_api(stack, site, monkeypatch):
    refused = call(API, "POST", "/v1/content/preview", {"url": f"{site}/article"}, who=ANNA)
    assert refused.status == 422
    assert refused.body["error"]["code"] == "preview_refused" and refused.body["error"]["field"] == "url"

    from estafette import config

    monkeypatch.setenv("PREVIEW_ALLOW_LOOPBACK", "true")
    config.load.cache_clear()
    reply = call(API, "POST", "/v1/content/preview", {"url": f"{site}/article"}, who=ANNA)
    assert reply.status == 200, reply.body
    assert reply.body["title"] == "Five lessons from going event-driven"
    assert reply.body["image_url"] == f"{site}/images/cover.png"
    failed = call(API, "POST", "/v1/content/preview", {"url": f"{site}/json"}, who=ANNA)
    assert failed.status == 422 and failed.body["error"]["code"] == "preview_failed"
    config.load.cache_clear()


def test_employees_cannot_use_the_preview(stack):
    reply = call(API, "POST", "/v1/content/preview", {"url": "https://example.com/"}, who=claims("eva"))
    assert reply.status == 403
