"""Fake LinkedIn, X and Bluesky APIs on loopback, for tests and the local cloud.

Each `FakeNetwork` speaks the documented request/response shapes of one network and refuses
what the real API refuses, in the real error shape: LinkedIn versions that are not active,
missing Rest.li protocol headers, commentary over 3,000 characters, calls the token's scopes
do not cover, duplicates (`DUPLICATE_POST` in `errorDetails.inputErrors`); X texts over 280
weighted characters (twitter-text v3) and duplicate content; Bluesky records over 300
graphemes or 3000 bytes, facets outside the text. It records every accepted post and can
inject 401/429/5xx, random transient 503s and latency. Each behaviour and its public source
is listed in docs/networks.md.

    with FakeNetwork("x") as fake:
        adapter = adapter_for("x", base_url=fake.base_url)

CLI: `python -m local.fakes.networks [x=PORT ...]` starts all three, prints their base URLs.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import itertools
import json
import random
import re
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from local.fakes.server import FakeServer, QuietHandler

NETWORKS = ("linkedin", "x", "bluesky")
# LinkedIn supports each monthly version for about a year (learn.microsoft.com/linkedin/marketing/versioning).
LINKEDIN_SUPPORT_MONTHS = 12
# What a LinkedIn app with "Sign In with LinkedIn using OpenID Connect", "Share on LinkedIn" and the
# Community Management API's member analytics may grant. r_member_social is granted to select developers only.
LINKEDIN_APP_SCOPES = frozenset(
    {"openid", "profile", "email", "w_member_social", "r_member_postAnalytics", "r_member_profileAnalytics"}
)
# X OAuth 2.0 scopes (docs.x.com authentication, OAuth 2.0 scopes); media.write is what POST /2/media/upload needs.
X_SCOPES = frozenset({"tweet.read", "tweet.write", "users.read", "offline.access", "media.write"})
_LINKEDIN_METRICS = ("IMPRESSION", "MEMBERS_REACHED", "RESHARE", "REACTION", "COMMENT")
_METRIC_TYPE = "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1"
_URL = re.compile(r"https?://\S+")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"

Reply = tuple[int, Any, dict[str, str]]  # status, JSON body (None: empty), extra headers


class _Request:
    def __init__(self, handler: BaseHTTPRequestHandler) -> None:
        split = urlsplit(handler.path)
        self.method = handler.command
        self.path = split.path
        self.query = parse_qs(split.query, keep_blank_values=True)
        self.headers = handler.headers
        length = int(handler.headers.get("Content-Length") or 0)
        self.raw = handler.rfile.read(length) if length else b""

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def json(self) -> Any:
        try:
            return json.loads(self.raw or b"null")
        except ValueError:
            return None

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.raw.decode(), keep_blank_values=True).items()}

    def bearer(self) -> str | None:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None


class FakeNetwork(FakeServer):
    def __init__(self, network: str, host: str = "127.0.0.1", port: int = 0, *, seed: int = 0) -> None:
        if network not in NETWORKS:
            raise ValueError(f"no fake for network {network!r}")
        super().__init__(host, port)
        self.network, self.name = network, f"fake-{network}"
        self.posts: list[dict[str, Any]] = []
        self._posts_by_id: dict[str, dict[str, Any]] = {}  # metrics lookups stay O(1) with thousands of posts
        # token -> account it belongs to (person URN / X user id / DID)
        self.valid_tokens: dict[str, str] = {}
        self.expired_tokens: set[str] = set()
        self.strict_tokens = False  # True: only tokens in valid_tokens are accepted
        # Bluesky identifier -> app password (empty: any login works)
        self.accounts: dict[str, str] = {}
        self._handles: dict[str, str] = {}  # Bluesky DID -> handle
        self.failure_rate = 0.0
        self.random = random.Random(seed)
        self.latency_seconds = 0.0
        self.requests: list[tuple[str, str]] = []
        self.crashes: list[str] = []
        self.clock: Callable[[], float] = time.time
        self._failures: deque[tuple[int, int | None]] = deque()
        # account -> follower count (other accounts get a realistic, skewed count: see followers_of)
        self.followers: dict[str, int] = {}
        # Scopes the app may grant (LinkedIn, X); a token carries those it was granted.
        self.app_scopes: set[str] = set(LINKEDIN_APP_SCOPES if network == "linkedin" else X_SCOPES)
        self.token_scopes: dict[str, frozenset[str]] = {}
        # X: also answer the legacy `retweet_count` name in public_metrics (X now calls it `repost_count`).
        self.legacy_retweet_count = False
        self.revoked: list[str] = []  # tokens revoked through the revocation endpoints
        # Posts accepted whose answer is then lost (the connection closes): a lost response.
        self._drop_answers = 0
        self._refresh_tokens: dict[str, str] = {}
        self._codes: dict[str, dict[str, str]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        routes: dict[str, dict[tuple[str, str], Callable[[_Request], Reply]]] = {
            "linkedin": {
                ("POST", "/rest/posts"): self._linkedin_post,
                ("GET", "/rest/socialActions/"): self._linkedin_social_actions,
                ("GET", "/oauth/v2/authorization"): self._oauth_authorize,
                ("POST", "/oauth/v2/accessToken"): self._oauth_token,
                ("GET", "/v2/userinfo"): self._linkedin_userinfo,
                ("GET", "/rest/memberFollowersCount"): self._linkedin_followers,
                ("GET", "/rest/memberCreatorPostAnalytics"): self._linkedin_post_analytics,
                ("POST", "/oauth/v2/revoke"): self._oauth_revoke,
            },
            "x": {
                ("POST", "/2/tweets"): self._x_post,
                ("GET", "/2/tweets"): self._x_lookup,
                ("GET", "/i/oauth2/authorize"): self._oauth_authorize,
                ("POST", "/2/oauth2/token"): self._oauth_token,
                ("GET", "/2/users/me"): self._x_me,
                ("GET", "/2/users/"): self._x_user_tweets,
                ("POST", "/2/oauth2/revoke"): self._oauth_revoke,
            },
            "bluesky": {
                (
                    "POST",
                    "/xrpc/com.atproto.server.createSession",
                ): self._bsky_create_session,
                (
                    "POST",
                    "/xrpc/com.atproto.server.refreshSession",
                ): self._bsky_refresh_session,
                (
                    "POST",
                    "/xrpc/com.atproto.repo.createRecord",
                ): self._bsky_create_record,
                ("GET", "/xrpc/app.bsky.feed.getPosts"): self._bsky_get_posts,
                ("GET", "/xrpc/app.bsky.actor.getProfile"): self._bsky_get_profile,
                ("GET", "/xrpc/com.atproto.repo.getRecord"): self._bsky_get_record,
                ("POST", "/xrpc/com.atproto.server.deleteSession"): self._bsky_delete_session,
            },
        }
        self._routes = routes[network]

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        if self.network == "x":
            x_weighted_length("")  # load the counter now, not inside the first request's timeout
        elif self.network == "bluesky":
            graphemes("")
        return super().start()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"
            # Keep-alive replies without 40 ms delayed-ACK stalls.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                fake._serve(self)

            do_POST = do_GET

        return Handler

    # -- test controls ---------------------------------------------------------------------

    def add_token(self, token: str, account: str, scopes: set[str] | frozenset[str] | None = None) -> None:
        """A token of `account`, granted `scopes` (default: everything the app may grant)."""
        self.valid_tokens[token] = account
        self.token_scopes[token] = frozenset(self.app_scopes if scopes is None else scopes)

    def followers_of(self, account: str) -> int:
        """The count set in `followers`, else a deterministic one from a skewed (log-normal) spread:
        most members have a few hundred, some a few thousand (median about 500)."""
        if account in self.followers:
            return self.followers[account]
        seed = int(hashlib.sha256(f"{self.network}/{account}".encode()).hexdigest()[:12], 16)
        return max(12, min(30000, int(random.Random(seed).lognormvariate(6.2, 1.0))))

    def expire_token(self, token: str) -> None:
        self.expired_tokens.add(token)

    def fail_next(self, status: int, count: int = 1, retry_after: int | None = None) -> None:
        with self._lock:
            self._failures.extend([(status, retry_after)] * count)

    def lose_next_answers(self, count: int = 1) -> None:
        """Accept the next `count` requests, then close the connection without an answer."""
        with self._lock:
            self._drop_answers += count

    def calls(self, method: str | None = None, path_prefix: str = "") -> int:
        with self._lock:
            return sum(1 for m, p in self.requests if (method is None or m == method) and p.startswith(path_prefix))

    def metrics_for(self, post: dict[str, Any]) -> dict[str, int]:
        """Deterministic counters that grow with the post's age."""
        minutes = max(0.0, self.clock() - post["received_at"]) / 60
        h = int(hashlib.sha256(post["id"].encode()).hexdigest()[:8], 16)
        return {
            "impressions": int(minutes * (20 + h % 30)),
            "likes": int(minutes * (1 + h % 5) / 2),
            "comments": int(minutes * (1 + h % 3) / 10),
            "reposts": int(minutes * (1 + h % 4) / 8),
            "quotes": int(minutes * (1 + h % 2) / 30),
        }

    def find_post(self, post_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._posts_by_id.get(post_id)

    # -- plumbing --------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        injected: tuple[int, int | None] | None = None
        try:
            request = _Request(handler)
            with self._lock:
                self.requests.append((request.method, request.path))
                injected = self._failures.popleft() if self._failures else None
                if injected is None and self.failure_rate and self.random.random() < self.failure_rate:
                    injected = (503, None)
            if self.latency_seconds:
                time.sleep(self.latency_seconds)
            if injected is not None:
                reply = self._injected(*injected)
            else:
                route = self._routes.get((request.method, request.path))
                if route is None:
                    route = next(
                        (
                            fn
                            for (m, p), fn in self._routes.items()
                            if p.endswith("/") and m == request.method and request.path.startswith(p)
                        ),
                        None,
                    )
                reply = route(request) if route else self._error(404, "NotFound", f"no route {request.path}")
        except Exception:
            self.crashes.append(traceback.format_exc())
            reply = (
                500,
                {
                    "error": "FakeCrashed",
                    "message": "the fake network crashed; see .crashes",
                },
                {},
            )
        with self._lock:
            drop = self._drop_answers > 0 and injected is None
            if drop:
                self._drop_answers -= 1
        if drop:
            import socket

            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        status, body, headers = reply
        data = b"" if body is None else json.dumps(body).encode()
        handler.send_response(status)
        if data:
            handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _error(self, status: int, code: str, message: str, **extra: Any) -> Reply:
        # Error bodies: LinkedIn {status, code, message}; X RFC 7807 problem; XRPC {error, message}.
        if self.network == "linkedin":
            return (
                status,
                {"status": status, "code": code, "message": message, **extra},
                {},
            )
        if self.network == "x":
            return (
                status,
                {
                    "title": code,
                    "type": "about:blank",
                    "status": status,
                    "detail": message,
                    **extra,
                },
                {},
            )
        return status, {"error": code, "message": message, **extra}, {}

    def _injected(self, status: int, retry_after: int | None) -> Reply:
        phrase = HTTPStatus(status).phrase
        if status == 401:
            status, body, headers = self._token_error("injected")
        else:
            code = {
                "linkedin": phrase.upper().replace(" ", "_"),
                "x": phrase,
                "bluesky": phrase.replace(" ", ""),
            }
            status, body, headers = self._error(status, code[self.network], phrase)
        if retry_after is not None:
            reset = str(int(self.clock()) + retry_after)
            headers = {**headers, "Retry-After": str(retry_after)}
            if self.network == "x":
                headers.update({"x-rate-limit-remaining": "0", "x-rate-limit-reset": reset})
            if self.network == "bluesky":
                headers.update({"ratelimit-remaining": "0", "ratelimit-reset": reset})
        return status, body, headers

    def _token_error(self, why: str) -> Reply:
        if self.network == "linkedin":
            codes = {
                "missing": (65604, "EMPTY_ACCESS_TOKEN"),
                "expired": (65601, "EXPIRED_ACCESS_TOKEN"),
            }
            service, code = codes.get(why, (65600, "INVALID_ACCESS_TOKEN"))
            return self._error(401, code, f"Access token is {why}", serviceErrorCode=service)
        if self.network == "x":
            return self._error(401, "Unauthorized", "Unauthorized")
        if why == "expired":  # the PDS answers an expired JWT with 400 ExpiredToken
            return self._error(400, "ExpiredToken", "Token has expired")
        return self._error(401, "AuthenticationRequired", "Authentication Required")

    def _authorize(self, request: _Request, *, optional: bool = False) -> tuple[str | None, Reply | None]:
        token = request.bearer()
        if token is None:
            return None, None if optional else self._token_error("missing")
        if token in self.expired_tokens:
            return None, self._token_error("expired")
        if self.strict_tokens and token not in self.valid_tokens:
            return None, self._token_error("invalid")
        return token, None

    def _record(self, **post: Any) -> dict[str, Any]:
        post.setdefault("received_at", self.clock())
        with self._lock:
            self.posts.append(post)
            self._posts_by_id[post["id"]] = post
        return post

    def _next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    # -- LinkedIn: Posts API + socialActions -------------------------------------------------

    def _linkedin_headers(self, request: _Request) -> Reply | None:
        version = request.headers.get("LinkedIn-Version")
        if not version:
            return self._error(
                400,
                "VERSION_MISSING",
                "A version must be present. Add the LinkedIn-Version header.",
            )
        if not self._linkedin_version_active(version):
            return self._error(426, "NONEXISTENT_VERSION", f"Requested version {version} is not active")
        if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            return self._error(
                400,
                "INVALID_PROTOCOL_VERSION",
                "X-Restli-Protocol-Version: 2.0.0 is required",
            )
        return None

    def _linkedin_version_active(self, version: str) -> bool:
        """YYYYMM (or YYYYMM.NN): released by now and not older than LinkedIn's support window."""
        match = re.fullmatch(r"(20\d{2})(0[1-9]|1[0-2])(\.\d{2})?", version)
        if not match:
            return False
        today = _dt.datetime.fromtimestamp(self.clock(), _dt.UTC).date()
        age = (today.year - int(match.group(1))) * 12 + today.month - int(match.group(2))
        return 0 <= age < LINKEDIN_SUPPORT_MONTHS

    def _scope_denied(self, request: _Request, token: str | None, scope: str, resource: str) -> Reply | None:
        """403 in LinkedIn's shape when the token was not granted `scope`."""
        granted = self.token_scopes.get(token or "", frozenset(self.app_scopes))
        if scope in granted:
            return None
        version = request.headers.get("LinkedIn-Version") or "NO_VERSION"
        return self._error(
            403, "ACCESS_DENIED", f"Not enough permissions to access: {resource}.{request.method}.{version}", serviceErrorCode=100
        )

    def _linkedin_call(
        self, request: _Request, scope: str, resource: str, finder: str | None = None
    ) -> tuple[str | None, Reply | None]:
        """What every versioned call checks, in LinkedIn's order: token, headers, scope, then the finder (`q`)."""
        token, denied = self._authorize(request)
        if not denied:
            denied = self._linkedin_headers(request) or self._scope_denied(request, token, scope, resource)
        if not denied and finder is not None and request.param("q") != finder:
            denied = self._error(400, "BAD_REQUEST", f"q={finder} is required")
        return token, denied

    def _linkedin_post(self, request: _Request) -> Reply:
        token, denied = self._linkedin_call(request, "w_member_social", "posts")
        if denied:
            return denied
        body = request.json()
        if not isinstance(body, dict):
            return self._error(400, "BAD_REQUEST", "Request body is not a JSON object")

        def missing(field: str) -> Reply:
            return self._error(
                422,
                "UNPROCESSABLE_ENTITY",
                f"ERROR :: /{field} :: field is required but not found and has no default value",
            )

        for field in (
            "author",
            "commentary",
            "visibility",
            "distribution",
            "lifecycleState",
        ):
            if field not in body:
                return missing(field)
        author = body["author"]
        if not isinstance(author, str) or not re.fullmatch(r"urn:li:(person|organization):\S+", author):
            return self._error(
                422,
                "UNPROCESSABLE_ENTITY",
                f"ERROR :: /author :: {author!r} is not a valid urn",
            )
        if token in self.valid_tokens and self.valid_tokens[token] != author:
            return self._error(
                403,
                "ACCESS_DENIED",
                "Unpermitted fields present in REQUEST_BODY: [/author]",
            )
        article = (body.get("content") or {}).get("article")
        if article is not None:
            if not str(article.get("source", "")).startswith(("http://", "https://")):
                return missing("content/article/source")
            if not article.get("title"):
                return missing("content/article/title")
        # little text: what members see is the commentary without its escapes
        text = re.sub(r"\\(.)", r"\1", str(body["commentary"]))
        if len(text) > 3000:
            return self._error(
                422,
                "UNPROCESSABLE_ENTITY",
                "ERROR :: /commentary :: length exceeds 3000",
            )
        with self._lock:
            duplicate = next(
                (p for p in self.posts if p["author"] == author and p["text"] == text),
                None,
            )
        if duplicate:
            # LinkedIn names the code only inside errorDetails; the top level has no `code`.
            return (
                422,
                {
                    "errorDetailType": "com.linkedin.common.error.BadRequest",
                    "message": "com.linkedin.content.common.exception.BadRequestResponseException: "
                    f"Content is a duplicate of {duplicate['id']}",
                    "errorDetails": {
                        "inputErrors": [{"description": "Duplicate post is detected", "input": {}, "code": "DUPLICATE_POST"}]
                    },
                    "status": 422,
                },
                {},
            )
        urn = f"urn:li:share:{7300000000000000000 + self._next_id()}"
        self._record(
            id=urn,
            author=author,
            text=text,
            url=(article or {}).get("source"),
            token=token,
            title=(article or {}).get("title"),
            description=(article or {}).get("description"),
            body=body,
        )
        return 201, None, {"x-restli-id": urn, "x-linkedin-id": urn}

    def _linkedin_social_actions(self, request: _Request) -> Reply:
        _, denied = self._linkedin_call(request, "r_member_social", "socialActions")
        if denied:
            return denied
        urn = unquote(request.path.removeprefix("/rest/socialActions/"))
        post = self.find_post(urn)
        if post is None:
            return self._error(404, "NOT_FOUND", f"Not found: {urn}")
        m = self.metrics_for(post)
        return (
            200,
            {
                "$URN": f"urn:li:activity:{urn.rsplit(':', 1)[-1]}",
                "target": urn,
                "likesSummary": {
                    "totalLikes": m["likes"],
                    "aggregatedTotalLikes": m["likes"],
                    "likedByCurrentUser": False,
                },
                "commentsSummary": {
                    "totalFirstLevelComments": m["comments"],
                    "aggregatedTotalComments": m["comments"],
                },
            },
            {},
        )

    def _linkedin_userinfo(self, request: _Request) -> Reply:
        token, denied = self._authorize(request)
        if denied:
            return denied
        if denied := self._scope_denied(request, token, "openid", "userinfo"):
            return denied
        sub = self.valid_tokens.get(token or "", "").removeprefix("urn:li:person:")
        return (
            200,
            {
                "sub": sub,
                "name": f"Fake {sub}",
                "locale": {"country": "NL", "language": "nl"},
            },
            {},
        )

    def _linkedin_followers(self, request: _Request) -> Reply:
        token, denied = self._linkedin_call(request, "r_member_profileAnalytics", "memberFollowersCount", "me")
        if denied:
            return denied
        account = self.valid_tokens.get(token or "", "")
        return 200, {"elements": [{"memberFollowersCount": self.followers_of(account)}], "paging": {}}, {}

    def _linkedin_post_analytics(self, request: _Request) -> Reply:
        # GET /rest/memberCreatorPostAnalytics?q=entity&entity=(share:urn%3Ali%3Ashare%3A1)&queryType=IMPRESSION
        #     &aggregation=TOTAL: one metric of one of the member's own posts.
        token, denied = self._linkedin_call(request, "r_member_postAnalytics", "memberCreatorPostAnalytics", "entity")
        if denied:
            return denied
        entity = re.fullmatch(r"\((share|ugcPost):(urn:li:(?:share|ugcPost):\d+)\)", unquote(request.param("entity") or ""))
        if not entity:
            return self._error(400, "BAD_REQUEST", "entity must be (share:urn:li:share:...) or (ugcPost:urn:li:ugcPost:...)")
        query_type, aggregation = request.param("queryType"), request.param("aggregation") or "TOTAL"
        if query_type not in _LINKEDIN_METRICS:
            return self._error(400, "BAD_REQUEST", f"queryType must be one of {', '.join(_LINKEDIN_METRICS)}")
        if aggregation not in ("TOTAL", "DAILY"):
            return self._error(400, "BAD_REQUEST", "aggregation must be TOTAL or DAILY")
        urn = entity.group(2)
        post = self.find_post(urn)
        if post is None or post["author"] != self.valid_tokens.get(token or "", post["author"]):
            return self._error(404, "NOT_FOUND", f"Not found: {urn}")
        m = self.metrics_for(post)
        count = {
            "IMPRESSION": m["impressions"],
            "MEMBERS_REACHED": int(m["impressions"] * 0.7),
            "RESHARE": m["reposts"],
            "REACTION": m["likes"],
            "COMMENT": m["comments"],
        }[query_type]
        element = {"count": count, "metricType": {_METRIC_TYPE: query_type}, "entity": {entity.group(1): urn}}
        return 200, {"paging": {"start": 0, "count": 10, "links": []}, "elements": [element]}, {}

    def _oauth_revoke(self, request: _Request) -> Reply:
        # LinkedIn: client_id + client_secret + token in the form; X: token (+ Basic auth). RFC 7009: 200.
        form = request.form()
        token = form.get("token", "")
        if not token:
            return _oauth_error("invalid_request", "token is required")
        if not form.get("client_id") and not (request.headers.get("Authorization") or "").lower().startswith("basic "):
            return _oauth_error("invalid_client", "client authentication is required")
        self.valid_tokens.pop(token, None)
        self.expired_tokens.add(token)
        self.revoked.append(token)
        return 200, ({"revoked": True} if self.network == "x" else None), {}

    # -- X: API v2 ---------------------------------------------------------------------------

    def _x_invalid(self, message: str) -> Reply:
        return (
            400,
            {
                "errors": [{"message": message}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            },
            {},
        )

    def _x_post(self, request: _Request) -> Reply:
        token, denied = self._authorize(request)
        if denied:
            return denied
        body = request.json()
        if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not body["text"].strip():
            return self._x_invalid("$.text: is missing but it is required")
        text, author = body["text"], self.valid_tokens.get(token or "", "")
        if "tweet.write" not in self.token_scopes.get(token or "", frozenset(self.app_scopes)):
            return self._error(403, "Forbidden", "You are not permitted to perform this action.")
        if x_weighted_length(text) > 280:
            return self._x_invalid(
                "Your Tweet text is too long. For more information on how Twitter determines text length "
                "see https://github.com/twitter/twitter-text."
            )
        with self._lock:
            duplicate = any(p["author"] == author and p["text"] == text for p in self.posts)
        if duplicate:
            return self._error(
                403,
                "Forbidden",
                "You are not allowed to create a Tweet with duplicate content.",
            )
        post_id = str(1900000000000000000 + self._next_id())
        urls = _URL.findall(text)
        self._record(
            id=post_id,
            author=author,
            text=text,
            url=urls[0] if urls else None,
            token=token,
            body=body,
        )
        return (
            201,
            {
                "data": {
                    "id": post_id,
                    "text": text,
                    "edit_history_tweet_ids": [post_id],
                }
            },
            {},
        )

    def _x_lookup(self, request: _Request) -> Reply:
        _, denied = self._authorize(request)
        if denied:
            return denied
        ids = [i for i in (request.param("ids") or "").split(",") if i]
        if not 1 <= len(ids) <= 100:
            return self._x_invalid(
                f"The number of values in the `ids` query parameter list [{len(ids)}] is not between 1 and 100"
            )
        if bad := next((i for i in ids if not i.isdigit()), None):
            return self._x_invalid(f"The `ids` query parameter value [{bad}] is not valid")
        fields = set((request.param("tweet.fields") or "").split(","))
        data, errors = [], []
        for post_id in ids:
            post = self.find_post(post_id)
            if post is None:
                errors.append(
                    {
                        "value": post_id,
                        "detail": f"Could not find tweet with ids: [{post_id}].",
                        "title": "Not Found Error",
                        "resource_type": "tweet",
                        "parameter": "ids",
                        "resource_id": post_id,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                )
                continue
            tweet: dict[str, Any] = {
                "id": post_id,
                "text": post["text"],
                "edit_history_tweet_ids": [post_id],
            }
            if "public_metrics" in fields:
                m = self.metrics_for(post)
                reposts = "retweet_count" if self.legacy_retweet_count else "repost_count"
                tweet["public_metrics"] = {
                    reposts: m["reposts"],
                    "reply_count": m["comments"],
                    "like_count": m["likes"],
                    "quote_count": m["quotes"],
                    "bookmark_count": 0,
                    "impression_count": m["impressions"],
                }
            data.append(tweet)
        body: dict[str, Any] = {"data": data} if data else {}
        if errors:
            body["errors"] = errors
        return 200, body, {}

    def _x_me(self, request: _Request) -> Reply:
        token, denied = self._authorize(request)
        if denied:
            return denied
        user_id = self.valid_tokens.get(token or "", "")
        data: dict[str, Any] = {"id": user_id, "name": f"Fake {user_id}", "username": f"fake{user_id}"}
        if "public_metrics" in (request.param("user.fields") or ""):
            data["public_metrics"] = {
                "followers_count": self.followers_of(user_id),
                "following_count": 100,
                "tweet_count": sum(1 for p in self.posts if p["author"] == user_id),
                "listed_count": 0,
            }
        return 200, {"data": data}, {}

    def _x_user_tweets(self, request: _Request) -> Reply:
        # GET /2/users/:id/tweets: the user's latest posts, newest first; links in entities.urls.
        _, denied = self._authorize(request)
        if denied:
            return denied
        parts = request.path.split("/")
        if len(parts) != 5 or parts[4] != "tweets":
            return self._error(404, "Not Found Error", f"no route {request.path}")
        user_id, limit = parts[3], int(request.param("max_results") or 10)
        with self._lock:
            mine = [p for p in self.posts if p["author"] == user_id][::-1][:limit]
        data = []
        for post in mine:
            tweet: dict[str, Any] = {"id": post["id"], "text": _URL.sub("https://t.co/fake", post["text"])}
            if "entities" in (request.param("tweet.fields") or ""):
                tweet["entities"] = {
                    "urls": [{"url": "https://t.co/fake", "expanded_url": u} for u in _URL.findall(post["text"])]
                }
            data.append(tweet)
        return 200, ({"data": data, "meta": {"result_count": len(data)}} if data else {"meta": {"result_count": 0}}), {}

    # -- OAuth 2.0 authorization code + PKCE (LinkedIn /oauth/v2/*, X /i/oauth2 + /2/oauth2) ----

    def _oauth_authorize(self, request: _Request) -> Reply:
        q = {
            k: request.param(k) or ""
            for k in (
                "response_type",
                "client_id",
                "redirect_uri",
                "state",
                "scope",
                "code_challenge",
                "code_challenge_method",
                "fake_user",
            )
        }
        if q["response_type"] != "code" or not q["client_id"] or not q["redirect_uri"]:
            return _oauth_error("invalid_request", "need code, client_id, redirect_uri")
        if q["code_challenge"] and q["code_challenge_method"] != "S256":
            return _oauth_error("invalid_request", "code_challenge_method must be S256")
        if self.network == "x" and not q["code_challenge"]:
            return _oauth_error("invalid_request", "PKCE code_challenge is required")
        sep = "&" if "?" in q["redirect_uri"] else "?"
        asked = set(q["scope"].replace(",", " ").split())
        if unknown := sorted(asked - self.app_scopes):
            # LinkedIn: the consent screen is refused and the browser comes back with the error.
            error = {"error": "unauthorized_scope_error", "state": q["state"]}
            error["error_description"] = f'Scope "{unknown[0]}" is not authorized for your application'
            return 302, None, {"Location": q["redirect_uri"] + sep + urlencode(error)}
        user = q["fake_user"] or "member1"
        code = f"code-{self._next_id()}-{hashlib.sha256(user.encode()).hexdigest()[:8]}"
        self._codes[code] = {**q, "user": user}
        return (
            302,
            None,
            {"Location": q["redirect_uri"] + sep + urlencode({"code": code, "state": q["state"]})},
        )

    def _oauth_token(self, request: _Request) -> Reply:
        form, fail = request.form(), _oauth_error
        if form.get("grant_type") == "refresh_token":
            old = form.get("refresh_token", "")
            account = self._refresh_tokens.pop(old, None)
            if account is None:
                return fail("invalid_grant", "refresh token is invalid or revoked")
            return 200, self._issue_tokens(account, " ".join(sorted(self.token_scopes.get(old, self.app_scopes)))), {}
        if form.get("grant_type") != "authorization_code":
            return fail(
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            )
        grant = self._codes.pop(form.get("code", ""), None)
        if grant is None:
            return fail(
                "invalid_grant",
                "authorization code is invalid, expired or already used",
            )
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return fail("invalid_grant", "redirect_uri does not match the authorization request")
        basic = request.headers.get("Authorization", "")
        if form.get("client_id", "") != grant["client_id"] and not basic.lower().startswith("basic "):
            return fail("invalid_client", "client_id does not match")
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if not verifier or digest != grant["code_challenge"]:
                return fail("invalid_grant", "code_verifier does not match code_challenge")
        account = (
            f"urn:li:person:{grant['user']}"
            if self.network == "linkedin"
            else str(int(hashlib.sha256(grant["user"].encode()).hexdigest()[:15], 16))
        )
        return 200, self._issue_tokens(account, grant["scope"]), {}

    def _issue_tokens(self, account: str, scope: str) -> dict[str, Any]:
        n = self._next_id()
        access, refresh = (
            f"fake-{self.network}-access-{n}",
            f"fake-{self.network}-refresh-{n}",
        )
        granted = frozenset(scope.replace(",", " ").split()) & self.app_scopes
        self.valid_tokens[access] = account
        self.token_scopes[access] = self.token_scopes[refresh] = granted
        self._refresh_tokens[refresh] = account
        if self.network == "x":  # X: space-separated scopes
            return {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": access,
                "scope": " ".join(sorted(granted)),
                "refresh_token": refresh,
            }
        return {  # LinkedIn: comma-separated scopes
            "access_token": access,
            "expires_in": 5183999,
            "refresh_token": refresh,
            "refresh_token_expires_in": 31535999,
            "scope": ",".join(sorted(granted)),
        }

    # -- Bluesky: XRPC ---------------------------------------------------------------------

    def _bsky_invalid(self, message: str) -> Reply:
        return self._error(400, "InvalidRequest", message)

    def _bsky_session(self, did: str, handle: str) -> dict[str, Any]:
        n = self._next_id()
        self._handles[did] = handle
        access, refresh = f"fake-bsky-access-{n}", f"fake-bsky-refresh-{n}"
        self.valid_tokens[access] = did
        self._refresh_tokens[refresh] = did
        return {
            "did": did,
            "handle": handle,
            "accessJwt": access,
            "refreshJwt": refresh,
            "active": True,
        }

    def _bsky_create_session(self, request: _Request) -> Reply:
        body = request.json()
        for field in ("identifier", "password"):
            if not isinstance(body, dict) or not isinstance(body.get(field), str):
                return self._bsky_invalid(f'Input must have the property "{field}"')
        identifier = body["identifier"]
        if self.accounts and self.accounts.get(identifier) != body["password"]:
            return self._error(401, "AuthenticationRequired", "Invalid identifier or password")
        handle = identifier if "." in identifier else f"{identifier}.bsky.social"
        return 200, self._bsky_session(did_for(handle), handle), {}

    def _bsky_refresh_session(self, request: _Request) -> Reply:
        token = request.bearer() or ""
        # Refreshing revokes the old refresh token.
        did = self._refresh_tokens.pop(token, None)
        if did is None:
            return self._error(400, "ExpiredToken", "Token has been revoked")
        return 200, self._bsky_session(did, self._handles.get(did, "")), {}

    def _bsky_create_record(self, request: _Request) -> Reply:
        token, denied = self._authorize(request)
        if denied:
            return denied
        body = request.json()
        for field in ("repo", "collection", "record"):
            if not isinstance(body, dict) or field not in body:
                return self._bsky_invalid(f'Input must have the property "{field}"')
        repo, record = body["repo"], body["record"]
        owner = self.valid_tokens.get(token or "")
        if owner and repo != owner:
            return self._bsky_invalid("Input/repo must be the authenticated user's DID")
        if body["collection"] != "app.bsky.feed.post":
            return self._bsky_invalid(f"fake supports app.bsky.feed.post only, not {body['collection']}")
        bad = "Invalid app.bsky.feed.post record: "
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            return self._bsky_invalid(bad + 'Record must have the property "text"')
        if not isinstance(record.get("createdAt"), str):
            return self._bsky_invalid(bad + 'Record must have the property "createdAt"')
        text, data = record["text"], record["text"].encode()
        if graphemes(text) > 300:
            return self._bsky_invalid(bad + "Record/text must not be longer than 300 graphemes")
        if len(data) > 3000:
            return self._bsky_invalid(bad + "Record/text must not be longer than 3000 characters")
        links = []
        for i, facet in enumerate(record.get("facets") or []):
            index = facet.get("index") or {}
            start, end = index.get("byteStart"), index.get("byteEnd")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data)):
                return self._bsky_invalid(bad + f"Record/facets/{i}/index is out of range of the text")
            for feature in facet.get("features") or []:
                if feature.get("$type") == "app.bsky.richtext.facet#link":
                    links.append(
                        {
                            "text": data[start:end].decode(errors="replace"),
                            "uri": feature.get("uri"),
                        }
                    )
        external = None
        embed = record.get("embed")
        if isinstance(embed, dict) and embed.get("$type") == "app.bsky.embed.external":
            external = embed.get("external") or {}
            for field in ("uri", "title", "description"):
                if not isinstance(external.get(field), str):
                    return self._bsky_invalid(bad + f'Record/embed/external must have the property "{field}"')
        now = self.clock()
        rkey = body.get("rkey") or tid(int(now * 1_000_000), self._next_id())
        if not isinstance(rkey, str) or not re.fullmatch(r"[234567a-z]{13}", rkey):
            return self._bsky_invalid("Input/rkey must be a valid TID")
        uri = f"at://{repo}/app.bsky.feed.post/{rkey}"
        if self.find_post(uri) is not None:
            return self._bsky_invalid(f"Record already exists: {uri}")
        cid = "bafyrei" + base64.b32encode(hashlib.sha256(uri.encode() + data).digest()).decode().lower().rstrip("=")[:52]
        url = external["uri"] if external else (links[0]["uri"] if links else None)
        self._record(
            id=uri,
            author=repo,
            text=text,
            url=url,
            token=token,
            received_at=now,
            cid=cid,
            title=(external or {}).get("title"),
            links=links,
            record=record,
        )
        return (
            200,
            {
                "uri": uri,
                "cid": cid,
                "commit": {"cid": cid, "rev": rkey},
                "validationStatus": "valid",
            },
            {},
        )

    def _bsky_get_record(self, request: _Request) -> Reply:
        _, denied = self._authorize(request, optional=True)
        if denied:
            return denied
        repo, collection, rkey = (request.param(k) or "" for k in ("repo", "collection", "rkey"))
        uri = f"at://{repo}/{collection}/{rkey}"
        post = self.find_post(uri)
        if post is None:
            return self._error(400, "RecordNotFound", f"Could not locate record: {uri}")
        return 200, {"uri": uri, "cid": post["cid"], "value": post["record"]}, {}

    def _bsky_get_profile(self, request: _Request) -> Reply:
        _, denied = self._authorize(request, optional=True)
        if denied:
            return denied
        actor = request.param("actor") or ""
        did = actor if actor.startswith("did:") else did_for(actor)
        handle = self._handles.get(did, actor)
        return 200, {"did": did, "handle": handle, "followersCount": self.followers_of(did), "followsCount": 80}, {}

    def _bsky_delete_session(self, request: _Request) -> Reply:
        token = request.bearer() or ""
        did = self._refresh_tokens.pop(token, None)
        if did is None:
            return self._error(400, "ExpiredToken", "Token has been revoked")
        self.revoked.append(token)
        # Ending the session ends the access tokens it issued too.
        for access, owner in list(self.valid_tokens.items()):
            if owner == did:
                self.valid_tokens.pop(access)
                self.expired_tokens.add(access)
        return 200, None, {}

    def _bsky_get_posts(self, request: _Request) -> Reply:
        _, denied = self._authorize(request, optional=True)
        if denied:
            return denied
        uris = request.query.get("uris") or []
        if not uris:
            return self._bsky_invalid('Error: Params must have the property "uris"')
        if len(uris) > 25:
            return self._bsky_invalid("Error: uris must not have more than 25 elements")
        views = []
        for uri in uris:
            post = self.find_post(uri)
            if post is None:
                continue
            m = self.metrics_for(post)
            views.append(
                {
                    "uri": uri,
                    "cid": post["cid"],
                    "author": {
                        "did": post["author"],
                        "handle": self._handles.get(post["author"], ""),
                    },
                    "record": post["record"],
                    "replyCount": m["comments"],
                    "repostCount": m["reposts"],
                    "likeCount": m["likes"],
                    "quoteCount": m["quotes"],
                    "indexedAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(post["received_at"])),
                }
            )
        return 200, {"posts": views}, {}


def x_weighted_length(text: str) -> int:
    """X's count of a text: twitter-text's weighted length, configuration v3 (the rules X publishes)."""
    from estafette.text_limits import x_parse

    return int(x_parse(text).weightedLength)


def graphemes(text: str) -> int:
    """Extended grapheme clusters (UAX #29), as app.bsky.feed.post's maxGraphemes counts them."""
    from estafette.text_limits import graphemes as count

    return count(text)


def _oauth_error(error: str, description: str) -> Reply:
    return 400, {"error": error, "error_description": description}, {}


def did_for(handle: str) -> str:
    return "did:plc:" + base64.b32encode(hashlib.sha256(handle.encode()).digest()).decode().lower()[:24]


def tid(micros: int, clock_id: int) -> str:
    """AT Protocol record key: 13 base32-sortable characters of (microseconds << 10 | clock id)."""
    value, chars = (micros << 10) | (clock_id & 0x3FF), []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def main(argv: list[str] | None = None) -> None:
    """`python -m local.fakes.networks [linkedin=PORT] [x=PORT] [bluesky=PORT]`"""
    ports = dict(arg.split("=", 1) for arg in (sys.argv[1:] if argv is None else argv))
    fakes = [FakeNetwork(n, port=int(ports.get(n, 0))).start() for n in NETWORKS]
    for fake in fakes:
        print(f"{fake.network.upper()}_BASE_URL={fake.base_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        for fake in fakes:
            fake.stop()


if __name__ == "__main__":
    main()
