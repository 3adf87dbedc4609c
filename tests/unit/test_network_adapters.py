"""Each network adapter against its loopback fake: posting, the error ladder, metrics batches."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from estafette.networks import (
    AlreadyPosted,
    IntentLinkAdapter,
    NetworkAdapter,
    NetworkError,
    PermanentNetworkError,
    PostRequest,
    RateLimited,
    TokenExpired,
    TransientNetworkError,
    adapter_for,
)
from estafette.networks.base import error_for, parse_retry_after
from local.fakes.networks import FakeNetwork, did_for

TOKEN = "tok-SECRET-1234567890abcdef"
TRACKED_URL = "https://go.example.com/s/abc123?utm_source=estafette&utm_medium=advocacy"
AUTHORS = {
    "linkedin": "urn:li:person:emp42",
    "x": "1468501010",
    "bluesky": did_for("emp42.bsky.social"),
}


def share(network: str, text: str = "Proud of our new office (Utrecht) café ☕", **kw: str) -> PostRequest:
    return PostRequest(
        access_token=kw.pop("token", TOKEN),
        author_id=AUTHORS[network],
        text=text,
        url=TRACKED_URL,
        title="We moved!",
        description="Our new home in Utrecht",
        idempotency_key="share-1",
        **kw,
    )


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=2.0) as c:
        yield c


def connect(network: str, client: httpx.Client) -> Iterator[tuple[FakeNetwork, NetworkAdapter]]:
    with FakeNetwork(network) as fake:
        fake.add_token(TOKEN, AUTHORS[network])
        yield fake, adapter_for(network, base_url=fake.base_url, client=client)


@pytest.fixture(params=["linkedin", "x", "bluesky"])
def api(request: pytest.FixtureRequest, client: httpx.Client) -> Iterator[tuple[FakeNetwork, NetworkAdapter]]:
    yield from connect(request.param, client)


@pytest.fixture
def linkedin(client: httpx.Client) -> Iterator[tuple[FakeNetwork, NetworkAdapter]]:
    yield from connect("linkedin", client)


@pytest.fixture
def x(client: httpx.Client) -> Iterator[tuple[FakeNetwork, NetworkAdapter]]:
    yield from connect("x", client)


@pytest.fixture
def bluesky(client: httpx.Client) -> Iterator[tuple[FakeNetwork, NetworkAdapter]]:
    yield from connect("bluesky", client)


# -- posting -------------------------------------------------------------------------------


def test_a_share_posts_exactly_once_as_the_employee_with_the_tracked_link(api):
    fake, adapter = api
    result = adapter.post(share(adapter.network))

    assert len(fake.posts) == 1
    post = fake.posts[0]
    assert post["id"] == result.external_post_id
    assert post["author"] == AUTHORS[adapter.network]
    assert post["url"] == TRACKED_URL
    assert post["text"].startswith("Proud of our new office (Utrecht) café ☕")
    assert post["token"] == TOKEN
    assert result.post_url and result.intent_url is None


def test_linkedin_shares_an_article_card_and_keeps_parentheses_in_the_text(linkedin):
    fake, adapter = linkedin
    result = adapter.post(share("linkedin", text="Hiring (remote) @ #Utrecht [apply]"))

    assert result.external_post_id.startswith("urn:li:share:")
    assert result.post_url == f"https://www.linkedin.com/feed/update/{result.external_post_id}/"
    body = fake.posts[0]["body"]
    assert body["content"]["article"] == {
        "source": TRACKED_URL,
        "title": "We moved!",
        "description": "Our new home in Utrecht",
    }
    assert body["commentary"] == r"Hiring \(remote\) \@ #Utrecht \[apply\]"
    assert fake.posts[0]["text"] == "Hiring (remote) @ #Utrecht [apply]"
    assert TRACKED_URL not in body["commentary"]


@pytest.mark.parametrize("api", ["x", "bluesky"], indirect=True)
def test_x_and_bluesky_put_the_tracked_link_in_the_post_text(api):
    fake, adapter = api
    adapter.post(share(adapter.network, text="Read this"))
    assert fake.posts[0]["text"] == f"Read this\n\n{TRACKED_URL}"


def test_a_link_already_in_the_text_is_not_added_twice(x):
    fake, adapter = x
    adapter.post(share("x", text=f"Read {TRACKED_URL} today"))
    assert fake.posts[0]["text"] == f"Read {TRACKED_URL} today"


def test_bluesky_makes_the_link_clickable_even_after_emoji_and_accents(bluesky):
    fake, adapter = bluesky
    result = adapter.post(share("bluesky", text="Café ☕ news 🎉"))

    post = fake.posts[0]
    assert post["links"] == [{"text": TRACKED_URL, "uri": TRACKED_URL}]
    assert post["record"]["embed"]["external"]["uri"] == TRACKED_URL
    rkey = result.external_post_id.rsplit("/", 1)[-1]
    assert result.post_url == f"https://bsky.app/profile/{AUTHORS['bluesky']}/post/{rkey}"


def test_bluesky_app_password_login_gives_a_session_that_can_post(bluesky):
    fake, adapter = bluesky
    fake.accounts["emp42.bsky.social"] = "abcd-efgh-ijkl-mnop"
    session = adapter.create_session("emp42.bsky.social", "abcd-efgh-ijkl-mnop")
    assert session.did == AUTHORS["bluesky"]
    assert session.access_jwt not in repr(session)

    adapter.post(share("bluesky", token=session.access_jwt))
    assert fake.posts[0]["author"] == session.did

    renewed = adapter.refresh_session(session.refresh_jwt)
    assert renewed.access_jwt != session.access_jwt
    with pytest.raises(TokenExpired):  # the old refresh token is spent
        adapter.refresh_session(session.refresh_jwt)


def test_bluesky_login_with_a_wrong_app_password_asks_to_reconnect(bluesky):
    fake, adapter = bluesky
    fake.accounts["emp42.bsky.social"] = "right"
    with pytest.raises(TokenExpired):
        adapter.create_session("emp42.bsky.social", "wrong")


@pytest.mark.parametrize("api", ["linkedin", "bluesky"], indirect=True)  # X has no author field
def test_posting_as_someone_else_than_the_token_owner_is_refused(api):
    fake, adapter = api
    other = {
        "linkedin": "urn:li:person:someone-else",
        "bluesky": "did:plc:someoneelse",
    }[adapter.network]
    request = share(adapter.network)
    with pytest.raises(PermanentNetworkError):
        adapter.post(PostRequest(**{**request.__dict__, "author_id": other}))
    assert fake.posts == []


# -- the error ladder ----------------------------------------------------------------------


def test_an_expired_token_means_the_connection_must_be_renewed(api):
    fake, adapter = api
    fake.expire_token(TOKEN)
    with pytest.raises(TokenExpired):
        adapter.post(share(adapter.network))
    assert fake.posts == []


def test_a_401_means_the_connection_must_be_renewed(api):
    fake, adapter = api
    fake.fail_next(401)
    with pytest.raises(TokenExpired) as caught:
        adapter.post(share(adapter.network))
    assert caught.value.status == 401


def test_rate_limiting_says_how_long_to_wait(api):
    fake, adapter = api
    fake.fail_next(429, retry_after=30)
    with pytest.raises(RateLimited) as caught:
        adapter.post(share(adapter.network))
    assert caught.value.retry_after_seconds == 30
    assert fake.posts == []


def test_rate_limiting_without_a_hint_leaves_the_wait_to_the_caller(api):
    fake, adapter = api
    fake.fail_next(429)
    with pytest.raises(RateLimited) as caught:
        adapter.post(share(adapter.network))
    assert caught.value.retry_after_seconds is None


def test_a_network_outage_is_worth_retrying_and_the_retry_succeeds(api):
    fake, adapter = api
    fake.fail_next(503)
    with pytest.raises(TransientNetworkError):
        adapter.post(share(adapter.network))
    adapter.post(share(adapter.network))
    assert len(fake.posts) == 1


def test_a_rejected_request_is_not_worth_retrying(api):
    fake, adapter = api
    fake.fail_next(400)
    with pytest.raises(PermanentNetworkError) as caught:
        adapter.post(share(adapter.network))
    assert caught.value.status == 400


@pytest.mark.parametrize("api", ["linkedin", "x"], indirect=True)  # Bluesky accepts duplicates
def test_sharing_the_same_text_twice_is_refused_as_a_duplicate(api):
    fake, adapter = api
    adapter.post(share(adapter.network))
    with pytest.raises(PermanentNetworkError) as caught:
        adapter.post(share(adapter.network))
    assert caught.value.status in {403, 422}
    assert len(fake.posts) == 1


def test_a_slow_network_times_out_as_a_transient_error():
    with FakeNetwork("x") as fake, httpx.Client(timeout=0.2) as slow:
        fake.latency_seconds = 0.6
        with pytest.raises(TransientNetworkError):
            adapter_for("x", base_url=fake.base_url, client=slow).post(share("x"))


def test_an_unreachable_network_is_a_transient_error(client):
    fake = FakeNetwork("bluesky").start()
    base_url = fake.base_url
    fake.stop()
    with pytest.raises(TransientNetworkError):
        adapter_for("bluesky", base_url=base_url, client=client).post(share("bluesky"))


@pytest.mark.parametrize("status", [401, 400, 403, 429, 500, 503])
def test_the_access_token_never_appears_in_an_error(api, status):
    fake, adapter = api
    fake.fail_next(status, retry_after=5)
    with pytest.raises(NetworkError) as caught:
        adapter.post(share(adapter.network))
    error = caught.value
    for shown in (str(error), repr(error), error.reason, repr(error.args)):
        assert TOKEN not in shown
    assert TOKEN not in repr(share(adapter.network))


def test_a_token_echoed_back_by_the_api_is_redacted_from_the_error():
    request = httpx.Request("POST", "http://api.test/", headers={"Authorization": f"Bearer {TOKEN}"})
    response = httpx.Response(400, json={"error": "InvalidToken", "message": f"bad {TOKEN}"}, request=request)
    error = error_for("bluesky", response, {"InvalidToken"})
    assert isinstance(error, TokenExpired)
    assert TOKEN not in str(error)
    assert "InvalidToken" in str(error)


def test_random_failures_are_reproducible_with_the_same_seed(client):
    def outcomes() -> list[str]:
        with FakeNetwork("x", seed=7) as fake:
            fake.failure_rate = 0.5
            adapter = adapter_for("x", base_url=fake.base_url, client=client)
            seen = []
            for i in range(12):
                try:
                    adapter.post(share("x", text=f"post {i}"))
                    seen.append("ok")
                except TransientNetworkError:
                    seen.append("503")
            return seen

    first = outcomes()
    assert first == outcomes()
    assert {"ok", "503"} <= set(first)


def test_retry_after_can_be_an_http_date_or_a_reset_epoch():
    now = time.time()
    date = email.utils.formatdate(now + 120, usegmt=True)
    assert parse_retry_after(httpx.Response(429, headers={"Retry-After": date}), now) in {119, 120, 121}
    reset = {"x-rate-limit-reset": str(int(now) + 900)}
    assert parse_retry_after(httpx.Response(429, headers=reset), now) == 900
    assert parse_retry_after(httpx.Response(429, headers={"ratelimit-reset": str(int(now) - 5)}), now) == 0


# -- metrics -------------------------------------------------------------------------------


def test_x_reads_150_posts_in_two_calls(x):
    fake, adapter = x
    ids = [adapter.post(share("x", text=f"post {i}")).external_post_id for i in range(150)]
    fake.clock = lambda: time.time() + 3600

    metrics = adapter.fetch_metrics(TOKEN, ids)

    assert fake.calls("GET", "/2/tweets") == 2
    assert [m.external_post_id for m in metrics] == ids
    assert all(m.impressions and m.reactions > 0 for m in metrics)


def test_bluesky_reads_30_posts_in_two_calls(bluesky):
    fake, adapter = bluesky
    uris = [adapter.post(share("bluesky", text=f"post {i}")).external_post_id for i in range(30)]
    metrics = adapter.fetch_metrics(TOKEN, uris)
    assert fake.calls("GET", "/xrpc/app.bsky.feed.getPosts") == 2
    assert sorted(m.external_post_id for m in metrics) == sorted(uris)


def test_linkedin_reads_each_post_from_the_members_post_analytics(linkedin):
    fake, adapter = linkedin
    urns = [adapter.post(share("linkedin", text=f"post {i}")).external_post_id for i in range(3)]
    start = time.time()
    fake.clock = lambda: start + 3600
    metrics = adapter.fetch_metrics(TOKEN, urns)
    # One metric per call: impressions, reactions, comments, reshares. socialActions (r_member_social) is never asked.
    assert fake.calls("GET", "/rest/memberCreatorPostAnalytics") == 3 * 4
    assert fake.calls("GET", "/rest/socialActions/") == 0
    assert [m.external_post_id for m in metrics] == urns
    for m in metrics:
        expected = fake.metrics_for(fake.find_post(m.external_post_id))
        assert (m.impressions, m.reactions, m.comments, m.reshares) == (
            expected["impressions"],
            expected["likes"],
            expected["comments"],
            expected["reposts"],
        )


def test_linkedin_metrics_without_r_member_post_analytics_are_refused_in_linkedins_shape(linkedin):
    fake, adapter = linkedin
    urn = adapter.post(share("linkedin")).external_post_id
    fake.add_token("no-analytics", AUTHORS["linkedin"], scopes={"openid", "profile", "w_member_social"})
    with pytest.raises(PermanentNetworkError) as refused:
        adapter.fetch_metrics("no-analytics", [urn])
    assert refused.value.status == 403
    assert "ACCESS_DENIED" in refused.value.reason and "memberCreatorPostAnalytics" in refused.value.reason


def test_linkedin_sends_the_configured_version_and_the_fake_refuses_a_sunset_one(linkedin, client, monkeypatch):
    fake, _ = linkedin
    from estafette.networks.linkedin import LinkedInAdapter

    monkeypatch.setenv("LINKEDIN_VERSION", "202511")  # sunset on 2026-11-16
    old = LinkedInAdapter(fake.base_url, client)
    fake.clock = lambda: datetime(2026, 12, 1, tzinfo=UTC).timestamp()
    with pytest.raises(PermanentNetworkError) as refused:
        old.post(share("linkedin"))
    assert refused.value.status == 426 and "Requested version 202511 is not active" in refused.value.reason
    monkeypatch.setenv("LINKEDIN_VERSION", "202611")
    assert LinkedInAdapter(fake.base_url, client).post(share("linkedin")).external_post_id.startswith("urn:li:share:")


def test_counters_grow_as_a_post_ages(api):
    fake, adapter = api
    post_id = adapter.post(share(adapter.network)).external_post_id
    start = time.time()
    fake.clock = lambda: start + 600
    early = adapter.fetch_metrics(TOKEN, [post_id])[0]
    fake.clock = lambda: start + 6 * 3600
    late = adapter.fetch_metrics(TOKEN, [post_id])[0]
    assert late.reactions > early.reactions
    assert late.comments >= early.comments and late.reshares >= early.reshares


def test_deleted_posts_are_left_out_of_the_metrics(api):
    _, adapter = api
    kept = adapter.post(share(adapter.network)).external_post_id
    gone = {
        "linkedin": "urn:li:share:1",
        "x": "1",
        "bluesky": f"at://{AUTHORS['bluesky']}/app.bsky.feed.post/3zzzzzzzzzzzz",
    }[adapter.network]
    metrics = adapter.fetch_metrics(TOKEN, [gone, kept])
    assert [m.external_post_id for m in metrics] == [kept]


def test_reading_metrics_with_an_expired_token_asks_to_reconnect(api):
    fake, adapter = api
    post_id = adapter.post(share(adapter.network)).external_post_id
    fake.expire_token(TOKEN)
    with pytest.raises(TokenExpired):
        adapter.fetch_metrics(TOKEN, [post_id])


# -- intent links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("network", "prefix"),
    [
        ("facebook", "https://www.facebook.com/sharer/sharer.php?u="),
        ("whatsapp", "https://wa.me/?text="),
        ("xing", "https://www.xing.com/spi/shares/new?url="),
    ],
)
def test_intent_networks_hand_back_a_share_link_with_the_tracked_url(network, prefix):
    adapter = adapter_for(network)
    assert isinstance(adapter, IntentLinkAdapter)
    result = adapter.post(
        PostRequest(
            access_token="",
            author_id="",
            text="Look at this",
            url=TRACKED_URL,
            title="t",
        )
    )
    assert result.intent_url.startswith(prefix)
    assert quote(TRACKED_URL, safe="") in result.intent_url
    assert TRACKED_URL in parse_qs(urlsplit(result.intent_url).query)[prefix.rsplit("?", 1)[1].rstrip("=")][0]
    assert result.post_url is None
    assert adapter.fetch_metrics("", ["anything"]) == []


def test_an_unknown_network_has_no_adapter():
    with pytest.raises(ValueError, match="mastodon"):
        adapter_for("mastodon")


# -- the fakes catch adapter mistakes --------------------------------------------------------


def test_fake_linkedin_rejects_a_post_without_the_version_header(linkedin, client):
    fake, _ = linkedin
    body = {
        "author": AUTHORS["linkedin"],
        "commentary": "hi",
        "visibility": "PUBLIC",
        "distribution": {"feedDistribution": "MAIN_FEED"},
        "lifecycleState": "PUBLISHED",
    }
    headers = {"Authorization": f"Bearer {TOKEN}", "X-Restli-Protocol-Version": "2.0.0"}
    response = client.post(f"{fake.base_url}/rest/posts", json=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["code"] == "VERSION_MISSING"

    headers["LinkedIn-Version"] = "202511"
    fake.clock = lambda: datetime(2026, 12, 1, tzinfo=UTC).timestamp()
    response = client.post(f"{fake.base_url}/rest/posts", json=body, headers=headers)
    assert response.status_code == 426
    assert response.json() == {"status": 426, "code": "NONEXISTENT_VERSION", "message": "Requested version 202511 is not active"}
    headers["LinkedIn-Version"] = "202612"
    assert client.post(f"{fake.base_url}/rest/posts", json=body, headers=headers).status_code == 201
    headers["LinkedIn-Version"] = "202701"  # not released yet
    assert client.post(f"{fake.base_url}/rest/posts", json=body, headers=headers).status_code == 426
    headers["LinkedIn-Version"] = "202611"
    without_restli = {k: v for k, v in headers.items() if k != "X-Restli-Protocol-Version"}
    assert client.post(f"{fake.base_url}/rest/posts", json=body, headers=without_restli).status_code == 400
    fake.posts.clear()
    without_commentary = {k: v for k, v in body.items() if k != "commentary"}
    response = client.post(f"{fake.base_url}/rest/posts", json=without_commentary, headers=headers)
    assert response.status_code == 422
    assert "/commentary" in response.json()["message"]
    assert fake.posts == []


def test_fake_x_refuses_more_than_100_ids_per_lookup(x, client):
    fake, _ = x
    ids = ",".join(str(10**18 + i) for i in range(101))
    response = client.get(
        f"{fake.base_url}/2/tweets",
        params={"ids": ids},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400


def test_fake_oauth_checks_the_pkce_verifier(linkedin, client):
    fake, _ = linkedin
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {
        "response_type": "code",
        "client_id": "estafette",
        "redirect_uri": "http://localhost/cb",
        "state": "s1",
        "scope": "w_member_social",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "fake_user": "emp7",
    }
    redirect = client.get(f"{fake.base_url}/oauth/v2/authorization", params=params)
    assert redirect.status_code == 302
    code = parse_qs(urlsplit(redirect.headers["location"]).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "http://localhost/cb",
        "client_id": "estafette",
        "code_verifier": "wrong",
    }
    assert client.post(f"{fake.base_url}/oauth/v2/accessToken", data=form).status_code == 400

    redirect = client.get(f"{fake.base_url}/oauth/v2/authorization", params=params)
    form["code"] = parse_qs(urlsplit(redirect.headers["location"]).query)["code"][0]
    form["code_verifier"] = verifier
    token = client.post(f"{fake.base_url}/oauth/v2/accessToken", data=form).json()["access_token"]
    assert fake.valid_tokens[token] == "urn:li:person:emp7"


@pytest.mark.parametrize("legacy", [False, True], ids=["repost_count", "retweet_count"])
def test_x_reads_reposts_under_the_current_and_the_earlier_name(x, legacy):
    fake, adapter = x
    fake.legacy_retweet_count = legacy
    post_id = adapter.post(share("x")).external_post_id
    start = time.time()
    fake.clock = lambda: start + 4 * 3600
    expected = fake.metrics_for(fake.find_post(post_id))
    assert expected["reposts"] > 0
    [metrics] = adapter.fetch_metrics(TOKEN, [post_id])
    assert metrics.reshares == expected["reposts"] + expected["quotes"]


def test_fake_x_refuses_a_text_x_weighs_over_280_in_xs_shape(x, client):
    fake, _ = x
    text = "€" * 141  # 141 characters, weighted 282
    response = client.post(f"{fake.base_url}/2/tweets", json={"text": text}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "Invalid Request" and body["errors"][0]["message"].startswith("Your Tweet text is too long.")
    fits = client.post(f"{fake.base_url}/2/tweets", json={"text": "€" * 140}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert fits.status_code == 201
    assert len(fake.posts) == 1


def test_fake_x_refuses_duplicate_content_with_403(x, client):
    fake, _ = x
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post(f"{fake.base_url}/2/tweets", json={"text": "same"}, headers=headers).status_code == 201
    again = client.post(f"{fake.base_url}/2/tweets", json={"text": "same"}, headers=headers)
    assert again.status_code == 403
    assert again.json() == {
        "title": "Forbidden",
        "type": "about:blank",
        "status": 403,
        "detail": "You are not allowed to create a Tweet with duplicate content.",
    }


def test_fake_bluesky_counts_graphemes_and_bytes_in_xrpcs_error_shape(bluesky, client):
    fake, _ = bluesky
    did = AUTHORS["bluesky"]

    def create(text):
        record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-12-01T10:00:00.000Z"}
        body = {"repo": did, "collection": "app.bsky.feed.post", "record": record}
        url = f"{fake.base_url}/xrpc/com.atproto.repo.createRecord"
        return client.post(url, json=body, headers={"Authorization": f"Bearer {TOKEN}"})

    family = "👨‍👩‍👧‍👦"
    assert create(family * 100).status_code == 200  # 100 graphemes, 700 code points
    too_many = create("b" * 301)
    assert too_many.status_code == 400
    assert too_many.json() == {
        "error": "InvalidRequest",
        "message": "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes",
    }
    assert create(family * 130).json()["error"] == "InvalidRequest"  # 130 graphemes but 3250 bytes


def test_fake_linkedin_reports_a_duplicate_inside_error_details_and_the_adapter_recovers_the_post(linkedin, client):
    fake, adapter = linkedin
    first = adapter.post(share("linkedin", text="Once only"))
    headers = {"Authorization": f"Bearer {TOKEN}", "LinkedIn-Version": "202611", "X-Restli-Protocol-Version": "2.0.0"}
    again = client.post(f"{fake.base_url}/rest/posts", json=fake.posts[-1]["body"], headers=headers)
    assert again.status_code == 422
    body = again.json()
    assert "code" not in body and body["errorDetails"]["inputErrors"][0]["code"] == "DUPLICATE_POST"
    with pytest.raises(AlreadyPosted) as duplicate:
        adapter.post(share("linkedin", text="Once only"))
    assert duplicate.value.external_post_id == first.external_post_id
